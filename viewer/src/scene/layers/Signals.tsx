// Signal heads at every signalised approach: a pole and a three-lamp head beside the stop line,
// on the kerb side. Lamps are one InstancedMesh whose colours follow the live signal states
// (lit or dimmed red / amber / green); clicking a head selects its signal group.
import { useFrame, type ThreeEvent } from '@react-three/fiber';
import { useMemo, useRef } from 'react';
import { Color, CylinderGeometry, InstancedMesh, Matrix4, SphereGeometry, BoxGeometry, Vector3, Quaternion } from 'three';
import type { LiveSnapshot } from '../../../../v2x/live/live-types.ts';
import { LiveSignalState } from '../../../../v2x/live/live-types.ts';
import { useViewer } from '../../context.ts';

const LAMP_ON = [new Color('#ff3b30'), new Color('#ffb300'), new Color('#34c759')];
const LAMP_OFF = [new Color('#3a1614'), new Color('#3a2e10'), new Color('#12301a')];
const UP = new Vector3(0, 1, 0);
const POLE_HEIGHT = 3.2;

/** Which lamp (0 red, 1 amber, 2 green) a state lights; -1 for none (dark). */
function litLamp(state: number): number {
  switch (state) {
    case LiveSignalState.SIGNAL_STATE_RED:
    case LiveSignalState.SIGNAL_STATE_PEDESTRIAN_CLEARANCE:
      return 0;
    case LiveSignalState.SIGNAL_STATE_AMBER:
      return 1;
    case LiveSignalState.SIGNAL_STATE_GREEN:
      return 2;
    default:
      return -1;
  }
}

/** Where each head stands: beside the stop line on the right of the approach lane. */
function headPlacements(s: LiveSnapshot): { x: number; y: number; heading: number; group: number; controller: number }[] {
  const laneWidth = new Map(s.lanes.map((l) => [l.id, l.width]));
  return s.signalHeads.map((h) => {
    const off = (laneWidth.get(h.laneId) ?? 3.25) / 2 + 0.6;
    return { x: h.x + Math.sin(h.heading) * off, y: h.y - Math.cos(h.heading) * off, heading: h.heading, group: h.group, controller: h.controller };
  });
}

export function Signals({ snapshot }: { snapshot: LiveSnapshot }) {
  const { store } = useViewer();
  const heads = useMemo(() => headPlacements(snapshot), [snapshot]);
  const n = heads.length;
  const lamps = useRef<InstancedMesh>(null);
  const lastFrame = useRef(-1);
  const geo = useMemo(() => ({ pole: new CylinderGeometry(0.07, 0.07, POLE_HEIGHT, 8), box: new BoxGeometry(0.35, 1.0, 0.3), lamp: new SphereGeometry(0.12, 10, 8) }), []);

  const matrices = useMemo(() => {
    const m = new Matrix4();
    const q = new Quaternion();
    const one = new Vector3(1, 1, 1);
    const pole: Matrix4[] = [];
    const box: Matrix4[] = [];
    const lamp: Matrix4[] = [];
    for (const h of heads) {
      q.setFromAxisAngle(UP, h.heading);
      pole.push(m.clone().compose(new Vector3(h.x, POLE_HEIGHT / 2, -h.y), q, one));
      box.push(m.clone().compose(new Vector3(h.x, POLE_HEIGHT + 0.4, -h.y), q, one));
      // Lamps face oncoming traffic (towards -heading), stacked red on top.
      const fx = -Math.cos(h.heading) * 0.17;
      const fy = -Math.sin(h.heading) * 0.17;
      for (let k = 0; k < 3; k++) lamp.push(m.clone().compose(new Vector3(h.x + fx, POLE_HEIGHT + 0.72 - k * 0.32, -(h.y + fy)), q, one));
    }
    return { pole, box, lamp };
  }, [heads]);

  const setup = (mesh: InstancedMesh | null, ms: Matrix4[]) => {
    if (!mesh) return;
    ms.forEach((m, i) => mesh.setMatrixAt(i, m));
    mesh.instanceMatrix.needsUpdate = true;
    mesh.computeBoundingSphere();
  };

  useFrame(() => {
    const mesh = lamps.current;
    const f = store.cur;
    if (!mesh || !f || store.frameVersion === lastFrame.current) return;
    lastFrame.current = store.frameVersion;
    heads.forEach((h, i) => {
      const lit = litLamp(f.signalStates[h.group] ?? 0);
      for (let k = 0; k < 3; k++) mesh.setColorAt(i * 3 + k, k === lit ? LAMP_ON[k]! : LAMP_OFF[k]!);
    });
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
  });

  const onClick = (e: ThreeEvent<MouseEvent>, perHead: number) => {
    if (e.instanceId === undefined) return;
    e.stopPropagation();
    const h = heads[Math.floor(e.instanceId / perHead)];
    if (h) store.select({ kind: 'signal', controller: h.controller, group: h.group });
  };

  if (n === 0) return null;
  return (
    <group>
      <instancedMesh args={[geo.pole, undefined, n]} ref={(m) => setup(m, matrices.pole)}>
        <meshStandardMaterial color="#5d6670" />
      </instancedMesh>
      <instancedMesh args={[geo.box, undefined, n]} ref={(m) => setup(m, matrices.box)} onClick={(e) => onClick(e, 1)}>
        <meshStandardMaterial color="#1f2328" />
      </instancedMesh>
      <instancedMesh args={[geo.lamp, undefined, n * 3]} ref={(m) => {
        lamps.current = m;
        setup(m, matrices.lamp);
        if (m) for (let i = 0; i < n * 3; i++) m.setColorAt(i, LAMP_OFF[i % 3]!);
      }} onClick={(e) => onClick(e, 3)}>
        <meshBasicMaterial color="#ffffff" toneMapped={false} />
      </instancedMesh>
    </group>
  );
}
