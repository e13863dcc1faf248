// From the runs of an evaluation to its summary: per variant, every KPI's mean with its 95 %
// confidence interval over the seeds (Student t), pooled detail for the plots, and each variant's
// paired difference to the reference variant (same seeds, so common random numbers). Always in
// the plan's order (variant, then seed), whatever order the runs finished in.
import { KPI_DEFS, KPI_NAMES, type KpiName } from './kpi-defs.ts';
import { meanStat, tQuantile975, type MeanStat } from './stats.ts';
import { COVERED_RATIO } from '../../v2x/kpi/index.ts';
import type { EvalPlan, RouteProfile, RunResult } from './types.ts';

export interface ApproachAggregate {
  controller: string;
  approach: string;
  signalLossPerTripS: MeanStat;
  stopsAtRedPerTrip: MeanStat;
  spatemAvailability: MeanStat;
}

/** A variant's route profile: the runs' profiles merged (per-bin means; coverage pooled over runs). */
export interface ProfileAggregate extends Omit<RouteProfile, 'coverageAttempts' | 'coverageDelivered'> {
  /** Per bin, pooled over the runs: delivered / attempts of the best RSU of each run. */
  coverage: (number | null)[];
  /** Maximal stretches of bins below the coverage threshold, metres along the route. */
  uncovered: { from: number; to: number }[];
}

export interface VariantAggregate {
  name: string;
  description: string;
  seeds: number[];
  failed: { seed: number; error: string }[];
  kpis: Record<KpiName, MeanStat>;
  /** Every round trip of every run, in seed order. */
  roundTrips: number[];
  approaches: ApproachAggregate[];
  profile: ProfileAggregate | null;
  stops: { id: string; name: string; routeDistance: number }[];
  rsus: { id: string; x: number; y: number }[];
}

export interface Difference {
  /** Mean of (variant − reference) over the seeds both ran, and the 95 % CI half-width. */
  mean: number | null;
  ci95: number | null;
  n: number;
  /** The interval excludes 0. */
  significant: boolean;
}

export interface EvaluationSummary {
  plan: EvalPlan;
  /** Variant every other one is compared with (`base` when it ran, else the first). */
  reference: string;
  variants: VariantAggregate[];
  /** Per KPI: the variant(s) with the best mean. */
  best: Record<KpiName, string[]>;
  /** Per variant other than the reference, per KPI: paired difference to the reference. */
  differences: Record<string, Record<KpiName, Difference>>;
  /** Scalar KPIs of each run, in plan order. */
  runs: { variant: string; seed: number; error?: string; stateHash?: string; kpis?: Record<KpiName, number | null> }[];
  /** Runs of the plan with no result (the evaluation was stopped). */
  missing: { variant: string; seed: number }[];
}

export function aggregateEvaluation(plan: EvalPlan, results: readonly RunResult[]): EvaluationSummary {
  const byKey = new Map(results.map((r) => [`${r.variant}\u0000${r.seed}`, r]));
  const ordered: RunResult[] = [];
  const missing: { variant: string; seed: number }[] = [];
  for (const v of plan.variants)
    for (const seed of plan.seeds) {
      const r = byKey.get(`${v.name}\u0000${seed}`);
      if (r) ordered.push(r);
      else missing.push({ variant: v.name, seed });
    }

  const variants = plan.variants.map((v) => aggregateVariant(v, ordered.filter((r) => r.variant === v.name)));
  const reference = plan.variants.some((v) => v.name === 'base') ? 'base' : plan.variants[0]!.name;
  const best = Object.fromEntries(KPI_NAMES.map((k) => [k, bestOf(variants, k)])) as Record<KpiName, string[]>;
  const refRuns = ordered.filter((r) => r.variant === reference);
  const differences: Record<string, Record<KpiName, Difference>> = {};
  for (const v of plan.variants) {
    if (v.name === reference) continue;
    const runs = ordered.filter((r) => r.variant === v.name);
    differences[v.name] = Object.fromEntries(KPI_NAMES.map((k) => [k, paired(runs, refRuns, k)])) as Record<KpiName, Difference>;
  }
  return {
    plan,
    reference,
    variants,
    best,
    differences,
    runs: ordered.map((r) => ({ variant: r.variant, seed: r.seed, ...(r.error !== undefined ? { error: r.error } : {}), ...(r.stateHash ? { stateHash: r.stateHash } : {}), ...(r.kpis ? { kpis: r.kpis } : {}) })),
    missing,
  };
}

