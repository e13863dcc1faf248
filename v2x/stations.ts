// The ITS stations of a run: every RSU, every equipped vehicle (shuttles and buses always by
// default, cars and trucks at the scenario's rates) and pedestrians carrying a device. Refreshed
// from the world once per tick into flat arrays (local metres, SI) that the facilities and the
// radio channel read. Who is equipped is decided by a hash of (seed, vehicle id), not by the
// simulation's generator, so turning V2X on or off never changes the traffic.
import type { World } from '../sim/world.ts';
import { vehiclePose, pedestrianPosition } from '../sim/pose.ts';
import { VehicleType } from '../sim/vehicle-types.ts';
import type { Pose } from '../sim/polyline.ts';

/** ETSI StationType values (CDD). */
export const StationType = {
  unknown: 0,
  pedestrian: 1,
  passengerCar: 5,
  bus: 6,
  heavyTruck: 8,
  roadSideUnit: 15,
} as const;
export type StationType = (typeof StationType)[keyof typeof StationType];

export const StationKind = { rsu: 0, vehicle: 1, pedestrian: 2 } as const;
export type StationKind = (typeof StationKind)[keyof typeof StationKind];

/** Station identifiers by kind, readable in logs: RSUs 1001.., vehicles 100000 + vehicle id, pedestrians 5000000 + id. */
export const rsuStationId = (rsuIndex: number) => 1001 + rsuIndex;
export const vehicleStationId = (vehicleId: number) => 100_000 + vehicleId;
export const pedestrianStationId = (pedestrianId: number) => 5_000_000 + pedestrianId;

/** Deterministic uniform [0, 1) from (seed, id): the equipment draw. */
function unitHash(seed: number, id: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(id, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

export class StationTable {
  count = 0;
  capacity = 0;
  stationId = new Uint32Array(0);
  kind = new Uint8Array(0);
  stationType = new Uint8Array(0);
  /** Vehicle slot, RSU index or pedestrian index in the world. */
  ref = new Int32Array(0);
  /** Stable vehicle or pedestrian id (RSU index for RSUs). */
  entity = new Int32Array(0);
  x = new Float64Array(0);
  y = new Float64Array(0);
  /** Antenna height above ground, metres. */
  z = new Float64Array(0);
  /** Heading, radians counter-clockwise from east (local frame). */
  theta = new Float64Array(0);
  speed = new Float64Array(0);
  accel = new Float64Array(0);
  length = new Float64Array(0);
  width = new Float64Array(0);
  /** Index of the shuttle (World.shuttles) this station drives, or -1. */
  shuttle = new Int32Array(0);

  private ensure(n: number): void {
    if (n <= this.capacity) return;
    const cap = Math.max(64, n * 2);
    const grow = <T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(a: T, make: (k: number) => T): T => {
      const b = make(cap);
      b.set(a.subarray(0, this.count));
      return b;
    };
    this.stationId = grow(this.stationId, (k) => new Uint32Array(k));
    this.kind = grow(this.kind, (k) => new Uint8Array(k));
    this.stationType = grow(this.stationType, (k) => new Uint8Array(k));
    this.ref = grow(this.ref, (k) => new Int32Array(k));
    this.entity = grow(this.entity, (k) => new Int32Array(k));
    this.x = grow(this.x, (k) => new Float64Array(k));
    this.y = grow(this.y, (k) => new Float64Array(k));
    this.z = grow(this.z, (k) => new Float64Array(k));
    this.theta = grow(this.theta, (k) => new Float64Array(k));
    this.speed = grow(this.speed, (k) => new Float64Array(k));
    this.accel = grow(this.accel, (k) => new Float64Array(k));
    this.length = grow(this.length, (k) => new Float64Array(k));
    this.width = grow(this.width, (k) => new Float64Array(k));
    this.shuttle = grow(this.shuttle, (k) => new Int32Array(k));
    this.capacity = cap;
  }

  /** Rebuilds the table from the world: RSUs first (stable indices), then vehicles by slot, then pedestrians. */
  refresh(w: World, equipment: { car: number; bus: number; truck: number }): void {
    const net = w.net;
    const V = w.vehicles;
    this.ensure(net.rsus.length + V.count + w.pedestrians.length);
    let n = 0;
    for (const r of net.rsus) {
      this.stationId[n] = rsuStationId(r.id);
      this.kind[n] = StationKind.rsu;
      this.stationType[n] = StationType.roadSideUnit;
      this.ref[n] = r.id;
      this.entity[n] = r.id;
      this.x[n] = r.x;
      this.y[n] = r.y;
      this.z[n] = r.mastHeight;
      this.theta[n] = 0;
      this.speed[n] = 0;
      this.accel[n] = 0;
      this.length[n] = 0;
      this.width[n] = 0;
      this.shuttle[n] = -1;
      n++;
    }
    const rates = [equipment.car, equipment.bus, equipment.truck, 1];
    const types: number[] = [StationType.passengerCar, StationType.bus, StationType.heavyTruck, StationType.bus];
    const pose: Pose = { x: 0, y: 0, theta: 0 };
    for (let i = 0; i < V.top; i++) {
      if (V.alive[i] === 0) continue;
      const t = V.type[i]!;
      const id = V.id[i]!;
      if (t !== VehicleType.shuttle && unitHash(w.seed, id) >= rates[t]!) continue;
      vehiclePose(w, i, pose);
      this.stationId[n] = vehicleStationId(id);
      this.kind[n] = StationKind.vehicle;
      this.stationType[n] = types[t]!;
      this.ref[n] = i;
      this.entity[n] = id;
      this.x[n] = pose.x;
      this.y[n] = pose.y;
      this.z[n] = 1.5;
      this.theta[n] = pose.theta;
      this.speed[n] = V.v[i]!;
      this.accel[n] = V.acc[i]!;
      this.length[n] = V.length[i]!;
      this.width[n] = V.width[i]!;
      this.shuttle[n] = V.shuttle[i]!;
      n++;
    }
    const p = { x: 0, y: 0 };
    for (let k = 0; k < w.pedestrians.length; k++) {
      const ped = w.pedestrians[k]!;
      if (!ped.equipped) continue;
      pedestrianPosition(w, k, p);
      const cw = w.net.crosswalks[ped.crosswalk]!;
      const [ax, ay] = ped.forward ? cw.a : cw.b;
      const [bx, by] = ped.forward ? cw.b : cw.a;
      this.stationId[n] = pedestrianStationId(ped.id);
      this.kind[n] = StationKind.pedestrian;
      this.stationType[n] = StationType.pedestrian;
      this.ref[n] = k;
      this.entity[n] = ped.id;
      this.x[n] = p.x;
      this.y[n] = p.y;
      this.z[n] = 1.2;
      this.theta[n] = Math.atan2(by - ay, bx - ax);
      this.speed[n] = ped.walking ? ped.speed : 0;
      this.accel[n] = 0;
      this.length[n] = 0.5;
      this.width[n] = 0.5;
      this.shuttle[n] = -1;
      n++;
    }
    this.count = n;
  }
}
