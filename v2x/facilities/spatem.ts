// SPATEM (ETSI TS 103 301, SPAT of ISO TS 19091): every RSU broadcasts the signal phase and
// timing of the controllers it `serves`, at 10 Hz and additionally at once when a served signal
// group changes state.
//
// Message layout: one SPATEM per RSU per transmission, holding one IntersectionState per served
// controller (an IntersectionStateList holds up to 32; an RSU serving more sends several
// SPATEMs of up to 32 intersections each, all at the same instants). Numbering (intersection id,
// signal group ids, revision) comes from ./intersection-ids.ts, shared with MAPEM and receivers.
//
// Content of an IntersectionState:
// - status: fixedTimeOperation (bit 5) normally; failureMode (bit 8) while the controller is dark
//   (signal failure).
// - moy + timeStamp: the UTC instant of the message (sim time of the tick just simulated).
// - one MovementState per signal group of the controller, vehicle and pedestrian groups alike.
//   The first MovementEvent is the state in force (world.groupState): green ->
//   protected-Movement-Allowed (6), amber and pedestrian clearance -> protected-clearance (8),
//   red -> stop-And-Remain (3), dark -> dark (1).
// - timing from the fixed-time plan, which is deterministic: minEndTime = maxEndTime = likelyTime
//   = the TimeMark at which the current state ends, confidence 15 (100 %); nextTime = the
//   TimeMark of the group's next green start (for a green event: the start of the following
//   green, J2735's "when this phase next occurs"; for red, amber and clearance: the green the
//   movement is waiting for). The following states are listed as further MovementEvents (with
//   startTime and the same end times), up to the next green and at most 3 events in all:
//   red -> [red, green]; amber or clearance -> [amber, red, green]; green -> [green, amber, red].
// - dark (signal failure): every time unknown (TimeMark 36001), no confidence, no further events;
//   the controller does not know when it will be repaired.
//
// Times: the states in world.groupState were computed by `step` at the start of the tick just
// simulated, i.e. at sim time (tick - 1) * dt, while ctx.time is the end of that tick. The end
// of the state in force is therefore taken from the plan at the time the state was computed
// (checked against the state itself), so SPaT and the simulated signals never contradict each
// other: the TimeMark is the plan's exact switch instant, rounded down to 0.1 s.
import type { Controller, Network } from '../../sim/network.ts';
import { SignalState, cycleTime, groupStateAt } from '../../sim/signals.ts';
import type { World } from '../../sim/world.ts';
import type { Facility, FacilityContext, Outgoing } from '../runtime.ts';
import { StationKind, type StationTable } from '../stations.ts';
import {
  MovementPhaseState,
  itsMessage,
  type IntersectionState,
  type MovementEvent,
  type MovementState,
  type TimeChangeDetails,
} from '../message-types.ts';
import { TIME_MARK_UNKNOWN, dSecond, minuteOfTheYear, timeMark, utcMs } from '../units.ts';
import { intersectionTable, type IntersectionNumbering } from './intersection-ids.ts';

/** IntersectionStatusObject bits. */
export const IntersectionStatus = {
  fixedTimeOperation: 1 << 5,
  failureMode: 1 << 8,
} as const;

/** TimeIntervalConfidence 15: 100 % (a fixed-time plan is deterministic). */
export const CONFIDENCE_CERTAIN = 15;

/** IntersectionStateList size limit. */
const MAX_INTERSECTIONS = 32;

/** MovementPhaseState of each sim SignalState. */
export function movementPhaseOf(state: SignalState): MovementPhaseState {
  switch (state) {
    case SignalState.green:
      return MovementPhaseState.MOVEMENT_PHASE_STATE_PROTECTED_MOVEMENT_ALLOWED;
    case SignalState.amber:
    case SignalState.pedestrianClearance:
      return MovementPhaseState.MOVEMENT_PHASE_STATE_PROTECTED_CLEARANCE;
    case SignalState.red:
      return MovementPhaseState.MOVEMENT_PHASE_STATE_STOP_AND_REMAIN;
    case SignalState.dark:
      return MovementPhaseState.MOVEMENT_PHASE_STATE_DARK;
    default:
      return MovementPhaseState.MOVEMENT_PHASE_STATE_UNAVAILABLE;
  }
}

