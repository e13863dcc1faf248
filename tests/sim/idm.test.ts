import { describe, expect, it } from 'vitest';
import { idmAccel, idmEquilibriumSpeed } from '../../sim/idm.ts';

// Urban car: a = 1.5, b = 2, T = 1.2 s, s0 = 2 m, v0 = 50 km/h.
const a = 1.5, b = 2, T = 1.2, s0 = 2, bMax = 8, v0 = 50 / 3.6;

describe('IDM', () => {
  it('accelerates at a from standstill on a free road and not at all at the desired speed', () => {
    expect(idmAccel(0, v0, Infinity, 0, a, b, T, s0, bMax)).toBeCloseTo(a, 12);
    expect(idmAccel(v0, v0, Infinity, 0, a, b, T, s0, bMax)).toBeCloseTo(0, 12);
    // 1 - (v/v0)^4 at half speed.
    expect(idmAccel(v0 / 2, v0, Infinity, 0, a, b, T, s0, bMax)).toBeCloseTo(a * (1 - 1 / 16), 12);
  });

  it('integrated on a free road approaches v0 from below and never exceeds it', () => {
    let v = 0;
    let tAt90 = -1;
    for (let k = 0; k < 1200; k++) {
      v += idmAccel(v, v0, Infinity, 0, a, b, T, s0, bMax) * 0.1;
      expect(v).toBeLessThanOrEqual(v0);
      if (tAt90 < 0 && v >= 0.9 * v0) tAt90 = k * 0.1;
    }
    expect(v).toBeGreaterThan(0.999 * v0);
    // 0 to 45 km/h in roughly 10-15 s for a = 1.5 m/s² (IDM's soft approach to v0).
    expect(tAt90).toBeGreaterThan(8);
    expect(tAt90).toBeLessThan(16);
  });

  it('has the textbook equilibrium gap s = (s0 + vT) / sqrt(1 - (v/v0)^4) behind a steady leader', () => {
    for (const v of [2, 5, 8, 11]) {
      const gap = (s0 + v * T) / Math.sqrt(1 - (v / v0) ** 4);
      expect(idmAccel(v, v0, gap, 0, a, b, T, s0, bMax)).toBeCloseTo(0, 10);
      expect(idmEquilibriumSpeed(gap, v0, T, s0)).toBeCloseTo(v, 6);
    }
  });

  it('converges to the equilibrium gap when following a leader at constant speed', () => {
    const vl = 8;
    let xl = 100, x = 0, v = 12;
    for (let k = 0; k < 3000; k++) {
      const acc = idmAccel(v, v0, xl - 4.5 - x, v - vl, a, b, T, s0, bMax);
      const vn = Math.max(0, v + acc * 0.1);
      x += 0.5 * (v + vn) * 0.1;
      v = vn;
      xl += vl * 0.1;
      expect(xl - 4.5 - x).toBeGreaterThan(0);
    }
    const expected = (s0 + vl * T) / Math.sqrt(1 - (vl / v0) ** 4);
    expect(v).toBeCloseTo(vl, 3);
    expect(xl - 4.5 - x).toBeCloseTo(expected, 1);
  });

  it('brakes hard when the gap is below the jam distance, bounded by the emergency limit', () => {
    expect(idmAccel(10, v0, 1, 10, a, b, T, s0, bMax)).toBe(-bMax);
    expect(idmAccel(0, v0, s0, 0, a, b, T, s0, bMax)).toBeCloseTo(0, 12);
  });
});
