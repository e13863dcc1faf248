import { describe, expect, it } from 'vitest';
import { Channel } from '../../scenarios/schema.ts';
import { DeliveryBuffer, RadioChannel, type Station } from '../../v2x/channel/channel.ts';
import {
  AccessCategory,
  DEFAULT_CHANNEL_PARAMS,
  ITS_G5_SHB_OVERHEAD_BYTES,
  SLOT_SECONDS,
  aifsSeconds,
  airTimeSeconds,
  deliveryProbability,
  expectedPdr,
  interpolatePdr,
  meanRxPowerDbm,
  normalCdf,
  normalQuantile,
  pathLossDb,
  referenceLossDb,
  vehicleRadio,
  type ChannelParams,
} from '../../v2x/channel/model.ts';
import { Rng } from '../../sim/rng.ts';

const P: ChannelParams = { ...DEFAULT_CHANNEL_PARAMS };
const car = (x: number, y: number, z = 1.5): Station => ({
  x,
  y,
  z,
  txPowerDbm: P.vehicleTxPowerDbm,
  antennaGainDbi: P.vehicleAntennaGainDbi,
  sensitivityDbm: P.sensitivityDbm,
  isRsu: false,
});

/** Deliveries per receiver over `n` transmissions of `sender`. */
function deliveryCounts(ch: RadioChannel, sender: number, n: number, stations: number): Float64Array {
  const counts = new Float64Array(stations);
  const out = new DeliveryBuffer();
  for (let k = 0; k < n; k++) {
    out.reset();
    ch.transmit(sender, 300, k * 0.001, out);
    for (let i = 0; i < out.count; i++) counts[out.receiver[i]!]!++;
  }
  return counts;
}

describe('radio model', () => {
  it('uses the scenario schema defaults', () => {
    expect(DEFAULT_CHANNEL_PARAMS).toEqual(Channel.parse({}));
  });

  it('air time: 300 bytes at 6 Mbit/s is 560 µs with the 82-byte SHB overhead, 448 µs bare', () => {
    expect(ITS_G5_SHB_OVERHEAD_BYTES).toBe(82);
    // 16 + 8 × 382 + 6 = 3078 bits / 48 bits per symbol → 65 symbols: 40 + 65 × 8 = 560 µs.
    expect(airTimeSeconds(300, 6)).toBeCloseTo(560e-6, 12);
    // 16 + 8 × 300 + 6 = 2422 bits → 51 symbols: 40 + 408 = 448 µs.
    expect(airTimeSeconds(300, 6, 0)).toBeCloseTo(448e-6, 12);
    expect(airTimeSeconds(300, 3)).toBeCloseTo(1072e-6, 12); // 129 symbols of 24 bits
    expect(airTimeSeconds(300, 27)).toBeCloseTo(160e-6, 12); // 15 symbols of 216 bits
    expect(airTimeSeconds(300, 4.5)).toBeCloseTo((40 + 8 * Math.ceil(3078 / 36)) * 1e-6, 12);
  });

  it('free-space path loss at 100 m and 5.9 GHz is 87.9 dB (exponent 2)', () => {
    expect(referenceLossDb(5.9)).toBeCloseTo(47.865, 3);
    expect(pathLossDb(100, { pathLossExponent: 2, frequencyGhz: 5.9 })).toBeCloseTo(87.87, 1);
    expect(pathLossDb(0.2, { pathLossExponent: 2.7, frequencyGhz: 5.9 })).toBe(referenceLossDb(5.9));
  });

  it('EDCA timing: AIFS 110 µs for best effort (CAM), 58 µs for voice', () => {
    expect(aifsSeconds(AccessCategory.BE)).toBeCloseTo(110e-6, 12);
    expect(aifsSeconds(AccessCategory.VO)).toBeCloseTo(58e-6, 12);
  });

  it('normal CDF and quantile are accurate and inverse of each other', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316, 9);
    for (let x = -6; x <= 6; x += 0.25) expect(normalQuantile(normalCdf(x))).toBeCloseTo(x, 4);
    for (let x = -6; x < 6; x += 0.01) expect(normalCdf(x + 0.01)).toBeGreaterThanOrEqual(normalCdf(x));
  });

  it('packet-error curve: 50 % at the sensitivity, rising with power', () => {
    expect(deliveryProbability(-85, -85, 2)).toBeCloseTo(0.5, 7);
    expect(deliveryProbability(-85 + 2 * 1.2816, -85, 2)).toBeCloseTo(0.9, 4);
    expect(deliveryProbability(-90, -85, 2)).toBeLessThan(0.01);
  });

  it('expected delivery ratio falls with distance and with buildings, and is zero beyond maxRange', () => {
    const r = vehicleRadio(P);
    let prev = 1;
    for (let d = 1; d <= 1000; d += 10) {
      const p = expectedPdr(d, P, r, r);
      expect(p).toBeLessThanOrEqual(prev);
      prev = p;
    }
    expect(expectedPdr(5, P, r, r)).toBeGreaterThan(0.999);
    expect(expectedPdr(100, P, r, r, 1)).toBeLessThan(expectedPdr(100, P, r, r, 0));
    expect(expectedPdr(1001, P, r, r)).toBe(0);
  });

  it('interpolates a measured delivery curve (sorted or not; flat before the first and beyond the last point)', () => {
    const curve: [number, number][] = [
      [300, 0.2],
      [0, 1],
      [100, 0.9],
    ];
    const params = { ...P, pdrCurve: curve };
    const r = vehicleRadio(P);
    const sorted: [number, number][] = [
      [0, 1],
      [100, 0.9],
      [300, 0.2],
    ];
    expect(interpolatePdr(sorted, 50)).toBeCloseTo(0.95, 12);
    expect(interpolatePdr(sorted, 200)).toBeCloseTo(0.55, 12);
    expect(interpolatePdr(sorted, 800)).toBe(0.2);
    expect(interpolatePdr([[10, 0.7], [20, 0.1]], 3)).toBe(0.7);
    expect(expectedPdr(200, params, r, r)).toBeCloseTo(0.55, 12);
    expect(expectedPdr(200, params, r, r, 3)).toBeCloseTo(0.55, 12); // the measurement includes buildings
  });
});

