// The seeded radio channel: who hears a transmission, when, at what power.
//
// Knows stations (flat arrays indexed by the caller's station index), byte counts and times;
// nothing of the simulation's World or of message encodings. See docs/radio-channel.md.
import { Rng } from '../../sim/rng.ts';
import { BuildingIndex, ObstacleView, type BuildingInput } from './buildings.ts';
import { BusyGrid, type BusyRatioStats } from './busy.ts';
import {
  AccessCategory,
  EDCA,
  accessDelaySeconds,
  airTimeSeconds,
  interpolatePdr,
  normalCdf,
  normalQuantile,
  rangeForThreshold,
  referenceLossDb,
  sortedCurve,
  type ChannelParams,
} from './model.ts';

/**
 * Deliveries produced by `RadioChannel.transmit`, as parallel typed arrays (entries 0..count-1).
 * The arrays are replaced when the buffer grows: read the fields after the calls that append.
 */
export class DeliveryBuffer {
  count = 0;
  sender: Int32Array;
  receiver: Int32Array;
  /** The caller's tag passed to `transmit` (e.g. an index into its list of messages of the tick). */
  tag: Int32Array;
  /** Sim time the transmission was requested, seconds. */
  sentAt: Float64Array;
  /** Seconds from `sentAt` to delivery at the receiver's facilities (processing + channel access + air time). */
  latency: Float64Array;
  /** Received power of this packet, dBm (median path loss + this packet's shadowing + buildings). */
  rssi: Float64Array;
  /** Sender-receiver distance (3D, antennas), metres. */
  distance: Float64Array;

  constructor(capacity = 1024) {
    const c = Math.max(1, capacity);
    this.sender = new Int32Array(c);
    this.receiver = new Int32Array(c);
    this.tag = new Int32Array(c);
    this.sentAt = new Float64Array(c);
    this.latency = new Float64Array(c);
    this.rssi = new Float64Array(c);
    this.distance = new Float64Array(c);
  }

  get capacity(): number {
    return this.receiver.length;
  }

  reset(): void {
    this.count = 0;
  }

  /** Make room for `extra` more entries. */
  ensure(extra: number): void {
    const need = this.count + extra;
    if (need <= this.receiver.length) return;
    let c = this.receiver.length * 2;
    while (c < need) c *= 2;
    const grow = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(c);
      b.set(a.subarray(0, this.count));
      return b;
    };
    this.sender = grow(this.sender);
    this.receiver = grow(this.receiver);
    this.tag = grow(this.tag);
    this.sentAt = grow(this.sentAt);
    this.latency = grow(this.latency);
    this.rssi = grow(this.rssi);
    this.distance = grow(this.distance);
  }

  /** Sim time of delivery of entry i. */
  arrival(i: number): number {
    return this.sentAt[i]! + this.latency[i]!;
  }
}

/** Stations of one tick as parallel arrays; station index = array position. */
export interface StationArrays {
  count: number;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Antenna height above ground, metres. */
  z: ArrayLike<number>;
  txPowerDbm: ArrayLike<number>;
  antennaGainDbi: ArrayLike<number>;
  sensitivityDbm: ArrayLike<number>;
  /** 1 for road-side units (reported in `rsuBusyRatios`). */
  isRsu: ArrayLike<number>;
}

/** One station as a plain record (convenience form of `StationArrays`). */
export interface Station {
  x: number;
  y: number;
  z: number;
  txPowerDbm: number;
  antennaGainDbi: number;
  sensitivityDbm: number;
  isRsu: boolean;
}

export interface RadioChannelOptions {
  /** Cell size of the stations' grid, metres (default maxRange / 4; enlarged if the grid would exceed ~2 cells per station). */
  cellSize?: number;
  /** Cell size of the busy-ratio grid, metres (default 100). */
  busyCellSize?: number;
  /** Busy-ratio measurement window, seconds (default 0.1). */
  busyWindow?: number;
  /** Sim time the first busy-ratio window opens (default 0). */
  startTime?: number;
  /**
   * Links whose median margin is below −cutoff × √(σ² + w²) are not sampled (their delivery
   * probability is under Φ(−cutoff): 1.3e-12 at the default 7). Clamped to [5, 7.9].
   */
  cutoffSigmas?: number;
  /**
   * Draw each delivered packet's shadowing to report its received power (default true). Without
   * it `rssi` holds the median received power and two inverse-normal evaluations per delivery
   * are saved; which packets are delivered does not change.
   */
  perPacketRssi?: boolean;
}

