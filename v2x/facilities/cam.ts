// CAM (ETSI EN 302 637-2 v1.4.1 / TS 103 900): the cooperative awareness of every vehicle
// station and every RSU.
//
// Generation rules, evaluated once per tick (the check period is the tick, 100 ms by default,
// which must not exceed T_GenCamMin), per vehicle station, against the last CAM it sent:
// - the first CAM is sent at the first tick the station exists;
// - nothing is sent before T_GenCamDcc (= T_GenCamMin, 100 ms, unless a DCC restriction is
//   configured) has elapsed since the last CAM;
// - dynamic trigger: |heading change| > 4 degree, or position change > 4 m, or |speed change| >
//   0.5 m/s: send, set T_GenCam to the elapsed time (at most T_GenCamMax) and restart the
//   N_GenCam count;
// - time trigger: otherwise send once T_GenCam has elapsed; after N_GenCam = 3 consecutive
//   time-triggered CAMs, T_GenCam reverts to T_GenCamMax (1000 ms). T_GenCam starts at
//   T_GenCamMax.
// (The rules as written in the standard and implemented by Artery's CaService.)
//
// Containers:
// - basic: stationType (bus 6 for shuttles and buses, passengerCar 5, heavyTruck 8) and the
//   reference position (./position.ts) at the end of the tick, which generationDeltaTime stamps;
// - high frequency (every CAM): heading, speed, driveDirection forward, vehicle length (no
//   trailer) and width, longitudinal acceleration, yaw rate and curvature from the heading
//   change since the previous tick (unavailable on a station's first tick; curvature = yaw rate
//   / speed, unavailable below 0.1 m/s), accelerationControl derived from the acceleration
//   (brake pedal below -0.5 m/s², gas pedal above 0.2 m/s²);
// - low frequency (first CAM, then in a CAM at least 500 ms after the last one that carried
//   it): vehicleRole (publicTransport for shuttles and buses, default otherwise), exteriorLights
//   (daytime running lights always; the left or right turn signal while a lane change
//   completes) and the path history (./position.ts PathHistory): the station's positions at its
//   CAMs, kept concise (a point where the chord would stray more than 1 m from the travelled
//   path, or every 100 m), most recent first, up to 23 points (the contract's size for CAM)
//   covering about 200 m;
// - special vehicle (shuttles, with the low-frequency container): publicTransport with
//   embarkationStatus true while the shuttle dwells at a stop with its doors open. Buses carry
//   vehicleRole publicTransport without it (the container is optional; the sim has no bus stops).
//
// RSUs send a CAM with the RSU high-frequency container (no protected zones) at their first
// tick and then every 1 s (Artery's RsuCaService default; the standard leaves the rate to the
// deployment).
//
// State is kept per station id and dropped when the station disappears (vehicle exited).
// Messages are fresh objects per CAM except immutable parts shared between a station's CAMs
// (an RSU's reference position, a vehicle's length): treat generated messages as read-only.
import type { World } from '../../sim/world.ts';
import type { Facility, FacilityContext, Outgoing } from '../runtime.ts';
import { StationKind, StationType as StationTypeValue, type StationTable } from '../stations.ts';
import {
  CurvatureCalculationMode,
  CurvatureConfidence,
  DriveDirection,
  MessageId,
  VehicleLengthConfidenceIndication,
  VehicleRole,
  YawRateConfidence,
  type BasicVehicleContainerHighFrequency,
  type Cam,
  type ItsMessage,
  type ReferencePositionWithConfidence,
  type StationType,
} from '../message-types.ts';
import {
  CURVATURE_UNAVAILABLE,
  YAW_RATE_UNAVAILABLE,
  generationDeltaTime,
  timestampIts,
  toEtsiAcceleration,
  toEtsiCurvature,
  toEtsiVehicleLength,
  toEtsiVehicleWidth,
  toEtsiYawRate,
} from '../units.ts';
import { PathHistory, type PathHistoryOptions, angleDiff, headingOf, itsHeader, positioningOf, referencePosition, speedOf, stationGeo, stationReferencePosition } from './position.ts';

