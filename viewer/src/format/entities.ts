// Display words and lookups for the inspector: vehicle types and signal states by their live
// stream numbers, station ids, headings, geographic positions, and which RSU speaks for a
// signal controller. Pure functions of the snapshot and frame.
import { makeGeo, type Geo } from '../../../sim/geo.ts';
import type { LiveSnapshot } from '../../../v2x/live/live-types.ts';
import { HEADING_UNAVAILABLE, toEtsiHeading } from '../../../v2x/units.ts';

/** VehicleType numbers (car 0, bus 1, truck 2, shuttle 3). */
export const VEHICLE_TYPE_NAMES: readonly string[] = ['car', 'bus', 'truck', 'shuttle'];
/** SignalState numbers (dark 0, red 1, green 2, amber 3, pedestrian clearance 4). */
export const SIGNAL_STATE_NAMES: readonly string[] = ['dark', 'red', 'green', 'amber', 'pedestrian clearance'];
/** SignalGroupKind numbers. */
export const SIGNAL_GROUP_KIND_NAMES: readonly string[] = ['unspecified', 'vehicle', 'pedestrian'];

export function vehicleTypeName(type: number): string {
  return VEHICLE_TYPE_NAMES[type] ?? `type ${type}`;
}

export function signalStateName(state: number): string {
  return SIGNAL_STATE_NAMES[state] ?? `state ${state}`;
}

/** Station id as shown: the number, or "not equipped" for 0 (a vehicle without a V2X unit). */
export function stationLabel(stationId: number): string {
  return stationId === 0 ? 'not equipped' : String(stationId);
}

/** Who a station id belongs to, by Corridor's numbering (docs/live-frames.md). */
export function stationKind(stationId: number): 'rsu' | 'vehicle' | 'pedestrian' | 'unknown' {
  if (stationId >= 5_000_000) return 'pedestrian';
  if (stationId >= 100_000) return 'vehicle';
  if (stationId >= 1001) return 'rsu';
  return 'unknown';
}

/** A station as people call it: the RSU's name, "vehicle 42", "pedestrian 7" (by Corridor's numbering). */
export function stationName(snapshot: LiveSnapshot | null, stationId: number): string {
  switch (stationKind(stationId)) {
    case 'rsu': {
      const r = snapshot?.rsus.find((x) => x.stationId === stationId);
      return r ? r.name || r.key : `RSU ${stationId}`;
    }
    case 'vehicle':
      return `vehicle ${stationId - 100_000}`;
    case 'pedestrian':
      return `pedestrian ${stationId - 5_000_000}`;
    default:
      return `station ${stationId}`;
  }
}

/** A local heading (radians counter-clockwise from east) in degrees clockwise from north, 0..359.9. */
export function headingFromNorthDegrees(radiansCcwFromEast: number): number | undefined {
  const h = toEtsiHeading(radiansCcwFromEast);
  return h === HEADING_UNAVAILABLE ? undefined : h / 10;
}

const geos = new WeakMap<LiveSnapshot, Geo>();

/** WGS84 degrees of a local position of the snapshot's scenario. */
export function latLonOf(snapshot: LiveSnapshot, x: number, y: number): { lat: number; lon: number } {
  let g = geos.get(snapshot);
  if (!g) {
    const s = snapshot.scenario;
    g = makeGeo({ lat: s.originLat, lon: s.originLon, alt: s.originAlt });
    geos.set(snapshot, g);
  }
  const p = g.toGeo(x, y);
  return { lat: p.lat, lon: p.lon };
}

/** Indices of the RSUs broadcasting the SPATEM / MAPEM of a controller (Snapshot.rsus[].serves). */
export function rsusServing(snapshot: LiveSnapshot, controller: number): number[] {
  const key = snapshot.controllers[controller]?.key;
  if (key === undefined) return [];
  const out: number[] = [];
  snapshot.rsus.forEach((r, i) => {
    if (r.serves.includes(key)) out.push(i);
  });
  return out;
}

/** UTC year at a sim time of the scenario (MinuteOfTheYear values need it), undefined if the start time does not parse. */
export function utcYearAt(snapshot: LiveSnapshot, simTime: number): number | undefined {
  const start = Date.parse(snapshot.scenario.startTime);
  if (!Number.isFinite(start)) return undefined;
  return new Date(start + simTime * 1000).getUTCFullYear();
}

/** A duration in seconds as "12.3 s" ("–" when unknown). */
export function formatSeconds(s: number | undefined): string {
  if (s === undefined || Number.isNaN(s)) return '–';
  if (!Number.isFinite(s)) return 'more than an hour';
  return `${s.toFixed(1)} s`;
}
