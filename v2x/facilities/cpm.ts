// CP service (TS 103 324 V2.1.1), RSU side: every RSU with sensors reports what its sensors see
// (pedestrians, the scenario's obstacles and stationary vehicles, and vehicles) in CPMs.
//
// Perception: an entity is detected by a sensor when it lies within the sensor's range and its
// horizontal field of view (fov degrees, centred on the sensor's heading, degrees clockwise from
// north; the sensor sits at its own `position` or at the RSU). Sensors see through everything
// (no occlusion). Entities: every pedestrian of the world (walking or waiting at the kerb), the
// active obstacle and stationaryVehicle timeline events (centre of the blocked stretch), and
// every vehicle (centre of its bounding box) unless `includeVehicles` is off.
//
// Generation (R2 rules, as ms-van3t's cpBasicService): checked every T_GenCpmMin = 100 ms (or
// every tick if ticks are longer). A detected object is included when it is new since the last
// CPM, has moved more than 4 m, changed speed by more than 0.5 m/s or direction by more than 4
// degrees since it was last included, or was last included T_GenCpmMax = 1 s ago or more. A CPM
// is sent when at least one object is to be included, and at least every T_GenCpmMax even with
// none. The sensorInformationContainer goes in the first CPM and then at most once per second.
//
// Content: management {referenceTime = now, referencePosition = the RSU}; containers
// originatingRsuContainer (2), sensorInformationContainer (3) when due, perceivedObjectContainer
// (5) with numberOfPerceivedObjects = all detected objects and the included ones (at most 255).
// PerceivedObject: objectId stable while the entity stays detected (allocated per RSU in
// sequence, 0..65535, skipping ids in use), measurementDeltaTime 0, position x east / y north
// relative to the RSU in cm, cartesian velocity, bounding box, objectAge (capped at 1500 ms),
// sensorIdList and one classification: pedestrian (vruSubClass pedestrian / ordinary),
// vehicles (vehicleSubClass passengerCar / bus / heavyTruck), obstacles (otherSubClass
// singleObject). SensorInformation: sensorId = index of the sensor in the RSU's list, sensorType
// camera -> monovideo 3, radar 1, lidar 2; perception region = a radial shape (circular for a
// 360-degree sensor) with its range, relative to the RSU.
import type { Facility, FacilityContext, Outgoing } from '../runtime.ts';
import type { World } from '../../sim/world.ts';
import { EventState } from '../../sim/timeline.ts';
import { poseAt, type Pose } from '../../sim/polyline.ts';
import { vehiclePose, pedestrianPosition } from '../../sim/pose.ts';
import { VehicleType } from '../../sim/vehicle-types.ts';
import { StationKind } from '../stations.ts';
import {
  itsMessage,
  StationType,
  type Cpm,
  type PerceivedObject,
  type SensorInformation,
  type WrappedCpmContainer,
} from '../message-types.ts';
import { timestampIts, toEtsiCartesianAngle, toEtsiCartesianCoordinate, toEtsiVelocityComponent } from '../units.ts';
import { GeoRef } from './denm.ts';
import { POSITIONING } from './position.ts';

const DEG = Math.PI / 180;

export interface CpmFacilityOptions {
  /** T_GenCpmMin: check period, seconds. Default 0.1. */
  readonly minInterval?: number;
  /** T_GenCpmMax: longest gap between CPMs, and between inclusions of an object, seconds. Default 1. */
  readonly maxInterval?: number;
  /** Position change that triggers inclusion, metres. Default 4. */
  readonly positionThreshold?: number;
  /** Speed change that triggers inclusion, m/s. Default 0.5. */
  readonly speedThreshold?: number;
  /** Direction change that triggers inclusion, degrees. Default 4. */
  readonly headingThreshold?: number;
  /** Period of the sensor information container, seconds. Default 1. */
  readonly sensorInfoInterval?: number;
  /** Report vehicles as well as pedestrians and obstacles. Default true. */
  readonly includeVehicles?: boolean;
}

export type ObjectClassName = 'pedestrian' | 'vehicle' | 'other';

