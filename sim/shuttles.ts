// Autonomous shuttle lines: vehicles that loop over their route, stop at every stop for a drawn
// dwell time, hold at the first terminal to keep the headway, and keep KPIs for the line.
import type { DwellTime } from '../scenarios/schema.ts';
import type { ShuttleRoute } from './network.ts';
import type { World } from './world.ts';
import type { SimEvent } from './events.ts';
import type { Rng } from './rng.ts';
import { SignalState } from './signals.ts';

export interface ShuttleLineRuntime {
  readonly key: string;
  readonly route: ShuttleRoute;
  /** World route index of the loop. */
  readonly routeIndex: number;
  /** Dwell distribution per visit (stop's own, else the line's). */
  readonly dwell: readonly DwellTime[];
  readonly headway: number;
  readonly layover: number;
  /** Last departure from the first terminal, seconds (-Infinity before any). */
  lastTerminalDeparture: number;
}

export interface ShuttleRuntime {
  readonly line: number;
  /** Vehicle slot. */
  readonly slot: number;
  /** Index of the next visit (the one being approached or dwelt at). */
  visit: number;
  /** Seconds of dwell left; > 0 while stopped at a stop with doors open. */
  dwellLeft: number;
  dwellTotal: number;
  /** Time of the last departure from the first terminal (start of the current round trip), or NaN. */
  tripStart: number;
  tripsCompleted: number;
  roundTripTimeSum: number;
  distance: number;
  ticksStoppedAtSignals: number;
  ticksStoppedOther: number;
  ticksDwelling: number;
  ticksDriving: number;
  stopsServed: number;
  stopsSkipped: number;
  /** Times it came to a standstill at a signal that was not green. */
  stopsAtRed: number;
}

export function drawDwell(rng: Rng, d: DwellTime): number {
  let x: number;
  if (d.distribution === 'fixed') x = d.mean;
  else if (d.distribution === 'uniform') x = rng.uniform(d.min, d.max);
  else x = rng.lognormal(d.mean, d.sd);
  return Math.min(d.max, Math.max(d.min, x));
}

/**
 * Distance from the shuttle's front to its next stop if that stop is on the current lane or on
 * the next link of its route (via the junction); -1 otherwise.
 */
export function shuttleStopDistance(w: World, sh: number, i: number): number {
  const S = w.shuttles[sh]!;
  const line = w.shuttleLines[S.line]!;
  const visit = line.route.visits[S.visit]!;
  const V = w.vehicles;
  const lane = V.lane[i]!;
  const s = V.s[i]!;
  const net = w.net;
  const L = net.lanes[lane]!;
  const target = net.lanes[visit.lane]!;
  if (L.link >= 0 && L.link === target.link) {
    // On the stop's link: served from the kerb lane, or in lane when the kerb could not be reached.
    const d = visit.position + target.offset - L.offset - s;
    return d > -1 ? (d > 0 ? d : 0) : -1;
  }
  if (L.link < 0) {
    return L.next === visit.lane ? L.length - s + visit.position : -1;
  }
  const c = V.nextConn[i]!;
  if (c >= 0 && net.connections[c]!.toLink === target.link) {
    return L.length - s + net.lanes[net.connections[c]!.via]!.length + visit.position;
  }
  return -1;
}

/** True when the shuttle's next stop is on its current link (so it should be in the kerb lane). */
export function shuttleWantsKerb(w: World, sh: number, i: number): boolean {
  const S = w.shuttles[sh]!;
  const visit = w.shuttleLines[S.line]!.route.visits[S.visit]!;
  const L = w.net.lanes[w.vehicles.lane[i]!]!;
  return L.link >= 0 && L.link === w.net.lanes[visit.lane]!.link;
}

