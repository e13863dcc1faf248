// Pedestrians at crosswalks: seeded Poisson arrivals at either kerb, a decision to start
// (signal green, and no vehicle already too close to stop comfortably), walking across, and the
// crosswalk state vehicles yield to: 0 free, 1 someone waiting (zebra), 2 someone walking.
import type { World } from './world.ts';
import type { SimEvent } from './events.ts';
import { SignalState } from './signals.ts';
import { canStopComfortably } from './junction.ts';
import { COMMITTED } from './movement.ts';

export interface Pedestrian {
  readonly id: number;
  readonly crosswalk: number;
  /** true: from kerb `a` to `b`. */
  readonly forward: boolean;
  readonly speed: number;
  readonly equipped: boolean;
  /** Metres walked across. */
  progress: number;
  walking: boolean;
  readonly arrivedTick: number;
  startedTick: number;
}

export interface PedestrianFlowRuntime {
  readonly crosswalk: number;
  /** Mean seconds between arrivals (Infinity when the flow is 0). */
  readonly meanInterval: number;
  readonly speed: readonly [number, number];
  readonly equipped: number;
  nextArrival: number;
}

/** Reused across ticks (and worlds: it is filled before every use). */
let committedScratch = new Int8Array(0);

/** How far upstream a crossing pedestrian looks for vehicles, metres. */
const LOOK = 80;

/** Is some vehicle on or too close to crosswalk `cw` to stop comfortably before it? */
export function vehicleCommitted(w: World, cw: number): boolean {
  const net = w.net;
  const c = net.crosswalks[cw]!;
  for (const { lane, position } of c.lanes) {
    if (committedOnLane(w, lane, position, c.width)) return true;
    // Vehicles on the lanes feeding this one, within LOOK of the crosswalk.
    for (const p of net.lanes[lane]!.prev) {
      const pl = net.lanes[p]!;
      if (position + 1 < LOOK && committedOnLane(w, p, pl.length + position, c.width)) return true;
    }
  }
  return false;
}

function committedOnLane(w: World, lane: number, position: number, width: number): boolean {
  const V = w.vehicles;
  const list = w.occupancy.lists[lane]!;
  for (let k = 0; k < list.length; k++) {
    const j = list[k]!;
    const s = V.s[j]!;
    if (s - V.length[j]! > position + width) continue; // already past
    if (s >= position - COMMITTED) return true; // on or at the crosswalk
    const d = position - s;
    if (d > LOOK) break; // list is front-first: everyone further back is further away
    if (!canStopComfortably(V.v[j]!, d - 1, V.decel[j]!)) return true;
  }
  return false;
}

export function updatePedestrians(w: World, events: SimEvent[]): void {
  const net = w.net;
  const t = w.time;
  // Arrivals.
  for (const f of w.pedestrianFlows) {
    while (f.nextArrival <= t) {
      w.pedestrians.push({
        id: w.nextPedestrianId++,
        crosswalk: f.crosswalk,
        forward: w.rng.next() < 0.5,
        speed: w.rng.uniform(f.speed[0], f.speed[1]),
        equipped: w.rng.next() < f.equipped,
        progress: 0,
        walking: false,
        arrivedTick: w.tick,
        startedTick: -1,
      });
      f.nextArrival += w.rng.exponential(f.meanInterval);
    }
  }
  // Start, walk, finish.
  // Per crosswalk, whether a vehicle is committed (computed at most once per tick): -1 unknown.
  if (committedScratch.length < net.crosswalks.length) committedScratch = new Int8Array(net.crosswalks.length);
  const committed = committedScratch;
  committed.fill(-1);
  let write = 0;
  for (let k = 0; k < w.pedestrians.length; k++) {
    const p = w.pedestrians[k]!;
    const cw = net.crosswalks[p.crosswalk]!;
    if (!p.walking) {
      const signalOk = cw.group < 0 || w.groupState[cw.group] === SignalState.green || w.groupState[cw.group] === SignalState.dark;
      if (signalOk) {
        if (committed[p.crosswalk] === -1) committed[p.crosswalk] = vehicleCommitted(w, p.crosswalk) ? 1 : 0;
        if (committed[p.crosswalk] === 0) {
          p.walking = true;
          p.startedTick = w.tick;
        }
      }
    }
    if (p.walking) {
      p.progress += p.speed * w.dt;
      if (p.progress >= cw.length) {
        w.counters.pedestriansCrossed++;
        events.push({ type: 'pedestrianCrossed', tick: w.tick, pedestrian: p.id, crosswalk: cw.key, waited: (p.startedTick - p.arrivedTick) * w.dt });
        continue;
      }
    }
    w.pedestrians[write++] = p;
  }
  w.pedestrians.length = write;
  // What vehicles must yield to.
  w.crosswalkBlocked.fill(0);
  for (const p of w.pedestrians) {
    const cw = net.crosswalks[p.crosswalk]!;
    if (p.walking) w.crosswalkBlocked[p.crosswalk] = 2;
    else if (cw.zebra && w.crosswalkBlocked[p.crosswalk] === 0) w.crosswalkBlocked[p.crosswalk] = 1;
  }
}
