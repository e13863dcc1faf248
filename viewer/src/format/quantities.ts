// How each ETSI integer field of the contract reads for a person: the field's unit (from its
// .proto comment) turned into the unit people use (km/h, degrees, metres, ISO times, seconds
// to a phase end). Keyed by "Message.field" as in v2x/generated/schema.ts. Conversions that
// v2x/units.ts has (latitude, speed, acceleration, TimestampIts, TimeMark...) go through it; the
// rest are plain scalings of a display unit (0.1 m -> m). Sentinels ("unavailable") are handled
// by the caller from the schema before a rule runs.
import type { JsonValue } from '../../../v2x/codec.ts';
import {
  fromEtsiAcceleration,
  fromEtsiAltitude,
  fromEtsiCartesianCoordinate,
  fromEtsiCurvature,
  fromEtsiLatitude,
  fromEtsiLongitude,
  fromEtsiSemiAxisLength,
  fromEtsiSpeed,
  fromEtsiVehicleLength,
  fromEtsiVehicleWidth,
  fromEtsiVelocityComponent,
  fromEtsiYawRate,
  TIME_MARK_BEYOND_HOUR,
  utcMsFromTimeMark,
  utcMsFromTimestampIts,
} from '../../../v2x/units.ts';

/** What a rule may need besides the value. */
export interface FormatContext {
  /** UTC year of the message, to place MinuteOfTheYear values (absent: shown as day + time). */
  readonly year?: number;
  /** UTC instant (Unix ms) of the IntersectionState being formatted (its moy + timeStamp): TimeMarks read relative to it. */
  readonly spatUtcMs?: number;
}

export type Rule = (v: number, ctx: FormatContext) => JsonValue;

const RAD_TO_DEG = 180 / Math.PI;
const MS_PER_MINUTE = 60_000;

/** `value unit` with a fixed number of decimals ("unavailable" when the conversion has no value). */
function show(x: number | undefined, digits: number, unit: string): string {
  if (x === undefined || !Number.isFinite(x)) return 'unavailable';
  const s = x.toFixed(digits);
  // Degrees stick to the number ("47.3700000°", "92.5° from north"); other units are spaced.
  return `${s === `-${(0).toFixed(digits)}` ? s.slice(1) : s}${unit.startsWith('°') && !unit.startsWith('°C') ? '' : ' '}${unit}`;
}

const via = (from: (v: number) => number | undefined, digits: number, unit: string, factor = 1): Rule => (v) => {
  const x = from(v);
  return show(x === undefined ? undefined : x * factor, digits, unit);
};
const scaled = (scale: number, digits: number, unit: string): Rule => (v) => show(v * scale, digits, unit);

const latitude: Rule = (v) => show(fromEtsiLatitude(v), 7, '°');
const longitude: Rule = (v) => show(fromEtsiLongitude(v), 7, '°');
/** Offsets of 0.1 microdegree, as degrees. */
const deltaDegrees = scaled(1e-7, 7, '°');
const centimetres = scaled(0.01, 2, 'm');
const decimetres = scaled(0.1, 1, 'm');
const metres = scaled(1, 0, 'm');
/** 0.01 m/s (SpeedValue, SpeedConfidence) -> km/h. */
const speedKmh = via(fromEtsiSpeed, 1, 'km/h', 3.6);
const velocityKmh = via(fromEtsiVelocityComponent, 1, 'km/h', 3.6);
/** Headings: 0.1 degree clockwise from north. */
const headingDegrees = scaled(0.1, 1, '° from north');
const tenthDegrees = scaled(0.1, 1, '°');
const acceleration = via(fromEtsiAcceleration, 1, 'm/s²');
const milliseconds = scaled(1, 0, 'ms');
const centiseconds = scaled(0.01, 2, 's');
const seconds = scaled(1, 0, 's');
const percent = scaled(1, 0, '%');
const kmh = scaled(1, 0, 'km/h');

/** A TimestampIts (ms since 2004, leap seconds counted) as an ISO UTC time. */
const timestampIts: Rule = (v) => {
  const ms = utcMsFromTimestampIts(Number(v));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(v);
};

/** UTC instant of minute `moy` of the year (a non-leap reference year when the year is unknown). */
export function utcMsOfMinuteOfYear(moy: number, year: number | undefined): number {
  return Date.UTC(year ?? 2001, 0, 1) + moy * MS_PER_MINUTE;
}

const minuteOfYear: Rule = (v, ctx) => {
  const iso = new Date(utcMsOfMinuteOfYear(v, ctx.year)).toISOString();
  // Without a year the date is a guess past February: say which day of the year it is instead.
  return ctx.year !== undefined ? `${iso.slice(0, 16)}Z` : `day ${Math.floor(v / 1440) + 1}, ${iso.slice(11, 16)} UTC`;
};

