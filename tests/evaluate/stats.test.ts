// The 95 % confidence intervals of the report: Student t quantiles and the mean statistics.
import { describe, expect, it } from 'vitest';
import { meanStat, tQuantile975 } from '../../cli/evaluate/stats.ts';

describe('Student t quantiles', () => {
  it('match the tables for small samples and tend to the normal 1.96', () => {
    expect(tQuantile975(1)).toBeCloseTo(12.706, 3);
    expect(tQuantile975(2)).toBeCloseTo(4.303, 3);
    expect(tQuantile975(9)).toBeCloseTo(2.262, 3);
    expect(tQuantile975(30)).toBeCloseTo(2.042, 3);
    const t45 = tQuantile975(45);
    expect(t45).toBeLessThan(2.021);
    expect(t45).toBeGreaterThan(2.0);
    expect(tQuantile975(1e6)).toBeCloseTo(1.96, 2);
  });
  it('decrease as the sample grows', () => {
    for (let df = 1; df < 200; df++) expect(tQuantile975(df + 1)).toBeLessThan(tQuantile975(df));
  });
});

describe('meanStat', () => {
  it('gives mean, sample standard deviation and the t interval, ignoring missing values', () => {
    const s = meanStat([1, 2, 3, null, undefined]);
    expect(s).toEqual({ n: 3, mean: 2, sd: 1, ci95: Math.round((4.303 / Math.sqrt(3)) * 1e4) / 1e4, min: 1, max: 3 });
  });
  it('has no interval for a single value and nothing for none', () => {
    expect(meanStat([5])).toMatchObject({ n: 1, mean: 5, sd: null, ci95: null });
    expect(meanStat([null])).toMatchObject({ n: 0, mean: null });
  });
});
