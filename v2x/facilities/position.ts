// A station's local pose (metres, radians counter-clockwise from east, m/s) as the ETSI data
// elements every awareness message carries: ReferencePositionWithConfidence, Heading,
// Wgs84Angle, Speed, and the ItsPduHeader. Shared by the CAM, VAM and other facilities.
//
// Geodesy goes through sim/geo.ts (one converter per world, cached here); unit conversion
// through v2x/units.ts. The confidences are fixed per positioning class (below): the sim's
// positions are exact, so what a station announces is the 95 % accuracy its sensors would have.
//
// Altitude: the sim's ground is the scenario's local tangent plane, so the altitude of a point
// is that of the plane (z = 0) or of an RSU's antenna (z = mast height) above the WGS84
// ellipsoid, as sim/geo.ts gives it.
import { makeGeo, type Geo, type GeoPoint } from '../../sim/geo.ts';
import type { World } from '../../sim/world.ts';
import { StationKind, type StationTable } from '../stations.ts';
import {
  AltitudeConfidence,
  ProtocolVersion,
  payloadKindOfMessageId,
  type Heading,
  type ItsPduHeader,
  type PathPoint,
  type ReferencePositionWithConfidence,
  type Speed,
  type Wgs84Angle,
} from '../message-types.ts';
import {
  toEtsiAltitude,
  toEtsiDeltaReferencePosition,
  toEtsiHeading,
  toEtsiLatitude,
  toEtsiLongitude,
  toEtsiSpeed,
} from '../units.ts';

/**
 * The 95 % confidences a station announces, in ETSI units (they are declared figures, not
 * converted measurements).
 */
export interface PositioningProfile {
  /** SemiAxisLength of the horizontal confidence ellipse along the heading, 0.01 m. */
  readonly semiMajor: number;
  /** SemiAxisLength across the heading, 0.01 m. */
  readonly semiMinor: number;
  readonly altitudeConfidence: AltitudeConfidence;
  /** HeadingConfidence / Wgs84AngleConfidence, 0.1 degree. */
  readonly headingConfidence: number;
  /** SpeedConfidence, 0.01 m/s. */
  readonly speedConfidence: number;
  /** AccelerationConfidence, 0.1 m/s². */
  readonly accelerationConfidence: number;
}

/**
 * Positioning classes:
 * - `rtk`: the automated shuttles (GNSS with RTK corrections fused with IMU and odometry):
 *   10 cm, 20 cm vertical, heading 0.5 degree, speed 0.05 m/s.
 * - `gnss`: ordinary equipped vehicles (automotive GNSS with dead reckoning): 50 cm along the
 *   heading, 30 cm across, 1 m vertical, heading 2 degree, speed 0.1 m/s.
 * - `phone`: pedestrians' smartphones: 5 m / 3 m, 10 m vertical, heading 10 degree, speed 0.5 m/s.
 * - `surveyed`: RSUs, whose position is surveyed at installation: 5 cm, 10 cm vertical; they
 *   do not move, so heading and speed are exact when sent.
 */
export const POSITIONING = {
  rtk: {
    semiMajor: 10,
    semiMinor: 10,
    altitudeConfidence: AltitudeConfidence.ALTITUDE_CONFIDENCE_ALT_000_20,
    headingConfidence: 5,
    speedConfidence: 5,
    accelerationConfidence: 1,
  },
  gnss: {
    semiMajor: 50,
    semiMinor: 30,
    altitudeConfidence: AltitudeConfidence.ALTITUDE_CONFIDENCE_ALT_001_00,
    headingConfidence: 20,
    speedConfidence: 10,
    accelerationConfidence: 2,
  },
  phone: {
    semiMajor: 500,
    semiMinor: 300,
    altitudeConfidence: AltitudeConfidence.ALTITUDE_CONFIDENCE_ALT_010_00,
    headingConfidence: 100,
    speedConfidence: 50,
    accelerationConfidence: 5,
  },
  surveyed: {
    semiMajor: 5,
    semiMinor: 5,
    altitudeConfidence: AltitudeConfidence.ALTITUDE_CONFIDENCE_ALT_000_10,
    headingConfidence: 1,
    speedConfidence: 1,
    accelerationConfidence: 0,
  },
} as const satisfies Record<string, PositioningProfile>;

