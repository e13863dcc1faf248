// KPI observers of the simulation side, fed after every tick with the world and the tick's
// events. Pure and deterministic like the rest of sim/: the same run gives the same figures.
import type { World } from '../world.ts';
import type { SimEvent } from '../events.ts';
import { ShuttleObserver, type ShuttleKpiResult } from './shuttle.ts';
import { SafetyObserver, type SafetyKpiResult } from './safety.ts';
import { TrafficObserver, type TrafficKpiResult } from './traffic.ts';

export { ROUTE_BIN, type ApproachKpi, type ShuttleProfile, type ShuttleKpiResult } from './shuttle.ts';
export { TTC_THRESHOLD, HARD_BRAKING, type SafetyKpiResult } from './safety.ts';
export type { TrafficKpiResult } from './traffic.ts';
export { routeAxis, routeDistance, routePoint, type RouteAxis } from './route.ts';

export interface SimKpiResult {
  shuttle: ShuttleKpiResult;
  safety: SafetyKpiResult;
  traffic: TrafficKpiResult;
}

export class SimKpiCollector {
  private readonly shuttle: ShuttleObserver;
  private readonly safety: SafetyObserver;
  private readonly traffic: TrafficObserver;

  constructor(w: World) {
    this.shuttle = new ShuttleObserver(w);
    this.safety = new SafetyObserver(w);
    this.traffic = new TrafficObserver(w);
  }

  /** Call once after each tick with that tick's events. */
  observe(events: readonly SimEvent[]): void {
    this.shuttle.observe(events);
    this.safety.observe();
    this.traffic.observe(events);
  }

  result(): SimKpiResult {
    return { shuttle: this.shuttle.result(), safety: this.safety.result(), traffic: this.traffic.result() };
  }
}
