// CAM encode / decode throughput of v2x/codec.ts, for `npm run bench`. The CAM is a shuttle's
// (stationType bus, vehicleRole publicTransport) with a low-frequency container carrying 15
// path points and the public transport container: the largest CAM Corridor sends routinely.
// Each measurement runs three times after a warm-up and the median is reported.
import { performance } from 'node:perf_hooks';
import { decodeItsMessage, encodeItsMessage } from './codec.ts';
import {
  AltitudeConfidence,
  CurvatureCalculationMode,
  CurvatureConfidence,
  DriveDirection,
  StationType,
  VehicleLengthConfidenceIndication,
  VehicleRole,
  YawRateConfidence,
  itsMessage,
  type ItsMessage,
  type PathPoint,
} from './message-types.ts';
import {
  generationDeltaTime,
  toEtsiAcceleration,
  toEtsiCurvature,
  toEtsiHeading,
  toEtsiLatitude,
  toEtsiLongitude,
  toEtsiSpeed,
  toEtsiVehicleLength,
  toEtsiVehicleWidth,
  toEtsiYawRate,
  timestampIts,
} from './units.ts';

/** A shuttle CAM at 20 km/h heading north-east, with low-frequency and public transport containers. */
export function sampleShuttleCam(stationId = 1001): ItsMessage {
  const pathHistory: PathPoint[] = [];
  for (let i = 0; i < 15; i++) {
    pathHistory.push({ pathPosition: { deltaLatitude: -250 - i, deltaLongitude: -370 + i, deltaAltitude: 12_800 }, pathDeltaTime: 72 });
  }
  return itsMessage('cam', stationId, {
    generationDeltaTime: generationDeltaTime(timestampIts(123.4, '2025-06-02T08:00:00Z')),
    camParameters: {
      basicContainer: {
        stationType: StationType.STATION_TYPE_BUS,
        referencePosition: {
          latitude: toEtsiLatitude(47.3712345),
          longitude: toEtsiLongitude(8.5412345),
          positionConfidenceEllipse: { semiMajorAxisLength: 120, semiMinorAxisLength: 80, semiMajorAxisOrientation: 450 },
          altitude: { altitudeValue: 40_850, altitudeConfidence: AltitudeConfidence.ALTITUDE_CONFIDENCE_UNAVAILABLE },
        },
      },
      highFrequencyContainer: {
        basicVehicleContainerHighFrequency: {
          heading: { headingValue: toEtsiHeading(Math.PI / 4), headingConfidence: 10 },
          speed: { speedValue: toEtsiSpeed(20 / 3.6), speedConfidence: 5 },
          driveDirection: DriveDirection.DRIVE_DIRECTION_FORWARD,
          vehicleLength: {
            vehicleLengthValue: toEtsiVehicleLength(4.75),
            vehicleLengthConfidenceIndication: VehicleLengthConfidenceIndication.VEHICLE_LENGTH_CONFIDENCE_INDICATION_NO_TRAILER_PRESENT,
          },
          vehicleWidth: toEtsiVehicleWidth(2.11),
          longitudinalAcceleration: { value: toEtsiAcceleration(-0.4), confidence: 102 },
          curvature: { curvatureValue: toEtsiCurvature(0.004), curvatureConfidence: CurvatureConfidence.CURVATURE_CONFIDENCE_UNAVAILABLE },
          curvatureCalculationMode: CurvatureCalculationMode.CURVATURE_CALCULATION_MODE_YAW_RATE_USED,
          yawRate: { yawRateValue: toEtsiYawRate(0.02), yawRateConfidence: YawRateConfidence.YAW_RATE_CONFIDENCE_UNAVAILABLE },
          accelerationControl: 0,
          lanePosition: 1,
        },
      },
      lowFrequencyContainer: {
        basicVehicleContainerLowFrequency: {
          vehicleRole: VehicleRole.VEHICLE_ROLE_PUBLIC_TRANSPORT,
          exteriorLights: 0b0001_0000,
          pathHistory,
        },
      },
      specialVehicleContainer: { publicTransportContainer: { embarkationStatus: false } },
    },
  });
}

const WARMUP = 20_000;
const REPEATS = 3;
const RUN_MS = 300;

/** Operations per second of `op`, run for about RUN_MS; median of REPEATS runs. */
function rate(op: () => void): number {
  for (let i = 0; i < WARMUP; i++) op();
  const rates: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < RUN_MS) {
      for (let i = 0; i < 1000; i++) op();
      n += 1000;
      t = performance.now();
    }
    rates.push((n * 1000) / (t - t0));
  }
  rates.sort((a, b) => a - b);
  return Math.round(rates[Math.floor(REPEATS / 2)]!);
}

/** CAMs encoded and decoded per second (one thread), for `npm run bench`. */
export function benchCodec(): { camEncodePerSecond: number; camDecodePerSecond: number } {
  const cam = sampleShuttleCam();
  const bytes = encodeItsMessage(cam);
  let sink = 0;
  const camEncodePerSecond = rate(() => {
    sink += encodeItsMessage(cam).length;
  });
  const camDecodePerSecond = rate(() => {
    sink += decodeItsMessage(bytes).header!.stationId!;
  });
  if (sink === -1) throw new Error('unreachable');
  return { camEncodePerSecond, camDecodePerSecond };
}