/** One entity seen by an RSU's sensors this tick, local metres and SI. */
export interface DetectedObject {
  /** `p:<pedestrian id>`, `v:<vehicle id>`, `o:<timeline index>`. */
  readonly key: string;
  readonly cls: ObjectClassName;
  /** StationType for vehicles (vehicleSubClass). */
  readonly vehicleType: number;
  readonly x: number;
  readonly y: number;
  readonly vx: number;
  readonly vy: number;
  readonly length: number;
  readonly width: number;
  readonly height: number;
  /** Orientation, radians counter-clockwise from east. */
  readonly theta: number;
  /** Sensor indices (in the RSU's sensor list) that see it. */
  readonly sensors: number[];
}

interface Track {
  readonly objectId: number;
  readonly firstSeen: number;
  lastIncluded: number;
  x: number;
  y: number;
  speed: number;
  heading: number;
  seenTick: number;
}

interface RsuState {
  readonly rsu: number;
  readonly tracks: Map<string, Track>;
  /** objectIds of the current tracks. */
  readonly used: Set<number>;
  nextObjectId: number;
  lastCheck: number;
  lastCpm: number;
  lastSensorInfo: number;
  sent: number;
}

interface SensorGeom {
  readonly id: number;
  readonly type: number;
  readonly x: number;
  readonly y: number;
  /** Boresight, radians counter-clockwise from east. */
  readonly theta: number;
  readonly halfFov: number;
  readonly fov: number;
  readonly range: number;
}

const SENSOR_TYPE: Readonly<Record<string, number>> = { camera: 3, radar: 1, lidar: 2 };

/** Is (x, y) inside the sensor's sector? */
export function inSensorZone(s: { x: number; y: number; theta: number; halfFov: number; range: number }, x: number, y: number): boolean {
  const dx = x - s.x;
  const dy = y - s.y;
  // Not Math.hypot on per-tick paths: V8's builtin allocates an array per call.
  const d = Math.sqrt(dx * dx + dy * dy);
  if (d > s.range) return false;
  if (s.halfFov >= Math.PI - 1e-9 || d < 1e-9) return true;
  let a = Math.atan2(dy, dx) - s.theta;
  a = Math.atan2(Math.sin(a), Math.cos(a));
  return Math.abs(a) <= s.halfFov + 1e-9;
}

export class CpmFacility implements Facility {
  readonly name = 'cpm';
  private world: World | undefined;
  private geoRef: GeoRef | undefined;
  private sensors: SensorGeom[][] = [];
  private states: RsuState[] = [];
  /** Per RSU: a circle holding every sensor zone (quick rejection). */
  private reach: { x: number; y: number; r: number }[] = [];
  private vehTick = -1;
  private vehCount = 0;
  private vehX = new Float64Array(0);
  private vehY = new Float64Array(0);
  private vehTheta = new Float64Array(0);
  private vehSlot = new Int32Array(0);
  private readonly pose: Pose = { x: 0, y: 0, theta: 0 };
  private readonly tMin: number;
  private readonly tMax: number;
  private readonly dPos: number;
  private readonly dSpeed: number;
  private readonly dHeading: number;
  private readonly tSensor: number;
  private readonly includeVehicles: boolean;

  constructor(options: CpmFacilityOptions = {}) {
    this.tMin = options.minInterval ?? 0.1;
    this.tMax = options.maxInterval ?? 1;
    this.dPos = options.positionThreshold ?? 4;
    this.dSpeed = options.speedThreshold ?? 0.5;
    this.dHeading = (options.headingThreshold ?? 4) * DEG;
    this.tSensor = options.sensorInfoInterval ?? 1;
    this.includeVehicles = options.includeVehicles ?? true;
    if (!(this.tMin > 0 && this.tMax >= this.tMin)) throw new RangeError(`CPM intervals need 0 < minInterval <= maxInterval, got ${this.tMin}, ${this.tMax}`);
  }

  /** The objectId RSU `rsu` currently gives the entity `key` (`p:<id>`, `v:<id>`, `o:<k>`), if tracked. */
  objectId(rsu: number, key: string): number | undefined {
    return this.states.find((s) => s.rsu === rsu)?.tracks.get(key)?.objectId;
  }

  /** CPMs sent so far by RSU `rsu`. */
  sentBy(rsu: number): number {
    return this.states.find((s) => s.rsu === rsu)?.sent ?? 0;
  }