describe('RadioChannel', () => {
  /** One sender at the origin, receivers at random bearings and distances in (0.5, 999) m. */
  function ring(n: number, seed: number): Station[] {
    const rng = new Rng(seed);
    const st = [car(0, 0)];
    for (let i = 0; i < n; i++) {
      const d = 0.5 + (998.5 * (i + rng.next())) / n;
      const a = rng.uniform(0, 2 * Math.PI);
      st.push(car(d * Math.cos(a), d * Math.sin(a)));
    }
    return st;
  }

  function binCheck(params: ChannelParams, stations: Station[], transmissions: number) {
    const ch = new RadioChannel(params, [], 42);
    ch.setStationList(stations);
    const counts = deliveryCounts(ch, 0, transmissions, stations.length);
    const bins = Array.from({ length: 10 }, () => ({ got: 0, want: 0, n: 0 }));
    const s0 = stations[0]!;
    for (let j = 1; j < stations.length; j++) {
      const s = stations[j]!;
      const d = Math.hypot(s.x - s0.x, s.y - s0.y, s.z - s0.z);
      const b = bins[Math.min(9, Math.floor(d / 100))]!;
      b.got += counts[j]! / transmissions;
      b.want += expectedPdr(d, params, s0, s);
      b.n++;
    }
    return bins.map((b) => ({ got: b.got / b.n, want: b.want / b.n, n: b.n }));
  }

  it('delivery ratio per 100 m bin (0-1000 m) matches expectedPdr within ±0.02 over 20,000 transmissions', () => {
    const stations = ring(200, 1);
    const bins = binCheck(P, stations, 20_000);
    for (const b of bins) {
      expect(b.n).toBeGreaterThan(0);
      expect(Math.abs(b.got - b.want)).toBeLessThanOrEqual(0.02);
    }
    // The curve is really exercised: near bins deliver, far bins do not.
    expect(bins[0]!.want).toBeGreaterThan(0.6);
    expect(bins[9]!.want).toBeLessThan(0.01);
  });

  it('delivery ratio per 100 m bin matches within ±0.02 with strong shadowing, an RSU sender and a softer receiver', () => {
    const params: ChannelParams = { ...P, shadowingSigmaDb: 8, perWidthDb: 4, pathLossExponent: 2.2 };
    const stations = ring(200, 2);
    stations[0] = { ...stations[0]!, z: 6, txPowerDbm: 20, antennaGainDbi: 5, isRsu: true };
    const bins = binCheck(params, stations, 20_000);
    for (const b of bins) expect(Math.abs(b.got - b.want)).toBeLessThanOrEqual(0.02);
    expect(bins[9]!.want).toBeGreaterThan(0.05);
  });

  it('delivery ratio per 100 m bin follows a measured pdrCurve within ±0.02', () => {
    const params: ChannelParams = { ...P, pdrCurve: [[0, 0.98], [200, 0.9], [500, 0.4], [800, 0.05]] };
    const bins = binCheck(params, ring(200, 3), 20_000);
    for (const b of bins) expect(Math.abs(b.got - b.want)).toBeLessThanOrEqual(0.02);
  });

  it('received power of delivered packets carries the log-normal shadowing (mean and σ)', () => {
    const params: ChannelParams = { ...P, shadowingSigmaDb: 6 };
    const st = [car(0, 0), car(10, 0)]; // 33 dB of margin, 5.2 σ: every packet decodes
    const ch = new RadioChannel(params, [], 5);
    ch.setStationList(st);
    const out = new DeliveryBuffer();
    for (let k = 0; k < 20_000; k++) ch.transmit(0, 300, 0, out);
    expect(out.count).toBe(20_000);
    let sum = 0, sum2 = 0;
    for (let i = 0; i < out.count; i++) {
      sum += out.rssi[i]!;
      sum2 += out.rssi[i]! ** 2;
    }
    const mean = sum / out.count, sd = Math.sqrt(sum2 / out.count - mean * mean);
    expect(Math.abs(mean - meanRxPowerDbm(10, params, st[0]!, st[1]!))).toBeLessThan(0.15);
    expect(Math.abs(sd - 6)).toBeLessThan(0.15);
  });

  it('a building between two stations lowers delivery (unless both antennas clear the roof)', () => {
    const block = { height: 10, footprint: [[45, -10], [55, -10], [55, 10], [45, 10]] as [number, number][] };
    // 0 → 1 through the block; 2 → 3 on 12 m masts over its 10 m roof; 4 → 5 beside it.
    const st = [car(0, 0), car(100, 0), car(0, 0, 12), car(100, 0, 12), car(0, 40), car(100, 40)];
    const open = new RadioChannel(P, [], 9);
    const built = new RadioChannel(P, [block], 9);
    open.setStationList(st);
    built.setStationList(st);
    expect(built.buildingsBetween(0, 1)).toBe(1);
    expect(built.buildingsBetween(2, 3)).toBe(0); // over the roof
    expect(built.buildingsBetween(4, 5)).toBe(0); // beside it
    const n = 10_000;
    const a = deliveryCounts(open, 0, n, st.length)[1]! / n;
    const b = deliveryCounts(built, 0, n, st.length)[1]! / n;
    const r = vehicleRadio(P);
    expect(a).toBeGreaterThan(0.8);
    expect(b).toBeLessThan(0.05);
    expect(Math.abs(a - expectedPdr(100, P, r, r, 0))).toBeLessThan(0.02);
    expect(Math.abs(b - expectedPdr(100, P, r, r, 1))).toBeLessThan(0.02);
    const high = deliveryCounts(built, 2, n, st.length)[3]! / n;
    expect(high).toBeGreaterThan(0.8);
  });

  it('same seed gives identical deliveries; another seed gives different ones', () => {
    const run = (seed: number, cellSize?: number) => {
      const ch = new RadioChannel(P, [{ height: 20, footprint: [[200, -50], [260, -50], [260, 50], [200, 50]] }], seed, cellSize ? { cellSize } : {});
      const rng = new Rng(77);
      const st: Station[] = [];
      for (let i = 0; i < 300; i++) st.push(car(rng.uniform(0, 2000), rng.uniform(-100, 100)));
      ch.setStationList(st);
      const out = new DeliveryBuffer(4);
      for (let k = 0; k < 300; k++) ch.transmit(k, 300 + (k % 50), k * 0.01, out, k);
      ch.endTick(3);
      const rows: string[] = [];
      for (let i = 0; i < out.count; i++) rows.push([out.sender[i], out.receiver[i], out.tag[i], out.sentAt[i], out.latency[i], out.rssi[i], out.distance[i]].join(' '));
      return rows;
    };
    const a = run(1), b = run(1), c = run(2);
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    // Losses do not depend on how the stations are indexed spatially (only the order may).
    expect(run(1, 37).sort()).toEqual([...a].sort());
  });

  it('latency = processing + channel access + air time, within their bounds', () => {
    const st = [car(0, 0), car(20, 0)];
    const ch = new RadioChannel(P, [], 3);
    ch.setStationList(st);
    const out = new DeliveryBuffer();
    for (let k = 0; k < 5000; k++) ch.transmit(0, 300, 10, out);
    const air = airTimeSeconds(300, 6);
    const lo = P.processingMs[0] * 1e-3 + aifsSeconds(AccessCategory.BE) + air;
    const hi = P.processingMs[1] * 1e-3 + aifsSeconds(AccessCategory.BE) + 15 * SLOT_SECONDS + air;
    let sum = 0;
    for (let i = 0; i < out.count; i++) {
      expect(out.latency[i]).toBeGreaterThanOrEqual(lo - 1e-12);
      expect(out.latency[i]).toBeLessThanOrEqual(hi + 1e-12);
      expect(out.arrival(i)).toBeCloseTo(10 + out.latency[i]!, 12);
      sum += out.latency[i]!;
    }
    expect(sum / out.count).toBeCloseTo((lo + hi) / 2, 3);
  });

  it('busy ratio grows with offered load, stays in [0, 1], and is reported per RSU', () => {
    const measure = (perWindow: number) => {
      const st: Station[] = [{ ...car(50, 50, 6), isRsu: true, antennaGainDbi: 5 }];
      for (let i = 0; i < 40; i++) st.push(car(i * 5, 50));
      const ch = new RadioChannel(P, [], 1);
      ch.setStationList(st);
      const out = new DeliveryBuffer();
      const ratios: number[] = [];
      for (let w = 0; w < 5; w++) {
        for (let k = 0; k < perWindow; k++) ch.transmit(1 + (k % 40), 300, w * 0.1 + k * 1e-5, out);
        ch.endTick((w + 1) * 0.1);
        ratios.push(ch.busyRatioAt(50, 50));
        out.reset();
      }
      return { ratio: ratios[4]!, rsu: ch.rsuBusyRatios() };
    };
    const loads = [0, 10, 50, 100, 170, 400];
    const r = loads.map((l) => measure(l).ratio);
    for (const x of r) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
    expect(r[0]).toBe(0);
    for (let i = 1; i < r.length; i++) expect(r[i]!).toBeGreaterThanOrEqual(r[i - 1]!);
    // 10 CAMs of 560 µs in 100 ms: 5.6 %.
    expect(r[1]).toBeCloseTo(0.056, 6);
    expect(r[5]).toBe(1);
    const { rsu } = measure(50);
    expect(rsu).toHaveLength(1);
    expect(rsu[0]!.station).toBe(0);
    expect(rsu[0]!.last).toBeCloseTo(0.28, 6);
    expect(rsu[0]!.peak).toBeGreaterThanOrEqual(rsu[0]!.last);
    expect(rsu[0]!.mean).toBeCloseTo(0.28, 6);
  });

  it('a busy channel stretches channel access', () => {
    const st = [car(0, 0), car(10, 0)];
    const ch = new RadioChannel({ ...P, processingMs: [0, 0] }, [], 4);
    ch.setStationList(st);
    const out = new DeliveryBuffer();
    const mean = () => {
      out.reset();
      for (let k = 0; k < 200; k++) ch.transmit(0, 300, 0, out);
      let s = 0;
      for (let i = 0; i < out.count; i++) s += out.latency[i]!;
      return s / out.count;
    };
    const idle = mean(); // CBR of the first window is not measured yet
    ch.endTick(0.1); // 200 × 560 µs in 100 ms: saturated
    const busy = mean();
    expect(ch.busyRatioAt(0, 0)).toBe(1);
    expect(busy - airTimeSeconds(300, 6)).toBeGreaterThan(5 * (idle - airTimeSeconds(300, 6)));
  });

  it('rejects unknown stations', () => {
    const ch = new RadioChannel(P, [], 1);
    ch.setStationList([car(0, 0)]);
    expect(() => ch.transmit(1, 100, 0, new DeliveryBuffer())).toThrow(RangeError);
    expect(ch.transmit(0, 100, 0, new DeliveryBuffer())).toBe(0);
  });
});
