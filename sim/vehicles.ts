// Vehicle state as a structure of arrays: one typed array per attribute, indexed by slot.
// The per-tick loops read a handful of attributes for thousands of vehicles; flat arrays keep
// that cache-friendly and allocation-free. Slots are recycled LIFO, which is deterministic.
import type { VehicleTypeName } from './vehicle-types.ts';
import { DRIVER_PARAMS, VEHICLE_TYPE_NAMES } from './vehicle-types.ts';

export class VehicleTable {
  capacity = 0;
  /** One past the highest slot ever used (loops run to here and skip dead slots). */
  top = 0;
  alive = new Uint8Array(0);
  /** Stable VehicleId (never reused). */
  id = new Int32Array(0);
  type = new Uint8Array(0);
  lane = new Int32Array(0);
  /** Front bumper position along the lane, metres. */
  s = new Float64Array(0);
  v = new Float64Array(0);
  acc = new Float64Array(0);
  length = new Float64Array(0);
  width = new Float64Array(0);
  /** Desired speed as a factor of the speed limit (driver's own). */
  speedFactor = new Float64Array(0);
  /** Own speed cap, m/s. */
  maxSpeed = new Float64Array(0);
  accel = new Float64Array(0);
  decel = new Float64Array(0);
  maxDecel = new Float64Array(0);
  headway = new Float64Array(0);
  minGap = new Float64Array(0);
  /** Route index into World.routes and position of the current (or last left) link in it. */
  route = new Int32Array(0);
  routePos = new Int32Array(0);
  /** Connection to take at the end of the current link lane, -1 if none (exit, or lane change needed). */
  nextConn = new Int32Array(0);
  /** Amber decision at the coming stop line: 0 undecided, 1 go, 2 stop. */
  amber = new Int8Array(0);
  /** Furthest position the front may reach this tick (leader's rear, obstacles): the collision guard. */
  limit = new Float64Array(0);
  /** Lateral offset from the lane centre while a lane change completes (display only), metres. */
  lateral = new Float64Array(0);
  /** Shuttle runtime index, or -1. */
  shuttle = new Int32Array(0);
  enteredTick = new Int32Array(0);
  /** Consecutive ticks spent slower than 0.5 m/s (waiting time so far). */
  waitTicks = new Int32Array(0);
  private free: number[] = [];
  private nextId = 1;
  count = 0;

  constructor(capacity = 1024) {
    this.grow(capacity);
  }

  private grow(capacity: number): void {
    const copy = <T extends Float64Array | Int32Array | Uint8Array | Int8Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    const f64 = (n: number) => new Float64Array(n);
    const i32 = (n: number) => new Int32Array(n);
    this.alive = copy(this.alive, (n) => new Uint8Array(n));
    this.id = copy(this.id, i32);
    this.type = copy(this.type, (n) => new Uint8Array(n));
    this.lane = copy(this.lane, i32);
    this.s = copy(this.s, f64);
    this.v = copy(this.v, f64);
    this.acc = copy(this.acc, f64);
    this.length = copy(this.length, f64);
    this.width = copy(this.width, f64);
    this.speedFactor = copy(this.speedFactor, f64);
    this.maxSpeed = copy(this.maxSpeed, f64);
    this.accel = copy(this.accel, f64);
    this.decel = copy(this.decel, f64);
    this.maxDecel = copy(this.maxDecel, f64);
    this.headway = copy(this.headway, f64);
    this.minGap = copy(this.minGap, f64);
    this.route = copy(this.route, i32);
    this.routePos = copy(this.routePos, i32);
    this.nextConn = copy(this.nextConn, i32);
    this.amber = copy(this.amber, (n) => new Int8Array(n));
    this.limit = copy(this.limit, f64);
    this.lateral = copy(this.lateral, f64);
    this.shuttle = copy(this.shuttle, i32);
    this.enteredTick = copy(this.enteredTick, i32);
    this.waitTicks = copy(this.waitTicks, i32);
    this.capacity = capacity;
  }

  /** Allocates a slot with the type's driver parameters; the caller sets lane, s, v, route. */
  add(typeIndex: number, speedFactor: number, tick: number): number {
    const slot = this.free.length > 0 ? this.free.pop()! : this.top++;
    if (slot >= this.capacity) this.grow(this.capacity * 2);
    const p = DRIVER_PARAMS[VEHICLE_TYPE_NAMES[typeIndex] as VehicleTypeName];
    this.alive[slot] = 1;
    this.id[slot] = this.nextId++;
    this.type[slot] = typeIndex;
    this.length[slot] = p.length;
    this.width[slot] = p.width;
    this.speedFactor[slot] = speedFactor;
    this.maxSpeed[slot] = p.maxSpeed;
    this.accel[slot] = p.accel;
    this.decel[slot] = p.decel;
    this.maxDecel[slot] = p.maxDecel;
    this.headway[slot] = p.headway;
    this.minGap[slot] = p.minGap;
    this.acc[slot] = 0;
    this.nextConn[slot] = -1;
    this.amber[slot] = 0;
    this.limit[slot] = Infinity;
    this.lateral[slot] = 0;
    this.shuttle[slot] = -1;
    this.enteredTick[slot] = tick;
    this.waitTicks[slot] = 0;
    this.count++;
    return slot;
  }

  remove(slot: number): void {
    this.alive[slot] = 0;
    this.free.push(slot);
    this.count--;
  }

  /** Next VehicleId to be allocated (part of the state hash). */
  get idCounter(): number {
    return this.nextId;
  }
}

/**
 * Vehicles of each lane, front first (descending position). Order within a lane never changes
 * by driving (the collision guard forbids overtaking in a lane), only by entering and leaving.
 */
export class LaneOccupancy {
  readonly lists: number[][];
  constructor(laneCount: number) {
    this.lists = Array.from({ length: laneCount }, () => []);
  }

  /** Inserts slot at its place by position `s` (binary search; usually the tail). */
  insert(lane: number, slot: number, s: Float64Array): void {
    const list = this.lists[lane]!;
    const x = s[slot]!;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[list[mid]!]! >= x) lo = mid + 1;
      else hi = mid;
    }
    if (lo === list.length) list.push(slot);
    else list.splice(lo, 0, slot);
  }

  remove(lane: number, slot: number): void {
    const list = this.lists[lane]!;
    const k = list.lastIndexOf(slot);
    if (k >= 0) list.splice(k, 1);
  }

  /** Index of the first vehicle at or behind position x (the follower); list.length if none. */
  static followerIndex(list: readonly number[], x: number, s: Float64Array): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[list[mid]!]! > x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
