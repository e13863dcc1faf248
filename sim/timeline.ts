// Scenario timeline events (roadworks closure, obstacle, stationary vehicle, signal failure,
// weather): activated and ended at tick boundaries. Objects that appear on a lane wait until the
// spot is clear of vehicles, so nothing ever materialises underneath a car.
import type { TimelineEvent } from '../scenarios/schema.ts';
import type { World } from './world.ts';
import type { SimEvent } from './events.ts';

export const EventState = { pending: 0, active: 1, ended: 2 } as const;

export interface TimelineRuntime {
  readonly key: string;
  readonly kind: TimelineEvent['type'];
  readonly start: number;
  readonly end: number;
  state: number;
  /** Lane events: lane, upstream edge and length; -1 otherwise. */
  readonly lane: number;
  readonly pos: number;
  readonly length: number;
  /** signalFailure: the controller. */
  readonly controller: number;
  /** weather: factor on desired speeds. */
  readonly speedFactor: number;
}

/** Clear of vehicles on it and of vehicles too close to stop comfortably before it. */
function spotClear(w: World, e: TimelineRuntime): boolean {
  const V = w.vehicles;
  for (const j of w.occupancy.lists[e.lane]!) {
    const v = V.v[j]!;
    const stopping = (v * v) / (2 * V.decel[j]!) + V.minGap[j]! + 1;
    if (V.s[j]! > e.pos - stopping && V.s[j]! - V.length[j]! < e.pos + e.length + 1) return false;
  }
  return true;
}

export function updateTimeline(w: World, events: SimEvent[]): void {
  const t = w.time;
  let weatherChanged = false;
  for (const e of w.timeline) {
    if (e.state === EventState.pending && t >= e.start && t < e.end) {
      if ((e.kind === 'obstacle' || e.kind === 'stationaryVehicle') && !spotClear(w, e)) continue;
      e.state = EventState.active;
      if (e.controller >= 0) w.dark[e.controller] = 1;
      if (e.kind === 'weather') weatherChanged = true;
      events.push({ type: 'eventStarted', tick: w.tick, event: e.key, kind: e.kind });
    } else if (e.state === EventState.active && t >= e.end) {
      e.state = EventState.ended;
      if (e.controller >= 0) w.dark[e.controller] = 0;
      if (e.kind === 'weather') weatherChanged = true;
      events.push({ type: 'eventEnded', tick: w.tick, event: e.key, kind: e.kind });
    }
  }
  if (weatherChanged) {
    let f = 1;
    for (const e of w.timeline) if (e.kind === 'weather' && e.state === EventState.active) f *= e.speedFactor;
    w.weatherFactor = f;
  }
}