  private setup(w: World): void {
    this.world = w;
    this.geoRef = new GeoRef(w);
    this.sensors = w.scenario.rsus.map((r, k) => {
      const rsu = w.net.rsus[k]!;
      return r.sensors.map((s, i) => ({
        id: i,
        type: SENSOR_TYPE[s.kind] ?? 0,
        x: s.position ? s.position[0] : rsu.x,
        y: s.position ? s.position[1] : rsu.y,
        theta: (90 - s.heading) * DEG,
        halfFov: (s.fov / 2) * DEG,
        fov: s.fov,
        range: s.range,
      }));
    });
    this.vehTick = -1;
    this.reach = this.sensors.map((list, k) => {
      const rsu = w.net.rsus[k]!;
      let r = 0;
      for (const s of list) r = Math.max(r, Math.hypot(s.x - rsu.x, s.y - rsu.y) + s.range);
      return { x: rsu.x, y: rsu.y, r: r + 1e-6 };
    });
    this.states = [];
    this.sensors.forEach((list, k) => {
      if (list.length > 0) this.states.push({ rsu: k, tracks: new Map(), used: new Set(), nextObjectId: 0, lastCheck: -Infinity, lastCpm: -Infinity, lastSensorInfo: -Infinity, sent: 0 });
    });
  }

  /** Everything the sensors of RSU `rsu` see now. */
  detect(w: World, rsu: number): DetectedObject[] {
    if (this.world !== w) this.setup(w);
    const sensors = this.sensors[rsu] ?? [];
    const out: DetectedObject[] = [];
    if (sensors.length === 0) return out;
    // Most candidates are seen by no sensor: test before allocating their list of sensor ids.
    const NONE: number[] = [];
    const seenBy = (x: number, y: number): number[] => {
      let k = 0;
      while (k < sensors.length && !inSensorZone(sensors[k]!, x, y)) k++;
      if (k === sensors.length) return NONE;
      const ids: number[] = [sensors[k]!.id];
      for (k++; k < sensors.length; k++) if (inSensorZone(sensors[k]!, x, y)) ids.push(sensors[k]!.id);
      return ids;
    };
    const p = { x: 0, y: 0 };
    for (let k = 0; k < w.pedestrians.length; k++) {
      const ped = w.pedestrians[k]!;
      pedestrianPosition(w, k, p);
      const ids = seenBy(p.x, p.y);
      if (ids.length === 0) continue;
      const cw = w.net.crosswalks[ped.crosswalk]!;
      const [ax, ay] = ped.forward ? cw.a : cw.b;
      const [bx, by] = ped.forward ? cw.b : cw.a;
      const theta = Math.atan2(by - ay, bx - ax);
      const v = ped.walking ? ped.speed : 0;
      out.push({ key: `p:${ped.id}`, cls: 'pedestrian', vehicleType: 0, x: p.x, y: p.y, vx: v * Math.cos(theta), vy: v * Math.sin(theta), length: 0.5, width: 0.5, height: 1.7, theta, sensors: ids });
    }
    const pose: Pose = { x: 0, y: 0, theta: 0 };
    for (let k = 0; k < w.timeline.length; k++) {
      const e = w.timeline[k]!;
      if (e.state !== EventState.active || (e.kind !== 'obstacle' && e.kind !== 'stationaryVehicle')) continue;
      const L = w.net.lanes[e.lane]!;
      poseAt(L.shape, Math.min(L.length, e.pos + e.length / 2), pose);
      const ids = seenBy(pose.x, pose.y);
      if (ids.length === 0) continue;
      const spec = w.scenario.timeline[k]!;
      let cls: ObjectClassName = 'other';
      let vehicleType = 0;
      let width = Math.min(L.width, 2);
      let height = 1;
      if (spec.type === 'stationaryVehicle') {
        cls = 'vehicle';
        vehicleType = spec.vehicleType === 'car' ? StationType.STATION_TYPE_PASSENGER_CAR : spec.vehicleType === 'bus' ? StationType.STATION_TYPE_BUS : StationType.STATION_TYPE_HEAVY_TRUCK;
        width = spec.vehicleType === 'car' ? 1.8 : 2.5;
        height = spec.vehicleType === 'car' ? 1.5 : 3;
      }
      out.push({ key: `o:${k}`, cls, vehicleType, x: pose.x, y: pose.y, vx: 0, vy: 0, length: e.length, width, height, theta: pose.theta, sensors: ids });
    }
    if (this.includeVehicles) {
      this.snapshotVehicles(w);
      const V = w.vehicles;
      const reach = this.reach[rsu]!;
      const r2 = reach.r * reach.r;
      for (let k = 0; k < this.vehCount; k++) {
        const cx = this.vehX[k]!;
        const cy = this.vehY[k]!;
        const dx = cx - reach.x;
        const dy = cy - reach.y;
        if (dx * dx + dy * dy > r2) continue;
        const ids = seenBy(cx, cy);
        if (ids.length === 0) continue;
        const i = this.vehSlot[k]!;
        const theta = this.vehTheta[k]!;
        const t = V.type[i]!;
        const vehicleType =
          t === VehicleType.car ? StationType.STATION_TYPE_PASSENGER_CAR : t === VehicleType.truck ? StationType.STATION_TYPE_HEAVY_TRUCK : StationType.STATION_TYPE_BUS;
        const v = V.v[i]!;
        out.push({
          key: `v:${V.id[i]!}`,
          cls: 'vehicle',
          vehicleType,
          x: cx,
          y: cy,
          vx: v * Math.cos(theta),
          vy: v * Math.sin(theta),
          length: V.length[i]!,
          width: V.width[i]!,
          height: t === VehicleType.car ? 1.5 : 3,
          theta,
          sensors: ids,
        });
      }
    }
    return out;
  }

