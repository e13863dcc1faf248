// Moving vehicles whose front passed the end of their lane onto the next lane of their route,
// and out of the network at exits.
import type { World } from './world.ts';
import type { SimEvent } from './events.ts';
import { VEHICLE_TYPE_NAMES } from './vehicle-types.ts';
import { isExiting } from './movement.ts';

/** The connection from `lane` towards the vehicle's next route link, or -1 (lane change needed, or exit). */
export function connectionFor(w: World, i: number, lane: number): number {
  const V = w.vehicles;
  const L = w.net.lanes[lane]!;
  if (L.link < 0) return -1;
  const route = w.routes[V.route[i]!]!;
  let p = V.routePos[i]! + 1;
  if (p >= route.length) {
    if (!w.routeLoops[V.route[i]!]) return -1;
    p = 0;
  }
  const target = route[p]!;
  for (const c of L.out) {
    if (w.net.connections[c]!.toLink === target) return c;
  }
  return -1;
}

/** Moves every vehicle past its lane end; removes those leaving the network. */
export function advanceAcrossLanes(w: World, events: SimEvent[]): void {
  const V = w.vehicles;
  const net = w.net;
  const occ = w.occupancy;
  const lists = occ.lists;
  const movers: number[] = [];
  for (let lane = 0; lane < lists.length; lane++) {
    const list = lists[lane]!;
    const len = net.lanes[lane]!.length;
    // Fronts past the end are at the head of the list (front first).
    let n = 0;
    while (n < list.length && V.s[list[n]!]! > len) n++;
    if (n === 0) continue;
    for (let k = 0; k < n; k++) movers.push(list[k]!);
    list.splice(0, n);
  }
  for (const i of movers) {
    let lane = V.lane[i]!;
    for (;;) {
      const L = net.lanes[lane]!;
      if (V.s[i]! <= L.length) break;
      if (L.link >= 0) {
        const c = V.nextConn[i]!;
        if (c < 0) {
          if (isExiting(w, i)) {
            exitVehicle(w, i, events);
            lane = -1;
            break;
          }
          // Should not happen (the vehicle was held at the lane end); keep it at the end.
          V.s[i] = L.length;
          w.counters.guardInterventions++;
          break;
        }
        V.s[i] = V.s[i]! - L.length;
        lane = net.connections[c]!.via;
        V.amber[i] = 0;
      } else {
        V.s[i] = V.s[i]! - L.length;
        lane = L.next;
        const r = V.route[i]!;
        const p = V.routePos[i]! + 1;
        V.routePos[i] = p >= w.routes[r]!.length ? 0 : p;
        V.nextConn[i] = connectionFor(w, i, lane);
      }
    }
    if (lane < 0) continue;
    V.lane[i] = lane;
    occ.insert(lane, i, V.s);
  }
}

function exitVehicle(w: World, i: number, events: SimEvent[]): void {
  const V = w.vehicles;
  const type = V.type[i]!;
  const exit = w.routeExit[V.route[i]!]!;
  const entered = V.enteredTick[i]!;
  const travelTime = entered >= 0 ? (w.tick - entered) * w.dt : NaN;
  w.counters.exitedByType[type]!++;
  if (entered >= 0) {
    w.counters.exitedCount++;
    w.counters.travelTimeSum += travelTime;
  }
  events.push({
    type: 'vehicleExited',
    tick: w.tick,
    vehicle: V.id[i]!,
    vehicleType: VEHICLE_TYPE_NAMES[type]!,
    exit: exit >= 0 ? w.net.exits[exit]!.key : '',
    travelTime,
  });
  V.remove(i);
}
