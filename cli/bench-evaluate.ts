// Evaluation throughput for `npm run bench`: runs per minute of the default scenario (10
// simulated minutes each, V2X and KPI observers on) through the local pool of `corridor evaluate`,
// with 1 and 2 workers, for each isolation (child processes, the default, and worker threads),
// and the speed-up. Worker start-up (loading the TypeScript sources, JIT warm-up) counts in the
// total: it is part of what an evaluation costs. The steady state leaves it out: runs per minute
// between each worker's first result and the last one, what a long evaluation (the default
// report's 60 runs of 40 minutes) sees.
import { performance } from 'node:perf_hooks';
import { readFile } from 'node:fs/promises';
import { DEFAULT_SCENARIO } from './paths.ts';
import { planEvaluation, jobsOf } from './evaluate/plan.ts';
import { workerPool } from './evaluate/pool.ts';
import type { HostKind } from './evaluate/run-host.ts';
import type { RunResult } from './evaluate/types.ts';

export interface EvaluatePoolFigures {
  isolation: HostKind;
  workers: number;
  wallSeconds: number;
  runsPerMinute: number;
  /** Runs per minute after every worker's first result (start-up and warm-up left out). */
  steadyRunsPerMinute: number;
}

export interface EvaluateBenchResult {
  scenario: string;
  simSecondsPerRun: number;
  runs: number;
  byWorkers: EvaluatePoolFigures[];
  /** Per isolation: runs per minute with 2 workers over runs per minute with 1, in total and in the steady state. */
  speedUp: { isolation: HostKind; total: number; steady: number }[];
}

const round = (x: number) => Math.round(x * 100) / 100;

export async function benchEvaluate(options: { runs?: number; seconds?: number; workers?: number[]; isolations?: HostKind[] } = {}): Promise<EvaluateBenchResult> {
  // Enough runs per worker (12 each with 2) that the start-up weighs about as little as in a real
  // evaluation and the steady state is measured over many runs.
  const runs = options.runs ?? 24;
  const seconds = options.seconds ?? 600;
  const text = await readFile(DEFAULT_SCENARIO, 'utf8');
  const plan = planEvaluation(DEFAULT_SCENARIO, text, { variants: ['base'], seeds: Array.from({ length: runs }, (_, k) => k + 1), duration: seconds });
  const jobs = jobsOf(plan, DEFAULT_SCENARIO, text);
  const byWorkers: EvaluatePoolFigures[] = [];
  for (const isolation of options.isolations ?? (['process', 'thread'] as const)) {
    for (const workers of options.workers ?? [1, 2]) {
      const results: RunResult[] = [];
      const at: number[] = [];
      const t0 = performance.now();
      await workerPool(workers, isolation)(jobs, {
        signal: new AbortController().signal,
        onResult: (r) => {
          results.push(r);
          at.push((performance.now() - t0) / 1000);
        },
      });
      const wall = (performance.now() - t0) / 1000;
      const failed = results.find((r) => r.error !== undefined);
      if (failed) throw new Error(`evaluation bench: ${failed.variant} seed ${failed.seed} failed: ${failed.error}`);
      const warm = at[Math.min(workers, runs) - 1]!;
      const steady = runs > workers ? ((runs - workers) / (at.at(-1)! - warm)) * 60 : runs / wall * 60;
      byWorkers.push({ isolation, workers, wallSeconds: round(wall), runsPerMinute: round((runs / wall) * 60), steadyRunsPerMinute: round(steady) });
    }
  }
  const speedUp: EvaluateBenchResult['speedUp'] = [];
  for (const isolation of options.isolations ?? (['process', 'thread'] as const)) {
    const one = byWorkers.find((b) => b.isolation === isolation && b.workers === 1);
    const two = byWorkers.find((b) => b.isolation === isolation && b.workers === 2);
    if (one && two) speedUp.push({ isolation, total: round(two.runsPerMinute / one.runsPerMinute), steady: round(two.steadyRunsPerMinute / one.steadyRunsPerMinute) });
  }
  return { scenario: 'default', simSecondsPerRun: seconds, runs, byWorkers, speedUp };
}

export function formatEvaluateBench(r: EvaluateBenchResult): string {
  const lines = (['process', 'thread'] as const).flatMap((iso) => {
    const rows = r.byWorkers.filter((b) => b.isolation === iso);
    if (rows.length === 0) return [];
    const parts = rows.map((b) => `${b.workers} worker${b.workers > 1 ? 's' : ''} ${b.runsPerMinute} runs/min (${r.runs} runs in ${b.wallSeconds} s; steady ${b.steadyRunsPerMinute})`);
    const s = r.speedUp.find((x) => x.isolation === iso);
    return [`evaluate   default scenario, ${r.simSecondsPerRun / 60} simulated min per run, ${iso === 'process' ? 'child processes' : 'worker threads'}: ${parts.join(', ')}${s ? `; speed-up ${s.total}x (steady ${s.steady}x)` : ''}`];
  });
  return lines.join('\n');
}
