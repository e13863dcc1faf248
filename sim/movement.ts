// Longitudinal motion: IDM accelerations against the nearest constraint ahead (leader, stop line,
// crosswalk, obstacle, shuttle stop), ballistic integration with a collision guard, and moving
// vehicles across lane ends. This is the hot path: flat arrays, no allocation per vehicle.
import type { World } from './world.ts';
import { FeatureKind } from './world.ts';
import { idmAccel } from './idm.ts';
import { mustStopAtLine, canStopComfortably } from './junction.ts';
import { shuttleStopDistance } from './shuttles.ts';
import { knownHazardAccel, knowsPedestrians, perceives, shuttleDesiredSpeed } from './automation.ts';

/** Set by the scans below: the furthest position the current vehicle's front may reach. */
let guard = Infinity;

/** A vehicle whose front is this close to a crosswalk's edge is engaged on it, metres. */
export const COMMITTED = 1;
/** Where a vehicle yielding to pedestrians stops: this far before the crosswalk, metres. */
const STOP_BEFORE = 2;

/** Where a vehicle in a lane that does not lead on waits for a gap: this far before the end. */
const WRONG_LANE_STOP = 3;

/** How far beyond its own lane the front vehicle of a lane looks, metres. */
const LOOKAHEAD = 250;

/** Is vehicle i on the last link of a non-loop route (it leaves the network at this lane's end)? */
export function isExiting(w: World, i: number): boolean {
  const r = w.vehicles.route[i]!;
  return !w.routeLoops[r] && w.vehicles.routePos[i] === w.routes[r]!.length - 1;
}

/**
 * Acceleration imposed by features of `lane` with position in (from, to], for a vehicle whose
 * front is `d0` metres before the lane's position 0 (negative when on that lane).
 */
function featureAccel(w: World, i: number, lane: number, d0: number, from: number, to: number, acc: number, v0: number, sOwn: number): number {
  const feats = w.features[lane]!;
  if (feats.length === 0) return acc;
  const V = w.vehicles;
  const v = V.v[i]!;
  for (let k = 0; k < feats.length; k++) {
    const f = feats[k]!;
    if (f.pos + f.length <= from) continue;
    if (f.pos > to) break;
    const dist = d0 + f.pos; // distance from the front to the feature's upstream edge
    if (f.kind === FeatureKind.crosswalk) {
      const state = w.crosswalkBlocked[f.ref]!;
      // Within COMMITTED of the edge a vehicle counts as engaged: a waiting pedestrian lets it
      // pass (pedestrians.ts uses the same threshold). Someone already walking: only a vehicle
      // whose front is on the crosswalk carries on.
      if (state === 0 || dist < (state === 2 ? 0 : COMMITTED)) continue;
      if (!perceives(w, i, dist) && !knowsPedestrians(w, i, f.ref)) continue;
      // Someone walking: stop whatever it takes (if physically possible). Only waiting (zebra):
      // stop if it can be done comfortably; otherwise the pedestrian waits for this vehicle.
      const decel = state === 2 ? V.maxDecel[i]! : V.decel[i]!;
      if (!canStopComfortably(v, dist - STOP_BEFORE, decel)) continue;
      const a = idmAccel(v, v0, dist - STOP_BEFORE + V.minGap[i]!, v, V.accel[i]!, V.decel[i]!, V.headway[i]!, V.minGap[i]!, V.maxDecel[i]!);
      if (a < acc) acc = a;
      if (state === 2) {
        const g = sOwn + dist - 0.2;
        if (g < guard) guard = g;
      }
    } else if (f.kind === FeatureKind.slowZone) {
      // Handled through the desired speed (see desiredSpeed).
      continue;
    } else {
      const active = w.timeline[f.ref]!.state === 1;
      // Inactive, or already alongside it (it appeared around us): drive out.
      if (!active || dist < 0) continue;
      if (!perceives(w, i, dist)) continue; // beyond the shuttle's sensors
      const a = idmAccel(v, v0, dist, v, V.accel[i]!, V.decel[i]!, V.headway[i]!, V.minGap[i]!, V.maxDecel[i]!);
      if (a < acc) acc = a;
      const g = sOwn + dist - 0.1;
      if (g < guard) guard = g;
    }
  }
  return acc;
}