export type PositioningClass = keyof typeof POSITIONING;

/** The positioning profile of station `i`: RSU surveyed, shuttle RTK, other vehicles GNSS, pedestrians phone. */
export function positioningOf(st: StationTable, i: number): PositioningProfile {
  const kind = st.kind[i];
  if (kind === StationKind.rsu) return POSITIONING.surveyed;
  if (kind === StationKind.pedestrian) return POSITIONING.phone;
  return st.shuttle[i]! >= 0 ? POSITIONING.rtk : POSITIONING.gnss;
}

const geos = new WeakMap<World, Geo>();

/** The local ↔ WGS84 converter of a world (made once per world from its scenario origin). */
export function geoOf(world: World): Geo {
  let g = geos.get(world);
  if (g === undefined) {
    g = makeGeo(world.scenario.origin);
    geos.set(world, g);
  }
  return g;
}

/**
 * WGS84 position of station `i`'s reference point: on the ground for vehicles and pedestrians,
 * at the antenna for RSUs.
 */
export function stationGeo(world: World, st: StationTable, i: number): GeoPoint {
  const z = st.kind[i] === StationKind.rsu ? st.z[i]! : 0;
  return geoOf(world).toGeo(st.x[i]!, st.y[i]!, z);
}

/**
 * ReferencePositionWithConfidence of a WGS84 point; the ellipse's major axis lies along
 * `theta` (radians counter-clockwise from east), the direction of travel.
 */
export function referencePosition(g: GeoPoint, theta: number, profile: PositioningProfile): ReferencePositionWithConfidence {
  return {
    latitude: toEtsiLatitude(g.lat),
    longitude: toEtsiLongitude(g.lon),
    positionConfidenceEllipse: {
      semiMajorAxisLength: profile.semiMajor,
      semiMinorAxisLength: profile.semiMinor,
      semiMajorAxisOrientation: toEtsiHeading(theta),
    },
    altitude: { altitudeValue: toEtsiAltitude(g.alt), altitudeConfidence: profile.altitudeConfidence },
  };
}

/** Reference position of station `i` (stationGeo + referencePosition with its own profile). */
export function stationReferencePosition(world: World, st: StationTable, i: number): ReferencePositionWithConfidence {
  return referencePosition(stationGeo(world, st, i), st.theta[i]!, positioningOf(st, i));
}

/** Heading (CAM) of a direction in the local frame (radians counter-clockwise from east). */
export function headingOf(theta: number, profile: PositioningProfile): Heading {
  return { headingValue: toEtsiHeading(theta), headingConfidence: profile.headingConfidence };
}

/** Wgs84Angle (VAM heading, CPM orientation) of a direction in the local frame. */
export function wgs84AngleOf(theta: number, profile: PositioningProfile): Wgs84Angle {
  return { value: toEtsiHeading(theta), confidence: profile.headingConfidence };
}

/** Speed of a speed in m/s. */
export function speedOf(metresPerSecond: number, profile: PositioningProfile): Speed {
  return { speedValue: toEtsiSpeed(metresPerSecond), speedConfidence: profile.speedConfidence };
}

const TWO_PI = 2 * Math.PI;

/** Difference of two headings or angles (radians), wrapped to [-pi, pi): the facilities' heading-change triggers. */
export function angleDiff(a: number, b: number): number {
  let d = (a - b) % TWO_PI;
  if (d < -Math.PI) d += TWO_PI;
  else if (d >= Math.PI) d -= TWO_PI;
  return d;
}

/** ItsPduHeader for a message type (by ETSI messageId) sent by `stationId`, with the message type's protocol version. */
export function itsHeader(messageId: number, stationId: number): ItsPduHeader {
  const kind = payloadKindOfMessageId(messageId);
  if (kind === undefined) throw new RangeError(`messageId ${messageId} is not a message type of the contract`);
  return { protocolVersion: ProtocolVersion[kind], messageId, stationId };
}

