// The one boundary between Corridor's SI units (metres, seconds, radians, WGS84 degrees, local
// x east / y north) and the ETSI integer units of the contract (v2x/proto). Facilities convert
// here when they build messages; receivers convert back here when they read them. Nothing else
// in Corridor multiplies by 1e7 or by 100.
//
// `toEtsi*` rounds to the nearest unit, clamps to the ETSI range (using the "outOfRange" values
// where ETSI defines them) and writes the "unavailable" sentinel for NaN. `fromEtsi*` returns
// undefined for the sentinel. Headings: the local frame is the scenario's ENU tangent plane, so
// local north is true north to well under the 0.1 degree unit across a corridor (the meridian
// convergence 1 km east of the origin at 47 degrees N is 0.01 degree).
import type { DeltaReferencePosition, NodeOffsetPointXy } from './message-types.ts';

// ---- Sentinels ------------------------------------------------------------------------------

export const LATITUDE_UNAVAILABLE = 900_000_001;
export const LONGITUDE_UNAVAILABLE = 1_800_000_001;
export const ALTITUDE_UNAVAILABLE = 800_001;
/** SemiAxisLength: unavailable (4094 = out of range). */
export const SEMI_AXIS_UNAVAILABLE = 4095;
export const SPEED_UNAVAILABLE = 16_383;
/** HeadingValue and Wgs84AngleValue. */
export const HEADING_UNAVAILABLE = 3601;
export const CARTESIAN_ANGLE_UNAVAILABLE = 3601;
export const ACCELERATION_UNAVAILABLE = 161;
export const YAW_RATE_UNAVAILABLE = 32_767;
export const CURVATURE_UNAVAILABLE = 1023;
export const VEHICLE_LENGTH_UNAVAILABLE = 1023;
export const VEHICLE_WIDTH_UNAVAILABLE = 62;
export const DELTA_LAT_LON_UNAVAILABLE = 131_072;
export const DELTA_ALTITUDE_UNAVAILABLE = 12_800;
export const VELOCITY_COMPONENT_UNAVAILABLE = 16_383;
/** TimeMark: unknown. */
export const TIME_MARK_UNKNOWN = 36_001;
/** TimeMark: more than an hour away. */
export const TIME_MARK_BEYOND_HOUR = 36_000;
export const MINUTE_OF_THE_YEAR_INVALID = 527_040;
export const DSECOND_UNAVAILABLE = 65_535;
/** Confidence fields (speed, heading, angles): 126 = out of range, 127 = unavailable. */
export const CONFIDENCE_UNAVAILABLE = 127;

const DEG = 180 / Math.PI;
const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);
const isGood = (v: number) => Number.isFinite(v);

// ---- Position ---------------------------------------------------------------------------------

/** WGS84 latitude in degrees to Latitude (0.1 microdegree). */
export function toEtsiLatitude(deg: number): number {
  return isGood(deg) ? clamp(Math.round(deg * 1e7), -900_000_000, 900_000_000) : LATITUDE_UNAVAILABLE;
}
export function fromEtsiLatitude(v: number): number | undefined {
  return v === LATITUDE_UNAVAILABLE ? undefined : v / 1e7;
}

/** WGS84 longitude in degrees (any turn, normalised to [-180, 180]) to Longitude (0.1 microdegree). */
export function toEtsiLongitude(deg: number): number {
  if (!isGood(deg)) return LONGITUDE_UNAVAILABLE;
  const wrapped = deg >= -180 && deg <= 180 ? deg : ((((deg + 180) % 360) + 360) % 360) - 180;
  return clamp(Math.round(wrapped * 1e7), -1_800_000_000, 1_800_000_000);
}
export function fromEtsiLongitude(v: number): number | undefined {
  return v === LONGITUDE_UNAVAILABLE ? undefined : v / 1e7;
}

