// Small statistics for the aggregate: mean, standard deviation and the 95 % confidence interval
// of a mean from Student's t distribution (the runs of a variant are few: 3 to 30 seeds).

/** Two-sided 97.5 % quantiles of Student's t by degrees of freedom (1..30), then 40, 60, 120, ∞. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074,
  2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
const T975_TAIL: [number, number][] = [
  [30, 2.042],
  [40, 2.021],
  [60, 2.0],
  [120, 1.98],
  [Infinity, 1.96],
];

/** t such that P(|T| <= t) = 0.95 with `df` degrees of freedom; linear in 1/df between table rows. */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) return NaN;
  if (df <= 30 && Number.isInteger(df)) return T975[df - 1]!;
  for (let k = 1; k < T975_TAIL.length; k++) {
    const [d1, t1] = T975_TAIL[k - 1]!;
    const [d2, t2] = T975_TAIL[k]!;
    if (df <= d2) {
      const f = (1 / d1 - 1 / df) / (1 / d1 - (d2 === Infinity ? 0 : 1 / d2));
      return t1 + (t2 - t1) * f;
    }
  }
  return 1.96;
}

export interface MeanStat {
  /** Runs with a value. */
  n: number;
  mean: number | null;
  sd: number | null;
  /** Half-width of the 95 % confidence interval of the mean (null with fewer than 2 values). */
  ci95: number | null;
  min: number | null;
  max: number | null;
}

export function meanStat(values: readonly (number | null | undefined)[], digits = 4): MeanStat {
  const xs = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  const n = xs.length;
  const r = (x: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  if (n === 0) return { n, mean: null, sd: null, ci95: null, min: null, max: null };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : null;
  const ci95 = sd !== null ? (tQuantile975(n - 1) * sd) / Math.sqrt(n) : null;
  return { n, mean: r(mean), sd: sd === null ? null : r(sd), ci95: ci95 === null ? null : r(ci95), min: r(Math.min(...xs)), max: r(Math.max(...xs)) };
}