/**
 * PathDeltaTime (0.01 s, 1..65535) of a duration in milliseconds. units.ts has no PathDeltaTime
 * yet; this is the one place it is converted.
 */
export function toEtsiPathDeltaTime(ms: number): number {
  const v = Math.round(ms / 10);
  return v < 1 ? 1 : v > 65_535 ? 65_535 : v;
}

/** Fields of one sample in PathHistory's arrays. */
const LAT = 0;
const LON = 1;
const ALT = 2;
const X = 3;
const Y = 4;
const T = 5;
const FIELDS = 6;

export interface PathHistoryOptions {
  /** Most path points a message may carry (the contract's Path size: 23 in CAM, 40 in VAM). */
  readonly maxPoints: number;
  /** Length of the path through the kept points beyond which the oldest are dropped, metres. */
  readonly maxLength: number;
  /** Largest distance of a travelled position from the path the points describe, metres. */
  readonly maxError: number;
  /** Largest distance between two consecutive points, metres. */
  readonly maxSpacing: number;
  /** Samples closer than this to the previous one are ignored (a standing station), metres. */
  readonly minSpacing: number;
}

export const PATH_HISTORY_DEFAULTS: PathHistoryOptions = { maxPoints: 23, maxLength: 200, maxError: 1, maxSpacing: 100, minSpacing: 1 };

/** Samples held between two kept points at most; the last is kept when it is full. */
const WINDOW = 16;

/** Squared distance of (px, py) from the segment (ax, ay)-(bx, by). */
function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const l2 = dx * dx + dy * dy;
  let f = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
  f = f < 0 ? 0 : f > 1 ? 1 : f;
  const ex = ax + dx * f - px;
  const ey = ay + dy * f - py;
  return ex * ex + ey * ey;
}

const dist = (ax: number, ay: number, bx: number, by: number) => Math.sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay));

/**
 * A station's own recent positions, as the ETSI Path (PathHistory) of CAM and VAM: most recent
 * first, the first point relative to the message's reference position, each further one
 * relative to the one before it, with its pathDeltaTime (travel time to that previous point).
 *
 * The facility adds the station's position at each message it sends (before asking for the
 * points). The path is kept concise in the manner of the SAE J2735 path history: a sampled
 * position becomes a path point only when the straight chord from the last point to the
 * current position would pass farther than `maxError` from some position travelled in
 * between, or when the chord gets longer than `maxSpacing`. A straight drive thus costs a
 * point every `maxSpacing` metres and a turn a few points, instead of one point per message.
 * The oldest points are dropped beyond `maxPoints` or `maxLength` metres of path.
 *
 * Samples live in one flat buffer per station (no objects retained between messages, which
 * keeps the garbage collector's old generation small with thousands of stations); the
 * PathPoints are built per message.
 */
export class PathHistory {
  readonly options: PathHistoryOptions;
  /**
   * One flat buffer: the kept points (a ring of FIELDS numbers each, `head` the oldest, `n` of
   * them), then the x, y of the `w` samples taken since the newest kept point.
   */
  private readonly buf: Float64Array;
  private readonly windowBase: number;
  private head = 0;
  private n = 0;
  private w = 0;
  /** Length of the path through the kept points, metres. */
  private length = 0;
  /** The newest sample of the window, in full (the point kept when the window splits). */
  private lastLat = 0;
  private lastLon = 0;
  private lastAlt = 0;
  private lastT = 0;

  constructor(options: Partial<PathHistoryOptions> = {}) {
    this.options = { ...PATH_HISTORY_DEFAULTS, ...options };
    this.windowBase = Math.max(1, this.options.maxPoints) * FIELDS;
    this.buf = new Float64Array(this.windowBase + WINDOW * 2);
  }

  /** Number of kept points. */
  get size(): number {
    return this.n;
  }