/** One state of a signal group's future, in sim seconds. */
export interface PlannedSpan {
  readonly state: SignalState;
  readonly start: number;
  readonly end: number;
}

/** Nudge past a switch instant so the plan is read on the far side of it. */
const EPS = 1e-6;

/**
 * The plan's view of group `g` of controller `c` from the state `observed` in force at sim time
 * `t`: that state's span (its start is unknown and left NaN) followed by the next states up to
 * and including the next green. Returns null when the plan does not show `observed` around `t`
 * (dark controller, or a state the plan cannot produce).
 */
export function plannedSpans(net: Network, c: Controller, g: number, observed: SignalState, t: number): PlannedSpan[] | null {
  if (observed === SignalState.dark || c.cycle <= 0) return null;
  let end = NaN;
  for (const tt of [t, t - EPS, t + EPS]) {
    const r = groupStateAt(net, c, g, cycleTime(c, tt));
    if (r.state === observed) {
      end = tt + r.remaining;
      break;
    }
  }
  if (!Number.isFinite(end)) return null;
  const spans: PlannedSpan[] = [{ state: observed, start: NaN, end }];
  // Follow the plan to the next green (a group never green in the plan: one cycle ahead at most).
  let start = end;
  const horizon = end + c.cycle;
  while (spans.length < 3 && start < horizon) {
    const r = groupStateAt(net, c, g, cycleTime(c, start + EPS));
    const e = start + EPS + r.remaining;
    spans.push({ state: r.state, start, end: e });
    if (r.state === SignalState.green) break;
    start = e;
  }
  return spans;
}

/** Start of the next green of the group after the spans' first one, or NaN if not within them. */
function nextGreenStart(spans: readonly PlannedSpan[], net: Network, c: Controller, g: number): number {
  for (let k = 1; k < spans.length; k++) if (spans[k]!.state === SignalState.green) return spans[k]!.start;
  // Current green (or no green listed): look one more cycle ahead.
  let start = spans[spans.length - 1]!.end;
  const horizon = start + c.cycle;
  while (start < horizon) {
    const r = groupStateAt(net, c, g, cycleTime(c, start + EPS));
    if (r.state === SignalState.green) return start;
    start = start + EPS + r.remaining;
  }
  return NaN;
}

/** Sim time at which world.groupState was computed (step computes signals before advancing the tick). */
export function signalStateTime(world: World): number {
  return world.tick > 0 ? (world.tick - 1) * world.dt : 0;
}

/** The IntersectionState of controller `controller` as the world shows it, dated `now` (sim s). */
export function buildIntersectionState(world: World, controller: number, now: number): IntersectionState {
  const net = world.net;
  const c = net.controllers[controller]!;
  const num: IntersectionNumbering = intersectionTable(net).intersections[controller]!;
  const start = world.scenario.run.startTime;
  const nowMs = Math.round(utcMs(now, start));
  const mark = (t: number) => (Number.isFinite(t) ? timeMark(Math.round(utcMs(t, start)), nowMs) : TIME_MARK_UNKNOWN);
  const tState = signalStateTime(world);
  let dark = false;
  const states: MovementState[] = c.groups.map((g, k) => {
    const observed = world.groupState[g] as SignalState;
    const spans = plannedSpans(net, c, g, observed, tState);
    const events: MovementEvent[] = [];
    if (!spans) {
      if (observed === SignalState.dark) dark = true;
      events.push({
        eventState: movementPhaseOf(observed),
        timing: { minEndTime: TIME_MARK_UNKNOWN, maxEndTime: TIME_MARK_UNKNOWN, likelyTime: TIME_MARK_UNKNOWN },
      });
    } else {
      spans.forEach((s, i) => {
        const end = mark(s.end);
        const timing: TimeChangeDetails = { minEndTime: end, maxEndTime: end, likelyTime: end, confidence: CONFIDENCE_CERTAIN };
        if (i > 0) timing.startTime = mark(s.start);
        else timing.nextTime = mark(nextGreenStart(spans, net, c, g));
        events.push({ eventState: movementPhaseOf(s.state), timing });
      });
    }
    return { signalGroup: k + 1, stateTimeSpeed: events };
  });
  return {
    id: { id: num.intersectionId },
    revision: num.revision,
    status: dark ? IntersectionStatus.failureMode : IntersectionStatus.fixedTimeOperation,
    moy: minuteOfTheYear(nowMs),
    timeStamp: dSecond(nowMs),
    states,
  };
}

