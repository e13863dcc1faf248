// What an evaluation runs: the variants asked for (checked against the file), the seeds and the
// duration, and the jobs in their fixed order (variant order, then seed order).
import { basename } from 'node:path';
import { BASE_VARIANT, parseScenarioText, ScenarioError } from '../../scenarios/load.ts';
import type { EvalJob, EvalPlan } from './types.ts';

export interface PlanOptions {
  /** Variant names, or 'all' (default): `base` then every variant of the file, in file order. */
  variants?: readonly string[] | 'all';
  seeds: readonly number[];
  /** Simulated seconds per run; the file's `run.duration` when absent. */
  duration?: number;
}

/**
 * Validates the file (its variants are checked by their own runs) and the options. Throws ScenarioError for a
 * scenario problem, Error (meant for the user) for an unknown variant or bad seeds.
 */
export function planEvaluation(scenarioFile: string, scenarioText: string, options: PlanOptions): EvalPlan {
  const overrides = options.duration !== undefined ? [`run.duration=${options.duration}`] : [];
  // Variants are not built here: a broken one fails its own runs (with its error), the others run.
  const { scenario } = parseScenarioText(scenarioText, scenarioFile, overrides, { checkVariants: false });
  const declared = Object.entries(scenario.variants).map(([name, v]) => ({ name, description: v.description ?? '' }));
  const all = [{ name: BASE_VARIANT, description: 'The scenario as written' }, ...declared];
  let variants = all;
  if (options.variants !== undefined && options.variants !== 'all') {
    const unknown = options.variants.filter((n) => !all.some((v) => v.name === n));
    if (unknown.length > 0) {
      throw new Error(`unknown variant${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')} (the file has: ${all.map((v) => v.name).join(', ')})`);
    }
    const wanted = [...new Set(options.variants)];
    variants = wanted.map((n) => all.find((v) => v.name === n)!);
  }
  if (variants.length === 0) throw new Error('no variant to run');
  if (options.seeds.length === 0) throw new Error('no seed to run');
  for (const s of options.seeds) if (!(Number.isInteger(s) && s >= 0 && s < 2 ** 32)) throw new Error(`seeds are integers 0..4294967295, got ${s}`);
  if (new Set(options.seeds).size !== options.seeds.length) throw new Error('the same seed is given twice');
  return { scenario: basename(scenarioFile), scenarioName: scenario.name, variants, seeds: [...options.seeds], duration: scenario.run.duration };
}

/** Every job of the plan: variant order, then seed order. */
export function jobsOf(plan: EvalPlan, scenarioFile: string, scenarioText: string): EvalJob[] {
  return plan.variants.flatMap((v) => plan.seeds.map((seed) => ({ scenarioFile, scenarioText, variant: v.name, seed, duration: plan.duration })));
}

export { ScenarioError };
