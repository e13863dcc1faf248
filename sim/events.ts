// What happened during a tick, for consumers outside the simulation (V2X facilities, recorder,
// KPI collector). Mechanics never read these back: they are output only (A/B Street's sim/events.rs).
import type { VehicleTypeName } from './vehicle-types.ts';
import type { SignalState } from './signals.ts';

export type SimEvent =
  | { type: 'vehicleEntered'; tick: number; vehicle: number; vehicleType: VehicleTypeName; entry: string }
  /** travelTime is NaN for a vehicle that was on the network at t = 0. */
  | { type: 'vehicleExited'; tick: number; vehicle: number; vehicleType: VehicleTypeName; exit: string; travelTime: number }
  | { type: 'shuttleArrived'; tick: number; vehicle: number; line: string; stop: string; direction: string }
  | { type: 'shuttleDeparted'; tick: number; vehicle: number; line: string; stop: string; direction: string; dwell: number }
  | { type: 'shuttleSkippedStop'; tick: number; vehicle: number; line: string; stop: string }
  | { type: 'shuttleTripCompleted'; tick: number; vehicle: number; line: string; roundTripTime: number }
  | { type: 'signalChanged'; tick: number; controller: string; group: string; state: SignalState }
  | { type: 'eventStarted'; tick: number; event: string; kind: string }
  | { type: 'eventEnded'; tick: number; event: string; kind: string }
  | { type: 'pedestrianCrossed'; tick: number; pedestrian: number; crosswalk: string; waited: number };
