// `corridor evaluate SCENARIO [--variants a,b|all] [--seeds N | --seed-list 1,2,3] [--duration S]
//  [--workers K] [--out DIR] [--lang en|fr] [--json]`: every variant x seed headless in worker
// threads, then summary.json, one CSV per run and the report DIR/index.html (docs/evaluation.md).
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ScenarioError } from '../../scenarios/load.ts';
import { DEFAULT_SCENARIO } from '../paths.ts';
import { planEvaluation, jobsOf } from '../evaluate/plan.ts';
import { workerPool } from '../evaluate/pool.ts';
import { executeEvaluation } from '../evaluate/execute.ts';
import { writeEvaluation, type SavedEvaluation } from '../evaluate/write.ts';
import type { Lang } from '../evaluate/kpi-defs.ts';
import type { JobRunner } from '../evaluate/runner.ts';
import { HOST_KINDS, type HostKind } from '../evaluate/run-host.ts';

export const USAGE = `  corridor evaluate [SCENARIO] [--variants a,b|all] [--seeds N | --seed-list 1,5,9] [--duration S]
                    [--workers K] [--isolation process|thread] [--out DIR] [--lang en|fr] [--json]
                    [--queue redis://HOST:PORT]
                              run every variant (base = the file as written) with every seed headless on K workers
                              (default: one per core; child processes, or worker threads of this process with
                              --isolation thread, slower: docs/evaluation.md), then write DIR/index.html (report), DIR/summary.json
                              and DIR/runs/*.csv; Ctrl-C stops and reports the finished runs (exit 130); exit 1 if
                              any run failed; --from DIR/results.json redraws the files without running; see
                              docs/evaluation.md`;

export interface EvaluateArgs {
  file: string;
  variants: string[] | 'all';
  seeds: number[];
  duration?: number;
  workers: number;
  /** Where the local runs execute (cli/evaluate/run-host.ts). */
  isolation: HostKind;
  outDir: string;
  lang: Lang;
  json: boolean;
  /** Run on a BullMQ queue in Redis (processed by `corridor worker`) instead of local threads. */
  queue?: string;
  /** Redraw the files from a previous evaluation's results.json instead of running. */
  from?: string;
}

class UsageError extends Error {}

function parseSeeds(seeds: string | undefined, list: string | undefined): number[] {
  if (seeds !== undefined && list !== undefined) throw new UsageError('give --seeds N or --seed-list, not both');
  if (list !== undefined) {
    const parts = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const out = parts.map(Number);
    const bad = parts.find((_, k) => !Number.isInteger(out[k]) || out[k]! < 0);
    if (bad !== undefined || out.length === 0) throw new UsageError(`--seed-list expects whole numbers separated by commas, got "${list}"`);
    return out;
  }
  const n = seeds === undefined ? 5 : Number(seeds);
  if (!(Number.isInteger(n) && n >= 1 && n <= 1000)) throw new UsageError(`--seeds expects a whole number from 1 to 1000, got "${seeds}"`);
  return Array.from({ length: n }, (_, k) => k + 1);
}