export interface RsuBusyRatio extends BusyRatioStats {
  station: number;
  x: number;
  y: number;
}

/** Width of the distance bins of `attemptsByDistance`, metres. */
export const DISTANCE_BIN = 100;
const INV_DISTANCE_BIN2 = 1 / (DISTANCE_BIN * DISTANCE_BIN);

const GOLDEN = 0x9e3779b9 | 0;
const INV_2_32 = 1 / 4294967296;

/** 32-bit integer finaliser (lowbias32, C. Wellons): a bijection with full avalanche. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b | 0);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Uniform in (0, 1) for receiver j under a transmission key: counter-based, independent of visiting order. */
function pairUniform(key: number, j: number): number {
  return (mix32((key + Math.imul(j, GOLDEN)) | 0) + 0.5) * INV_2_32;
}

/**
 * Φ tabulated on [−8, 8] in steps of 1/16. As Φ is increasing, Φ(x) lies between the entries
 * around x: most decisions need only the table, and the result is the same as comparing with
 * `normalCdf(x)` itself.
 */
const PHI_TABLE_MIN = -8;
const PHI_TABLE_STEPS = 16;
const PHI_TABLE = Float64Array.from({ length: 16 * PHI_TABLE_STEPS + 1 }, (_, i) => normalCdf(PHI_TABLE_MIN + i / PHI_TABLE_STEPS));
/**
 * Above 7 standard deviations of margin delivery is certain: Φ(7) = 1 − 1.3e-12 exceeds the
 * largest uniform `pairUniform` returns (1 − 1.2e-10).
 */
const PHI_EXACT_ABOVE = 7;

function growF64(a: Float64Array, n: number): Float64Array {
  return a.length >= n ? a : new Float64Array(Math.max(n, 2 * a.length));
}
function growI32(a: Int32Array, n: number): Int32Array {
  return a.length >= n ? a : new Int32Array(Math.max(n, 2 * a.length));
}

export class RadioChannel {
  readonly params: Readonly<ChannelParams>;
  private readonly rng: Rng;
  private readonly buildings: BuildingIndex;
  private readonly view: ObstacleView;
  private readonly busy: BusyGrid;
  private readonly curve: [number, number][] | null;
  private readonly pl0: number;
  /** 10 n log10(d) = slope × ln(d²). */
  private readonly slope: number;
  private readonly spread: number;
  private readonly cutoff: number;
  private readonly perPacketRssi: boolean;
  private readonly cellOption: number | undefined;
  /** Carrier-sense range used for the busy ratio when a delivery curve replaces path loss. */
  private readonly curveSenseRange: number;

  // Stations, by caller index.
  private n = 0;
  private x: Float64Array = new Float64Array(0);
  private y: Float64Array = new Float64Array(0);
  private z: Float64Array = new Float64Array(0);
  private txp: Float64Array = new Float64Array(0);
  private gain: Float64Array = new Float64Array(0);
  private sens: Float64Array = new Float64Array(0);
  private rsu: Uint8Array = new Uint8Array(0);
  // The same, in grid order (cell by cell, ascending index within a cell).
  private gIdx: Int32Array = new Int32Array(0);
  private gx: Float64Array = new Float64Array(0);
  private gy: Float64Array = new Float64Array(0);
  private gz: Float64Array = new Float64Array(0);
  private gGain: Float64Array = new Float64Array(0);
  private gSens: Float64Array = new Float64Array(0);
  private cellStart: Int32Array = new Int32Array(2);
  private cell = 1;
  private ox = 0;
  private oy = 0;
  private nx = 1;
  private ny = 1;
  private rowK0: Int32Array = new Int32Array(1);
  private rowK1: Int32Array = new Int32Array(1);

  /** Transmissions so far. */
  transmissions = 0;
  /** (transmission, receiver) pairs within maxRange examined so far. */
  pairsExamined = 0;
  /** Deliveries produced so far. */
  deliveries = 0;
  /** (transmission, receiver) pairs within maxRange examined so far, per 100 m of distance (delivery-ratio statistics). */
  readonly attemptsByDistance: Float64Array;
  /** floor(sqrt(i)): the distance bin of a pair from floor(d² / bin²), with no square root per pair. */
  private readonly binOfD2: Uint16Array;

