// The 3D scene: static layers rebuilt on each snapshot, dynamic layers updated in useFrame.
import { Canvas, useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { Vector3 } from 'three';
import { VEHICLE_SIZES } from './coords.ts';
import type { LiveSnapshot } from '../../../v2x/live/live-types.ts';
import { CameraRig } from '../camera/CameraRig.tsx';
import { useViewer } from '../context.ts';
import { useStoreValue } from '../store/use-store.ts';
import { Buildings } from './layers/Buildings.tsx';
import { Coverage } from './layers/Coverage.tsx';
import { Events } from './layers/Events.tsx';
import { Hazards } from './layers/Hazards.tsx';
import { Labels, type Label } from './layers/Labels.tsx';
import { Pedestrians } from './layers/Pedestrians.tsx';
import { Radio } from './layers/Radio.tsx';
import { Ground, Roads, networkBounds } from './layers/Roads.tsx';
import { Route } from './layers/Route.tsx';
import { Rsus } from './layers/Rsus.tsx';
import { Signals } from './layers/Signals.tsx';
import { Vehicles } from './layers/Vehicles.tsx';
import { renderStats } from './render-stats.ts';

/** Stop and RSU names; the route preview shows the stops only (RSU names would crowd them). */
function ModeLabels({ labels }: { labels: Label[] }) {
  const { options } = useViewer();
  const camera = useSyncExternalStore(
    (fn) => options.subscribe(fn),
    () => options.state.camera,
  );
  const shown = useMemo(() => (camera === 'route' ? labels.filter((l) => l.key.startsWith('stop:')) : labels), [labels, camera]);
  return <Labels labels={shown} />;
}

/** Fog from beyond the network's extent: the ground's far edge melts into the sky. */
function SceneFog({ snapshot }: { snapshot: LiveSnapshot }) {
  const extent = useMemo(() => {
    const b = networkBounds(snapshot);
    return Math.max(b.maxX - b.minX, b.maxY - b.minY, 500);
  }, [snapshot]);
  return <fog attach="fog" args={["#cfe3f1", extent * 1.2, extent * 3]} />;
}

function StaticLayers({ snapshot }: { snapshot: LiveSnapshot }) {
  const labels = useMemo<Label[]>(() => {
    const colour = (line: number) => snapshot.shuttleLines[line]?.color || '#00a37a';
    // One label per stop name (both directions' platforms share it), at their midpoint.
    const byName = new Map<string, { x: number; y: number; n: number; line: number }>();
    for (const s of snapshot.shuttleStops) {
      const e = byName.get(s.name);
      if (e) (e.x += s.x), (e.y += s.y), e.n++;
      else byName.set(s.name, { x: s.x, y: s.y, n: 1, line: s.line });
    }
    const stops = [...byName].map(([name, e]) => ({ key: `stop:${name}`, text: name, x: e.x / e.n, y: e.y / e.n, height: 7, colour: colour(e.line) }));
    const rsus = snapshot.rsus.map((r) => ({ key: `rsu:${r.key}`, text: r.name || r.key, x: r.x, y: r.y, height: r.mastHeight + 4, colour: '#1e88e5' }));
    return [...stops, ...rsus];
  }, [snapshot]);
  return (
    <group>
      <SceneFog snapshot={snapshot} />
      <Ground snapshot={snapshot} />
      <Roads snapshot={snapshot} />
      <Buildings snapshot={snapshot} />
      <Signals snapshot={snapshot} />
      <Rsus snapshot={snapshot} />
      <Events snapshot={snapshot} />
      <Route snapshot={snapshot} />
      <ModeLabels labels={labels} />
      <CameraRig snapshot={snapshot} />
    </group>
  );
}

/**
 * Reads the renderer's counters each frame for the status bar, the tests and the benchmark, and
 * lets them find a vehicle on screen (window.__corridor.screenOf(id): CSS pixels in the canvas,
 * or null when it is not in the current frame or behind the camera).
 */
function Stats() {
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  const { store } = useViewer();
  useEffect(() => {
    const v = new Vector3();
    renderStats.screenOf = (id: number) => {
      const poses = store.vehiclePoses(performance.now());
      for (let k = 0; k < poses.count; k++) {
        if (poses.ids[k] !== id) continue;
        const [len, , h] = VEHICLE_SIZES[poses.types[k]! & 3]!;
        const hd = poses.heading[k]!;
        v.set(poses.x[k]! - (Math.cos(hd) * len) / 2, h * 0.6, -(poses.y[k]! - (Math.sin(hd) * len) / 2)).project(camera);
        if (v.z > 1) return null;
        const r = gl.domElement.getBoundingClientRect();
        return { x: r.left + ((v.x + 1) / 2) * r.width, y: r.top + ((1 - v.y) / 2) * r.height };
      }
      return null;
    };
  }, [gl, camera, store]);
  useFrame((_, delta) => renderStats.record(gl.info.render.calls, gl.info.render.triangles, delta * 1000));
  return null;
}

export function Scene() {
  const { store } = useViewer();
  // Re-render only when a new snapshot arrives; everything per frame happens in useFrame.
  useStoreValue(store, (s) => s.snapshotVersion, 10);
  const snapshot = store.snapshot;
  return (
    <Canvas
      camera={{ fov: 45, position: [0, 400, 400] }}
      gl={{ antialias: true, preserveDrawingBuffer: true }}
      dpr={[1, 2]}
      onPointerMissed={() => store.select(null)}
    >
      <color attach="background" args={['#cfe3f1']} />
      <hemisphereLight args={['#ffffff', '#8d9b82', 1.4]} />
      <directionalLight position={[300, 600, 200]} intensity={1.6} />
      {snapshot && <StaticLayers snapshot={snapshot} />}
      {snapshot && (
        <>
          <Vehicles />
          <Pedestrians />
          <Radio />
          <Hazards />
          <Coverage />
        </>
      )}
      <Stats />
    </Canvas>
  );
}