export interface CamOptions {
  /** T_GenCamMin, seconds. */
  readonly genCamMin: number;
  /** T_GenCamMax, seconds. */
  readonly genCamMax: number;
  /** T_GenCamDcc, seconds: the minimum interval DCC allows (>= genCamMin). */
  readonly genCamDcc: number;
  /** N_GenCam: time-triggered CAMs kept at the dynamic interval before reverting to T_GenCamMax. */
  readonly nGenCam: number;
  /** Minimum interval between CAMs carrying the low-frequency (and special vehicle) container, seconds. */
  readonly lowFrequencyInterval: number;
  /** RSU CAM interval, seconds. */
  readonly rsuInterval: number;
  /** Dynamic triggers: heading change (degree), position change (m), speed change (m/s). */
  readonly headingThreshold: number;
  readonly positionThreshold: number;
  readonly speedThreshold: number;
  /** Path history (maxPoints at most 23, the contract's size in a CAM). */
  readonly pathHistory: Partial<PathHistoryOptions>;
}

export const CAM_DEFAULTS: CamOptions = {
  genCamMin: 0.1,
  genCamMax: 1.0,
  genCamDcc: 0.1,
  nGenCam: 3,
  lowFrequencyInterval: 0.5,
  rsuInterval: 1.0,
  headingThreshold: 4,
  positionThreshold: 4,
  speedThreshold: 0.5,
  pathHistory: { maxPoints: 23, maxLength: 200, maxError: 1, maxSpacing: 100, minSpacing: 1 },
};

/** ExteriorLights bits. */
export const ExteriorLights = {
  lowBeamHeadlightsOn: 1 << 0,
  highBeamHeadlightsOn: 1 << 1,
  leftTurnSignalOn: 1 << 2,
  rightTurnSignalOn: 1 << 3,
  daytimeRunningLightsOn: 1 << 4,
  reverseLightOn: 1 << 5,
  fogLightOn: 1 << 6,
  parkingLightsOn: 1 << 7,
} as const;

/** AccelerationControl bits. */
export const AccelerationControl = {
  brakePedalEngaged: 1 << 0,
  gasPedalEngaged: 1 << 1,
  emergencyBrakeEngaged: 1 << 2,
  collisionWarningEngaged: 1 << 3,
  accEngaged: 1 << 4,
  cruiseControlEngaged: 1 << 5,
  speedLimiterEngaged: 1 << 6,
} as const;

/** Acceleration below which the brake pedal counts as engaged, above which the gas pedal does, m/s². */
const BRAKE_BELOW = -0.5;
const GAS_ABOVE = 0.2;
/** Below this speed the curvature of the trajectory is unavailable, m/s. */
const CURVATURE_MIN_SPEED = 0.1;

/** Per-station CAM state. Times are integer sim milliseconds; NaN = never. */
class CamState {
  /** Facility round in which the station was last seen. */
  seen = 0;
  readonly id: number;
  lastMs = NaN;
  /** Position, heading and speed in the last CAM sent. */
  x = 0;
  y = 0;
  theta = 0;
  speed = 0;
  /** T_GenCam, ms, and the count of consecutive time-triggered CAMs since the last dynamic one. */
  tGenCam: number;
  lowDynamics = 0;
  lastLowFrequencyMs = NaN;
  /** Heading at the previous tick, for the yaw rate. */
  prevTheta = 0;
  prevMs = NaN;
  /** Immutable parts reused by every CAM of the station. */
  rsuPosition: ReferencePositionWithConfidence | null = null;
  vehicleLength: { vehicleLengthValue: number; vehicleLengthConfidenceIndication: VehicleLengthConfidenceIndication } | null = null;
  readonly path: PathHistory | null;

  constructor(id: number, genCamMaxMs: number, path: PathHistory | null) {
    this.id = id;
    this.tGenCam = genCamMaxMs;
    this.path = path;
  }
}

const ms = (seconds: number) => Math.round(seconds * 1000);

export class CamFacility implements Facility {
  readonly name = 'cam';
  readonly options: CamOptions;
  private readonly states = new Map<number, CamState>();
  /** The world the states belong to: a new world (a new run) starts afresh. */
  private world: World | null = null;
  /** State by station index at the last tick: station order is mostly stable, so most lookups skip the Map. */
  private byIndex: (CamState | undefined)[] = [];
  private round = 0;
  private readonly genCamMaxMs: number;
  private readonly genCamDccMs: number;
  private readonly lowFrequencyMs: number;
  private readonly rsuMs: number;
  private readonly headingRad: number;
  private readonly position2: number;

