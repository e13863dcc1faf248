// Placing what a message describes by coordinates (a hazard's event position, an IVI zone, a
// perceived object) back onto the simulated network: the nearest lane, and how far along it.
import type { Network } from '../../sim/network.ts';
import { project } from '../../sim/polyline.ts';

export interface LanePlace {
  lane: number;
  /** Metres along the lane. */
  position: number;
  /** Distance from the point to the lane's centre line, metres. */
  offset: number;
}

/**
 * The link lane whose centre line passes nearest to (x, y), among the lanes of `links`
 * (typically a shuttle's route), if within `maxOffset` metres.
 */
export function nearestLane(net: Network, links: ArrayLike<number>, x: number, y: number, maxOffset = 4): LanePlace | null {
  let best: LanePlace | null = null;
  for (let k = 0; k < links.length; k++) {
    for (const l of net.links[links[k]!]!.lanes) {
      const p = project(net.lanes[l]!.shape, x, y);
      if (p.distance <= maxOffset && (!best || p.distance < best.offset)) best = { lane: l, position: p.s, offset: p.distance };
    }
  }
  return best;
}

/** The crosswalk whose kerb-to-kerb segment passes within `maxOffset` metres of (x, y), or -1. */
export function nearestCrosswalk(net: Network, x: number, y: number, maxOffset = 4): number {
  let best = -1;
  let bestD = maxOffset;
  for (const c of net.crosswalks) {
    const [ax, ay] = c.a;
    const [bx, by] = c.b;
    const dx = bx - ax;
    const dy = by - ay;
    const l2 = dx * dx + dy * dy;
    const f = l2 > 0 ? Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / l2)) : 0;
    const ex = ax + dx * f - x;
    const ey = ay + dy * f - y;
    // Not Math.hypot on per-tick paths: V8's builtin allocates an array per call.
    const d = Math.sqrt(ex * ex + ey * ey);
    if (d <= bestD) {
      bestD = d;
      best = c.id;
    }
  }
  return best;
}
