// Every vehicle, one InstancedMesh per vehicle type: draw calls stay at four whether 100 or
// 5,000 vehicles are on the network. Matrices are written in useFrame from the store's
// interpolated poses (no React state per tick). A mesh grows (doubling) only when its capacity
// is exceeded. Clicking an instance selects that vehicle.
import { useFrame, type ThreeEvent } from '@react-three/fiber';
import { useMemo, useRef, useState } from 'react';
import { BoxGeometry, Color, InstancedMesh, Matrix4, MeshStandardMaterial, Quaternion, Vector3, type BufferGeometry } from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import { useViewer } from '../../context.ts';
import { VEHICLE_SIZES } from '../coords.ts';

const TYPE_COLOURS = ['#d9dde3', '#2f6fb0', '#8d6e63', '#00a37a'].map((c) => new Color(c));
const SELECTED = new Color('#ff4081');
const UP = new Vector3(0, 1, 0);

/** Geometry of one vehicle type, centred, 1 unit = 1 m; the shuttle has a glass band and a roof pod. */
function vehicleGeometry(type: number): BufferGeometry {
  const [l, w, h] = VEHICLE_SIZES[type]!;
  const body = new BoxGeometry(l, h * 0.85, w);
  body.translate(0, h * 0.85 / 2 + 0.25, 0);
  if (type === 3) {
    const pod = new BoxGeometry(l * 0.4, h * 0.15, w * 0.6);
    pod.translate(0, h + 0.25 - (h * 0.15) / 2 + 0.05, 0);
    return mergeGeometries([body.toNonIndexed(), pod.toNonIndexed()]);
  }
  if (type === 2) {
    const cab = new BoxGeometry(2, h * 0.7, w);
    cab.translate(l / 2 + 1, (h * 0.7) / 2 + 0.25, 0);
    return mergeGeometries([body.toNonIndexed(), cab.toNonIndexed()]);
  }
  return body;
}

export function Vehicles() {
  const { store } = useViewer();
  const [capacities, setCapacities] = useState([512, 64, 64, 16]);
  const meshes = useRef<(InstancedMesh | null)[]>([null, null, null, null]);
  /** Per type: vehicle id of each instance (for picking). */
  const instanceIds = useRef<Uint32Array[]>(capacities.map((c) => new Uint32Array(c)));
  const geometries = useMemo(() => [0, 1, 2, 3].map(vehicleGeometry), []);
  // White materials: the colour of each instance (type, shuttle line, selection) is its instance colour.
  const materials = useMemo(() => TYPE_COLOURS.map(() => new MeshStandardMaterial({ color: '#ffffff', roughness: 0.6, metalness: 0.1 })), []);
  const scratch = useMemo(() => ({ m: new Matrix4(), q: new Quaternion(), p: new Vector3(), s: new Vector3(1, 1, 1), c: new Color() }), []);
  const lineColours = useRef<Color[]>([]);
  const shuttleLine = useMemo(() => new Map<number, number>(), []);
  const lastFrame = useRef(-1);

  useFrame(() => {
    const snap = store.snapshot;
    if (!snap) return;
    if (lineColours.current.length !== snap.shuttleLines.length) lineColours.current = snap.shuttleLines.map((l) => new Color(l.color || '#00a37a'));
    // Shuttle -> line, rebuilt per stream frame (not per render frame).
    const newFrame = store.frameVersion !== lastFrame.current;
    if (newFrame) {
      lastFrame.current = store.frameVersion;
      shuttleLine.clear();
      for (const sh of store.cur?.shuttles ?? []) shuttleLine.set(sh.vehicleId, sh.line);
    }
    const poses = store.vehiclePoses(performance.now());
    const counts = [0, 0, 0, 0];
    const sel = store.selection?.kind === 'vehicle' ? store.selection.id : -1;
    let grow: number[] | null = null;
    for (let k = 0; k < poses.count; k++) {
      const type = poses.types[k]! & 3;
      const i = counts[type]!++;
      const mesh = meshes.current[type];
      if (!mesh || i >= capacities[type]!) {
        grow ??= [...capacities];
        grow[type] = Math.max(grow[type]!, capacities[type]! * 2);
        continue;
      }
      const [len] = VEHICLE_SIZES[type]!;
      const h = poses.heading[k]!;
      // Poses give the front bumper; the mesh is centred.
      const cx = poses.x[k]! - (Math.cos(h) * len) / 2;
      const cy = poses.y[k]! - (Math.sin(h) * len) / 2;
      scratch.q.setFromAxisAngle(UP, h);
      scratch.p.set(cx, 0, -cy);
      scratch.m.compose(scratch.p, scratch.q, scratch.s);
      mesh.setMatrixAt(i, scratch.m);
      instanceIds.current[type]![i] = poses.ids[k]!;
      const id = poses.ids[k]!;
      if (id === sel) scratch.c.copy(SELECTED);
      else if (type === 3) scratch.c.copy(lineColours.current[shuttleLine.get(id) ?? 0] ?? TYPE_COLOURS[3]!);
      else scratch.c.copy(TYPE_COLOURS[type]!);
      mesh.setColorAt(i, scratch.c);
    }
    for (let t = 0; t < 4; t++) {
      const mesh = meshes.current[t];
      if (!mesh) continue;
      mesh.count = Math.min(counts[t]!, capacities[t]!);
      mesh.instanceMatrix.needsUpdate = true;
      if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
      // For picking only (drawing is not culled): vehicles move a few metres between frames.
      if (newFrame) mesh.computeBoundingSphere();
    }
    if (grow) {
      instanceIds.current = grow.map((c, t) => {
        const a = new Uint32Array(c);
        a.set(instanceIds.current[t]!.subarray(0, Math.min(c, instanceIds.current[t]!.length)));
        return a;
      });
      setCapacities(grow);
    }
  });

  const onClick = (type: number) => (e: ThreeEvent<MouseEvent>) => {
    if (e.instanceId === undefined) return;
    e.stopPropagation();
    store.select({ kind: 'vehicle', id: instanceIds.current[type]![e.instanceId]! });
  };

  return (
    <group>
      {[0, 1, 2, 3].map((t) => (
        <instancedMesh
          key={`${t}:${capacities[t]}`}
          ref={(m) => {
            meshes.current[t] = m;
            if (m) m.count = 0;
          }}
          args={[geometries[t], materials[t], capacities[t]!]}
          castShadow
          frustumCulled={false}
          onClick={onClick(t)}
        />
      ))}
    </group>
  );
}