  constructor(options: Partial<CamOptions> = {}) {
    const o = { ...CAM_DEFAULTS, ...options };
    this.options = o;
    this.genCamMaxMs = ms(o.genCamMax);
    this.genCamDccMs = ms(Math.max(o.genCamMin, o.genCamDcc));
    this.lowFrequencyMs = ms(o.lowFrequencyInterval);
    this.rsuMs = ms(o.rsuInterval);
    this.headingRad = (o.headingThreshold * Math.PI) / 180;
    this.position2 = o.positionThreshold * o.positionThreshold;
  }

  /** Number of stations with CAM state (for tests and statistics). */
  get trackedStations(): number {
    return this.states.size;
  }

  generate(ctx: FacilityContext, out: Outgoing[]): void {
    const st = ctx.stations;
    const n = st.count;
    const nowMs = ms(ctx.time);
    const states = this.states;
    if (ctx.world !== this.world) {
      this.world = ctx.world;
      states.clear();
      this.byIndex.length = 0;
    }
    const round = ++this.round;
    const byIndex = this.byIndex;
    if (byIndex.length > n) byIndex.length = n;
    let gdt = -1;
    let seen = 0;
    for (let i = 0; i < n; i++) {
      const kind = st.kind[i];
      if (kind === StationKind.pedestrian) {
        byIndex[i] = undefined;
        continue;
      }
      const id = st.stationId[i]!;
      let s = byIndex[i];
      if (s === undefined || s.id !== id) {
        s = states.get(id);
        if (s === undefined) {
          const path = kind === StationKind.vehicle ? new PathHistory(this.options.pathHistory) : null;
          s = new CamState(id, this.genCamMaxMs, path);
          states.set(id, s);
        }
        byIndex[i] = s;
      }
      s.seen = round;
      seen++;
      if (kind === StationKind.rsu) {
        if (s.lastMs === s.lastMs && nowMs - s.lastMs < this.rsuMs) continue;
        if (gdt < 0) gdt = generationDeltaTime(timestampIts(ctx.time, ctx.world.scenario.run.startTime));
        s.lastMs = nowMs;
        out.push({ sender: i, family: 'cam', message: this.rsuCam(ctx.world, st, i, s, gdt) });
        continue;
      }
      const x = st.x[i]!;
      const y = st.y[i]!;
      const theta = st.theta[i]!;
      const v = st.speed[i]!;
      let send = false;
      if (s.lastMs !== s.lastMs) {
        send = true;
      } else {
        const elapsed = nowMs - s.lastMs;
        if (elapsed >= this.genCamDccMs) {
          const dx = x - s.x;
          const dy = y - s.y;
          if (
            Math.abs(angleDiff(theta, s.theta)) > this.headingRad ||
            dx * dx + dy * dy > this.position2 ||
            Math.abs(v - s.speed) > this.options.speedThreshold
          ) {
            send = true;
            s.tGenCam = elapsed < this.genCamMaxMs ? elapsed : this.genCamMaxMs;
            s.lowDynamics = 0;
          } else if (elapsed >= s.tGenCam) {
            send = true;
            if (++s.lowDynamics >= this.options.nGenCam) s.tGenCam = this.genCamMaxMs;
          }
        }
      }
      if (send) {
        if (gdt < 0) gdt = generationDeltaTime(timestampIts(ctx.time, ctx.world.scenario.run.startTime));
        out.push({ sender: i, family: 'cam', message: this.vehicleCam(ctx.world, st, i, s, nowMs, gdt) });
        s.lastMs = nowMs;
        s.x = x;
        s.y = y;
        s.theta = theta;
        s.speed = v;
      }
      s.prevTheta = theta;
      s.prevMs = nowMs;
    }
    if (states.size > seen) {
      for (const [id, s] of states) if (s.seen !== round) states.delete(id);
    }
  }

  private rsuCam(world: World, st: StationTable, i: number, s: CamState, gdt: number): ItsMessage {
    s.rsuPosition ??= stationReferencePosition(world, st, i);
    const cam: Cam = {
      generationDeltaTime: gdt,
      camParameters: {
        basicContainer: { stationType: StationTypeValue.roadSideUnit as StationType, referencePosition: s.rsuPosition },
        highFrequencyContainer: { rsuContainerHighFrequency: { protectedCommunicationZonesRsu: [] } },
      },
    };
    return { header: itsHeader(MessageId.cam, st.stationId[i]!), cam };
  }

