// Conflicts between movements at the same node, for every node (priority junctions need them,
// and signalised ones fall back to them when the signals go dark). Two connections are foes if
// their internal lanes cross or touch (ignoring within 1 m of a start point they share, where
// movements from the same lane fan out), or if they merge: same target lane, different sources.
// Touching counts so that a left turn from a pocket laid over the opposing innermost lane still
// conflicts with that lane's straight movement (they meet at the stop line).
import type { ConnectionId } from '../ids.ts';
import type { NetworkBuilder } from './builder.ts';
import { polylinesMeet } from './geometry.ts';

const SHARED_START_RADIUS = 1;
const SAME_POINT = 1e-6;

export function computeFoes(b: NetworkBuilder): void {
  for (const node of b.nodes) {
    const conns = node.connections;
    for (let i = 0; i < conns.length; i++) {
      for (let j = i + 1; j < conns.length; j++) {
        const ci = conns[i]!;
        const cj = conns[j]!;
        if (conflict(b, ci, cj)) {
          b.connections[ci]!.foes.push(cj);
          b.connections[cj]!.foes.push(ci);
        }
      }
    }
  }
  for (const c of b.connections) c.foes.sort((x, y) => x - y);
}

function conflict(b: NetworkBuilder, ci: ConnectionId, cj: ConnectionId): boolean {
  const a = b.connections[ci]!;
  const z = b.connections[cj]!;
  if (a.to === z.to && a.from !== z.from) return true;
  const sa = b.lanes[a.via]!.shape;
  const sz = b.lanes[z.via]!.shape;
  const ax = sa.xs[0]!;
  const ay = sa.ys[0]!;
  const shared = Math.hypot(ax - sz.xs[0]!, ay - sz.ys[0]!) < SAME_POINT;
  return polylinesMeet(sa, sz, shared ? [ax, ay] : undefined, SHARED_START_RADIUS);
}
