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
  type ReferencePositionWithConfidence,
  type Speed,
  type Wgs84Angle,
} from '../message-types.ts';
import { toEtsiAltitude, toEtsiHeading, toEtsiLatitude, toEtsiLongitude, toEtsiSpeed } from '../units.ts';

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

/** ItsPduHeader for a message type (by ETSI messageId) sent by `stationId`, with the message type's protocol version. */
export function itsHeader(messageId: number, stationId: number): ItsPduHeader {
  const kind = payloadKindOfMessageId(messageId);
  if (kind === undefined) throw new RangeError(`messageId ${messageId} is not a message type of the contract`);
  return { protocolVersion: ProtocolVersion[kind], messageId, stationId };
}