  constructor(params: ChannelParams, buildings: readonly BuildingInput[], seed: number, options: RadioChannelOptions = {}) {
    if (params.processingMs[1] < params.processingMs[0]) throw new RangeError('channel: processingMs must be [min, max] with min <= max');
    this.params = params;
    this.rng = new Rng((seed ^ 0x5eed) >>> 0);
    this.buildings = new BuildingIndex(buildings);
    this.view = new ObstacleView(this.buildings);
    this.busy = new BusyGrid(options.busyCellSize ?? 100, options.busyWindow ?? 0.1, options.startTime ?? 0);
    this.curve = params.pdrCurve ? sortedCurve(params.pdrCurve) : null;
    this.pl0 = referenceLossDb(params.frequencyGhz);
    this.slope = (5 * params.pathLossExponent) / Math.LN10;
    this.spread = Math.hypot(params.shadowingSigmaDb, params.perWidthDb);
    this.cutoff = Math.min(7.9, Math.max(5, options.cutoffSigmas ?? 7));
    this.perPacketRssi = options.perPacketRssi ?? true;
    this.cellOption = options.cellSize;
    this.curveSenseRange = this.curve ? curveHalfDistance(this.curve, params.maxRange) : 0;
    this.attemptsByDistance = new Float64Array(Math.ceil(params.maxRange / DISTANCE_BIN) + 1);
    const squares = Math.ceil((params.maxRange * params.maxRange) / (DISTANCE_BIN * DISTANCE_BIN)) + 1;
    this.binOfD2 = Uint16Array.from({ length: squares }, (_, i) => Math.floor(Math.sqrt(i)));
  }

  get stationCount(): number {
    return this.n;
  }