export function parseEvaluateArgs(args: string[]): EvaluateArgs {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      variants: { type: 'string' },
      seeds: { type: 'string' },
      'seed-list': { type: 'string' },
      duration: { type: 'string' },
      workers: { type: 'string' },
      isolation: { type: 'string' },
      out: { type: 'string' },
      lang: { type: 'string' },
      json: { type: 'boolean', default: false },
      queue: { type: 'string' },
      from: { type: 'string' },
    },
  });
  if (positionals.length > 1) throw new UsageError(`evaluate takes one scenario file, got ${positionals.length}`);
  const variants = values.variants === undefined || values.variants === 'all' ? 'all' : values.variants.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (variants !== 'all' && variants.length === 0) throw new UsageError('--variants expects names separated by commas, or all');
  let duration: number | undefined;
  if (values.duration !== undefined) {
    duration = Number(values.duration);
    if (!(duration > 0)) throw new UsageError(`--duration expects simulated seconds > 0, got "${values.duration}"`);
  }
  const workers = values.workers === undefined ? availableParallelism() : Number(values.workers);
  if (!(Number.isInteger(workers) && workers >= 1 && workers <= 256)) throw new UsageError(`--workers expects a whole number >= 1, got "${values.workers}"`);
  const isolation = (values.isolation ?? 'process') as HostKind;
  if (!HOST_KINDS.includes(isolation)) throw new UsageError(`--isolation is process or thread, got "${values.isolation}"`);
  const lang = values.lang ?? 'en';
  if (lang !== 'en' && lang !== 'fr') throw new UsageError(`--lang is en or fr, got "${lang}"`);
  return {
    file: positionals[0] ?? DEFAULT_SCENARIO,
    variants,
    seeds: parseSeeds(values.seeds, values['seed-list']),
    ...(duration !== undefined ? { duration } : {}),
    workers,
    isolation,
    outDir: values.out ?? 'evaluation',
    lang,
    json: values.json,
    ...(values.queue !== undefined ? { queue: values.queue } : {}),
    ...(values.from !== undefined ? { from: values.from } : {}),
  };
}

/** Runs an evaluation with the given runner (the local worker pool unless another is given). */
export async function evaluate(a: EvaluateArgs, runner: JobRunner = workerPool(a.workers, a.isolation)): Promise<number> {
  if (a.from !== undefined) return redraw(a.from, a.outDir, a.lang);
  let text: string;
  try {
    text = await readFile(a.file, 'utf8');
  } catch (e) {
    process.stderr.write(`${a.file}: cannot read the scenario: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  let plan;
  try {
    plan = planEvaluation(a.file, text, { variants: a.variants, seeds: a.seeds, ...(a.duration !== undefined ? { duration: a.duration } : {}) });
  } catch (e) {
    if (e instanceof ScenarioError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    if (e instanceof Error) {
      process.stderr.write(`corridor evaluate: ${e.message}\n`);
      return 64;
    }
    throw e;
  }
  const jobs = jobsOf(plan, a.file, text);
  const result = await executeEvaluation({ plan, jobs, runner, workers: a.workers, outDir: a.outDir, lang: a.lang, handleSigint: true });
  const failed = result.results.filter((r) => r.error !== undefined);
  if (a.json) process.stdout.write(`${JSON.stringify({ outDir: a.outDir, runs: result.results.length, failed: failed.length, interrupted: result.interrupted })}\n`);
  else {
    process.stdout.write(`${result.results.length - failed.length} of ${jobs.length} runs done${failed.length ? `, ${failed.length} failed` : ''}${result.interrupted ? ' (stopped)' : ''}\n`);
    for (const f of failed) process.stdout.write(`  ${f.variant} seed ${f.seed}: ${f.error}\n`);
    process.stdout.write(`report: ${join(a.outDir, 'index.html')}\nsummary: ${join(a.outDir, 'summary.json')}\n`);
  }
  if (result.interrupted) return 130;
  return failed.length > 0 ? 1 : 0;
}

async function redraw(from: string, outDir: string, lang: Lang): Promise<number> {
  let saved: SavedEvaluation;
  try {
    saved = JSON.parse(await readFile(from, 'utf8')) as SavedEvaluation;
    if (!saved.plan || !Array.isArray(saved.results)) throw new Error('not a results.json written by corridor evaluate');
  } catch (e) {
    process.stderr.write(`${from}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  await writeEvaluation(outDir, saved.plan, saved.results, lang);
  process.stdout.write(`report: ${join(outDir, 'index.html')}\nsummary: ${join(outDir, 'summary.json')}\n`);
  return 0;
}

export async function command(args: string[]): Promise<number> {
  let parsed: EvaluateArgs;
  try {
    parsed = parseEvaluateArgs(args);
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`corridor evaluate: ${e.message}\n\nUsage:\n${USAGE}\n`);
      return 64;
    }
    throw e;
  }
  if (parsed.queue !== undefined) return (await import('../evaluate/queue.ts')).evaluateOnQueue(parsed.queue, (runner) => evaluate(parsed, runner));
  return evaluate(parsed);
}
