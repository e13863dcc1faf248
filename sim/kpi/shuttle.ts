// Shuttle KPIs of a run, observed tick by tick: round trips, headways and dwell times at each
// stop (from SimEvents), where along the route the shuttles drive, wait at signals and dwell
// (route profile), and the time stopped at each signalised approach. Output only: it reads the
// world after each tick and never changes it.
import type { World } from '../world.ts';
import type { SimEvent } from '../events.ts';
import { SignalState } from '../signals.ts';
import { routeAxis, routeDistance, type RouteAxis } from './route.ts';

/** Width of the route profile's bins, metres of route. */
export const ROUTE_BIN = 50;
/** A shuttle slower than this is stopped (same threshold as the run summary). */
const STOPPED = 0.5;
/** A stop counts as waiting at a signal within this distance of a stop line that is not green. */
const SIGNAL_REACH = 80;
/** A stop at a signal ends when the shuttle is faster than this again (m/s), not at every creep. */
const MOVING_AGAIN = 3;

export interface ApproachKpi {
  /** Signal controller id, and the route link entering it (`forward` / `backward` on a corridor). */
  controller: string;
  approach: string;
  /** Seconds the shuttles stood at this approach's red (or amber). */
  waitSeconds: number;
  /** Times a shuttle came to a standstill there. */
  stopsAtRed: number;
}

export interface ShuttleProfile {
  binSize: number;
  routeLength: number;
  /** Per bin: shuttle-seconds present, metres driven, seconds stopped at signals, dwelling at stops, stopped otherwise (queues, yielding, hazards). */
  seconds: number[];
  metres: number[];
  signalSeconds: number[];
  dwellSeconds: number[];
  otherStopSeconds: number[];
}

export interface ShuttleKpiResult {
  roundTrips: number[];
  /** Headways (s) between consecutive departures at each stop and direction, `stop direction`. */
  headways: Record<string, number[]>;
  /** Dwell times (s) at stops that are not terminals (terminal dwells include layover and holding). */
  dwells: number[];
  approaches: ApproachKpi[];
  profile: ShuttleProfile | null;
  distanceMetres: number;
  serviceSeconds: number;
  stopsAtRed: number;
  signalSeconds: number;
}

export class ShuttleObserver {
  private readonly roundTrips: number[] = [];
  private readonly lastDeparture = new Map<string, number>();
  private readonly headways = new Map<string, number[]>();
  private readonly dwells: number[] = [];
  private readonly terminals = new Set<string>();
  private readonly approaches = new Map<string, ApproachKpi>();
  /** Per shuttle: approach key it was waiting at last tick, or ''. */
  private readonly waitingAt: string[];
  private readonly axis: RouteAxis | null;
  private readonly profile: ShuttleProfile | null;

  constructor(private readonly w: World) {
    for (const route of w.net.shuttleRoutes) for (const v of route.visits) if (v.terminal) this.terminals.add(v.stopKey);
    this.waitingAt = w.shuttles.map(() => '');
    this.axis = w.shuttleLines.length > 0 ? routeAxis(w, 0) : null;
    if (this.axis) {
      const bins = Math.max(1, Math.ceil(this.axis.length / ROUTE_BIN));
      const zeros = () => new Array<number>(bins).fill(0);
      this.profile = { binSize: ROUTE_BIN, routeLength: this.axis.length, seconds: zeros(), metres: zeros(), signalSeconds: zeros(), dwellSeconds: zeros(), otherStopSeconds: zeros() };
    } else this.profile = null;
  }

  observe(events: readonly SimEvent[]): void {
    const w = this.w;
    for (const e of events) {
      if (e.type === 'shuttleTripCompleted') this.roundTrips.push(e.roundTripTime);
      else if (e.type === 'shuttleDeparted') {
        const key = `${e.stop} ${e.direction}`;
        const t = e.tick * w.dt;
        const last = this.lastDeparture.get(key);
        if (last !== undefined) {
          let list = this.headways.get(key);
          if (!list) this.headways.set(key, (list = []));
          list.push(t - last);
        }
        this.lastDeparture.set(key, t);
        if (!this.terminals.has(e.stop)) this.dwells.push(e.dwell);
      }
    }
    const V = w.vehicles;
    const dt = w.dt;
    for (let sh = 0; sh < w.shuttles.length; sh++) {
      const S = w.shuttles[sh]!;
      const i = S.slot;
      const dwelling = S.dwellLeft > 0;
      const approach = dwelling || V.v[i]! >= STOPPED ? '' : this.signalApproach(i);
      if (approach !== '') {
        const a = this.approaches.get(approach)!;
        a.waitSeconds += dt;
        if (this.waitingAt[sh] !== approach) a.stopsAtRed++;
        this.waitingAt[sh] = approach;
      } else if (dwelling || V.v[i]! > MOVING_AGAIN || w.net.lanes[V.lane[i]!]!.link < 0) {
        // Creeping forward in the queue is still the same stop: it ends once the shuttle drives
        // off properly or enters the junction.
        this.waitingAt[sh] = '';
      }
      if (S.line !== 0 || !this.axis || !this.profile) continue;
      const d = routeDistance(w, this.axis, i);
      const p = this.profile;
      const b = Math.min(p.seconds.length - 1, Math.floor(d / ROUTE_BIN));
      p.seconds[b]! += dt;
      p.metres[b]! += V.v[i]! * dt;
      if (dwelling) p.dwellSeconds[b]! += dt;
      else if (approach !== '') p.signalSeconds[b]! += dt;
      else if (V.v[i]! < STOPPED) p.otherStopSeconds[b]! += dt;
    }
  }

  /** The signalised approach the stopped shuttle waits at (key), or '' if it is not waiting at a signal. */
  private signalApproach(i: number): string {
    const w = this.w;
    const V = w.vehicles;
    const L = w.net.lanes[V.lane[i]!]!;
    if (L.link < 0 || L.length - V.s[i]! > SIGNAL_REACH) return '';
    const c = V.nextConn[i]!;
    if (c < 0) return '';
    const conn = w.net.connections[c]!;
    if (conn.group < 0 || w.dark[conn.controller] === 1 || w.groupState[conn.group] === SignalState.green) return '';
    const link = w.net.links[L.link]!;
    const controller = w.net.controllers[conn.controller]!.key;
    const approach = link.direction === 'none' ? link.key : link.direction;
    const key = `${controller} ${approach}`;
    if (!this.approaches.has(key)) this.approaches.set(key, { controller, approach, waitSeconds: 0, stopsAtRed: 0 });
    return key;
  }

  result(): ShuttleKpiResult {
    const w = this.w;
    let distance = 0;
    let serviceTicks = 0;
    for (const s of w.shuttles) {
      distance += s.distance;
      serviceTicks += s.ticksDriving + s.ticksDwelling + s.ticksStoppedAtSignals + s.ticksStoppedOther;
    }
    const approaches = [...this.approaches.values()].sort((a, b) => (a.controller < b.controller ? -1 : a.controller > b.controller ? 1 : a.approach < b.approach ? -1 : a.approach > b.approach ? 1 : 0));
    return {
      roundTrips: [...this.roundTrips],
      headways: Object.fromEntries([...this.headways.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      dwells: [...this.dwells],
      approaches,
      profile: this.profile,
      distanceMetres: distance,
      serviceSeconds: serviceTicks * w.dt,
      stopsAtRed: approaches.reduce((n, a) => n + a.stopsAtRed, 0),
      signalSeconds: approaches.reduce((n, a) => n + a.waitSeconds, 0),
    };
  }
}
