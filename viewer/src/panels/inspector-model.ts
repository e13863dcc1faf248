// What the inspector shows about the selected vehicle, RSU or signal, computed from the
// snapshot and the current frame (and, for a signal, the latest SPATEM of the RSU serving its
// controller). Pure: no React, no DOM; tested in Node.
import { decodeItsMessage } from '../../../v2x/codec.ts';
import type { LiveFrame, LiveSnapshot } from '../../../v2x/live/live-types.ts';
import type { ItsMessage } from '../../../v2x/message-types.ts';
import { headingFromNorthDegrees, latLonOf, rsusServing, signalStateName, SIGNAL_GROUP_KIND_NAMES, vehicleTypeName } from '../format/entities.ts';
import { signalNumbers, signalTiming, type PhaseTiming } from '../format/signal-timing.ts';
import type { LoggedMessage, MessageLog } from '../store/message-log.ts';

export interface Place {
  readonly x: number;
  readonly y: number;
  readonly lat: number;
  readonly lon: number;
}

export interface VehicleView {
  readonly id: number;
  readonly type: string;
  /** 0 = no V2X unit. */
  readonly stationId: number;
  readonly speedKmh: number;
  readonly accel: number;
  readonly laneId: number;
  /** Link key of the lane, "" for a junction-internal lane. */
  readonly linkKey: string;
  readonly place: Place;
  /** Degrees clockwise from north. */
  readonly headingDeg: number | undefined;
  readonly shuttle?: {
    readonly line: string;
    readonly colour: string;
    readonly nextStop: string;
    readonly doorsOpen: boolean;
    readonly dwellLeft: number;
  };
}

export interface RsuView {
  readonly index: number;
  readonly key: string;
  readonly name: string;
  readonly stationId: number;
  readonly place: Place;
  readonly mastHeight: number;
  readonly serves: readonly string[];
  readonly sensors: readonly { key: string; kind: string; heading: number; fov: number; range: number }[];
  /** 0..1, undefined when the stream does not carry it. */
  readonly busyRatio: number | undefined;
}

export interface SignalView {
  readonly controllerKey: string;
  readonly groupName: string;
  readonly kind: string;
  /** State shown now (from the frame). */
  readonly state: string;
  /** The RSUs speaking for the controller (SPATEM / MAPEM), by index. */
  readonly rsus: readonly { index: number; key: string; stationId: number }[];
  readonly intersectionId: number | undefined;
  readonly signalGroupId: number | undefined;
}

export interface HeardTiming {
  /** The SPATEM it came from. */
  readonly message: LoggedMessage;
  /** Sim time the SPATEM was sent at, s. */
  readonly sentAt: number;
  readonly phases: readonly PhaseTiming[];
}

function place(snapshot: LiveSnapshot, x: number, y: number): Place {
  return { x, y, ...latLonOf(snapshot, x, y) };
}

export function vehicleView(snapshot: LiveSnapshot, frame: LiveFrame, id: number): VehicleView | undefined {
  const v = frame.vehicles;
  const k = v.ids.indexOf(id);
  if (k < 0) return undefined;
  const laneId = v.laneIds[k] ?? 0;
  const sh = frame.shuttles.find((s) => s.vehicleId === id);
  const line = sh ? snapshot.shuttleLines[sh.line] : undefined;
  const stop = sh ? snapshot.shuttleStops.find((s) => s.line === sh.line && s.stopKey === sh.nextStop) : undefined;
  return {
    id,
    type: vehicleTypeName(v.types[k] ?? -1),
    stationId: v.stationIds[k] ?? 0,
    speedKmh: (v.speed[k] ?? Number.NaN) * 3.6,
    accel: v.accel[k] ?? Number.NaN,
    laneId,
    linkKey: snapshot.lanes[laneId]?.linkKey ?? '',
    place: place(snapshot, v.x[k]!, v.y[k]!),
    headingDeg: headingFromNorthDegrees(v.heading[k] ?? Number.NaN),
    ...(sh
      ? {
          shuttle: {
            line: line?.name || line?.key || `line ${sh.line}`,
            colour: line?.color ?? '#ffffff',
            nextStop: stop?.name || sh.nextStop,
            doorsOpen: sh.doorsOpen,
            dwellLeft: sh.dwellLeft,
          },
        }
      : {}),
  };
}

export function rsuView(snapshot: LiveSnapshot, frame: LiveFrame | null, index: number): RsuView | undefined {
  const r = snapshot.rsus[index];
  if (!r) return undefined;
  const busy = frame?.rsuBusyRatios[index];
  return {
    index,
    key: r.key,
    name: r.name,
    stationId: r.stationId,
    place: place(snapshot, r.x, r.y),
    mastHeight: r.mastHeight,
    serves: r.serves,
    sensors: r.sensors.map((s) => ({ key: s.key, kind: s.kind, heading: s.heading, fov: s.fov, range: s.range })),
    busyRatio: busy,
  };
}

export function signalView(snapshot: LiveSnapshot, frame: LiveFrame | null, controller: number, group: number): SignalView | undefined {
  const c = snapshot.controllers[controller];
  const g = snapshot.signalGroups[group];
  if (!c || !g) return undefined;
  const ids = signalNumbers(snapshot, group);
  const state = frame?.signalStates[group];
  return {
    controllerKey: c.key,
    groupName: g.name,
    kind: SIGNAL_GROUP_KIND_NAMES[g.kind] ?? String(g.kind),
    state: state === undefined ? 'unknown' : signalStateName(state),
    rsus: rsusServing(snapshot, controller).map((i) => ({ index: i, key: snapshot.rsus[i]!.key, stationId: snapshot.rsus[i]!.stationId })),
    intersectionId: ids?.intersectionId,
    signalGroupId: ids?.signalGroupId,
  };
}

const decoded = new WeakMap<LoggedMessage, ItsMessage | null>();

/** A logged message decoded once (null if it does not decode). */
export function decodedOf(m: LoggedMessage): ItsMessage | null {
  let d = decoded.get(m);
  if (d === undefined) {
    try {
      d = decodeItsMessage(m.bytes);
    } catch {
      d = null;
    }
    decoded.set(m, d);
  }
  return d;
}

/**
 * The signal's timing from the newest SPATEM sent by any of its RSUs that carries it, or
 * undefined when none was heard yet (the log keeps each station's last few SPATEMs).
 */
export function heardTiming(log: MessageLog, view: SignalView, tickSeconds: number): HeardTiming | undefined {
  if (view.intersectionId === undefined || view.signalGroupId === undefined) return undefined;
  let best: HeardTiming | undefined;
  for (const r of view.rsus) {
    const sent = log.station(r.stationId)?.sentByFamily.get('spatem');
    if (!sent) continue;
    for (let i = sent.length - 1; i >= 0; i--) {
      const m = sent.at(i)!;
      if (m.family !== 'spatem') continue;
      if (best && m.seq <= best.message.seq) break;
      const msg = decodedOf(m);
      const t = msg ? signalTiming(msg, view.intersectionId, view.signalGroupId) : undefined;
      if (!t) continue;
      best = { message: m, sentAt: m.tick * tickSeconds, phases: t.phases };
      break;
    }
  }
  return best;
}
