// Typed identifiers (after A/B Street's CarID, PedestrianID): dense integer indices
// branded by what they index, so a lane index can never be passed where a vehicle slot is expected.
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Index into `Network.lanes` (link lanes and junction-internal lanes alike). */
export type LaneId = Brand<number, 'LaneId'>;
/** Index into `Network.links`. */
export type LinkId = Brand<number, 'LinkId'>;
/** Index into `Network.nodes`. */
export type NodeId = Brand<number, 'NodeId'>;
/** Index into `Network.connections`. */
export type ConnectionId = Brand<number, 'ConnectionId'>;
/** Index into `Network.controllers`. */
export type ControllerId = Brand<number, 'ControllerId'>;
/** Index into the flat signal-group state array (all controllers' groups, concatenated). */
export type SignalGroupId = Brand<number, 'SignalGroupId'>;
/** Index into `Network.crosswalks`. */
export type CrosswalkId = Brand<number, 'CrosswalkId'>;
/** Stable vehicle identity: allocated once, never reused within a run (table slots are reused). */
export type VehicleId = Brand<number, 'VehicleId'>;
/** Stable pedestrian identity, never reused within a run. */
export type PedestrianId = Brand<number, 'PedestrianId'>;
/** Index into `Network.rsus`. */
export type RsuId = Brand<number, 'RsuId'>;

export const asLane = (n: number) => n as LaneId;
export const asLink = (n: number) => n as LinkId;
export const asNode = (n: number) => n as NodeId;
export const asConnection = (n: number) => n as ConnectionId;
export const asController = (n: number) => n as ControllerId;
export const asGroup = (n: number) => n as SignalGroupId;
export const asCrosswalk = (n: number) => n as CrosswalkId;
export const asVehicle = (n: number) => n as VehicleId;
export const asPedestrian = (n: number) => n as PedestrianId;
export const asRsu = (n: number) => n as RsuId;
/** Sentinel for "none" in Int32 fields holding one of the ids above. */
export const NONE = -1;
