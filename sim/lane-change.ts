// Lane changes: MOBIL (Kesting, Treiber, Helbing 2007) for discretionary changes, plus mandatory
// changes when the lane does not lead where the route goes, is closed or blocked ahead, or a
// shuttle must reach the kerb for its stop. Safety is checked against actual gaps, one change
// at a time, so two vehicles can never change into the same space.
import type { World } from './world.ts';
import { FeatureKind } from './world.ts';
import { idmAccel } from './idm.ts';
import { LaneOccupancy } from './vehicles.ts';
import { connectionFor } from './transitions.ts';
import { isExiting } from './movement.ts';
import { shuttleWantsKerb } from './shuttles.ts';
import { rerouteFromLane } from './routing.ts';
import { knownHazardOn } from './automation.ts';

const POLITENESS = 0.2;
const THRESHOLD = 0.2;
/** Safe braking imposed on the new follower, m/s² (discretionary / mandatory). */
const B_SAFE = 3;
const B_SAFE_MANDATORY = 4.5;
/** Keep-right rule (France): a small bias towards the kerb lane. */
const KEEP_RIGHT = 0.15;
/** How far ahead a closure or obstacle makes a change mandatory, metres. */
const BLOCK_LOOKAHEAD = 150;
/** Seconds a driver waits at the end of a wrong lane for a gap before taking another way. */
const REROUTE_AFTER = 30;
/** No discretionary change this close to the end of a lane (the junction approach), metres. */
const NO_CHANGE_ZONE = 25;
/** Weight of lane choice for the route two links ahead, m/s² per score point. */
const STRATEGIC = 1;
/** Evaluate discretionary changes once per this many ticks per vehicle (staggered by slot). */
const PERIOD = 10;

/** Is `lane` blocked by an active closure/obstacle overlapping [from, to]? */
function blockedBetween(w: World, lane: number, from: number, to: number): boolean {
  const feats = w.features[lane]!;
  for (let k = 0; k < feats.length; k++) {
    const f = feats[k]!;
    if (f.kind !== FeatureKind.closure && f.kind !== FeatureKind.obstacle) continue;
    if (w.timeline[f.ref]!.state !== 1) continue;
    if (f.pos <= to && f.pos + f.length >= from) return true;
  }
  return false;
}

/** Lane index direction (-1 kerb-wards, +1 centre-wards, 0 none) a vehicle must move to. */
function mandatoryDirection(w: World, i: number, lane: number): number {
  const V = w.vehicles;
  const net = w.net;
  const L = net.lanes[lane]!;
  const s = V.s[i]!;
  const sh = V.shuttle[i]!;
  // A shuttle sees blockages only within its sensor range, unless told about them by radio.
  const look = sh >= 0 ? Math.min(BLOCK_LOOKAHEAD, w.sensorRange) : BLOCK_LOOKAHEAD;
  if (blockedBetween(w, lane, s, s + look) || (sh >= 0 && knownHazardOn(w, sh, lane, s, s + BLOCK_LOOKAHEAD))) {
    // Prefer the side that is open; centre-wards first (overtaking side).
    if (L.left >= 0 && !blockedBetween(w, L.left, s - 20, s + look)) return 1;
    if (L.right >= 0) return -1;
    return L.left >= 0 ? 1 : 0;
  }
  if (V.nextConn[i]! < 0 && !isExiting(w, i)) {
    const here = connectionFor(w, i, lane);
    if (here >= 0) {
      V.nextConn[i] = here;
      return 0;
    }
    // Find the nearest lane of this link that connects to the next route link.
    const link = net.links[L.link]!;
    let best = 0;
    let bestDist = Infinity;
    for (const l of link.lanes) {
      if (connectionFor(w, i, l) < 0) continue;
      const dist = Math.abs(net.lanes[l]!.index - L.index);
      if (dist < bestDist) {
        bestDist = dist;
        best = net.lanes[l]!.index > L.index ? 1 : -1;
      }
    }
    return best;
  }
  if (sh >= 0 && L.index > 0 && shuttleWantsKerb(w, sh, i) && !knownHazardOn(w, sh, L.right, s - 20, s + BLOCK_LOOKAHEAD)) return -1;
  return 0;
}