/** Desired speed of vehicle i on `lane` at position s, including weather and roadworks zones. */
function desiredSpeed(w: World, i: number, lane: number, s: number): number {
  const V = w.vehicles;
  let v0 = w.net.lanes[lane]!.speedLimit * V.speedFactor[i]! * w.weatherFactor;
  const feats = w.features[lane]!;
  for (let k = 0; k < feats.length; k++) {
    const f = feats[k]!;
    if (f.kind !== FeatureKind.slowZone) continue;
    if (w.timeline[f.ref]!.state !== 1) continue;
    if (s > f.pos - 40 && s < f.pos + f.length + 10 && f.speed < v0) v0 = f.speed;
  }
  const cap = V.maxSpeed[i]!;
  if (v0 > cap) v0 = cap;
  const sh = V.shuttle[i]!;
  if (sh >= 0) v0 = shuttleDesiredSpeed(w, sh, i, lane, s, v0);
  return v0 > 0.5 ? v0 : 0.5;
}

/** Acceleration from what lies beyond the end of the lane, for the lane's front vehicle. */
function aheadAccel(w: World, i: number, lane: number, s: number, v0: number, acc: number): number {
  const V = w.vehicles;
  const net = w.net;
  const lists = w.occupancy.lists;
  const L = net.lanes[lane]!;
  const v = V.v[i]!;
  const a = V.accel[i]!;
  const b = V.decel[i]!;
  const T = V.headway[i]!;
  const s0 = V.minGap[i]!;
  const bMax = V.maxDecel[i]!;
  let d = L.length - s;
  let next: number;
  if (L.link >= 0) {
    const c = V.nextConn[i]!;
    if (c < 0) {
      if (isExiting(w, i)) return acc;
      // Wrong lane for the route and no change possible yet: wait a little before the lane end
      // (so the change stays possible where the neighbour lane is slightly shorter).
      const x = idmAccel(v, v0, d - WRONG_LANE_STOP + s0, v, a, b, T, s0, bMax);
      return x < acc ? x : acc;
    }
    if (mustStopAtLine(w, i, c, d)) {
      const x = idmAccel(v, v0, d - 1 + s0, v, a, b, T, s0, bMax);
      return x < acc ? x : acc;
    }
    next = net.connections[c]!.via;
  } else {
    next = L.next;
  }
  // Look through at most two lanes: the junction-internal lane and the lane after it.
  let from = L.link < 0 ? lane : -1;
  for (let hop = 0; hop < 2 && next >= 0 && d < LOOKAHEAD; hop++) {
    const list = lists[next]!;
    const NL = net.lanes[next]!;
    if (from >= 0 && NL.prev.length > 1) acc = mergeAccel(w, i, next, from, d, v0, acc);
    const upto = list.length > 0 ? V.s[list[list.length - 1]!]! : NL.length;
    acc = featureAccel(w, i, next, d, -Infinity, upto, acc, v0, s);
    if (list.length > 0) {
      const j = list[list.length - 1]!;
      const gap = d + V.s[j]! - V.length[j]!;
      const x = idmAccel(v, v0, gap, v - V.v[j]!, a, b, T, s0, bMax);
      if (x < acc) acc = x;
      const g = s + gap - 0.05;
      if (g < guard) guard = g;
      return acc;
    }
    d += NL.length;
    from = next;
    next = NL.link < 0 ? NL.next : -1;
  }
  return acc;
}

/**
 * Zipper merge: vehicles on the other junction lanes feeding `target` that are closer to the
 * merge point than vehicle i (`d` metres from it) are followed as if already in front of it.
 * Near ties go to the lower connection id, so two vehicles never both wait or both go.
 */
function mergeAccel(w: World, i: number, target: number, from: number, d: number, v0: number, acc: number): number {
  const V = w.vehicles;
  const net = w.net;
  const lists = w.occupancy.lists;
  const myConn = net.lanes[from]!.connection;
  for (const q of net.lanes[target]!.prev) {
    if (q === from) continue;
    const list = lists[q]!;
    if (list.length === 0) continue;
    const qLen = net.lanes[q]!.length;
    const theirs = net.lanes[q]!.connection;
    // The nearest foe vehicle that is ahead of i with respect to the merge point.
    let best = -1;
    let bestDq = -Infinity;
    for (let k = 0; k < list.length; k++) {
      const j = list[k]!;
      const dq = qLen - V.s[j]!;
      const ahead = dq < d - 2 || (dq < d + 2 && theirs < myConn);
      if (ahead && dq > bestDq) {
        best = j;
        bestDq = dq;
      }
    }
    if (best < 0) continue;
    const gap = d - bestDq - V.length[best]!;
    const x = idmAccel(V.v[i]!, v0, gap, V.v[i]! - V.v[best]!, V.accel[i]!, V.decel[i]!, V.headway[i]!, V.minGap[i]!, V.maxDecel[i]!);
    if (x < acc) acc = x;
  }
  return acc;
}

