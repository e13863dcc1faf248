import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../sim/rng.ts';

describe('Rng', () => {
  it('gives the same stream for the same seed and different streams for different seeds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const a = new Rng(seed), b = new Rng(seed), c = new Rng((seed + 1) >>> 0);
        const xa = Array.from({ length: 8 }, () => a.u32());
        const xb = Array.from({ length: 8 }, () => b.u32());
        const xc = Array.from({ length: 8 }, () => c.u32());
        expect(xa).toEqual(xb);
        expect(xa).not.toEqual(xc);
      }),
    );
  });

  it('draws uniform values in [0, 1) with the right mean, and exponentials with the right mean', () => {
    const r = new Rng(7);
    let sum = 0, sumE = 0;
    const n = 50_000;
    for (let k = 0; k < n; k++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
      sumE += r.exponential(30);
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sumE / n).toBeGreaterThan(29);
    expect(sumE / n).toBeLessThan(31);
  });

  it('draws log-normal dwell times with the requested mean and standard deviation', () => {
    const r = new Rng(11);
    const xs = Array.from({ length: 40_000 }, () => r.lognormal(25, 8));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeGreaterThan(24.5);
    expect(mean).toBeLessThan(25.5);
    expect(sd).toBeGreaterThan(7.5);
    expect(sd).toBeLessThan(8.5);
  });
});