  /** Offset in `buf` of the k-th kept point, 0 = oldest. */
  private at(k: number): number {
    return ((this.head + k) % this.options.maxPoints) * FIELDS;
  }

  /** Records the position `geo` (local `x`, `y`) at sim time `t` ms. */
  add(geo: GeoPoint, x: number, y: number, t: number): void {
    const o = this.options;
    if (o.maxPoints <= 0) return;
    if (this.n === 0) {
      this.keep(geo.lat, geo.lon, geo.alt, x, y, t);
      return;
    }
    const b = this.buf;
    const a = this.at(this.n - 1);
    const ax = b[a + X]!;
    const ay = b[a + Y]!;
    const w0 = this.windowBase;
    const last = this.w > 0 ? w0 + (this.w - 1) * 2 : -1;
    const lx = last >= 0 ? b[last]! : ax;
    const ly = last >= 0 ? b[last + 1]! : ay;
    if (dist(lx, ly, x, y) < o.minSpacing) return;
    if (this.w > 0) {
      let split = this.w === WINDOW || dist(ax, ay, x, y) > o.maxSpacing;
      const e2 = o.maxError * o.maxError;
      for (let j = 0; !split && j < this.w; j++) {
        const p = w0 + j * 2;
        split = segmentDistance2(b[p]!, b[p + 1]!, ax, ay, x, y) > e2;
      }
      if (split) {
        this.keep(this.lastLat, this.lastLon, this.lastAlt, lx, ly, this.lastT);
        this.w = 0;
      }
    }
    const p = w0 + this.w * 2;
    b[p] = x;
    b[p + 1] = y;
    this.w++;
    this.lastLat = geo.lat;
    this.lastLon = geo.lon;
    this.lastAlt = geo.alt;
    this.lastT = t;
  }

  private keep(lat: number, lon: number, alt: number, x: number, y: number, t: number): void {
    const k = this.buf;
    if (this.n > 0) {
      const a = this.at(this.n - 1);
      this.length += dist(k[a + X]!, k[a + Y]!, x, y);
    }
    if (this.n === this.options.maxPoints) this.dropOldest();
    const o = this.at(this.n);
    k[o + LAT] = lat;
    k[o + LON] = lon;
    k[o + ALT] = alt;
    k[o + X] = x;
    k[o + Y] = y;
    k[o + T] = t;
    this.n++;
    while (this.n > 1 && this.length > this.options.maxLength) this.dropOldest();
  }

  private dropOldest(): void {
    const k = this.buf;
    const a = this.at(0);
    if (this.n > 1) {
      const b = this.at(1);
      this.length -= dist(k[a + X]!, k[a + Y]!, k[b + X]!, k[b + Y]!);
    } else {
      this.length = 0;
    }
    this.head = (this.head + 1) % this.options.maxPoints;
    this.n--;
  }

  /**
   * The Path seen from the reference position `ref` (local `x`, `y`) at sim time `t` ms: the
   * kept points, most recent first, leaving out the newest ones closer than `minSpacing` to the
   * reference position (a station standing where it was sampled).
   */
  points(ref: GeoPoint, x: number, y: number, t: number): PathPoint[] {
    const out: PathPoint[] = [];
    const k = this.buf;
    let prevT = t;
    let from: GeoPoint = ref;
    let j = this.n - 1;
    for (; j >= 0; j--) {
      const o = this.at(j);
      if (k[o + T]! < t && dist(x, y, k[o + X]!, k[o + Y]!) >= this.options.minSpacing) break;
    }
    for (; j >= 0; j--) {
      const o = this.at(j);
      const st = k[o + T]!;
      const to: GeoPoint = { lat: k[o + LAT]!, lon: k[o + LON]!, alt: k[o + ALT]! };
      out.push({ pathPosition: toEtsiDeltaReferencePosition(from, to), pathDeltaTime: toEtsiPathDeltaTime(prevT - st) });
      from = to;
      prevT = st;
    }
    return out;
  }
}
