// The shuttle line for the route preview: its round trip as a band in the line's colour along
// the rightmost lane of each link, and a disc at every stop. Wide enough to read from the top
// view of the whole line; shown only in the route preview camera.
import { useMemo, useSyncExternalStore } from 'react';
import { BufferGeometry, Float32BufferAttribute } from 'three';
import type { LiveSnapshot } from '../../../../v2x/live/live-types.ts';
import { useViewer } from '../../context.ts';
import { MeshBuilder, ribbon } from '../geometry/ribbons.ts';
import { routeBounds } from '../../camera/CameraRig.tsx';

export function Route({ snapshot }: { snapshot: LiveSnapshot }) {
  const { options } = useViewer();
  const camera = useSyncExternalStore(
    (fn) => options.subscribe(fn),
    () => options.state.camera,
  );
  const lines = useMemo(() => {
    const b = routeBounds(snapshot);
    // About 4 px on a 1,400 px wide view of the line.
    const width = Math.max(4, (Math.max(b.maxX - b.minX, b.maxY - b.minY) / 1400) * 4);
    const lanes = new Map(snapshot.lanes.map((l) => [l.id, l]));
    return snapshot.shuttleLines.map((line, index) => {
      const mb = new MeshBuilder();
      for (const li of line.routeLinks) {
        const link = snapshot.links[li];
        const lane = link?.laneIds.map((id) => lanes.get(id)).find((l) => l?.index === 0);
        if (lane) ribbon(mb, lane.xs, lane.ys, width, 0.3);
      }
      const g = new BufferGeometry();
      g.setAttribute('position', new Float32BufferAttribute(mb.positions, 3));
      g.setIndex(mb.indices);
      const stops = snapshot.shuttleStops.filter((s) => s.line === index);
      return { key: line.key, colour: line.color || '#00a37a', geometry: g, stops, radius: width * 3 };
    });
  }, [snapshot]);
  if (camera !== 'route') return null;
  return (
    <group>
      {lines.map((l) => (
        <group key={l.key}>
          <mesh geometry={l.geometry}>
            <meshBasicMaterial color={l.colour} />
          </mesh>
          {l.stops.map((s) => (
            <group key={`${s.stopKey}:${s.direction}`} position={[s.x, 0.4, -s.y]}>
              <mesh rotation-x={-Math.PI / 2}>
                <circleGeometry args={[l.radius, 32]} />
                <meshBasicMaterial color="#ffffff" />
              </mesh>
              <mesh rotation-x={-Math.PI / 2} position={[0, 0.05, 0]}>
                <ringGeometry args={[l.radius * 0.6, l.radius, 32]} />
                <meshBasicMaterial color={l.colour} />
              </mesh>
            </group>
          ))}
        </group>
      ))}
    </group>
  );
}
