// Geometry of the KPI panel's small charts: a series of samples (NaN = not measured) mapped to
// canvas pixels, split into runs where a gap breaks the line. Pure; drawn by Sparkline.tsx.

export interface SparklineGeometry {
  /** Polylines [x0, y0, x1, y1, ...] in pixels, y down; a NaN sample ends a run. */
  readonly runs: readonly number[][];
  /** Value range mapped to the height (bottom, top). */
  readonly lo: number;
  readonly hi: number;
}

export interface SparklineScale {
  /** Lowest value of the axis (e.g. 0); the data minimum when undefined. */
  readonly min?: number;
  /** Highest value of the axis (e.g. 1 for a ratio); the data maximum (or min + minSpan) when undefined. */
  readonly max?: number;
  /** Smallest span of the axis, so a flat series does not fill the height with noise. */
  readonly minSpan?: number;
}

/** Lays `values` out over `width` x `height` pixels (oldest left), with `pad` pixels top and bottom. */
export function sparklineGeometry(values: readonly number[], width: number, height: number, scale: SparklineScale = {}, pad = 2): SparklineGeometry {
  let dataLo = Number.POSITIVE_INFINITY;
  let dataHi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (v < dataLo) dataLo = v;
    if (v > dataHi) dataHi = v;
  }
  const any = dataLo <= dataHi;
  const lo = scale.min ?? (any ? dataLo : 0);
  let hi = scale.max ?? (any ? Math.max(dataHi, lo) : lo + 1);
  if (hi - lo < (scale.minSpan ?? 0)) hi = lo + (scale.minSpan ?? 0);
  if (hi === lo) hi = lo + 1;
  const n = values.length;
  const dx = n > 1 ? width / (n - 1) : 0;
  const usable = height - 2 * pad;
  const runs: number[][] = [];
  let run: number[] | null = null;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      run = null;
      continue;
    }
    const c = Math.min(hi, Math.max(lo, v));
    const y = pad + usable * (1 - (c - lo) / (hi - lo));
    if (!run) {
      run = [];
      runs.push(run);
    }
    run.push(n > 1 ? i * dx : width / 2, y);
  }
  return { runs, lo, hi };
}