  private vehicleCam(world: World, st: StationTable, i: number, s: CamState, nowMs: number, gdt: number): ItsMessage {
    const profile = positioningOf(st, i);
    const x = st.x[i]!;
    const y = st.y[i]!;
    const theta = st.theta[i]!;
    const v = st.speed[i]!;
    const a = st.accel[i]!;
    const geo = stationGeo(world, st, i);

    let yawRate = YAW_RATE_UNAVAILABLE;
    let curvature = CURVATURE_UNAVAILABLE;
    let yawKnown = false;
    let curvatureKnown = false;
    if (s.prevMs === s.prevMs && nowMs > s.prevMs) {
      const omega = angleDiff(theta, s.prevTheta) / ((nowMs - s.prevMs) / 1000);
      yawRate = toEtsiYawRate(omega);
      yawKnown = true;
      if (v >= CURVATURE_MIN_SPEED) {
        curvature = toEtsiCurvature(omega / v);
        curvatureKnown = true;
      }
    }
    s.vehicleLength ??= {
      vehicleLengthValue: toEtsiVehicleLength(st.length[i]!),
      vehicleLengthConfidenceIndication: VehicleLengthConfidenceIndication.VEHICLE_LENGTH_CONFIDENCE_INDICATION_NO_TRAILER_PRESENT,
    };
    const hf: BasicVehicleContainerHighFrequency = {
      heading: headingOf(theta, profile),
      speed: speedOf(v, profile),
      driveDirection: DriveDirection.DRIVE_DIRECTION_FORWARD,
      vehicleLength: s.vehicleLength,
      vehicleWidth: toEtsiVehicleWidth(st.width[i]!),
      longitudinalAcceleration: { value: toEtsiAcceleration(a), confidence: profile.accelerationConfidence },
      curvature: {
        curvatureValue: curvature,
        curvatureConfidence: curvatureKnown
          ? CurvatureConfidence.CURVATURE_CONFIDENCE_ONE_PER_METER_0_0005
          : CurvatureConfidence.CURVATURE_CONFIDENCE_UNAVAILABLE,
      },
      curvatureCalculationMode: curvatureKnown
        ? CurvatureCalculationMode.CURVATURE_CALCULATION_MODE_YAW_RATE_USED
        : CurvatureCalculationMode.CURVATURE_CALCULATION_MODE_UNAVAILABLE,
      yawRate: {
        yawRateValue: yawRate,
        yawRateConfidence: yawKnown ? YawRateConfidence.YAW_RATE_CONFIDENCE_DEG_SEC_001_00 : YawRateConfidence.YAW_RATE_CONFIDENCE_UNAVAILABLE,
      },
      accelerationControl: a < BRAKE_BELOW ? AccelerationControl.brakePedalEngaged : a > GAS_ABOVE ? AccelerationControl.gasPedalEngaged : 0,
    };
    const cam: Cam = {
      generationDeltaTime: gdt,
      camParameters: {
        basicContainer: { stationType: st.stationType[i]! as StationType, referencePosition: referencePosition(geo, theta, profile) },
        highFrequencyContainer: { basicVehicleContainerHighFrequency: hf },
      },
    };
    const path = s.path!;
    path.add(geo, x, y, nowMs);
    if (s.lastLowFrequencyMs !== s.lastLowFrequencyMs || nowMs - s.lastLowFrequencyMs >= this.lowFrequencyMs) {
      s.lastLowFrequencyMs = nowMs;
      const params = cam.camParameters!;
      const publicTransport = st.stationType[i] === StationTypeValue.bus;
      const V = world.vehicles;
      const ref = st.ref[i]!;
      const lateral = ref < V.capacity ? V.lateral[ref]! : 0;
      params.lowFrequencyContainer = {
        basicVehicleContainerLowFrequency: {
          vehicleRole: publicTransport ? VehicleRole.VEHICLE_ROLE_PUBLIC_TRANSPORT : VehicleRole.VEHICLE_ROLE_DEFAULT,
          exteriorLights:
            ExteriorLights.daytimeRunningLightsOn |
            (lateral < 0 ? ExteriorLights.leftTurnSignalOn : lateral > 0 ? ExteriorLights.rightTurnSignalOn : 0),
          pathHistory: path.points(geo, x, y, nowMs),
        },
      };
      const shuttle = st.shuttle[i]!;
      if (shuttle >= 0) {
        const sh = world.shuttles[shuttle];
        params.specialVehicleContainer = { publicTransportContainer: { embarkationStatus: sh !== undefined && sh.dwellLeft > 0 } };
      }
    }
    return { header: itsHeader(MessageId.cam, st.stationId[i]!), cam };
  }
}