/** Station index of RSU `rsu` in the tick's table (RSUs come first, in network order). */
export function rsuStationIndex(stations: StationTable, rsu: number): number {
  if (rsu < stations.count && stations.kind[rsu] === StationKind.rsu && stations.ref[rsu] === rsu) return rsu;
  for (let i = 0; i < stations.count; i++) if (stations.kind[i] === StationKind.rsu && stations.ref[i] === rsu) return i;
  return -1;
}

export interface SpatemOptions {
  /** Longest interval between two SPATEMs of an RSU, seconds (default 0.1: 10 Hz). */
  readonly period?: number;
}

/**
 * Sends each RSU's SPATEM when `period` has elapsed since its last one (every tick when the tick
 * is 0.1 s; with a longer tick, every tick) or when any group it serves changed state since.
 */
export class SpatemFacility implements Facility {
  readonly name = 'spatem';
  private readonly period: number;
  /** Per RSU: sim time of the last SPATEM and the group states it carried. */
  private lastTime: number[] = [];
  private lastStates: Uint8Array[] = [];
  private net: Network | undefined;

  constructor(options: SpatemOptions = {}) {
    this.period = options.period ?? 0.1;
    if (!(this.period > 0)) throw new RangeError(`SPATEM period must be positive: ${this.period}`);
  }

  generate(ctx: FacilityContext, out: Outgoing[]): void {
    const w = ctx.world;
    const net = w.net;
    if (this.net !== net) {
      this.net = net;
      this.lastTime = net.rsus.map(() => -Infinity);
      this.lastStates = net.rsus.map(() => new Uint8Array(net.groups.length).fill(255));
    }
    for (let r = 0; r < net.rsus.length; r++) {
      const rsu = net.rsus[r]!;
      if (rsu.serves.length === 0) continue;
      const sender = rsuStationIndex(ctx.stations, r);
      if (sender < 0) continue;
      const last = this.lastStates[r]!;
      let changed = false;
      for (const c of rsu.serves) {
        for (const g of net.controllers[c]!.groups) if (last[g] !== w.groupState[g]) changed = true;
      }
      const due = ctx.time - this.lastTime[r]! >= this.period - 1e-9;
      if (!changed && !due) continue;
      const stationId = ctx.stations.stationId[sender]!;
      for (let k = 0; k < rsu.serves.length; k += MAX_INTERSECTIONS) {
        const intersections = rsu.serves.slice(k, k + MAX_INTERSECTIONS).map((c) => buildIntersectionState(w, c, ctx.time));
        const moy = intersections[0]!.moy!;
        out.push({ sender, family: 'spatem', message: itsMessage('spatem', stationId, { timeStamp: moy, intersections }) });
      }
      this.lastTime[r] = ctx.time;
      for (const c of rsu.serves) for (const g of net.controllers[c]!.groups) last[g] = w.groupState[g]!;
    }
  }
}
