// Writes an evaluation's files from its plan and run results: summary.json (no wall-clock or
// machine-dependent value: the same seeds give the same file byte for byte), one CSV per run
// under runs/, and the self-contained report index.html. Local and queue modes both end here.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { aggregateEvaluation, type EvaluationSummary } from './aggregate.ts';
import { runCsv, runCsvName } from './csv.ts';
import type { Lang } from './kpi-defs.ts';
import type { EvalPlan, RunResult } from './types.ts';

export { aggregateEvaluation, type EvaluationSummary } from './aggregate.ts';

/** results.json: the plan and every run's full result, in plan order. */
export interface SavedEvaluation {
  plan: EvalPlan;
  results: RunResult[];
}

export interface WrittenEvaluation {
  summary: EvaluationSummary;
  files: string[];
}

export async function writeEvaluation(outDir: string, plan: EvalPlan, results: readonly RunResult[], lang: Lang = 'en'): Promise<WrittenEvaluation> {
  const summary = aggregateEvaluation(plan, results);
  await mkdir(join(outDir, 'runs'), { recursive: true });
  const files: string[] = [];
  const put = async (name: string, text: string) => {
    const path = join(outDir, name);
    await writeFile(path, text);
    files.push(path);
  };
  await put('summary.json', `${JSON.stringify(summary, null, 2)}\n`);
  // Plan order, so the files are the same whatever order the runs finished in.
  const byKey = new Map(results.map((r) => [`${r.variant}\u0000${r.seed}`, r]));
  const ordered = plan.variants.flatMap((v) => plan.seeds.map((seed) => byKey.get(`${v.name}\u0000${seed}`)).filter((r) => r !== undefined));
  // Everything the report is drawn from: `corridor evaluate --from DIR/results.json` redraws it.
  const saved: SavedEvaluation = { plan, results: ordered };
  await put('results.json', `${JSON.stringify(saved)}\n`);
  for (const v of plan.variants)
    for (const seed of plan.seeds) {
      const r = byKey.get(`${v.name}\u0000${seed}`);
      if (r) await put(join('runs', runCsvName(r)), runCsv(r));
    }
  const { renderReport } = await import('./report/index.ts');
  await put('index.html', await renderReport(summary, lang));
  return { summary, files };
}
