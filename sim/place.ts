// Putting a vehicle at an exact spot: for tests, and later for rigs and replays that need a
// vehicle where the scenario's demand would not have put it.
import type { World } from './world.ts';
import type { VehicleTypeName } from './vehicle-types.ts';
import { VEHICLE_TYPE_NAMES } from './vehicle-types.ts';
import { connectionFor } from './transitions.ts';

export interface PlaceVehicle {
  lane: number;
  /** Front bumper position on the lane, metres. */
  s: number;
  v: number;
  type?: VehicleTypeName;
  /** Exit to route to (key as in flows); default: the farthest reachable. */
  exit?: string;
  speedFactor?: number;
}

/** Adds a vehicle; throws if the spot overlaps another vehicle or no exit is reachable. */
export function placeVehicle(w: World, p: PlaceVehicle): number {
  const net = w.net;
  const L = net.lanes[p.lane];
  if (!L || L.link < 0) throw new Error(`placeVehicle: lane ${p.lane} is not a link lane`);
  const type = VEHICLE_TYPE_NAMES.indexOf(p.type ?? 'car');
  let exit = p.exit !== undefined ? net.exits.findIndex((e) => e.key === p.exit) : -1;
  if (exit < 0) {
    let best = -1;
    for (const x of w.router.reachableExits(L.link)) {
      const len = w.router.route(L.link, net.exits[x]!.link)!.length;
      if (best < 0 || len > w.router.route(L.link, net.exits[best]!.link)!.length) best = x;
    }
    exit = best;
  }
  const links = exit >= 0 ? w.router.route(L.link, net.exits[exit]!.link) : null;
  if (!links) throw new Error(`placeVehicle: no exit reachable from lane ${p.lane}`);
  const V = w.vehicles;
  const i = V.add(type, p.speedFactor ?? 1, w.tick);
  for (const j of w.occupancy.lists[p.lane]!) {
    if (V.s[j]! > p.s - V.length[i]! && V.s[j]! - V.length[j]! < p.s) {
      V.remove(i);
      throw new Error(`placeVehicle: lane ${p.lane} at ${p.s} m overlaps vehicle ${V.id[j]}`);
    }
  }
  V.lane[i] = p.lane;
  V.s[i] = p.s;
  V.v[i] = p.v;
  V.route[i] = w.addRoute(links, false, exit);
  V.routePos[i] = 0;
  V.nextConn[i] = connectionFor(w, i, p.lane);
  w.occupancy.insert(p.lane, i, V.s);
  w.counters.enteredByType[type]!++;
  return i;
}