/** Metres above the WGS84 ellipsoid to AltitudeValue (0.01 m, -1000 m .. 8000 m). */
export function toEtsiAltitude(metres: number): number {
  return isGood(metres) ? clamp(Math.round(metres * 100), -100_000, 800_000) : ALTITUDE_UNAVAILABLE;
}
export function fromEtsiAltitude(v: number): number | undefined {
  return v === ALTITUDE_UNAVAILABLE ? undefined : v / 100;
}

/** SemiAxisLength of a confidence ellipse: metres to 0.01 m (0..4093, 4094 = 40.94 m or more, 4095 unavailable). */
export function toEtsiSemiAxisLength(metres: number): number {
  return isGood(metres) ? clamp(Math.round(Math.abs(metres) * 100), 0, 4094) : SEMI_AXIS_UNAVAILABLE;
}
export function fromEtsiSemiAxisLength(v: number): number | undefined {
  return v === SEMI_AXIS_UNAVAILABLE ? undefined : v / 100;
}

/** DSRC LaneWidth (MAPEM): metres to 0.01 m, 0..32767. */
export function toEtsiLaneWidth(metres: number): number {
  if (!isGood(metres)) throw new RangeError(`LaneWidth has no unavailable value: ${metres}`);
  return clamp(Math.round(metres * 100), 0, 32_767);
}

/** IviLaneWidth (IVIM segment): metres to 0.01 m, 0..1023. */
export function toEtsiIviLaneWidth(metres: number): number {
  if (!isGood(metres)) throw new RangeError(`IviLaneWidth has no unavailable value: ${metres}`);
  return clamp(Math.round(metres * 100), 0, 1023);
}

export interface GeoDegrees {
  lat: number;
  lon: number;
  /** Metres; omitted = unavailable. */
  alt?: number;
}

/**
 * DeltaReferencePosition of `to` relative to `from` (a path point relative to the previous one):
 * the difference of the ETSI-rounded positions, so chained deltas add up exactly to the rounded
 * end point. Deltas beyond +-131071 (about 1.4 km) are clamped.
 */
export function toEtsiDeltaReferencePosition(from: GeoDegrees, to: GeoDegrees): DeltaReferencePosition {
  const dLat = toEtsiLatitude(to.lat) - toEtsiLatitude(from.lat);
  const dLon = toEtsiLongitude(to.lon) - toEtsiLongitude(from.lon);
  const altKnown = from.alt !== undefined && to.alt !== undefined && isGood(from.alt) && isGood(to.alt);
  return {
    deltaLatitude: isGood(to.lat) && isGood(from.lat) ? clamp(dLat, -131_071, 131_071) : DELTA_LAT_LON_UNAVAILABLE,
    deltaLongitude: isGood(to.lon) && isGood(from.lon) ? clamp(dLon, -131_071, 131_071) : DELTA_LAT_LON_UNAVAILABLE,
    deltaAltitude: altKnown ? clamp(Math.round((to.alt! - from.alt!) * 100), -12_700, 12_799) : DELTA_ALTITUDE_UNAVAILABLE,
  };
}

/** Applies a DeltaReferencePosition to a position in degrees; unavailable parts give NaN. */
export function applyEtsiDelta(from: GeoDegrees, delta: DeltaReferencePosition): GeoDegrees {
  const dLat = delta.deltaLatitude ?? 0;
  const dLon = delta.deltaLongitude ?? 0;
  const dAlt = delta.deltaAltitude ?? 0;
  const out: GeoDegrees = {
    lat: dLat === DELTA_LAT_LON_UNAVAILABLE ? NaN : (toEtsiLatitude(from.lat) + dLat) / 1e7,
    lon: dLon === DELTA_LAT_LON_UNAVAILABLE ? NaN : (toEtsiLongitude(from.lon) + dLon) / 1e7,
  };
  if (from.alt !== undefined) out.alt = dAlt === DELTA_ALTITUDE_UNAVAILABLE ? NaN : from.alt + dAlt / 100;
  return out;
}

// ---- Kinematics -------------------------------------------------------------------------------