  generate(ctx: FacilityContext, out: Outgoing[]): void {
    const w = ctx.world;
    if (this.world !== w) this.setup(w);
    const now = ctx.time;
    const half = w.dt / 2;
    for (const state of this.states) {
      if (now < state.lastCheck + this.tMin - half) continue;
      const sender = state.rsu;
      if (sender >= ctx.stations.count || ctx.stations.kind[sender] !== StationKind.rsu) continue;
      state.lastCheck = now;
      const detected = this.detect(w, state.rsu);
      const include: { o: DetectedObject; t: Track }[] = [];
      for (const o of detected) {
        let t = state.tracks.get(o.key);
        const speed = Math.sqrt(o.vx * o.vx + o.vy * o.vy);
        const heading = Math.atan2(o.vy, o.vx);
        let due = false;
        if (!t) {
          t = { objectId: this.allocateId(state), firstSeen: now, lastIncluded: -Infinity, x: o.x, y: o.y, speed, heading, seenTick: ctx.tick };
          state.tracks.set(o.key, t);
          due = true;
        } else {
          let dh = Math.abs(heading - t.heading);
          if (dh > Math.PI) dh = 2 * Math.PI - dh;
          due =
            Math.sqrt((o.x - t.x) ** 2 + (o.y - t.y) ** 2) > this.dPos ||
            Math.abs(speed - t.speed) > this.dSpeed ||
            (speed > 0.1 && t.speed > 0.1 && dh > this.dHeading) ||
            now >= t.lastIncluded + this.tMax - half;
        }
        t.seenTick = ctx.tick;
        if (due && include.length < 255) include.push({ o, t });
      }
      // Forget entities no longer seen (their id may be reused much later).
      for (const [key, t] of state.tracks) {
        if (t.seenTick === ctx.tick) continue;
        state.tracks.delete(key);
        state.used.delete(t.objectId);
      }
      if (include.length === 0 && now < state.lastCpm + this.tMax - half) continue;
      const withSensors = now >= state.lastSensorInfo + this.tSensor - half;
      out.push({ sender, family: 'cpm', message: itsMessage('cpm', ctx.stations.stationId[sender]!, this.build(w, state, detected.length, include, withSensors, now)) });
      for (const { o, t } of include) {
        t.lastIncluded = now;
        t.x = o.x;
        t.y = o.y;
        t.speed = Math.sqrt(o.vx * o.vx + o.vy * o.vy);
        t.heading = Math.atan2(o.vy, o.vx);
      }
      state.lastCpm = now;
      if (withSensors) state.lastSensorInfo = now;
      state.sent++;
    }
  }

  /** Centres of every vehicle's bounding box, computed once per tick for all RSUs. */
  private snapshotVehicles(w: World): void {
    if (this.vehTick === w.tick) return;
    this.vehTick = w.tick;
    const V = w.vehicles;
    if (this.vehX.length < V.top) {
      const cap = Math.max(64, V.top * 2);
      this.vehX = new Float64Array(cap);
      this.vehY = new Float64Array(cap);
      this.vehTheta = new Float64Array(cap);
      this.vehSlot = new Int32Array(cap);
    }
    const pose = this.pose;
    let n = 0;
    for (let i = 0; i < V.top; i++) {
      if (V.alive[i] === 0) continue;
      vehiclePose(w, i, pose);
      const half = V.length[i]! / 2;
      this.vehX[n] = pose.x - Math.cos(pose.theta) * half;
      this.vehY[n] = pose.y - Math.sin(pose.theta) * half;
      this.vehTheta[n] = pose.theta;
      this.vehSlot[n] = i;
      n++;
    }
    this.vehCount = n;
  }

