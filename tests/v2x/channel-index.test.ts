import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DeliveryBuffer, RadioChannel, type StationArrays } from '../../v2x/channel/channel.ts';
import { BuildingIndex, ObstacleView, pseudoAngle, type BuildingInput } from '../../v2x/channel/buildings.ts';
import { DEFAULT_CHANNEL_PARAMS, type ChannelParams } from '../../v2x/channel/model.ts';

const layout = fc.record({
  n: fc.integer({ min: 1, max: 120 }),
  w: fc.double({ min: 1, max: 4000, noNaN: true }),
  h: fc.double({ min: 0, max: 4000, noNaN: true }),
  ox: fc.double({ min: -1e5, max: 1e5, noNaN: true }),
  maxRange: fc.double({ min: 1, max: 1500, noNaN: true }),
  cellSize: fc.option(fc.double({ min: 0.5, max: 3000, noNaN: true }), { nil: undefined }),
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
});

/** Stations from a seeded stream (fast-check shrinks the layout parameters). */
function stations(n: number, w: number, h: number, ox: number, seed: number): StationArrays {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const a: StationArrays & { x: Float64Array; y: Float64Array; z: Float64Array } = {
    count: n,
    x: new Float64Array(n),
    y: new Float64Array(n),
    z: new Float64Array(n),
    txPowerDbm: new Float64Array(n).fill(23),
    antennaGainDbi: new Float64Array(n),
    sensitivityDbm: new Float64Array(n).fill(-85),
    isRsu: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    // Some stations share positions exactly (queues at a stop line, RSU above a car).
    const dup = i > 0 && next() < 0.1;
    a.x[i] = dup ? a.x[i - 1]! : ox + next() * w;
    a.y[i] = dup ? a.y[i - 1]! : next() * h;
    a.z[i] = next() * 30;
  }
  return a;
}

function bruteForce(st: StationArrays, sender: number, range: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < st.count; j++) {
    if (j === sender) continue;
    const dx = st.x[j]! - st.x[sender]!, dy = st.y[j]! - st.y[sender]!, dz = st.z[j]! - st.z[sender]!;
    if (dx * dx + dy * dy + dz * dz <= range * range) out.push(j);
  }
  return out;
}

describe('channel spatial index', () => {
  it('finds exactly the stations within maxRange that an all-pairs search finds', () => {
    fc.assert(
      fc.property(layout, ({ n, w, h, ox, maxRange, cellSize, seed }) => {
        const st = stations(n, w, h, ox, seed);
        const ch = new RadioChannel({ ...DEFAULT_CHANNEL_PARAMS, maxRange }, [], 1, cellSize ? { cellSize } : {});
        ch.setStations(st);
        for (let s = 0; s < n; s++) {
          const got = Array.from(ch.neighbours(s)).sort((a, b) => a - b);
          expect(got).toEqual(bruteForce(st, s, maxRange));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('transmit reaches exactly those stations when every packet in range decodes', () => {
    // Flat path loss and a huge margin: delivery is certain at any distance up to maxRange.
    const sure: ChannelParams = { ...DEFAULT_CHANNEL_PARAMS, pathLossExponent: 0.01, shadowingSigmaDb: 0, perWidthDb: 0.1, sensitivityDbm: -200 };
    fc.assert(
      fc.property(layout, ({ n, w, h, ox, maxRange, cellSize, seed }) => {
        const st = stations(n, w, h, ox, seed);
        const ch = new RadioChannel({ ...sure, maxRange }, [], seed, cellSize ? { cellSize } : {});
        ch.setStations(st);
        const out = new DeliveryBuffer(1);
        for (let s = 0; s < n; s++) {
          out.reset();
          const k = ch.transmit(s, 200, 0, out);
          const got = Array.from(out.receiver.subarray(0, k)).sort((a, b) => a - b);
          expect(got).toEqual(bruteForce(st, s, maxRange));
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('building obstacles', () => {
  it('pseudo-angle is monotonic in the true angle over the full turn', () => {
    let prev = -1;
    for (let k = 0; k < 3600; k++) {
      const a = (k / 3600) * 2 * Math.PI;
      const p = pseudoAngle(Math.cos(a), Math.sin(a));
      expect(p).toBeGreaterThan(prev);
      expect(p).toBeLessThan(4);
      prev = p;
    }
  });

  const building = fc
    .record({
      cx: fc.double({ min: -300, max: 300, noNaN: true }),
      cy: fc.double({ min: -300, max: 300, noNaN: true }),
      r: fc.double({ min: 1, max: 80, noNaN: true }),
      sides: fc.integer({ min: 3, max: 9 }),
      rot: fc.double({ min: 0, max: 6.3, noNaN: true }),
      // Star-shaped (possibly concave) footprints: radius per vertex.
      jag: fc.array(fc.double({ min: 0.3, max: 1, noNaN: true }), { minLength: 9, maxLength: 9 }),
      height: fc.double({ min: 2, max: 40, noNaN: true }),
    })
    .map(({ cx, cy, r, sides, rot, jag, height }): BuildingInput => ({
      height,
      footprint: Array.from({ length: sides }, (_, i) => {
        const a = rot + (i / sides) * 2 * Math.PI;
        const rr = r * jag[i]!;
        return [cx + rr * Math.cos(a), cy + rr * Math.sin(a)] as [number, number];
      }),
    }));
  const point = fc.record({
    x: fc.double({ min: -500, max: 500, noNaN: true }),
    y: fc.double({ min: -500, max: 500, noNaN: true }),
    z: fc.double({ min: 0, max: 45, noNaN: true }),
  });

  it('the direction-binned view counts the same buildings as testing every building', () => {
    fc.assert(
      fc.property(fc.array(building, { minLength: 0, maxLength: 40 }), point, fc.array(point, { minLength: 1, maxLength: 60 }), (bs, s, rs) => {
        const index = new BuildingIndex(bs, 50);
        const view = new ObstacleView(index);
        view.prepare(s.x, s.y, s.z, 1500);
        for (const r of rs) {
          const want = index.countCrossedBruteForce(s.x, s.y, s.z, r.x, r.y, r.z);
          const got = view.active ? view.count(r.x, r.y, r.z, Math.hypot(r.x - s.x, r.y - s.y)) : 0;
          expect(got).toBe(want);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('counts a building once however many walls the path crosses, and not when the path clears its roof', () => {
    const u: BuildingInput = { height: 10, footprint: [[0, 0], [30, 0], [30, 30], [20, 30], [20, 10], [10, 10], [10, 30], [0, 30]] }; // a U
    const idx = new BuildingIndex([u]);
    expect(idx.countCrossedBruteForce(-10, 20, 1.5, 40, 20, 1.5)).toBe(1); // crosses four walls of one building
    expect(idx.countCrossedBruteForce(15, 20, 1.5, 15, 40, 1.5)).toBe(0); // inside the U's notch, out the open side
    expect(idx.countCrossedBruteForce(-10, 20, 12, 40, 20, 12)).toBe(0); // over the roof
    expect(idx.countCrossedBruteForce(-10, 20, 1.5, 40, 20, 25)).toBe(1); // climbs, but enters below the roof
  });
});