/** Speed in m/s to SpeedValue (0.01 m/s). The magnitude is used; 163.82 m/s and above give 16382. */
export function toEtsiSpeed(metresPerSecond: number): number {
  return isGood(metresPerSecond) ? Math.min(Math.round(Math.abs(metresPerSecond) * 100), 16_382) : SPEED_UNAVAILABLE;
}
export function fromEtsiSpeed(v: number): number | undefined {
  return v === SPEED_UNAVAILABLE ? undefined : v / 100;
}

/**
 * Direction in the local frame (radians, counter-clockwise from east, the sim's `theta`) to
 * HeadingValue / Wgs84AngleValue (0.1 degree clockwise from north, 0..3599).
 */
export function toEtsiHeading(radiansCcwFromEast: number): number {
  if (!isGood(radiansCcwFromEast)) return HEADING_UNAVAILABLE;
  const deg = 90 - radiansCcwFromEast * DEG;
  const tenths = Math.round((((deg % 360) + 360) % 360) * 10);
  return tenths === 3600 ? 0 : tenths;
}
/** HeadingValue to radians counter-clockwise from east, in (-pi, pi]. */
export function fromEtsiHeading(v: number): number | undefined {
  if (v === HEADING_UNAVAILABLE) return undefined;
  return normaliseAngle((90 - v / 10) / DEG);
}

/** Angle in the local frame (radians, counter-clockwise from east = x) to CartesianAngleValue (0.1 degree, 0..3599). */
export function toEtsiCartesianAngle(radiansCcwFromX: number): number {
  if (!isGood(radiansCcwFromX)) return CARTESIAN_ANGLE_UNAVAILABLE;
  const tenths = Math.round((((radiansCcwFromX * DEG) % 360) + 360) % 360 * 10);
  return tenths === 3600 ? 0 : tenths;
}
/** CartesianAngleValue to radians counter-clockwise from x, in (-pi, pi]. */
export function fromEtsiCartesianAngle(v: number): number | undefined {
  return v === CARTESIAN_ANGLE_UNAVAILABLE ? undefined : normaliseAngle(v / 10 / DEG);
}

function normaliseAngle(rad: number): number {
  let a = rad % (2 * Math.PI);
  if (a <= -Math.PI) a += 2 * Math.PI;
  else if (a > Math.PI) a -= 2 * Math.PI;
  return a;
}

/** Acceleration in m/s^2 to AccelerationValue (0.1 m/s^2, -160 = -16 or less, 160 = more than 15.9). */
export function toEtsiAcceleration(metresPerSecond2: number): number {
  return isGood(metresPerSecond2) ? clamp(Math.round(metresPerSecond2 * 10), -160, 160) : ACCELERATION_UNAVAILABLE;
}
export function fromEtsiAcceleration(v: number): number | undefined {
  return v === ACCELERATION_UNAVAILABLE ? undefined : v / 10;
}

/** Yaw rate in rad/s, counter-clockwise positive, to YawRateValue (0.01 degree/s). */
export function toEtsiYawRate(radiansPerSecond: number): number {
  return isGood(radiansPerSecond) ? clamp(Math.round(radiansPerSecond * DEG * 100), -32_766, 32_766) : YAW_RATE_UNAVAILABLE;
}
export function fromEtsiYawRate(v: number): number | undefined {
  return v === YAW_RATE_UNAVAILABLE ? undefined : v / 100 / DEG;
}

/** Curvature in 1/m, left turns positive, to CurvatureValue (1/10000 per metre). */
export function toEtsiCurvature(perMetre: number): number {
  return isGood(perMetre) ? clamp(Math.round(perMetre * 10_000), -1023, 1022) : CURVATURE_UNAVAILABLE;
}
export function fromEtsiCurvature(v: number): number | undefined {
  return v === CURVATURE_UNAVAILABLE ? undefined : v / 10_000;
}

/** Vehicle length in metres to VehicleLengthValue (0.1 m, 1..1021, 1022 = longer than 102.1 m). */
export function toEtsiVehicleLength(metres: number): number {
  return isGood(metres) ? clamp(Math.round(metres * 10), 1, 1022) : VEHICLE_LENGTH_UNAVAILABLE;
}
export function fromEtsiVehicleLength(v: number): number | undefined {
  return v === VEHICLE_LENGTH_UNAVAILABLE ? undefined : v / 10;
}

