// The world: everything that changes during a run, plus the immutable network it runs on.
// `createWorld` builds it from a validated scenario; `step` (step.ts) advances it by one tick.
import type { Scenario } from '../scenarios/schema.ts';
import type { Network } from './network.ts';
import { Rng } from './rng.ts';
import { LaneOccupancy, VehicleTable } from './vehicles.ts';
import { VEHICLE_TYPE_NAMES } from './vehicle-types.ts';
import { Router, linkSuccessors } from './routing.ts';
import type { Pedestrian, PedestrianFlowRuntime } from './pedestrians.ts';
import type { ShuttleRuntime, ShuttleLineRuntime } from './shuttles.ts';
import type { FlowRuntime } from './demand.ts';
import type { TimelineRuntime } from './timeline.ts';
import type { ShuttleKnowledge } from './knowledge.ts';

export const FeatureKind = {
  /** Vehicles yield to pedestrians crossing or (zebra) waiting. */
  crosswalk: 0,
  /** A closed stretch of lane (roadworks): nobody may enter while active. */
  closure: 1,
  /** An object or broken-down vehicle occupying the lane. */
  obstacle: 2,
  /** A reduced speed limit around roadworks, for every lane of the link. */
  slowZone: 3,
} as const;
export type FeatureKind = (typeof FeatureKind)[keyof typeof FeatureKind];

/** Something at a position of a lane that may hold vehicles back. Sorted by `pos` per lane. */
export interface LaneFeature {
  readonly kind: FeatureKind;
  /** Upstream edge, metres along the lane. */
  readonly pos: number;
  readonly length: number;
  /** Crosswalk id, or timeline event index. */
  readonly ref: number;
  /** For slow zones: the speed limit inside, m/s. */
  readonly speed: number;
}

export interface Counters {
  enteredByType: number[];
  exitedByType: number[];
  /** Vehicles waiting at an entry because the lane start was full. */
  insertionBacklog: number;
  /** Times the collision guard had to cut a vehicle's motion (should stay 0 in sane scenarios). */
  guardInterventions: number;
  pedestriansCrossed: number;
  /** Drivers who gave up on a lane change they needed and took another way (missed turn). */
  reroutes: number;
  vehicleSteps: number;
  /** Sum and count of travel times of vehicles that entered during the run (not pre-populated). */
  travelTimeSum: number;
  exitedCount: number;
}

export class World {
  readonly net: Network;
  readonly scenario: Scenario;
  readonly dt: number;
  readonly seed: number;
  readonly rng: Rng;
  tick = 0;

  readonly vehicles: VehicleTable;
  readonly occupancy: LaneOccupancy;
  readonly features: LaneFeature[][];
  readonly router: Router;
  /** Routes as link arrays; loop routes (shuttles) wrap around. */
  readonly routes: Int32Array[] = [];
  readonly routeLoops: boolean[] = [];
  /** Exit index (into net.exits) of each non-loop route, -1 for loops. */
  readonly routeExit: number[] = [];
  private readonly routeIndex = new Map<string, number>();

  /** Signal group states (SignalState), and the previous tick's, to report changes. */
  readonly groupState: Uint8Array;
  readonly prevGroupState: Uint8Array;
  /** 1 while a controller is dark (signal failure event). */
  readonly dark: Uint8Array;

  /** 1 while a crosswalk must be yielded to. */
  readonly crosswalkBlocked: Uint8Array;
  readonly pedestrians: Pedestrian[] = [];
  readonly pedestrianFlows: PedestrianFlowRuntime[] = [];
  nextPedestrianId = 1;

  readonly flows: FlowRuntime[] = [];
  readonly shuttleLines: ShuttleLineRuntime[] = [];
  readonly shuttles: ShuttleRuntime[] = [];
  /** Per shuttle (same index as `shuttles`): what it learnt by radio. */
  readonly knowledge: ShuttleKnowledge[] = [];
  /** Range of the shuttles' own sensors, metres: beyond it they know only what V2X tells them. */
  readonly sensorRange: number;
  /** Which received information the shuttles' automation uses. */
  readonly closedLoop: { glosa: boolean; denm: boolean; ivim: boolean; cpm: boolean };
  readonly timeline: TimelineRuntime[] = [];
  /**
   * Per lane: positions behind which traffic should leave a gap for a vehicle waiting to merge
   * in from a neighbour lane (filled by lane changes, read by the next tick's accelerations).
   */
  readonly yieldRequests: number[][];
  /** Product of active weather factors on desired speeds. */
  weatherFactor = 1;

  readonly counters: Counters;

  constructor(scenario: Scenario, net: Network) {
    this.scenario = scenario;
    this.net = net;
    this.dt = scenario.run.tick;
    this.seed = scenario.run.seed;
    this.rng = new Rng(scenario.run.seed);
    this.sensorRange = scenario.v2x.shuttleSensorRange;
    const loop = scenario.v2x.closedLoop;
    const on = scenario.v2x.enabled;
    this.closedLoop = { glosa: on && loop.glosa, denm: on && loop.denm, ivim: on && loop.ivim, cpm: on && loop.cpm };
    this.vehicles = new VehicleTable(1024);
    this.occupancy = new LaneOccupancy(net.lanes.length);
    this.features = net.lanes.map(() => []);
    this.yieldRequests = net.lanes.map(() => []);
    this.router = new Router(net, linkSuccessors(net));
    this.groupState = new Uint8Array(net.groups.length);
    this.prevGroupState = new Uint8Array(net.groups.length);
    this.dark = new Uint8Array(net.controllers.length);
    this.crosswalkBlocked = new Uint8Array(net.crosswalks.length);
    this.counters = {
      enteredByType: VEHICLE_TYPE_NAMES.map(() => 0),
      exitedByType: VEHICLE_TYPE_NAMES.map(() => 0),
      insertionBacklog: 0,
      guardInterventions: 0,
      pedestriansCrossed: 0,
      reroutes: 0,
      vehicleSteps: 0,
      travelTimeSum: 0,
      exitedCount: 0,
    };
  }

  get time(): number {
    return this.tick * this.dt;
  }

  /** Registers (or reuses) a route; returns its index. */
  addRoute(links: Int32Array, loop: boolean, exit: number): number {
    const key = `${loop ? 'L' : 'R'}${links.join(',')}`;
    const hit = this.routeIndex.get(key);
    if (hit !== undefined) return hit;
    this.routes.push(links);
    this.routeLoops.push(loop);
    this.routeExit.push(exit);
    this.routeIndex.set(key, this.routes.length - 1);
    return this.routes.length - 1;
  }

  addFeature(lane: number, f: LaneFeature): void {
    const list = this.features[lane]!;
    list.push(f);
    list.sort((a, b) => a.pos - b.pos || a.kind - b.kind || a.ref - b.ref);
  }
}
