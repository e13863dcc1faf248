// Which road-side unit speaks for a place: the RSU that originates the DENM for a hazard and the
// IVIs for a zone. The nearest RSU within `range` metres (straight-line distance in the local
// plane) of the place; ties (equal distance) go to the lowest RSU index, so the choice is
// deterministic. Out of every RSU's range: nobody (-1), and the event is known only to the
// shuttles that perceive it with their own sensors.
import type { Network } from '../../sim/network.ts';

/** Default coverage radius of an RSU as an originator of DENMs / IVIMs, metres. */
export const DEFAULT_RSU_COVERAGE = 500;

/** RSU index (= station index in the StationTable) covering (x, y), or -1 if none is within range. */
export function rsuInRange(net: Network, x: number, y: number, range: number = DEFAULT_RSU_COVERAGE): number {
  let best = -1;
  let bestD = Infinity;
  for (let k = 0; k < net.rsus.length; k++) {
    const r = net.rsus[k]!;
    const d = Math.hypot(r.x - x, r.y - y);
    if (d <= range && d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

/** Every RSU index within `range` of (x, y), nearest first (ties by index). */
export function rsusInRange(net: Network, x: number, y: number, range: number = DEFAULT_RSU_COVERAGE): number[] {
  const hits: { k: number; d: number }[] = [];
  for (let k = 0; k < net.rsus.length; k++) {
    const r = net.rsus[k]!;
    const d = Math.hypot(r.x - x, r.y - y);
    if (d <= range) hits.push({ k, d });
  }
  hits.sort((a, b) => a.d - b.d || a.k - b.k);
  return hits.map((h) => h.k);
}

/** Distance from (x, y) to the nearest point of the polyline given by xs / ys, metres. */
export function distanceToPolyline(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number, y: number): number {
  if (xs.length === 1) return Math.hypot(xs[0]! - x, ys[0]! - y);
  let best = Infinity;
  for (let i = 0; i + 1 < xs.length; i++) {
    const x0 = xs[i]!;
    const y0 = ys[i]!;
    const dx = xs[i + 1]! - x0;
    const dy = ys[i + 1]! - y0;
    const l2 = dx * dx + dy * dy;
    const f = l2 > 0 ? Math.min(1, Math.max(0, ((x - x0) * dx + (y - y0) * dy) / l2)) : 0;
    const d = Math.hypot(x0 + dx * f - x, y0 + dy * f - y);
    if (d < best) best = d;
  }
  return best;
}

/** RSU indices whose position is within `range` of some point of a polyline (a zone), by index. */
export function rsusNearPolyline(net: Network, xs: ArrayLike<number>, ys: ArrayLike<number>, range: number = DEFAULT_RSU_COVERAGE): number[] {
  const out: number[] = [];
  for (let k = 0; k < net.rsus.length; k++) {
    const r = net.rsus[k]!;
    if (distanceToPolyline(xs, ys, r.x, r.y) <= range) out.push(k);
  }
  return out;
}