/** Vehicle width in metres to VehicleWidth (0.1 m, 1..60, 61 = wider than 6 m). */
export function toEtsiVehicleWidth(metres: number): number {
  return isGood(metres) ? clamp(Math.round(metres * 10), 1, 61) : VEHICLE_WIDTH_UNAVAILABLE;
}
export function fromEtsiVehicleWidth(v: number): number | undefined {
  return v === VEHICLE_WIDTH_UNAVAILABLE ? undefined : v / 10;
}

/** A velocity component in m/s (CPM x east / y north) to VelocityComponentValue (0.01 m/s). */
export function toEtsiVelocityComponent(metresPerSecond: number): number {
  return isGood(metresPerSecond) ? clamp(Math.round(metresPerSecond * 100), -16_383, 16_382) : VELOCITY_COMPONENT_UNAVAILABLE;
}
export function fromEtsiVelocityComponent(v: number): number | undefined {
  return v === VELOCITY_COMPONENT_UNAVAILABLE ? undefined : v / 100;
}

/** A local offset in metres (CPM object position) to CartesianCoordinateLarge (0.01 m, clamped to +-1310.7 m). */
export function toEtsiCartesianCoordinate(metres: number): number {
  if (!isGood(metres)) throw new RangeError(`CartesianCoordinate has no unavailable value: ${metres}`);
  return clamp(Math.round(metres * 100), -131_072, 131_071);
}
export function fromEtsiCartesianCoordinate(v: number): number {
  return v / 100;
}

// ---- MAP node offsets ---------------------------------------------------------------------------

const NODE_CLASSES = [
  ['nodeXy1', 511],
  ['nodeXy2', 1023],
  ['nodeXy3', 2047],
  ['nodeXy4', 4095],
  ['nodeXy5', 8191],
  ['nodeXy6', 32_767],
] as const;

/**
 * A node offset in metres (x east, y north, from the previous node or the refPoint) to the
 * smallest NodeOffsetPointXY alternative holding it (centimetres). Throws RangeError beyond
 * +-327.67 m: add an intermediate node.
 */
export function toNodeOffsetXy(dxMetres: number, dyMetres: number): NodeOffsetPointXy {
  const x = Math.round(dxMetres * 100);
  const y = Math.round(dyMetres * 100);
  if (!Number.isFinite(x) || !Number.isFinite(y)) throw new RangeError(`node offset is not finite: ${dxMetres}, ${dyMetres}`);
  const m = Math.max(x < 0 ? -x - 1 : x, y < 0 ? -y - 1 : y);
  for (const [name, max] of NODE_CLASSES) if (m <= max) return { [name]: { x, y } } as NodeOffsetPointXy;
  throw new RangeError(`node offset ${dxMetres} m, ${dyMetres} m exceeds +-327.67 m: add an intermediate node`);
}

/** The offset of a NodeOffsetPointXY in metres, or undefined for node-LatLon (an absolute position). */
export function fromNodeOffsetXy(delta: NodeOffsetPointXy): { x: number; y: number } | undefined {
  for (const [name] of NODE_CLASSES) {
    const xy = delta[name];
    if (xy !== undefined && xy !== null) return { x: (xy.x ?? 0) / 100, y: (xy.y ?? 0) / 100 };
  }
  return undefined;
}

// ---- Time -------------------------------------------------------------------------------------

/** 2004-01-01T00:00:00.000Z in Unix milliseconds: the epoch of TimestampIts. */
export const ITS_EPOCH_UTC_MS = Date.UTC(2004, 0, 1);

/**
 * UTC instants (Unix ms) at which TAI - UTC grew by one second after 2004-01-01 (IERS Bulletin C):
 * TimestampIts follows TAI, so it runs ahead of the UTC count by the leap seconds inserted since
 * its epoch. Append the next one here when IERS announces it.
 */