  /** Replace the stations (call once per tick, after movement). Copies the arrays and rebuilds the grid. */
  setStations(s: StationArrays): void {
    const n = s.count;
    this.n = n;
    this.x = growF64(this.x, n);
    this.y = growF64(this.y, n);
    this.z = growF64(this.z, n);
    this.txp = growF64(this.txp, n);
    this.gain = growF64(this.gain, n);
    this.sens = growF64(this.sens, n);
    if (this.rsu.length < n) this.rsu = new Uint8Array(Math.max(n, 2 * this.rsu.length));
    this.gIdx = growI32(this.gIdx, n);
    this.gx = growF64(this.gx, n);
    this.gy = growF64(this.gy, n);
    this.gz = growF64(this.gz, n);
    this.gGain = growF64(this.gGain, n);
    this.gSens = growF64(this.gSens, n);
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < n; i++) {
      const xi = s.x[i]!, yi = s.y[i]!;
      if (!Number.isFinite(xi) || !Number.isFinite(yi)) throw new RangeError(`channel: station ${i} has no finite position`);
      this.x[i] = xi;
      this.y[i] = yi;
      this.z[i] = s.z[i]!;
      this.txp[i] = s.txPowerDbm[i]!;
      this.gain[i] = s.antennaGainDbi[i]!;
      this.sens[i] = s.sensitivityDbm[i]!;
      this.rsu[i] = s.isRsu[i]! ? 1 : 0;
      if (xi < x0) x0 = xi;
      if (xi > x1) x1 = xi;
      if (yi < y0) y0 = yi;
      if (yi > y1) y1 = yi;
    }
    if (n === 0) x0 = y0 = x1 = y1 = 0;
    let cell = this.cellOption ?? this.params.maxRange / 4;
    const maxCells = 2 * n + 64;
    const cellsFor = (c: number) => (Math.floor((x1 - x0) * (1 / c)) + 1) * (Math.floor((y1 - y0) * (1 / c)) + 1);
    while (cellsFor(cell) > maxCells) cell *= 1.5;
    const inv = 1 / cell;
    this.cell = cell;
    this.ox = x0;
    this.oy = y0;
    // Same formula as the per-station cell below, so the largest coordinate lands in the last cell.
    this.nx = Math.floor((x1 - x0) * inv) + 1;
    this.ny = Math.floor((y1 - y0) * inv) + 1;
    const cells = this.nx * this.ny;
    if (this.cellStart.length < cells + 1) this.cellStart = new Int32Array(Math.max(cells + 1, 2 * this.cellStart.length));
    if (this.rowK0.length < this.ny) {
      this.rowK0 = new Int32Array(this.ny);
      this.rowK1 = new Int32Array(this.ny);
    }
    // Counting sort by cell; ascending station index within a cell.
    const start = this.cellStart;
    start.fill(0, 0, cells + 1);
    for (let i = 0; i < n; i++) {
      const c = Math.floor((this.y[i]! - y0) * inv) * this.nx + Math.floor((this.x[i]! - x0) * inv);
      start[c + 1]!++;
    }
    for (let c = 1; c <= cells; c++) start[c]! += start[c - 1]!;
    for (let i = 0; i < n; i++) {
      const c = Math.floor((this.y[i]! - y0) * inv) * this.nx + Math.floor((this.x[i]! - x0) * inv);
      const k = start[c]!++;
      this.gIdx[k] = i;
      this.gx[k] = this.x[i]!;
      this.gy[k] = this.y[i]!;
      this.gz[k] = this.z[i]!;
      this.gGain[k] = this.gain[i]!;
      this.gSens[k] = this.sens[i]!;
    }
    for (let c = cells; c > 0; c--) start[c] = start[c - 1]!;
    start[0] = 0;
  }

  /** Convenience: `setStations` from records (station index = position in the list). */
  setStationList(stations: readonly Station[]): void {
    const n = stations.length;
    const a = {
      count: n,
      x: new Float64Array(n),
      y: new Float64Array(n),
      z: new Float64Array(n),
      txPowerDbm: new Float64Array(n),
      antennaGainDbi: new Float64Array(n),
      sensitivityDbm: new Float64Array(n),
      isRsu: new Uint8Array(n),
    };
    stations.forEach((s, i) => {
      a.x[i] = s.x;
      a.y[i] = s.y;
      a.z[i] = s.z;
      a.txPowerDbm[i] = s.txPowerDbm;
      a.antennaGainDbi[i] = s.antennaGainDbi;
      a.sensitivityDbm[i] = s.sensitivityDbm;
      a.isRsu[i] = s.isRsu ? 1 : 0;
    });
    this.setStations(a);
  }

  /**
   * Grid rows around (sx, sy) clipped to the maxRange disc: fills rowK0/rowK1 with the run of
   * grid-ordered stations of each row (runs are contiguous because cells are row-major).
   * Returns the total run length, an upper bound of the candidates.
   */
  private rows(sx: number, sy: number): number {
    // A millimetre of slack absorbs rounding between a station's cell and the row bounds here;
    // the exact distance test is done per candidate.
    const R = this.params.maxRange + 1e-3, c = this.cell, nx = this.nx, inv = 1 / c;
    const start = this.cellStart;
    let total = 0;
    for (let cy = 0; cy < this.ny; cy++) {
      this.rowK0[cy] = 0;
      this.rowK1[cy] = 0;
      const y0 = this.oy + cy * c, y1 = y0 + c;
      const dy = sy < y0 ? y0 - sy : sy > y1 ? sy - y1 : 0;
      if (dy > R) continue;
      const half = Math.sqrt(R * R - dy * dy);
      // Same cell formula as setStations, so the clip is monotonic with it.
      let cx0 = Math.floor((sx - half - this.ox) * inv), cx1 = Math.floor((sx + half - this.ox) * inv);
      if (cx0 < 0) cx0 = 0;
      if (cx1 > nx - 1) cx1 = nx - 1;
      if (cx0 > cx1) continue;
      const k0 = start[cy * nx + cx0]!, k1 = start[cy * nx + cx1 + 1]!;
      this.rowK0[cy] = k0;
      this.rowK1[cy] = k1;
      total += k1 - k0;
    }
    return total;
  }

  /**
   * Stations within maxRange (3D distance between antennas) of `sender`, excluding it, in grid
   * order; written to `out` (grown if needed) and returned as a view of it.
   */
  neighbours(sender: number, out?: Int32Array): Int32Array {
    this.checkStation(sender);
    const sx = this.x[sender]!, sy = this.y[sender]!, sz = this.z[sender]!;
    const R2 = this.params.maxRange * this.params.maxRange;
    const bound = this.rows(sx, sy);
    const res = out && out.length >= bound ? out : new Int32Array(bound);
    let m = 0;
    for (let cy = 0; cy < this.ny; cy++) {
      for (let k = this.rowK0[cy]!, k1 = this.rowK1[cy]!; k < k1; k++) {
        const j = this.gIdx[k]!;
        if (j === sender) continue;
        const dx = this.gx[k]! - sx, dy = this.gy[k]! - sy, dz = this.gz[k]! - sz;
        if (dx * dx + dy * dy + dz * dz <= R2) res[m++] = j;
      }
    }
    return res.subarray(0, m);
  }

  private checkStation(i: number): void {
    if (!(i >= 0 && i < this.n && Number.isInteger(i))) throw new RangeError(`channel: no station ${i} (have ${this.n})`);
  }

  /**
   * One broadcast of `bytes` payload bytes (facilities message plus security, without the
   * 82 bytes of MAC/LLC/GN/BTP headers, which are added) from station `sender` at sim time `t`.
   * Appends one entry per receiver that decodes it to `out`; returns how many were appended.
   */
  transmit(sender: number, bytes: number, t: number, out: DeliveryBuffer, tag = 0, ac: AccessCategory = AccessCategory.BE): number {
    this.checkStation(sender);
    const p = this.params;
    const rng = this.rng;
    // Four draws per transmission, always, in this order: the run's stream never depends on
    // how many receivers there are.
    const key1 = rng.u32() | 0;
    const key2 = rng.u32() | 0;
    const key3 = rng.u32() | 0;
    const slots = rng.int(EDCA[ac]!.cwMin + 1);
    this.transmissions++;

    const sx = this.x[sender]!, sy = this.y[sender]!, sz = this.z[sender]!;
    const eirp = this.txp[sender]! + this.gain[sender]!;
    const airTime = airTimeSeconds(bytes, p.dataRateMbps);
    const fixed = accessDelaySeconds(ac, slots, this.busy.at(sx, sy)) + airTime;
    const procMin = p.processingMs[0] * 1e-3, procSpan = (p.processingMs[1] - p.processingMs[0]) * 1e-3;
    // Busy ratio: the area where this transmission is sensed (median power above the
    // carrier-sense threshold at a vehicle antenna).
    const senseRange = this.curve
      ? this.curveSenseRange
      : Math.min(p.maxRange, rangeForThreshold(eirp + p.vehicleAntennaGainDbi, p.sensitivityDbm, p));
    this.busy.add(sx, sy, senseRange, airTime);

    const R = p.maxRange, R2 = R * R;
    const bound = this.rows(sx, sy);
    out.ensure(bound);
    const oSender = out.sender, oReceiver = out.receiver, oTag = out.tag, oSent = out.sentAt;
    const oLatency = out.latency, oRssi = out.rssi, oDistance = out.distance;
    let o = out.count;
    const first = o;
    let pairs = 0;

    const gIdx = this.gIdx, gx = this.gx, gy = this.gy, gz = this.gz, gGain = this.gGain, gSens = this.gSens;
    const base = eirp - this.pl0;
    const slope = this.slope;
    const ny = this.ny, rowK0 = this.rowK0, rowK1 = this.rowK1;
    const attempts = this.attemptsByDistance;
    const binOfD2 = this.binOfD2;

    if (this.curve) {
      const curve = this.curve;
      for (let cy = 0; cy < ny; cy++) {
        for (let k = rowK0[cy]!, k1 = rowK1[cy]!; k < k1; k++) {
          const j = gIdx[k]!;
          if (j === sender) continue;
          const dx = gx[k]! - sx, dy = gy[k]! - sy, dz = gz[k]! - sz;
          const d2 = dx * dx + dy * dy + dz * dz;
          if (d2 > R2) continue;
          pairs++;
          attempts[binOfD2[(d2 * INV_DISTANCE_BIN2) | 0]!]!++;
          const d = Math.sqrt(d2);
          const u = pairUniform(key1, j);
          if (u >= interpolatePdr(curve, d)) continue;
          oSender[o] = sender;
          oReceiver[o] = j;
          oTag[o] = tag;
          oSent[o] = t;
          oLatency[o] = fixed + procMin + procSpan * pairUniform(key3, j);
          oRssi[o] = base + gGain[k]! - slope * Math.log(d2 > 1 ? d2 : 1);
          oDistance[o] = d;
          o++;
        }
      }
    } else {
      const sigma = p.shadowingSigmaDb;
      // cutoff ≥ 5 and < 8 (the table's range) keeps the table index in bounds.
      const invS = 1 / this.spread, cut = this.cutoff * this.spread;
      const sigOverS = sigma / this.spread, wOverS = p.perWidthDb / this.spread;
      const wallLoss = p.buildingLossDb;
      const perPacketRssi = this.perPacketRssi;
      const view = this.view;
      let obstacles = false;
      if (this.buildings.count > 0 && wallLoss > 0) {
        view.prepare(sx, sy, sz, R);
        obstacles = view.active;
      }
      for (let cy = 0; cy < ny; cy++) {
        for (let k = rowK0[cy]!, k1 = rowK1[cy]!; k < k1; k++) {
          const j = gIdx[k]!;
          if (j === sender) continue;
          const dx = gx[k]! - sx, dy = gy[k]! - sy, dz = gz[k]! - sz;
          const d2 = dx * dx + dy * dy + dz * dz;
          if (d2 > R2) continue;
          pairs++;
          attempts[binOfD2[(d2 * INV_DISTANCE_BIN2) | 0]!]!++;
          let rx = base + gGain[k]! - slope * Math.log(d2 > 1 ? d2 : 1);
          let m = rx - gSens[k]!;
          if (m < -cut) continue; // hopeless even in line of sight
          if (obstacles) {
            const walls = view.count(gx[k]!, gy[k]!, gz[k]!, Math.sqrt(dx * dx + dy * dy));
            if (walls > 0) {
              rx -= walls * wallLoss;
              m -= walls * wallLoss;
              if (m < -cut) continue;
            }
          }
          // Delivered iff σ·z_shadow + w·z_receiver > −m, i.e. ζ = (σ z_s + w z_r)/s > −m/s with
          // ζ ~ N(0,1): decided by one uniform against Φ(m/s); ζ = −Φ⁻¹(u) is then the
          // conditional draw, and the shadowing part of it is split off with a second normal.
          const u = pairUniform(key1, j);
          const x = m * invS;
          if (x < PHI_EXACT_ABOVE) {
            // Bracket Φ(x) between two table entries; compute it only when u falls in between.
            const i = ((x - PHI_TABLE_MIN) * PHI_TABLE_STEPS) | 0;
            if (u >= PHI_TABLE[i + 1]!) continue;
            if (u >= PHI_TABLE[i]! && u >= normalCdf(x)) continue;
          }
          const shadow = sigma === 0 || !perPacketRssi ? 0 : sigma * (sigOverS * -normalQuantile(u) + wOverS * normalQuantile(pairUniform(key2, j)));
          oSender[o] = sender;
          oReceiver[o] = j;
          oTag[o] = tag;
          oSent[o] = t;
          oLatency[o] = fixed + procMin + procSpan * pairUniform(key3, j);
          oRssi[o] = rx + shadow;
          oDistance[o] = Math.sqrt(d2);
          o++;
        }
      }
    }
    out.count = o;
    this.pairsExamined += pairs;
    this.deliveries += o - first;
    return o - first;
  }

  /** Call after the tick's transmissions with the sim time at the end of the tick: closes the busy-ratio window when it is due. */
  endTick(t: number): void {
    this.busy.endTick(t);
  }

  /** Channel busy ratio of the last completed window at (x, y), in [0, 1]. */
  busyRatioAt(x: number, y: number): number {
    return this.busy.at(x, y);
  }

  /** Last, peak and mean busy ratio at (x, y). */
  busyRatioStats(x: number, y: number): BusyRatioStats {
    return this.busy.stats(x, y);
  }

  /** Busy ratio at each RSU station's position (stations flagged `isRsu`), ascending station index. */
  rsuBusyRatios(): RsuBusyRatio[] {
    const out: RsuBusyRatio[] = [];
    for (let i = 0; i < this.n; i++) {
      if (!this.rsu[i]) continue;
      const x = this.x[i]!, y = this.y[i]!;
      out.push({ station: i, x, y, ...this.busy.stats(x, y) });
    }
    return out;
  }

  /** All busy-ratio cells touched so far (for maps). */
  busyCells(): ReturnType<BusyGrid['cells']> {
    return this.busy.cells();
  }

  /** Buildings crossed below the roof between two stations (what `transmit` applies). */
  buildingsBetween(a: number, b: number): number {
    this.checkStation(a);
    this.checkStation(b);
    return this.buildings.countCrossedBruteForce(this.x[a]!, this.y[a]!, this.z[a]!, this.x[b]!, this.y[b]!, this.z[b]!);
  }
}

/** Distance at which a delivery curve falls to 0.5 (its "range"); maxRange if it never does. */
function curveHalfDistance(curve: readonly [number, number][], maxRange: number): number {
  if (curve.length === 0 || curve[0]![1] < 0.5) return 0;
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1]!, b = curve[i]!;
    if (b[1] < 0.5) return a[1] === b[1] ? a[0] : a[0] + ((b[0] - a[0]) * (a[1] - 0.5)) / (a[1] - b[1]);
  }
  return maxRange;
}
