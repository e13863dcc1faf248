// VAM (ETSI TS 103 300-3 v2.x): the awareness messages of pedestrians carrying a device
// (stations of kind pedestrian).
//
// Generation rules (TS 103 300-3 §6.4.1, as in ms-van3t's VRUBasicService), evaluated once per
// tick against the last VAM the station sent:
// - the first VAM is sent at the first tick the station exists;
// - nothing is sent before T_GenVamMin (100 ms) has elapsed since the last VAM;
// - then a VAM is sent when the position changed by more than 4 m, or the speed by more than
//   0.5 m/s, or the heading by more than 4 degree, or when T_GenVamMax (5000 ms) has elapsed.
// Not modelled: VRU clusters, redundancy mitigation, the safe-distance trigger.
//
// Containers:
// - basic: stationType pedestrian (1) and the reference position (./position.ts, phone-class
//   accuracy) at the end of the tick, which generationDeltaTime stamps;
// - VRU high frequency (every VAM): heading (the walking direction across the crosswalk),
//   speed, longitudinal acceleration, environment (zebraCrossing on a zebra, intersection
//   crossing on a signalised crosswalk while walking; sidewalk while waiting at the kerb);
// - VRU low frequency (first VAM, then in a VAM at least 2000 ms after the last one that carried
//   it, T_GenVam_LFMin): profile pedestrian / ordinary-pedestrian (1), size class medium;
// - motion prediction: the path history (./position.ts PathHistory: concise, up to 40 points,
//   about 200 m) whenever it has a point.
//
// State is kept per station id and dropped when the station disappears (pedestrian arrived).
import type { Facility, FacilityContext, Outgoing } from '../runtime.ts';
import { StationKind, type StationTable } from '../stations.ts';
import type { World } from '../../sim/world.ts';
import {
  MessageId,
  VruEnvironment,
  VruSizeClass,
  type ItsMessage,
  type StationType,
  type Vam,
} from '../message-types.ts';
import { generationDeltaTime, timestampIts, toEtsiAcceleration } from '../units.ts';
import { PathHistory, type PathHistoryOptions, angleDiff, itsHeader, positioningOf, referencePosition, speedOf, stationGeo, wgs84AngleOf } from './position.ts';

export interface VamOptions {
  /** T_GenVamMin, seconds. */
  readonly genVamMin: number;
  /** T_GenVamMax, seconds. */
  readonly genVamMax: number;
  /** T_GenVam_LFMin: minimum interval between VAMs carrying the low-frequency container, seconds. */
  readonly lowFrequencyInterval: number;
  /** Triggers: position change (m), speed change (m/s), heading change (degree). */
  readonly positionThreshold: number;
  readonly speedThreshold: number;
  readonly headingThreshold: number;
  /** Path history (maxPoints at most 40, the contract's size in a VAM). */
  readonly pathHistory: Partial<PathHistoryOptions>;
}

export const VAM_DEFAULTS: VamOptions = {
  genVamMin: 0.1,
  genVamMax: 5.0,
  lowFrequencyInterval: 2.0,
  positionThreshold: 4,
  speedThreshold: 0.5,
  headingThreshold: 4,
  pathHistory: { maxPoints: 40, maxLength: 200, maxError: 1, maxSpacing: 100, minSpacing: 1 },
};

/** VruSubProfilePedestrian ordinary-pedestrian. */
const ORDINARY_PEDESTRIAN = 1;

const ms = (seconds: number) => Math.round(seconds * 1000);

/** Per-station VAM state. Times are integer sim milliseconds; NaN = never. */
class VamState {
  seen = 0;
  lastMs = NaN;
  x = 0;
  y = 0;
  theta = 0;
  speed = 0;
  lastLowFrequencyMs = NaN;
  readonly path: PathHistory;
  constructor(path: PathHistory) {
    this.path = path;
  }
}

export class VamFacility implements Facility {
  readonly name = 'vam';
  readonly options: VamOptions;
  private readonly states = new Map<number, VamState>();
  /** The world the states belong to: a new world (a new run) starts afresh. */
  private world: World | null = null;
  private round = 0;
  private readonly minMs: number;
  private readonly maxMs: number;
  private readonly lowFrequencyMs: number;
  private readonly position2: number;
  private readonly headingRad: number;

  constructor(options: Partial<VamOptions> = {}) {
    const o = { ...VAM_DEFAULTS, ...options };
    this.options = o;
    this.minMs = ms(o.genVamMin);
    this.maxMs = ms(o.genVamMax);
    this.lowFrequencyMs = ms(o.lowFrequencyInterval);
    this.position2 = o.positionThreshold * o.positionThreshold;
    this.headingRad = (o.headingThreshold * Math.PI) / 180;
  }

