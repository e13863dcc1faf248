// Friendly names for the generated types of the live stream (package corridor.live.v1,
// v2x/proto/corridor/live/v1/, docs/live-frames.md), and the plain decoded forms that
// `decodeFrame` / `decodeSnapshot` (frame-builder.ts) hand out: every field present (defaults
// filled in), lists as plain arrays of numbers, enums as their numbers.
import { corridor } from '../generated/corridor_live_v1.js';
import { FAMILIES, type Family } from '../families.ts';

/** The generated message classes (encode / decode). */
export const LiveProto = corridor.live.v1;

/** Wire shapes (what the generated `encode` accepts). */
export type FrameMessage = corridor.live.v1.Frame.$Shape;
export type SnapshotMessage = corridor.live.v1.Snapshot.$Shape;

/** A decoded message as a plain object: every field present and non-null, `$unknowns` dropped. */
export type Plain<T> = { -readonly [K in keyof T as K extends '$unknowns' ? never : K]-?: PlainValue<NonNullable<T[K]>> };
type PlainValue<V> = V extends Uint8Array ? Uint8Array : V extends readonly (infer E)[] ? PlainValue<E>[] : V extends object ? Plain<V> : V;

export type LiveFrame = Plain<corridor.live.v1.Frame.$Shape>;
export type LiveSnapshot = Plain<corridor.live.v1.Snapshot.$Shape>;
export type LiveVehicles = Plain<corridor.live.v1.Vehicles.$Shape>;
export type LivePedestrians = Plain<corridor.live.v1.Pedestrians.$Shape>;
export type LiveDeliveries = Plain<corridor.live.v1.Deliveries.$Shape>;
export type LiveCounters = Plain<corridor.live.v1.Counters.$Shape>;
export type LiveTransmission = Plain<corridor.live.v1.Transmission.$Shape>;
export type LiveActiveEvent = Plain<corridor.live.v1.ActiveEvent.$Shape>;
export type LiveShuttleState = Plain<corridor.live.v1.ShuttleState.$Shape>;
export type LiveScenarioInfo = Plain<corridor.live.v1.ScenarioInfo.$Shape>;
export type LiveLane = Plain<corridor.live.v1.Lane.$Shape>;
export type LiveLink = Plain<corridor.live.v1.Link.$Shape>;
export type LiveNode = Plain<corridor.live.v1.Node.$Shape>;
export type LiveController = Plain<corridor.live.v1.Controller.$Shape>;
export type LiveSignalGroup = Plain<corridor.live.v1.SignalGroup.$Shape>;
export type LiveSignalHead = Plain<corridor.live.v1.SignalHead.$Shape>;
export type LiveCrosswalk = Plain<corridor.live.v1.Crosswalk.$Shape>;
export type LiveRsu = Plain<corridor.live.v1.Rsu.$Shape>;
export type LiveShuttleLine = Plain<corridor.live.v1.ShuttleLine.$Shape>;
export type LiveShuttleStop = Plain<corridor.live.v1.ShuttleStop.$Shape>;
export type LiveBuilding = Plain<corridor.live.v1.Building.$Shape>;

/** Enums (numbers on the wire, same numbering as the simulation's own constants). */
export const LiveVehicleType = corridor.live.v1.VehicleType;
export type LiveVehicleType = corridor.live.v1.VehicleType;
export const LiveSignalState = corridor.live.v1.SignalState;
export type LiveSignalState = corridor.live.v1.SignalState;
export const MessageFamily = corridor.live.v1.MessageFamily;
export type MessageFamily = corridor.live.v1.MessageFamily;
export const NodeKind = corridor.live.v1.NodeKind;
export type NodeKind = corridor.live.v1.NodeKind;
export const SignalGroupKind = corridor.live.v1.SignalGroupKind;
export type SignalGroupKind = corridor.live.v1.SignalGroupKind;

/** MessageFamily number of a V2X family (FAMILIES index + 1; 0 is unspecified). */
export function messageFamilyOf(family: Family): MessageFamily {
  return (FAMILIES.indexOf(family) + 1) as MessageFamily;
}

/** The V2X family of a MessageFamily number, undefined for 0 or an unknown number. */
export function familyOfMessageFamily(code: number): Family | undefined {
  return code >= 1 ? FAMILIES[code - 1] : undefined;
}
