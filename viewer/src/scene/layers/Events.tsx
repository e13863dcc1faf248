// Timeline events in progress: roadworks and closures as rows of cones along the lane, an
// obstacle as a block; drawn while the frames list them (ActiveEvent).
import { useMemo } from 'react';
import type { LiveFrame, LiveSnapshot } from '../../../../v2x/live/live-types.ts';
import { useStoreValue } from '../../store/use-store.ts';
import { useViewer } from '../../context.ts';
import { nearestSegment } from '../geometry/road-geometry.ts';

interface Placed {
  key: string;
  kind: string;
  points: [number, number][];
  heading: number;
}

/** Points every 4 m along the lane from the event's upstream edge over its length. */
function place(snapshot: LiveSnapshot, frame: LiveFrame | null): Placed[] {
  if (!frame) return [];
  const lanes = new Map(snapshot.lanes.map((l) => [l.id, l]));
  const out: Placed[] = [];
  for (const e of frame.events) {
    const lane = e.laneId >= 0 ? lanes.get(e.laneId) : undefined;
    if (!lane) continue;
    // Walk the lane polyline from the segment nearest the event's start.
    const best = nearestSegment(lane.xs, lane.ys, e.x, e.y).index;
    const pts: [number, number][] = [[e.x, e.y]];
    let x = e.x, y = e.y, left = Math.max(e.length, 1), k = best;
    let heading = Math.atan2(lane.ys[k + 1]! - lane.ys[k]!, lane.xs[k + 1]! - lane.xs[k]!);
    const stepLen = 4;
    let acc = 0;
    while (left > 0 && k < lane.xs.length - 1) {
      const nx = lane.xs[k + 1]!, ny = lane.ys[k + 1]!;
      const seg = Math.hypot(nx - x, ny - y);
      if (seg === 0) { k++; continue; }
      const adv = Math.min(seg, left, stepLen - acc);
      x += ((nx - x) * adv) / seg;
      y += ((ny - y) * adv) / seg;
      left -= adv;
      acc += adv;
      if (acc >= stepLen - 1e-6) (pts.push([x, y]), (acc = 0));
      if (adv === seg) k++;
    }
    if (k < lane.xs.length - 1) heading = Math.atan2(lane.ys[k + 1]! - lane.ys[k]!, lane.xs[k + 1]! - lane.xs[k]!);
    out.push({ key: e.key, kind: e.kind, points: pts, heading });
  }
  return out;
}

export function Events({ snapshot }: { snapshot: LiveSnapshot }) {
  const { store } = useViewer();
  const signature = useStoreValue(store, (s) => s.cur?.events.map((e) => `${e.key}:${e.laneId}`).join('|') ?? '', 2);
  const placed = useMemo(() => place(snapshot, store.cur), [snapshot, signature, store]);
  return (
    <group>
      {placed.map((p) =>
        p.kind === 'obstacle' || p.kind === 'stationaryVehicle' ? (
          <mesh key={p.key} position={[p.points[0]![0], 0.6, -p.points[0]![1]]} rotation-y={p.heading}>
            <boxGeometry args={[Math.max(2, p.points.length * 4 - 4), 1.2, 2]} />
            <meshStandardMaterial color="#6d4c41" />
          </mesh>
        ) : (
          <group key={p.key}>
            {p.points.map(([x, y], i) => (
              <mesh key={i} position={[x, 0.38, -y]}>
                <coneGeometry args={[0.22, 0.75, 10]} />
                <meshStandardMaterial color="#ff6d00" emissive="#ff6d00" emissiveIntensity={0.2} />
              </mesh>
            ))}
          </group>
        ),
      )}
    </group>
  );
}
