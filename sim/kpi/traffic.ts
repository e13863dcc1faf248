// Effect on other traffic: travel times of cars driving the whole corridor (entering at one end,
// leaving at the other), the trips a shuttle line on the avenue can slow down. Without a
// corridor (explicit networks) every car trip counts.
import type { World } from '../world.ts';
import type { SimEvent } from '../events.ts';

export interface TrafficKpiResult {
  /** Travel times (s) of the cars counted, in exit order. */
  carTravelTimes: number[];
  /** What was counted: `corridor` (end to end) or `all` car trips. */
  scope: 'corridor' | 'all';
}

export class TrafficObserver {
  private readonly entries = new Map<number, string>();
  private readonly times: number[] = [];
  private readonly ends: readonly string[] | null;

  constructor(w: World) {
    const id = w.scenario.network.corridor?.id;
    this.ends = id === undefined ? null : [`${id}:start`, `${id}:end`];
  }

  observe(events: readonly SimEvent[]): void {
    for (const e of events) {
      if (e.type === 'vehicleEntered' && e.vehicleType === 'car') this.entries.set(e.vehicle, e.entry);
      else if (e.type === 'vehicleExited' && e.vehicleType === 'car') {
        const entry = this.entries.get(e.vehicle);
        this.entries.delete(e.vehicle);
        if (entry === undefined || !Number.isFinite(e.travelTime)) continue;
        if (this.ends && !(this.ends.includes(entry) && this.ends.includes(e.exit) && entry !== e.exit)) continue;
        this.times.push(e.travelTime);
      }
    }
  }

  result(): TrafficKpiResult {
    return { carTravelTimes: [...this.times], scope: this.ends ? 'corridor' : 'all' };
  }
}
