// Traffic demand: seeded Poisson arrivals per flow, queued at the entry until the lane start has
// room (like SUMO's insertion backlog), so a saturated entry delays vehicles instead of overlapping them.
import type { World } from './world.ts';
import type { SimEvent } from './events.ts';
import { VEHICLE_TYPE_NAMES } from './vehicle-types.ts';
import { DRIVER_PARAMS } from './vehicle-types.ts';
import { idmEquilibriumSpeed } from './idm.ts';
import { connectionFor } from './transitions.ts';

export interface PendingVehicle {
  readonly type: number;
  readonly route: number;
}

export interface FlowRuntime {
  readonly key: string;
  readonly entryLink: number;
  /** Mean seconds between arrivals. */
  readonly meanInterval: number;
  readonly end: number;
  /** Weights of car, bus, truck. */
  readonly mix: readonly number[];
  /** Route index per possible exit, and the exits' weights. */
  readonly routes: readonly number[];
  readonly weights: readonly number[];
  nextArrival: number;
  readonly backlog: PendingVehicle[];
}

/** Draws a desired-speed factor for a vehicle type (truncated normal). */
export function drawSpeedFactor(w: World, type: number): number {
  const p = DRIVER_PARAMS[VEHICLE_TYPE_NAMES[type]!];
  if (p.speedFactorSd === 0) return p.speedFactor;
  const x = w.rng.normal(p.speedFactor, p.speedFactorSd);
  return Math.min(p.speedFactor + 2 * p.speedFactorSd, Math.max(p.speedFactor - 2 * p.speedFactorSd, x));
}

/** Tries to put a vehicle on the entry link; returns the slot or -1 when there is no room. */
export function tryInsert(w: World, link: number, type: number, route: number, events: SimEvent[], entryKey: string): number {
  const V = w.vehicles;
  const net = w.net;
  const lists = w.occupancy.lists;
  const p = DRIVER_PARAMS[VEHICLE_TYPE_NAMES[type]!];
  const routeLinks = w.routes[route]!;
  const nextLink = routeLinks.length > 1 ? routeLinks[1]! : -1;
  let bestLane = -1;
  let bestRoom = p.length + p.minGap + 1;
  for (const l of net.links[link]!.lanes) {
    const L = net.lanes[l]!;
    if (L.offset > 0) continue;
    if (nextLink >= 0 && !L.out.some((c) => net.connections[c]!.toLink === nextLink)) continue;
    if (L.prev.some((q) => lists[q]!.length > 0)) continue; // a vehicle is merging in here
    const list = lists[l]!;
    const room = list.length === 0 ? L.length : V.s[list[list.length - 1]!]! - V.length[list[list.length - 1]!]!;
    if (room > bestRoom) {
      bestRoom = room;
      bestLane = l;
    }
  }
  if (bestLane < 0) {
    // No lane leads on directly: any lane with room (the driver changes lanes on the way).
    if (nextLink >= 0) {
      for (const l of net.links[link]!.lanes) {
        const L = net.lanes[l]!;
        if (L.offset > 0 || L.prev.some((q) => lists[q]!.length > 0)) continue;
        const list = lists[l]!;
        const room = list.length === 0 ? L.length : V.s[list[list.length - 1]!]! - V.length[list[list.length - 1]!]!;
        if (room > bestRoom) {
          bestRoom = room;
          bestLane = l;
        }
      }
    }
    if (bestLane < 0) return -1;
  }
  const L = net.lanes[bestLane]!;
  const i = V.add(type, drawSpeedFactor(w, type), w.tick);
  const v0 = Math.min(L.speedLimit * V.speedFactor[i]! * w.weatherFactor, V.maxSpeed[i]!);
  const list = lists[bestLane]!;
  let v = v0;
  if (list.length > 0) {
    const j = list[list.length - 1]!;
    v = Math.min(v0, Math.max(V.v[j]!, idmEquilibriumSpeed(bestRoom - p.length, v0, p.headway, p.minGap)));
  }
  V.lane[i] = bestLane;
  V.s[i] = p.length;
  V.v[i] = v;
  V.route[i] = route;
  V.routePos[i] = 0;
  V.nextConn[i] = connectionFor(w, i, bestLane);
  w.occupancy.insert(bestLane, i, V.s);
  w.counters.enteredByType[type]!++;
  events.push({ type: 'vehicleEntered', tick: w.tick, vehicle: V.id[i]!, vehicleType: VEHICLE_TYPE_NAMES[type]!, entry: entryKey });
  return i;
}

/** New arrivals of this tick join their flow's backlog; backlogs drain into free lane starts. */
export function updateDemand(w: World, events: SimEvent[]): void {
  const t = w.time;
  let backlog = 0;
  for (const f of w.flows) {
    while (f.nextArrival <= t && f.nextArrival < f.end) {
      const type = w.rng.weighted(f.mix);
      const route = f.routes[w.rng.weighted(f.weights)]!;
      f.backlog.push({ type, route });
      f.nextArrival += w.rng.exponential(f.meanInterval);
    }
    while (f.backlog.length > 0) {
      const head = f.backlog[0]!;
      if (tryInsert(w, f.entryLink, head.type, head.route, events, f.key) < 0) break;
      f.backlog.shift();
    }
    backlog += f.backlog.length;
  }
  w.counters.insertionBacklog = backlog;
}