  /** Number of stations with VAM state (for tests and statistics). */
  get trackedStations(): number {
    return this.states.size;
  }

  generate(ctx: FacilityContext, out: Outgoing[]): void {
    const st = ctx.stations;
    const n = st.count;
    const nowMs = ms(ctx.time);
    const states = this.states;
    if (ctx.world !== this.world) {
      this.world = ctx.world;
      states.clear();
    }
    const round = ++this.round;
    let gdt = -1;
    let seen = 0;
    for (let i = 0; i < n; i++) {
      if (st.kind[i] !== StationKind.pedestrian) continue;
      const id = st.stationId[i]!;
      let s = states.get(id);
      if (s === undefined) {
        s = new VamState(new PathHistory(this.options.pathHistory));
        states.set(id, s);
      }
      s.seen = round;
      seen++;
      const x = st.x[i]!;
      const y = st.y[i]!;
      const theta = st.theta[i]!;
      const v = st.speed[i]!;
      let send = s.lastMs !== s.lastMs;
      if (!send && nowMs - s.lastMs >= this.minMs) {
        const dx = x - s.x;
        const dy = y - s.y;
        send =
          dx * dx + dy * dy > this.position2 ||
          Math.abs(v - s.speed) > this.options.speedThreshold ||
          Math.abs(angleDiff(theta, s.theta)) > this.headingRad ||
          nowMs - s.lastMs >= this.maxMs;
      }
      if (!send) continue;
      if (gdt < 0) gdt = generationDeltaTime(timestampIts(ctx.time, ctx.world.scenario.run.startTime));
      out.push({ sender: i, family: 'vam', message: this.vam(ctx.world, st, i, s, nowMs, gdt) });
      s.lastMs = nowMs;
      s.x = x;
      s.y = y;
      s.theta = theta;
      s.speed = v;
    }
    if (states.size > seen) {
      for (const [id, s] of states) if (s.seen !== round) states.delete(id);
    }
  }

  private vam(world: World, st: StationTable, i: number, s: VamState, nowMs: number, gdt: number): ItsMessage {
    const profile = positioningOf(st, i);
    const theta = st.theta[i]!;
    const geo = stationGeo(world, st, i);
    s.path.add(geo, st.x[i]!, st.y[i]!, nowMs);
    const vam: Vam = {
      generationDeltaTime: gdt,
      vamParameters: {
        basicContainer: { stationType: st.stationType[i]! as StationType, referencePosition: referencePosition(geo, theta, profile) },
        vruHighFrequencyContainer: {
          heading: wgs84AngleOf(theta, profile),
          speed: speedOf(st.speed[i]!, profile),
          longitudinalAcceleration: {
            longitudinalAccelerationValue: toEtsiAcceleration(st.accel[i]!),
            longitudinalAccelerationConfidence: profile.accelerationConfidence,
          },
          environment: environmentOf(world, st, i),
        },
      },
    };
    const params = vam.vamParameters!;
    if (s.lastLowFrequencyMs !== s.lastLowFrequencyMs || nowMs - s.lastLowFrequencyMs >= this.lowFrequencyMs) {
      s.lastLowFrequencyMs = nowMs;
      params.vruLowFrequencyContainer = {
        profileAndSubprofile: { pedestrian: ORDINARY_PEDESTRIAN },
        sizeClass: VruSizeClass.VRU_SIZE_CLASS_MEDIUM,
      };
    }
    const pathHistory = s.path.points(geo, st.x[i]!, st.y[i]!, nowMs);
    if (pathHistory.length > 0) params.vruMotionPredictionContainer = { pathHistory };
    return { header: itsHeader(MessageId.vam, st.stationId[i]!), vam };
  }
}

/** Where the pedestrian of station `i` is: on its crosswalk while walking, else on the sidewalk. */
function environmentOf(world: World, st: StationTable, i: number): VruEnvironment {
  const p = world.pedestrians[st.ref[i]!];
  if (p === undefined || !p.walking) return VruEnvironment.VRU_ENVIRONMENT_SIDEWALK;
  const cw = world.net.crosswalks[p.crosswalk];
  if (cw === undefined) return VruEnvironment.VRU_ENVIRONMENT_UNAVAILABLE;
  return cw.zebra ? VruEnvironment.VRU_ENVIRONMENT_ZEBRA_CROSSING : VruEnvironment.VRU_ENVIRONMENT_INTERSECTION_CROSSING;
}