/** Seconds from the SPaT's own instant to a TimeMark, undefined when it cannot be placed. */
export function timeMarkSecondsFrom(mark: number, refUtcMs: number): number | undefined {
  const t = utcMsFromTimeMark(mark, refUtcMs);
  return t === undefined ? undefined : (t - refUtcMs) / 1000;
}

const timeMark: Rule = (v, ctx) => {
  if (v === TIME_MARK_BEYOND_HOUR) return 'more than an hour away';
  if (ctx.spatUtcMs === undefined) {
    const s = v / 10;
    return `${String(Math.floor(s / 60)).padStart(2, '0')}:${(s % 60).toFixed(1).padStart(4, '0')} past the hour`;
  }
  const s = timeMarkSecondsFrom(v, ctx.spatUtcMs);
  if (s === undefined) return 'unavailable';
  return s >= 0 ? `in ${s.toFixed(1)} s` : `${(-s).toFixed(1)} s ago`;
};

/** Rules by "Message.field" (message names as in v2x/generated/schema.ts). */
export const QUANTITY_RULES: Readonly<Record<string, Rule>> = {
  // Positions.
  'ReferencePosition.latitude': latitude,
  'ReferencePosition.longitude': longitude,
  'ReferencePositionWithConfidence.latitude': latitude,
  'ReferencePositionWithConfidence.longitude': longitude,
  'ProtectedCommunicationZone.protectedZoneLatitude': latitude,
  'ProtectedCommunicationZone.protectedZoneLongitude': longitude,
  'Position3d.lat': latitude,
  'Position3d.long': longitude,
  'AbsolutePosition.latitude': latitude,
  'AbsolutePosition.longitude': longitude,
  'NodeLlmD64b.lat': latitude,
  'NodeLlmD64b.lon': longitude,
  'DeltaReferencePosition.deltaLatitude': deltaDegrees,
  'DeltaReferencePosition.deltaLongitude': deltaDegrees,
  'DeltaPosition.deltaLatitude': deltaDegrees,
  'DeltaPosition.deltaLongitude': deltaDegrees,
  'DeltaReferencePosition.deltaAltitude': centimetres,
  'Altitude.altitudeValue': via(fromEtsiAltitude, 2, 'm'),
  'Position3d.elevation': decimetres,
  'PosConfidenceEllipse.semiMajorConfidence': via(fromEtsiSemiAxisLength, 2, 'm'),
  'PosConfidenceEllipse.semiMinorConfidence': via(fromEtsiSemiAxisLength, 2, 'm'),
  'PosConfidenceEllipse.semiMajorOrientation': headingDegrees,
  'PositionConfidenceEllipse.semiMajorAxisLength': via(fromEtsiSemiAxisLength, 2, 'm'),
  'PositionConfidenceEllipse.semiMinorAxisLength': via(fromEtsiSemiAxisLength, 2, 'm'),
  'PositionConfidenceEllipse.semiMajorAxisOrientation': headingDegrees,
  'ProtectedCommunicationZone.protectedZoneRadius': metres,
  'CartesianPosition3d.xCoordinate': via(fromEtsiCartesianCoordinate, 2, 'm'),
  'CartesianPosition3d.yCoordinate': via(fromEtsiCartesianCoordinate, 2, 'm'),
  'CartesianPosition3d.zCoordinate': via(fromEtsiCartesianCoordinate, 2, 'm'),
  'CartesianCoordinateWithConfidence.value': via(fromEtsiCartesianCoordinate, 2, 'm'),
  'CartesianCoordinateWithConfidence.confidence': centimetres,
  // MAP geometry.
  'IntersectionGeometry.laneWidth': centimetres,
  'Segment.laneWidth': centimetres,
  'GlcPart.zoneExtension': metres,
  'NodeXy20b.x': centimetres,
  'NodeXy20b.y': centimetres,
  'NodeXy22b.x': centimetres,
  'NodeXy22b.y': centimetres,
  'NodeXy24b.x': centimetres,
  'NodeXy24b.y': centimetres,
  'NodeXy26b.x': centimetres,
  'NodeXy26b.y': centimetres,
  'NodeXy28b.x': centimetres,
  'NodeXy28b.y': centimetres,
  'NodeXy32b.x': centimetres,
  'NodeXy32b.y': centimetres,
  // Sizes.
  'BasicVehicleContainerHighFrequency.vehicleWidth': via(fromEtsiVehicleWidth, 1, 'm'),
  'VehicleLength.vehicleLengthValue': via(fromEtsiVehicleLength, 1, 'm'),
  'RectangularShape.semiLength': decimetres,
  'RectangularShape.semiBreadth': decimetres,
  'RectangularShape.height': decimetres,
  'RectangularShape.orientation': headingDegrees,
  'CircularShape.radius': decimetres,
  'CircularShape.height': decimetres,
  'RadialShape.range': decimetres,
  'ObjectDimension.value': decimetres,
  'ObjectDimension.confidence': decimetres,
  // Kinematics.
  'Speed.speedValue': speedKmh,
  'Speed.speedConfidence': speedKmh,
  'VelocityComponent.value': velocityKmh,
  'VelocityComponent.confidence': speedKmh,
  'RegulatorySpeedLimit.speed': scaled(0.02 * 3.6, 1, 'km/h'),
  'AdvisorySpeed.speed': scaled(0.1 * 3.6, 1, 'km/h'),
  'AdvisorySpeed.distance': metres,
  'SafetyCarContainer.speedLimit': kmh,
  'RoadWorksContainerExtended.speedLimit': kmh,
  'Heading.headingValue': headingDegrees,
  'Heading.headingConfidence': tenthDegrees,
  'Wgs84Angle.value': headingDegrees,
  'Wgs84Angle.confidence': tenthDegrees,
  'GlcPart.zoneHeading': headingDegrees,
  'CartesianAngle.value': scaled(0.1, 1, '° from east'),
  'CartesianAngle.confidence': tenthDegrees,
  'RadialShape.horizontalOpeningAngleStart': scaled(0.1, 1, '° from east'),
  'RadialShape.horizontalOpeningAngleEnd': scaled(0.1, 1, '° from east'),
  'RadialShape.verticalOpeningAngleStart': tenthDegrees,
  'RadialShape.verticalOpeningAngleEnd': tenthDegrees,
  'AccelerationComponent.value': acceleration,
  'AccelerationComponent.confidence': scaled(0.1, 1, 'm/s²'),
  'LongitudinalAcceleration.longitudinalAccelerationValue': acceleration,
  'LongitudinalAcceleration.longitudinalAccelerationConfidence': scaled(0.1, 1, 'm/s²'),
  'LateralAcceleration.lateralAccelerationValue': acceleration,
  'LateralAcceleration.lateralAccelerationConfidence': scaled(0.1, 1, 'm/s²'),
  'VerticalAcceleration.verticalAccelerationValue': acceleration,
  'VerticalAcceleration.verticalAccelerationConfidence': scaled(0.1, 1, 'm/s²'),
  'Curvature.curvatureValue': via(fromEtsiCurvature, 4, '1/m'),
  'YawRate.yawRateValue': via(fromEtsiYawRate, 2, '°/s', RAD_TO_DEG),
  'CartesianAngularVelocityComponent.value': scaled(1, 0, '°/s'),
  'SteeringWheelAngle.steeringWheelAngleValue': scaled(1.5, 1, '°'),
  'SteeringWheelAngle.steeringWheelAngleConfidence': scaled(1.5, 1, '°'),
  // Durations.
  'CamPayload.generationDeltaTime': milliseconds,
  'VruAwareness.generationDeltaTime': milliseconds,
  'PerceivedObject.measurementDeltaTime': milliseconds,
  'PerceivedObject.objectAge': milliseconds,
  'ManagementContainer.transmissionInterval': milliseconds,
  'ManagementContainer.validityDuration': seconds,
  'GicPart.minimumAwarenessTime': seconds,
  'PathPoint.pathDeltaTime': centiseconds,
  'EventPoint.eventDeltaTime': centiseconds,
  'IntersectionState.timeStamp': scaled(0.001, 3, 's in the minute'),
  // Instants.
  'ProtectedCommunicationZone.expiryTime': timestampIts,
  'CpmManagementContainer.referenceTime': timestampIts,
  'ManagementContainer.detectionTime': timestampIts,
  'ManagementContainer.referenceTime': timestampIts,
  'IviManagementContainer.timeStamp': timestampIts,
  'IviManagementContainer.validFrom': timestampIts,
  'IviManagementContainer.validTo': timestampIts,
  'GeographicLocationContainer.referencePositionTime': timestampIts,
  'MapData.timeStamp': minuteOfYear,
  'Spat.timeStamp': minuteOfYear,
  'IntersectionState.moy': minuteOfYear,
  'TimeChangeDetails.startTime': timeMark,
  'TimeChangeDetails.minEndTime': timeMark,
  'TimeChangeDetails.maxEndTime': timeMark,
  'TimeChangeDetails.likelyTime': timeMark,
  'TimeChangeDetails.nextTime': timeMark,
  // Other units.
  'SensorInformation.perceptionRegionConfidence': percent,
  'ObjectClassWithConfidence.confidence': percent,
  'AlacarteContainer.externalTemperature': scaled(1, 0, '°C'),
};
