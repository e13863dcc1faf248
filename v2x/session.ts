// A run with V2X in the loop: each tick, the simulation steps with what the shuttles learnt by
// radio during the previous tick, then the V2X layer sends, propagates and delivers this tick's
// messages. Runners (CLI, live server, evaluation) drive this instead of `step` alone.
import type { World } from '../sim/world.ts';
import type { SimEvent } from '../sim/events.ts';
import { step } from '../sim/step.ts';
import { V2xRuntime, type Facility } from './runtime.ts';
import { V2xStats, type V2xSummary } from './stats.ts';
import { ShuttleReceivers, type HazardWarning } from './receivers/shuttle.ts';
import { CamFacility } from './facilities/cam.ts';
import { DenmFacility } from './facilities/denm.ts';
import { SpatemFacility } from './facilities/spatem.ts';
import { MapemFacility } from './facilities/mapem.ts';
import { IvimFacility } from './facilities/ivim.ts';
import { CpmFacility } from './facilities/cpm.ts';
import { VamFacility } from './facilities/vam.ts';

export function defaultFacilities(): Facility[] {
  return [new CamFacility(), new DenmFacility(), new SpatemFacility(), new MapemFacility(), new IvimFacility(), new CpmFacility(), new VamFacility()];
}

export interface V2xRunSummary extends V2xSummary {
  shuttle: {
    /** First DENM reception of each hazard by each shuttle, with the distance to the event. */
    hazardWarnings: readonly HazardWarning[];
    receptions: number;
  };
}

export class V2xSession {
  readonly runtime: V2xRuntime;
  readonly stats: V2xStats;
  readonly receivers: ShuttleReceivers;

  constructor(
    readonly world: World,
    facilities: readonly Facility[] = defaultFacilities(),
  ) {
    this.runtime = new V2xRuntime(world, facilities);
    this.stats = new V2xStats(this.runtime);
    this.receivers = new ShuttleReceivers(this.runtime);
  }

  /** One tick of the closed loop: simulate with last tick's receptions, then run V2X. */
  step(): SimEvent[] {
    const events = step(this.world, { knowledge: this.receivers.drain() });
    this.runtime.afterTick(events);
    return events;
  }

  summary(): V2xRunSummary {
    return { ...this.stats.summary(), shuttle: { hazardWarnings: this.receivers.warnings, receptions: this.receivers.receptions } };
  }

  dispose(): void {
    this.stats.dispose();
    this.receivers.dispose();
    this.runtime.traffic$.complete();
  }
}