  private allocateId(state: RsuState): number {
    for (let n = 0; n < 65536; n++) {
      const id = state.nextObjectId;
      state.nextObjectId = (state.nextObjectId + 1) % 65536;
      if (!state.used.has(id)) {
        state.used.add(id);
        return id;
      }
    }
    throw new Error('CPM: more than 65536 tracked objects');
  }

  private build(w: World, state: RsuState, detectedCount: number, include: readonly { o: DetectedObject; t: Track }[], withSensors: boolean, now: number): Cpm {
    const rsu = w.net.rsus[state.rsu]!;
    const geo = this.geoRef!;
    const containers: WrappedCpmContainer[] = [{ containerId: 2, originatingRsuContainer: {} }];
    if (withSensors) {
      const items: SensorInformation[] = this.sensors[state.rsu]!.map((s) => {
        const ref = { xCoordinate: clampCm(s.x - rsu.x), yCoordinate: clampCm(s.y - rsu.y) };
        const range = Math.min(4095, Math.round(s.range * 10));
        return {
          sensorId: s.id,
          sensorType: s.type,
          perceptionRegionShape:
            s.fov >= 360
              ? { circular: { shapeReferencePoint: ref, radius: range } }
              : {
                  radial: {
                    shapeReferencePoint: ref,
                    range,
                    horizontalOpeningAngleStart: toEtsiCartesianAngle(s.theta - s.halfFov),
                    horizontalOpeningAngleEnd: toEtsiCartesianAngle(s.theta + s.halfFov),
                  },
                },
          shadowingApplies: false,
        };
      });
      containers.push({ containerId: 3, sensorInformationContainer: { items } });
    }
    const objects: PerceivedObject[] = include.map(({ o, t }) => ({
      objectId: t.objectId,
      measurementDeltaTime: 0,
      position: {
        xCoordinate: { value: toEtsiCartesianCoordinate(o.x - rsu.x), confidence: 20 },
        yCoordinate: { value: toEtsiCartesianCoordinate(o.y - rsu.y), confidence: 20 },
      },
      velocity: {
        cartesianVelocity: {
          xVelocity: { value: toEtsiVelocityComponent(o.vx), confidence: 10 },
          yVelocity: { value: toEtsiVelocityComponent(o.vy), confidence: 10 },
        },
      },
      angles: { zAngle: { value: toEtsiCartesianAngle(o.theta), confidence: 50 } },
      objectDimensionZ: dimension(o.height),
      objectDimensionY: dimension(o.width),
      objectDimensionX: dimension(o.length),
      objectAge: Math.min(1500, Math.max(0, Math.round((now - t.firstSeen) * 1000))),
      objectPerceptionQuality: 12,
      sensorIdList: o.sensors.slice(0, 128),
      classification: [
        {
          objectClass:
            o.cls === 'pedestrian'
              ? { vruSubClass: { pedestrian: 1 } }
              : o.cls === 'vehicle'
                ? { vehicleSubClass: o.vehicleType as StationType }
                : { otherSubClass: 1 },
          confidence: 90,
        },
      ],
    }));
    containers.push({ containerId: 5, perceivedObjectContainer: { numberOfPerceivedObjects: Math.min(255, detectedCount), perceivedObjects: objects } });
    return {
      managementContainer: { referenceTime: timestampIts(now, w.scenario.run.startTime), referencePosition: geo.referencePosition(rsu.x, rsu.y, POSITIONING.surveyed.semiMajor / 100, rsu.mastHeight, POSITIONING.surveyed.altitudeConfidence) },
      cpmContainers: containers,
    };
  }
}

function clampCm(metres: number): number {
  return Math.max(-32768, Math.min(32767, Math.round(metres * 100)));
}

function dimension(metres: number): { value: number; confidence: number } {
  return { value: Math.max(1, Math.min(255, Math.round(metres * 10))), confidence: 5 };
}
