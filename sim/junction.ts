// Whether a vehicle may pass the stop line at the end of its lane: signal state (with the amber
// decision), priority rules (by movement rank), a clear junction box and room beyond it.
import type { World } from './world.ts';
import { SignalState } from './signals.ts';

/** Seconds of gap a yielding vehicle needs before a prioritised foe arrives. */
const CRITICAL_GAP = 6;

/** Lower rank goes first: main-road through/right, main-road left, minor through/right, minor left, U-turn. */
function rank(w: World, c: number): number {
  const conn = w.net.connections[c]!;
  if (conn.turn === 'uturn') return 4;
  const left = conn.turn === 'left' ? 1 : 0;
  return conn.minor ? 2 + left : left;
}

export function canStopComfortably(v: number, distance: number, decel: number): boolean {
  return v * v <= 2 * decel * (distance > 0.1 ? distance : 0.1);
}

/**
 * True when vehicle `i`, `d` metres before the end of its lane, must stop there before taking
 * connection `c`. May record the amber decision on the vehicle (so it is taken once).
 */
export function mustStopAtLine(w: World, i: number, c: number, d: number): boolean {
  const V = w.vehicles;
  const v = V.v[i]!;
  const conn = w.net.connections[c]!;
  const signalised = conn.controller >= 0 && w.dark[conn.controller] === 0;
  const stopD = d - 1;
  if (signalised) {
    const st = w.groupState[conn.group]!;
    if (st === SignalState.red) {
      // Only a vehicle that physically cannot stop goes on red (it entered the amber too fast).
      if (canStopComfortably(v, stopD, V.maxDecel[i]!)) return true;
    } else if (st === SignalState.amber) {
      if (V.amber[i] === 0) V.amber[i] = canStopComfortably(v, stopD, V.decel[i]!) ? 2 : 1;
      if (V.amber[i] === 2) return true;
    } else {
      V.amber[i] = 0;
    }
  } else {
    // Priority rules: yield to lower-ranked foes arriving within the critical gap.
    const myRank = rank(w, c);
    const lists = w.occupancy.lists;
    for (const f of conn.foes) {
      if (rank(w, f) >= myRank) continue;
      const foe = w.net.connections[f]!;
      const approach = lists[foe.from]!;
      if (approach.length > 0) {
        const j = approach[0]!;
        // Only a vehicle that will take that very movement matters.
        if (V.nextConn[j] === f) {
          const dist = w.net.lanes[foe.from]!.length - V.s[j]!;
          const vj = V.v[j]!;
          const eta = dist / (vj > 1 ? vj : 1);
          if (eta < CRITICAL_GAP && canStopComfortably(v, stopD, V.maxDecel[i]!)) return true;
        }
      }
    }
  }
  // Never enter while a conflicting movement still occupies the box, or when there is no room beyond.
  if (canStopComfortably(v, stopD, V.decel[i]! * 2)) {
    const lists = w.occupancy.lists;
    for (const f of conn.foes) {
      if (lists[w.net.connections[f]!.via]!.length > 0) return true;
    }
    const target = lists[conn.to]!;
    if (target.length > 0) {
      const j = target[target.length - 1]!;
      const room = V.s[j]! - V.length[j]!;
      if (room < V.length[i]! + V.minGap[i]! && V.v[j]! < 3) return true;
    }
    const via = lists[conn.via]!;
    if (via.length > 0) {
      const j = via[via.length - 1]!;
      if (V.s[j]! - V.length[j]! < 0.5 && V.v[j]! < 1) return true;
    }
  }
  return false;
}