function aggregateVariant(v: { name: string; description: string }, runs: RunResult[]): VariantAggregate {
  const ok = runs.filter((r) => r.error === undefined && r.kpis && r.detail);
  const kpis = Object.fromEntries(KPI_NAMES.map((k) => [k, meanStat(ok.map((r) => r.kpis![k]))])) as Record<KpiName, MeanStat>;
  // In the runs' own order (route order, run-kpis.ts), first seen first.
  const approachKeys = [...new Set(ok.flatMap((r) => r.detail!.approaches.map((a) => `${a.controller}\u0000${a.approach}`)))];
  const approaches = approachKeys.map((key) => {
    const [controller, approach] = key.split('\u0000') as [string, string];
    const of = ok.map((r) => r.detail!.approaches.find((a) => a.controller === controller && a.approach === approach));
    return {
      controller,
      approach,
      // A run that never stopped there lost 0 s there.
      signalLossPerTripS: meanStat(of.map((a) => a?.signalLossPerTripS ?? 0)),
      stopsAtRedPerTrip: meanStat(of.map((a) => a?.stopsAtRedPerTrip ?? 0)),
      spatemAvailability: meanStat(of.map((a) => a?.spatemAvailability ?? null)),
    };
  });
  const first = ok[0]?.detail;
  return {
    name: v.name,
    description: v.description,
    seeds: ok.map((r) => r.seed),
    failed: runs.filter((r) => r.error !== undefined).map((r) => ({ seed: r.seed, error: r.error! })),
    kpis,
    roundTrips: ok.flatMap((r) => r.detail!.roundTrips),
    approaches,
    profile: aggregateProfile(ok),
    stops: first?.stops ?? [],
    rsus: first?.rsus ?? [],
  };
}

function aggregateProfile(runs: RunResult[]): ProfileAggregate | null {
  const profiles = runs.map((r) => r.detail!.profile).filter((p) => p !== null);
  const p0 = profiles[0];
  if (!p0) return null;
  const bins = p0.x.length;
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  const meanAt = (get: (p: (typeof profiles)[number], b: number) => number | null) =>
    Array.from({ length: bins }, (_, b) => {
      const xs = profiles.map((p) => get(p, b)).filter((x): x is number => x !== null);
      return xs.length > 0 ? r4(xs.reduce((a, c) => a + c, 0) / xs.length) : null;
    });
  const coverage = Array.from({ length: bins }, (_, b) => {
    const att = profiles.reduce((a, p) => a + (p.coverageAttempts[b] ?? 0), 0);
    const del = profiles.reduce((a, p) => a + (p.coverageDelivered[b] ?? 0), 0);
    return att > 0 ? r4(del / att) : null;
  });
  const uncovered: { from: number; to: number }[] = [];
  coverage.forEach((c, b) => {
    if (c !== null && c >= COVERED_RATIO) return;
    const from = b * p0.binSize;
    const to = Math.min((b + 1) * p0.binSize, p0.routeLength);
    const last = uncovered[uncovered.length - 1];
    if (last && last.to === from) last.to = to;
    else uncovered.push({ from, to });
  });
  return {
    binSize: p0.binSize,
    routeLength: p0.routeLength,
    x: p0.x,
    y: p0.y,
    direction: p0.direction,
    speedKmh: meanAt((p, b) => p.speedKmh[b] ?? null),
    signalSecondsPerTrip: meanAt((p, b) => p.signalSecondsPerTrip[b] ?? 0).map((x) => x ?? 0),
    dwellSecondsPerTrip: meanAt((p, b) => p.dwellSecondsPerTrip[b] ?? 0).map((x) => x ?? 0),
    otherStopSecondsPerTrip: meanAt((p, b) => p.otherStopSecondsPerTrip[b] ?? 0).map((x) => x ?? 0),
    coverage,
    uncovered,
  };
}

function bestOf(variants: VariantAggregate[], k: KpiName): string[] {
  const sign = KPI_DEFS[k].better === 'lower' ? 1 : -1;
  const means = variants.map((v) => v.kpis[k].mean);
  const known = means.filter((m): m is number => m !== null);
  if (known.length < 2) return [];
  const top = Math.min(...known.map((m) => sign * m));
  // Nothing to mark when every variant scores the same.
  if (known.every((m) => sign * m === top)) return [];
  return variants.filter((v) => v.kpis[k].mean !== null && sign * v.kpis[k].mean! === top).map((v) => v.name);
}

function paired(runs: RunResult[], ref: RunResult[], k: KpiName): Difference {
  const diffs: number[] = [];
  for (const r of runs) {
    const q = ref.find((x) => x.seed === r.seed);
    const a = r.kpis?.[k];
    const b = q?.kpis?.[k];
    if (typeof a === 'number' && typeof b === 'number') diffs.push(a - b);
  }
  const n = diffs.length;
  if (n === 0) return { mean: null, ci95: null, n, significant: false };
  const mean = diffs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(diffs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : null;
  const ci95 = sd !== null ? (tQuantile975(n - 1) * sd) / Math.sqrt(n) : null;
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  return { mean: r4(mean), ci95: ci95 === null ? null : r4(ci95), n, significant: ci95 !== null && Math.abs(mean) > ci95 };
}