export const LEAP_SECONDS_AFTER_ITS_EPOCH: readonly number[] = [
  Date.UTC(2006, 0, 1),
  Date.UTC(2009, 0, 1),
  Date.UTC(2012, 6, 1),
  Date.UTC(2015, 6, 1),
  Date.UTC(2017, 0, 1),
];

/** Leap seconds between the ITS epoch and now: 5 since 2017-01-01 (TAI - UTC = 37 s, 32 s in 2004). */
export const ITS_LEAP_SECONDS = LEAP_SECONDS_AFTER_ITS_EPOCH.length;

function leapSecondsAt(utcMs: number): number {
  let n = 0;
  for (const t of LEAP_SECONDS_AFTER_ITS_EPOCH) if (utcMs >= t) n++;
  return n;
}

let cachedIso = '';
let cachedIsoMs = 0;

/**
 * Unix milliseconds (UTC) of a sim time: `startTimeIso` (the scenario's start, with an explicit
 * `Z` or offset) plus `simTimeSeconds`.
 */
export function utcMs(simTimeSeconds: number, startTimeIso: string): number {
  if (startTimeIso !== cachedIso) {
    if (!/(Z|[+-]\d\d:?\d\d)$/i.test(startTimeIso)) {
      throw new RangeError(`start time needs an explicit UTC offset (Z or +hh:mm): ${startTimeIso}`);
    }
    const ms = Date.parse(startTimeIso);
    if (!Number.isFinite(ms)) throw new RangeError(`not an ISO 8601 time: ${startTimeIso}`);
    cachedIso = startTimeIso;
    cachedIsoMs = ms;
  }
  return cachedIsoMs + simTimeSeconds * 1000;
}

/** TimestampIts (ms since the ITS epoch, leap seconds counted) of a UTC instant, rounded to the millisecond. */
export function timestampItsFromUtcMs(unixMs: number): number {
  const ms = Math.round(unixMs);
  return ms - ITS_EPOCH_UTC_MS + leapSecondsAt(ms) * 1000;
}

/** The UTC instant (Unix ms) of a TimestampIts. */
export function utcMsFromTimestampIts(timestampIts: number): number {
  const guess = timestampIts + ITS_EPOCH_UTC_MS - ITS_LEAP_SECONDS * 1000;
  const first = timestampIts + ITS_EPOCH_UTC_MS - leapSecondsAt(guess) * 1000;
  return timestampIts + ITS_EPOCH_UTC_MS - leapSecondsAt(first) * 1000;
}

/**
 * TimestampIts of a sim time: ms since 2004-01-01T00:00:00Z plus the leap seconds since then
 * (so 2007-01-01T00:00:00Z is 94 694 401 000, the CDD's example).
 */
export function timestampIts(simTimeSeconds: number, startTimeIso: string): number {
  return timestampItsFromUtcMs(utcMs(simTimeSeconds, startTimeIso));
}

/** The sim time of a TimestampIts. */
export function simTimeFromTimestampIts(timestampIts: number, startTimeIso: string): number {
  return (utcMsFromTimestampIts(timestampIts) - utcMs(0, startTimeIso)) / 1000;
}

/** GenerationDeltaTime: TimestampIts mod 65536 (ms; wraps every 65.5 s). */
export function generationDeltaTime(timestampIts: number): number {
  return ((timestampIts % 65_536) + 65_536) % 65_536;
}

/**
 * The TimestampIts a GenerationDeltaTime denotes: the one closest to `referenceTimestampIts`
 * (a receiver's clock), assuming the two are less than 32.7 s apart.
 */
export function timestampItsFromGenerationDeltaTime(gdt: number, referenceTimestampIts: number): number {
  const base = referenceTimestampIts - generationDeltaTime(referenceTimestampIts);
  let t = base + gdt;
  if (t - referenceTimestampIts > 32_768) t -= 65_536;
  else if (referenceTimestampIts - t > 32_768) t += 65_536;
  return t;
}

const HOUR_MS = 3_600_000;