/** Computes every vehicle's acceleration and collision guard from the current state. */
export function computeAccelerations(w: World): void {
  const V = w.vehicles;
  const lists = w.occupancy.lists;
  const sArr = V.s;
  const vArr = V.v;
  const lenArr = V.length;
  for (let lane = 0; lane < lists.length; lane++) {
    const list = lists[lane]!;
    const n = list.length;
    if (n === 0) continue;
    const laneLen = w.net.lanes[lane]!.length;
    for (let k = 0; k < n; k++) {
      const i = list[k]!;
      const s = sArr[i]!;
      const v = vArr[i]!;
      const sh = V.shuttle[i]!;
      if (sh >= 0 && w.shuttles[sh]!.dwellLeft > 0) {
        // Doors open: stand still.
        V.acc[i] = -V.maxDecel[i]!;
        V.limit[i] = s;
        continue;
      }
      const v0 = desiredSpeed(w, i, lane, s);
      const a = V.accel[i]!;
      const r = v / v0;
      const r2 = r * r;
      let acc = a * (1 - r2 * r2);
      guard = Infinity;
      let upto: number;
      if (k > 0) {
        const j = list[k - 1]!;
        const rear = sArr[j]! - lenArr[j]!;
        const x = idmAccel(v, v0, rear - s, v - vArr[j]!, a, V.decel[i]!, V.headway[i]!, V.minGap[i]!, V.maxDecel[i]!);
        if (x < acc) acc = x;
        guard = rear - 0.05;
        upto = sArr[j]!;
      } else {
        acc = aheadAccel(w, i, lane, s, v0, acc);
        upto = laneLen;
      }
      acc = featureAccel(w, i, lane, -s, s, upto, acc, v0, s);
      const requests = w.yieldRequests[lane]!;
      for (let r = 0; r < requests.length; r++) {
        const p = requests[r]!;
        // Leave a gap for a vehicle waiting to merge in ahead, if that can be done comfortably.
        if (p > s && p - s < 60 && canStopComfortably(v, p - s, V.decel[i]!)) {
          const x = idmAccel(v, v0, p - s, v, a, V.decel[i]!, V.headway[i]!, V.minGap[i]!, V.maxDecel[i]!);
          if (x < acc) acc = x;
        }
      }
      if (sh >= 0) {
        acc = knownHazardAccel(w, sh, i, lane, s, v0, acc);
        const d = shuttleStopDistance(w, sh, i);
        if (d >= 0) {
          const x = idmAccel(v, v0, d + V.minGap[i]!, v, a, V.decel[i]!, V.headway[i]!, V.minGap[i]!, V.maxDecel[i]!);
          if (x < acc) acc = x;
        }
      }
      V.acc[i] = acc;
      V.limit[i] = guard;
    }
  }
}

/** Advances speeds and positions by one tick (ballistic update), applying the collision guard. */
export function integrate(w: World): void {
  const V = w.vehicles;
  const dt = w.dt;
  const top = V.top;
  let steps = 0;
  for (let i = 0; i < top; i++) {
    if (V.alive[i] === 0) continue;
    steps++;
    const v = V.v[i]!;
    const a = V.acc[i]!;
    let vn = v + a * dt;
    let ds: number;
    if (vn <= 0) {
      // Stops within the tick: travel only the braking distance.
      ds = a < 0 ? (v * v) / (-2 * a) : 0;
      vn = 0;
    } else {
      if (vn > V.maxSpeed[i]!) vn = V.maxSpeed[i]!;
      ds = 0.5 * (v + vn) * dt;
    }
    let s = V.s[i]! + ds;
    const lim = V.limit[i]!;
    if (s > lim) {
      const s0 = V.s[i]!;
      s = lim > s0 ? lim : s0;
      vn = 0;
      w.counters.guardInterventions++;
    }
    V.s[i] = s;
    V.v[i] = vn;
    if (vn < 0.5) V.waitTicks[i]!++;
    else V.waitTicks[i] = 0;
    const lat = V.lateral[i]!;
    if (lat !== 0) V.lateral[i] = Math.abs(lat) < 0.05 ? 0 : lat * 0.85;
  }
  w.counters.vehicleSteps += steps;
}
