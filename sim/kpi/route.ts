// Where a shuttle is along its line's route, as a distance from the route's start (the first
// terminal, outbound), and the route's shape at a distance: the axis of the KPI profiles.
import type { World } from '../world.ts';
import type { ShuttleRoute } from '../network.ts';
import { poseAt, type Pose } from '../polyline.ts';

export interface RouteAxis {
  readonly route: ShuttleRoute;
  /** cum[k] = route distance at the start of route link k; cum[links.length] = round-trip length. */
  readonly cum: Float64Array;
  readonly length: number;
}

export function routeAxis(w: World, line: number): RouteAxis {
  const route = w.net.shuttleRoutes[line]!;
  const cum = new Float64Array(route.links.length + 1);
  route.links.forEach((l, k) => {
    cum[k + 1] = cum[k]! + w.net.links[l]!.length;
  });
  return { route, cum, length: cum[route.links.length]! };
}

/**
 * Route distance of the vehicle in `slot` (a shuttle of this route): the start of its current
 * route link plus its position on it; inside a junction, the end of the link it just left.
 */
export function routeDistance(w: World, axis: RouteAxis, slot: number): number {
  const V = w.vehicles;
  const k = V.routePos[slot]!;
  const link = w.net.links[axis.route.links[k]!]!;
  const L = w.net.lanes[V.lane[slot]!]!;
  const along = L.link >= 0 ? L.offset + V.s[slot]! : link.length;
  return axis.cum[k]! + Math.min(Math.max(along, 0), link.length);
}

/** Point of the route (its kerb lane) at route distance d, and the direction of that link. */
export function routePoint(w: World, axis: RouteAxis, d: number, out: Pose): { pose: Pose; direction: string } {
  const n = axis.route.links.length;
  let k = 0;
  while (k < n - 1 && axis.cum[k + 1]! <= d) k++;
  const link = w.net.links[axis.route.links[k]!]!;
  const lane = w.net.lanes[link.lanes[0]!]!;
  poseAt(lane.shape, Math.min(Math.max(d - axis.cum[k]!, 0), lane.length), out);
  return { pose: out, direction: link.direction };
}