/**
 * TimeMark of a UTC instant (Unix ms): tenths of a second since the start of its UTC hour,
 * 0..35999 (rounded down). With `nowUtcMs`, an instant an hour or more after now gives 36000
 * ("more than an hour away"). NaN gives 36001 (unknown).
 */
export function timeMark(unixMs: number, nowUtcMs?: number): number {
  if (!isGood(unixMs)) return TIME_MARK_UNKNOWN;
  if (nowUtcMs !== undefined && unixMs - nowUtcMs >= HOUR_MS) return TIME_MARK_BEYOND_HOUR;
  return Math.floor((((unixMs % HOUR_MS) + HOUR_MS) % HOUR_MS) / 100);
}

/**
 * How far in the past a TimeMark may lie before it is read as the next hour's: a TimeMark names
 * an instant in the current or the next UTC hour; an instant up to 15 minutes ago (a phase's
 * startTime) stays in the past, anything earlier is taken as the same minute of the next hour.
 */
export const TIME_MARK_PAST_WINDOW_MS = 15 * 60_000;

/**
 * The UTC instant (Unix ms) a TimeMark denotes, seen at `nowUtcMs`: the start of its 100 ms step,
 * taken in the hour that puts the step's end in (now - 15 min, now + 45 min], so instants in
 * [now - 15 min, now + 45 min - 0.1 s) come back to within 0.1 s. 36000 gives +Infinity (more
 * than an hour away), 36001 undefined.
 */
export function utcMsFromTimeMark(mark: number, nowUtcMs: number): number | undefined {
  if (mark === TIME_MARK_UNKNOWN) return undefined;
  if (mark === TIME_MARK_BEYOND_HOUR) return Number.POSITIVE_INFINITY;
  const hourStart = nowUtcMs - (((nowUtcMs % HOUR_MS) + HOUR_MS) % HOUR_MS);
  let t = hourStart + mark * 100;
  if (t + 100 <= nowUtcMs - TIME_MARK_PAST_WINDOW_MS) t += HOUR_MS;
  else if (t + 100 > nowUtcMs + HOUR_MS - TIME_MARK_PAST_WINDOW_MS) t -= HOUR_MS;
  return t;
}

/** MinuteOfTheYear of a UTC instant: whole minutes since 1 January 00:00 UTC of its year. NaN gives 527040 (invalid). */
export function minuteOfTheYear(unixMs: number): number {
  if (!isGood(unixMs)) return MINUTE_OF_THE_YEAR_INVALID;
  const yearStart = Date.UTC(new Date(unixMs).getUTCFullYear(), 0, 1);
  return Math.floor((unixMs - yearStart) / 60_000);
}

/** DSecond of a UTC instant: milliseconds within its minute, 0..59999. NaN gives 65535 (unavailable). */
export function dSecond(unixMs: number): number {
  if (!isGood(unixMs)) return DSECOND_UNAVAILABLE;
  return Math.floor(((unixMs % 60_000) + 60_000) % 60_000);
}

/**
 * The UTC instant (Unix ms) of a MinuteOfTheYear plus DSecond, in the year (of the ones around
 * `nowUtcMs`) that puts it closest to now. Invalid or unavailable values give undefined;
 * DSecond 60000..60999 (a leap second) reads as the last second of the minute.
 */
export function utcMsFromMinuteOfTheYear(moy: number, dSecondMs: number, nowUtcMs: number): number | undefined {
  if (moy === MINUTE_OF_THE_YEAR_INVALID || dSecondMs === DSECOND_UNAVAILABLE || dSecondMs > 60_999) return undefined;
  const ms = Math.min(dSecondMs, 59_999);
  const year = new Date(nowUtcMs).getUTCFullYear();
  let best: number | undefined;
  for (const y of [year - 1, year, year + 1]) {
    const t = Date.UTC(y, 0, 1) + moy * 60_000 + ms;
    if (best === undefined || Math.abs(t - nowUtcMs) < Math.abs(best - nowUtcMs)) best = t;
  }
  return best;
}
