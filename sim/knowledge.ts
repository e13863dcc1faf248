// What a shuttle's automation knows beyond its own sensors, learnt by radio (V2X) and handed to
// the simulation as inputs at tick boundaries. Plain decoded records in SI units and network
// coordinates: "red for group 12 until t = 812.3 s", "a hazard on lane 40 at 180 m": never bytes.
// Which kinds are used is switchable (scenario `v2x.closedLoop`), so a town can compare with and
// without V2X.
import type { SignalState } from './signals.ts';

export interface SignalAdvice {
  readonly state: SignalState;
  /** Sim times (s) when the current state ends: earliest, most likely and latest. */
  readonly minEnd: number;
  readonly likelyEnd: number;
  readonly maxEnd: number;
  readonly receivedAt: number;
}

export interface HazardNotice {
  readonly lane: number;
  /** Upstream edge on the lane, metres, and length of the blocked stretch. */
  readonly position: number;
  readonly length: number;
  readonly causeCode: number;
  /** Sim time after which the notice lapses if not refreshed (DENM validity). */
  readonly expires: number;
  readonly receivedAt: number;
}

export interface SpeedLimitNotice {
  readonly link: number;
  /** Stretch of the link, metres from its start. */
  readonly from: number;
  readonly to: number;
  /** m/s */
  readonly limit: number;
  readonly expires: number;
}

export interface PedestrianNotice {
  readonly crosswalk: number;
  readonly expires: number;
}

export interface ShuttleKnowledge {
  /** By signal group id. */
  readonly signals: Map<number, SignalAdvice>;
  /** By DENM action id (`station:sequence`). */
  readonly hazards: Map<string, HazardNotice>;
  /** By IVI identifier. */
  readonly speedLimits: Map<string, SpeedLimitNotice>;
  /** By crosswalk id: pedestrians reported on it (CPM). */
  readonly pedestrians: Map<number, PedestrianNotice>;
}

export function emptyKnowledge(): ShuttleKnowledge {
  return { signals: new Map(), hazards: new Map(), speedLimits: new Map(), pedestrians: new Map() };
}

/** One change to a shuttle's knowledge; `null` removes the entry (DENM cancelled, IVI ended). */
export type KnowledgeUpdate =
  | { readonly vehicle: number; readonly kind: 'signal'; readonly group: number; readonly advice: SignalAdvice | null }
  | { readonly vehicle: number; readonly kind: 'hazard'; readonly key: string; readonly notice: HazardNotice | null }
  | { readonly vehicle: number; readonly kind: 'speedLimit'; readonly key: string; readonly notice: SpeedLimitNotice | null }
  | { readonly vehicle: number; readonly kind: 'pedestrians'; readonly crosswalk: number; readonly notice: PedestrianNotice | null };