/** Gap-checked acceleration of vehicle i if it were at position x on `lane` (-Infinity if unsafe). */
function accelIn(w: World, i: number, lane: number, x: number, bSafe: number, out: { follower: number; followerAcc: number }): number {
  const V = w.vehicles;
  const list = w.occupancy.lists[lane]!;
  const k = LaneOccupancy.followerIndex(list, x, V.s);
  const leader = k > 0 ? list[k - 1]! : -1;
  const follower = k < list.length ? list[k]! : -1;
  const len = V.length[i]!;
  const v = V.v[i]!;
  const L = w.net.lanes[lane]!;
  const v0 = Math.min(L.speedLimit * V.speedFactor[i]! * w.weatherFactor, V.maxSpeed[i]!);
  let gap = Infinity;
  let vLead = v;
  if (leader >= 0) {
    gap = V.s[leader]! - V.length[leader]! - x;
    vLead = V.v[leader]!;
  } else {
    // Nobody ahead on the lane, but a vehicle that just left it may still reach back over its end.
    const lists = w.occupancy.lists;
    for (const c of L.out) {
      const via = lists[w.net.connections[c]!.via]!;
      if (via.length === 0) continue;
      const j = via[via.length - 1]!;
      const g = L.length - x + V.s[j]! - V.length[j]!;
      if (g < gap) {
        gap = g;
        vLead = V.v[j]!;
      }
    }
  }
  if (gap < 1) return -Infinity;
  const acc = idmAccel(v, v0, gap, v - vLead, V.accel[i]!, V.decel[i]!, V.headway[i]!, V.minGap[i]!, V.maxDecel[i]!);
  // The changer must not have to brake harder than it would impose on its new follower
  // (meaningless when it is nearly stopped, e.g. waiting at the end of its lane).
  if (acc < -bSafe && v > 2) return -Infinity;
  if (blockedBetween(w, lane, x - len - 1, x + 1)) return -Infinity;
  out.follower = follower;
  out.followerAcc = 0;
  if (follower < 0) {
    // Nobody behind on the lane: a vehicle still in the junction may be about to enter it.
    for (const q of L.prev) {
      const via = w.occupancy.lists[q]!;
      if (via.length === 0) continue;
      const j = via[0]!;
      if (x - len - (V.s[j]! - w.net.lanes[q]!.length) < V.v[j]! * V.headway[j]! + 1) return -Infinity;
    }
  }
  if (follower >= 0) {
    const gap = x - len - V.s[follower]!;
    if (gap < 1) return -Infinity;
    const fv = V.v[follower]!;
    const fl = w.net.lanes[lane]!;
    const fv0 = Math.min(fl.speedLimit * V.speedFactor[follower]! * w.weatherFactor, V.maxSpeed[follower]!);
    const fa = idmAccel(fv, fv0, gap, fv - v, V.accel[follower]!, V.decel[follower]!, V.headway[follower]!, V.minGap[follower]!, V.maxDecel[follower]!);
    if (fa < -bSafe) return -Infinity;
    out.followerAcc = fa;
  }
  return acc;
}

const scratch = { follower: -1, followerAcc: 0 };

/**
 * How well `lane` serves the route two links ahead: 2 if it connects to the next link on a lane
 * that itself connects to the link after, 1 if it only connects to the next link, 0 otherwise.
 * Drivers pick their lane before the junction where it matters, not at the stop line.
 */
function strategicScore(w: World, i: number, lane: number): number {
  const c = connectionFor(w, i, lane);
  if (c < 0) return isExiting(w, i) ? 2 : 0;
  const V = w.vehicles;
  const route = w.routes[V.route[i]!]!;
  const p = V.routePos[i]! + 2;
  if (p >= route.length && !w.routeLoops[V.route[i]!]) return 2;
  const after = route[p % route.length]!;
  const to = w.net.lanes[w.net.connections[c]!.to]!;
  if (to.out.some((o) => w.net.connections[o]!.toLink === after)) return 2;
  // A turn pocket further along the next link also counts as leading on from its neighbour.
  return to.left >= 0 && w.net.lanes[to.left]!.out.some((o) => w.net.connections[o]!.toLink === after) ? 2 : 1;
}