/** Arrivals, dwell countdown, departures and KPIs, after the vehicles moved this tick. */
export function updateShuttles(w: World, events: SimEvent[]): void {
  const V = w.vehicles;
  for (let sh = 0; sh < w.shuttles.length; sh++) {
    const S = w.shuttles[sh]!;
    const i = S.slot;
    const line = w.shuttleLines[S.line]!;
    const visits = line.route.visits;
    const visit = visits[S.visit]!;
    if (S.dwellLeft > 0) {
      S.ticksDwelling++;
      S.dwellLeft -= w.dt;
      if (S.dwellLeft <= 1e-9) depart(w, sh, events);
      continue;
    }
    const v = V.v[i]!;
    S.distance += v * w.dt;
    const L = w.net.lanes[V.lane[i]!]!;
    const target = w.net.lanes[visit.lane]!;
    const onStopLink = L.link >= 0 && L.link === target.link;
    const ahead = visit.position + target.offset - L.offset - V.s[i]!;
    if (onStopLink && Math.abs(ahead) < 1.5 && v < 0.3) {
      arrive(w, sh, events);
      continue;
    }
    // Passed it without stopping (it could not stop in time): record and move on.
    if ((onStopLink && ahead < -1.5) || passedLink(w, i, visit.routeIndex)) {
      S.stopsSkipped++;
      events.push({ type: 'shuttleSkippedStop', tick: w.tick, vehicle: V.id[i]!, line: line.key, stop: visit.stopKey });
      S.visit = (S.visit + 1) % visits.length;
      continue;
    }
    if (v < 0.5) {
      if (waitingAtSignal(w, i)) {
        S.ticksStoppedAtSignals++;
        if (V.waitTicks[i] === 1) S.stopsAtRed++;
      } else S.ticksStoppedOther++;
    } else {
      S.ticksDriving++;
    }
  }
}

/** Has the vehicle moved past route link `routeIndex` (it is on the following link)? */
function passedLink(w: World, i: number, routeIndex: number): boolean {
  const V = w.vehicles;
  const n = w.routes[V.route[i]!]!.length;
  const L = w.net.lanes[V.lane[i]!]!;
  return L.link >= 0 && V.routePos[i] === (routeIndex + 1) % n;
}

/** Stopped within 80 m of a stop line whose signal is not green (queue at a red light included). */
function waitingAtSignal(w: World, i: number): boolean {
  const V = w.vehicles;
  const L = w.net.lanes[V.lane[i]!]!;
  if (L.link < 0) return false;
  if (L.length - V.s[i]! > 80) return false;
  const c = V.nextConn[i]!;
  if (c < 0) return false;
  const conn = w.net.connections[c]!;
  if (conn.group < 0 || w.dark[conn.controller] === 1) return false;
  return w.groupState[conn.group] !== SignalState.green;
}

function arrive(w: World, sh: number, events: SimEvent[]): void {
  const S = w.shuttles[sh]!;
  const line = w.shuttleLines[S.line]!;
  const visit = line.route.visits[S.visit]!;
  const V = w.vehicles;
  V.v[S.slot] = 0;
  let dwell = drawDwell(w.rng, line.dwell[S.visit]!);
  if (S.visit === 0) {
    // First terminal: a round trip ends here; wait for the layover and the headway slot.
    if (!Number.isNaN(S.tripStart)) {
      S.tripsCompleted++;
      const rtt = w.time - S.tripStart;
      S.roundTripTimeSum += rtt;
      events.push({ type: 'shuttleTripCompleted', tick: w.tick, vehicle: V.id[S.slot]!, line: line.key, roundTripTime: rtt });
    }
    const earliest = Math.max(w.time + Math.max(dwell, line.layover), line.lastTerminalDeparture + line.headway);
    dwell = earliest - w.time;
  }
  S.dwellLeft = Math.max(dwell, w.dt);
  S.dwellTotal = S.dwellLeft;
  S.stopsServed++;
  events.push({ type: 'shuttleArrived', tick: w.tick, vehicle: V.id[S.slot]!, line: line.key, stop: visit.stopKey, direction: visit.direction });
}

function depart(w: World, sh: number, events: SimEvent[]): void {
  const S = w.shuttles[sh]!;
  const line = w.shuttleLines[S.line]!;
  const visit = line.route.visits[S.visit]!;
  S.dwellLeft = 0;
  if (S.visit === 0) {
    line.lastTerminalDeparture = w.time;
    S.tripStart = w.time;
  }
  events.push({
    type: 'shuttleDeparted',
    tick: w.tick,
    vehicle: w.vehicles.id[S.slot]!,
    line: line.key,
    stop: visit.stopKey,
    direction: visit.direction,
    dwell: S.dwellTotal,
  });
  S.visit = (S.visit + 1) % line.route.visits.length;
}
