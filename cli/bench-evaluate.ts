// Evaluation throughput for `npm run bench`: runs per minute of the default scenario (10
// simulated minutes each, V2X and KPI observers on) through the local worker pool, with 1 and
// 2 worker threads, and the speed-up. Worker start-up (loading the TypeScript sources) counts:
// it is part of what an evaluation costs.
import { performance } from 'node:perf_hooks';
import { readFile } from 'node:fs/promises';
import { DEFAULT_SCENARIO } from './paths.ts';
import { planEvaluation, jobsOf } from './evaluate/plan.ts';
import { workerPool } from './evaluate/pool.ts';
import type { RunResult } from './evaluate/types.ts';

export interface EvaluateBenchResult {
  scenario: string;
  simSecondsPerRun: number;
  runs: number;
  /** Per worker count: wall seconds and runs per minute. */
  byWorkers: { workers: number; wallSeconds: number; runsPerMinute: number }[];
  /** Runs per minute with 2 workers over runs per minute with 1. */
  speedUp: number | null;
}

export async function benchEvaluate(options: { runs?: number; seconds?: number; workers?: number[] } = {}): Promise<EvaluateBenchResult> {
  // Enough runs per worker that its start-up (loading, JIT warm-up: about 2.5 s of background
  // compilation) weighs as little as in a real evaluation of tens of runs.
  const runs = options.runs ?? 8;
  const seconds = options.seconds ?? 600;
  const text = await readFile(DEFAULT_SCENARIO, 'utf8');
  const plan = planEvaluation(DEFAULT_SCENARIO, text, { variants: ['base'], seeds: Array.from({ length: runs }, (_, k) => k + 1), duration: seconds });
  const jobs = jobsOf(plan, DEFAULT_SCENARIO, text);
  const byWorkers: EvaluateBenchResult['byWorkers'] = [];
  for (const workers of options.workers ?? [1, 2]) {
    const results: RunResult[] = [];
    const t0 = performance.now();
    await workerPool(workers)(jobs, { signal: new AbortController().signal, onResult: (r) => results.push(r) });
    const wall = (performance.now() - t0) / 1000;
    const failed = results.find((r) => r.error !== undefined);
    if (failed) throw new Error(`evaluation bench: ${failed.variant} seed ${failed.seed} failed: ${failed.error}`);
    byWorkers.push({ workers, wallSeconds: Math.round(wall * 100) / 100, runsPerMinute: Math.round((runs / wall) * 60 * 100) / 100 });
  }
  const one = byWorkers.find((b) => b.workers === 1);
  const two = byWorkers.find((b) => b.workers === 2);
  return {
    scenario: 'default',
    simSecondsPerRun: seconds,
    runs,
    byWorkers,
    speedUp: one && two ? Math.round((two.runsPerMinute / one.runsPerMinute) * 100) / 100 : null,
  };
}

export function formatEvaluateBench(r: EvaluateBenchResult): string {
  const parts = r.byWorkers.map((b) => `${b.workers} worker${b.workers > 1 ? 's' : ''} ${b.runsPerMinute} runs/min (${r.runs} runs in ${b.wallSeconds} s)`);
  return `evaluate   default scenario, ${r.simSecondsPerRun / 60} simulated min per run: ${parts.join(', ')}${r.speedUp !== null ? `; speed-up ${r.speedUp}x` : ''}`;
}