/** Two vehicles stopped side by side at the end of their lanes, each needing the other's lane: swap them. */
function trySwap(w: World, i: number, lane: number, target: number, dir: number): boolean {
  const V = w.vehicles;
  const net = w.net;
  const L = net.lanes[lane]!;
  const T = net.lanes[target]!;
  if (V.v[i]! > 0.5 || L.length - V.s[i]! > 10) return false;
  const list = w.occupancy.lists[target]!;
  const x = V.s[i]! + L.offset - T.offset;
  for (const j of list) {
    if (V.s[j]! - V.length[j]! > x) continue; // ahead of i
    if (V.s[j]! < x - V.length[i]!) return false; // behind i: not a side-by-side deadlock
    if (V.v[j]! > 0.5 || mandatoryDirection(w, j, target) !== -dir) return false;
    const xj = V.s[j]! + T.offset - L.offset;
    // Both must fit where the other was: check neighbours of the swapped pair.
    const listL = w.occupancy.lists[lane]!;
    const k = listL.indexOf(i);
    const behindL = listL[k + 1];
    const behindT = list[list.indexOf(j) + 1];
    if (behindL !== undefined && xj - V.length[j]! - V.s[behindL]! < 0.5) return false;
    if (behindT !== undefined && x - V.length[i]! - V.s[behindT]! < 0.5) return false;
    if (k > 0 && V.s[listL[k - 1]!]! - V.length[listL[k - 1]!]! - xj < 0.5) return false;
    const kj = list.indexOf(j);
    if (kj > 0 && V.s[list[kj - 1]!]! - V.length[list[kj - 1]!]! - x < 0.5) return false;
    move(w, i, lane, target, x);
    move(w, j, target, lane, xj);
    return true;
  }
  return false;
}

function move(w: World, i: number, from: number, to: number, x: number): void {
  const V = w.vehicles;
  const F = w.net.lanes[from]!;
  const T = w.net.lanes[to]!;
  w.occupancy.remove(from, i);
  V.s[i] = x;
  V.lane[i] = to;
  w.occupancy.insert(to, i, V.s);
  V.nextConn[i] = connectionFor(w, i, to);
  V.amber[i] = 0;
  V.lateral[i] = T.index > F.index ? -F.width : F.width;
}

/** Evaluates and performs lane changes for this tick. */
export function changeLanes(w: World): void {
  for (const r of w.yieldRequests) r.length = 0;
  const V = w.vehicles;
  const net = w.net;
  const phase = w.tick % PERIOD;
  const top = V.top;
  for (let i = 0; i < top; i++) {
    if (V.alive[i] === 0) continue;
    const lane = V.lane[i]!;
    const L = net.lanes[lane]!;
    if (L.link < 0) continue; // no changes inside junctions
    const sh = V.shuttle[i]!;
    if (sh >= 0 && w.shuttles[sh]!.dwellLeft > 0) continue;
    const mandatory = mandatoryDirection(w, i, lane);
    if (
      mandatory !== 0 &&
      V.nextConn[i]! < 0 &&
      V.waitTicks[i]! * w.dt > REROUTE_AFTER &&
      L.length - V.s[i]! < 15 &&
      rerouteFromLane(w, i, lane)
    ) {
      continue;
    }
    if (mandatory === 0 && i % PERIOD !== phase) continue;
    const s = V.s[i]!;
    let bestLane = -1;
    let bestGain = mandatory !== 0 ? -Infinity : THRESHOLD;
    for (const dir of [1, -1]) {
      if (mandatory !== 0 && dir !== mandatory) continue;
      const target = dir > 0 ? L.left : L.right;
      if (target < 0) continue;
      const T = net.lanes[target]!;
      const x = s + L.offset - T.offset;
      if (x < V.length[i]! || x > T.length - 0.5) continue;
      const accNew = accelIn(w, i, target, x, mandatory !== 0 ? B_SAFE_MANDATORY : B_SAFE, scratch);
      if (accNew === -Infinity) {
        if (mandatory !== 0) {
          if (trySwap(w, i, lane, target, dir)) break;
          // Ask the target lane's traffic to leave a gap behind this vehicle (cooperative merge).
          w.yieldRequests[target]!.push(x - V.length[i]! - 1);
        }
        continue;
      }
      if (mandatory !== 0) {
        bestLane = target;
        break;
      }
      // Discretionary: not in the last metres before the stop line, never into a lane that does
      // not lead on, nor into a blocked stretch.
      if (T.length - x < NO_CHANGE_ZONE) continue;
      if (connectionFor(w, i, target) < 0 && !isExiting(w, i) && T.length - x < 300) continue;
      if (blockedBetween(w, target, x, x + BLOCK_LOOKAHEAD)) continue;
      const followerGain = scratch.follower >= 0 ? scratch.followerAcc - V.acc[scratch.follower]! : 0;
      let gain = accNew - V.acc[i]! + POLITENESS * followerGain;
      gain += dir < 0 ? KEEP_RIGHT : -KEEP_RIGHT;
      if (sh >= 0) gain += dir < 0 ? 0.5 : -0.5;
      gain += STRATEGIC * (strategicScore(w, i, target) - strategicScore(w, i, lane));
      if (gain > bestGain) {
        bestGain = gain;
        bestLane = target;
      }
    }
    if (bestLane < 0) continue;
    move(w, i, lane, bestLane, s + L.offset - net.lanes[bestLane]!.offset);
  }
}
