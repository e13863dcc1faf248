// `corridor evaluate` end to end on a small scenario: 2 variants x 3 seeds give a report whose
// figures are the aggregate of the per-run CSVs; the same seeds give the same summary.json with
// worker threads as in one thread; a broken variant fails alone with its error; Ctrl-C keeps the
// finished runs; the report opens offline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planEvaluation, jobsOf } from '../../cli/evaluate/plan.ts';
import { jobScenario, runEvaluationJob } from '../../cli/evaluate/job.ts';
import { createWorld } from '../../sim/create.ts';
import { executeEvaluation } from '../../cli/evaluate/execute.ts';
import { inProcess, workerPool } from '../../cli/evaluate/pool.ts';
import { evaluate, parseEvaluateArgs } from '../../cli/commands/evaluate.ts';
import { KPI_DEFS, KPI_NAMES, type KpiName } from '../../cli/evaluate/kpi-defs.ts';
import { escapeHtml, kpiValue } from '../../cli/evaluate/report/format.ts';
import type { EvaluationSummary } from '../../cli/evaluate/aggregate.ts';
import type { JobRunner } from '../../cli/evaluate/runner.ts';

const SOURCE = 'scenarios/examples/shuttle-line.yaml';
const TEXT = `${readFileSync(SOURCE, 'utf8')}
variants:
  no-v2x:
    description: without V2X
    overlay: { v2x: { enabled: false } }
  broken:
    description: a shuttle faster than the schema allows
    set: ['shuttles[0].maxSpeed=300']
`;
const SEEDS = [1, 2, 3];
const DURATION = 240;
const quiet = { write: () => true } as unknown as NodeJS.WritableStream;

let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'corridor-evaluate-'));
  file = join(dir, 'line.yaml');
  writeFileSync(file, TEXT);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(out: string, variants: string[], runner: JobRunner, seeds = SEEDS) {
  const plan = planEvaluation(file, TEXT, { variants, seeds, duration: DURATION });
  return executeEvaluation({ plan, jobs: jobsOf(plan, file, TEXT), runner, workers: 1, outDir: join(dir, out), lang: 'en', progress: quiet });
}

/** KPI values of one run's CSV. */
function csvKpis(path: string): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const line of readFileSync(path, 'utf8').trim().split('\n').slice(1)) {
    const [k, v] = line.split(',');
    if ((KPI_NAMES as readonly string[]).includes(k!)) out[k!] = v === '' ? null : Number(v);
  }
  return out;
}

/** The report's summary table: KPI label -> one cell text per variant column. */
function reportTable(html: string): Map<string, string[]> {
  const table = html.slice(html.indexOf('<table>'), html.indexOf('</table>'));
  const rows = new Map<string, string[]>();
  for (const tr of table.split('<tr>').slice(2)) {
    const cells = [...tr.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]!.replace(/<span class="ci">.*?<\/span>/, '').trim());
    rows.set(cells[0]!, cells.slice(1));
  }
  return rows;
}

describe('corridor evaluate, 2 variants x 3 seeds', () => {
  let summaryText: string;
  let summary: EvaluationSummary;
  let html: string;

  beforeAll(async () => {
    const r = await run('local', ['base', 'no-v2x'], inProcess(runEvaluationJob));
    expect(r.results.every((x) => x.error === undefined)).toBe(true);
    summaryText = readFileSync(join(dir, 'local', 'summary.json'), 'utf8');
    summary = JSON.parse(summaryText) as EvaluationSummary;
    html = readFileSync(join(dir, 'local', 'index.html'), 'utf8');
  }, 240_000);

  it('writes one CSV per run and a summary whose means and 95 % intervals aggregate them', () => {
    const csvs = readdirSync(join(dir, 'local', 'runs')).sort();
    expect(csvs).toEqual(['base_seed-1.csv', 'base_seed-2.csv', 'base_seed-3.csv', 'no-v2x_seed-1.csv', 'no-v2x_seed-2.csv', 'no-v2x_seed-3.csv']);
    for (const v of summary.variants) {
      const runs = SEEDS.map((s) => csvKpis(join(dir, 'local', 'runs', `${v.name}_seed-${s}.csv`)));
      for (const k of KPI_NAMES) {
        const xs = runs.map((r) => r[k]).filter((x): x is number => x !== null && x !== undefined);
        const stat = v.kpis[k];
        expect(stat.n).toBe(xs.length);
        if (xs.length === 0) continue;
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        expect(stat.mean).toBeCloseTo(mean, 3);
        if (xs.length === 3) {
          const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / 2);
          // Student t with 2 degrees of freedom: 4.303.
          expect(stat.ci95).toBeCloseTo((4.303 * sd) / Math.sqrt(3), 3);
        }
      }
    }
  });

  it('shows those means in the report table, with the best of each row marked', () => {
    const table = reportTable(html);
    let marked = 0;
    for (const k of KPI_NAMES) {
      const cells = table.get(escapeHtml(KPI_DEFS[k].label.en));
      if (summary.variants.every((v) => v.kpis[k].mean === null)) continue;
      expect(cells, k).toBeDefined();
      summary.variants.forEach((v, col) => {
        const m = v.kpis[k].mean;
        const shown = cells![col]!.replace(/^★ /, '');
        expect(shown, `${k} ${v.name}`).toBe(m === null ? 'n/a' : escapeHtml(kpiValue(k, m, 'en')));
      });
      const means = summary.variants.map((v) => v.kpis[k].mean);
      const sign = KPI_DEFS[k].better === 'lower' ? 1 : -1;
      if (means.every((m) => m !== null) && means[0] !== means[1]) {
        const best = sign * means[0]! < sign * means[1]! ? 0 : 1;
        expect(cells![best]!.startsWith('★'), `${k} best`).toBe(true);
        expect(cells![1 - best]!.startsWith('★'), `${k} not best`).toBe(false);
        marked++;
      }
    }
    expect(marked).toBeGreaterThan(3);
  });

  it('measures no radio coverage and no SPATEM without V2X, some with it', () => {
    const [base, none] = summary.variants;
    expect(none!.kpis.coverageShare.mean).toBe(0);
    expect(none!.kpis.spatemAvailability.mean).toBe(0);
    expect(base!.kpis.coverageShare.mean!).toBeGreaterThan(0.2);
    expect(base!.kpis.spatemAvailability.mean!).toBeGreaterThan(0.5);
    expect(summary.differences['no-v2x']!.coverageShare.significant).toBe(true);
    // No channel without V2X: its load is not applicable (not a 0 % marked as the best value).
    expect(none!.kpis.peakChannelBusyRatio.mean).toBeNull();
    expect(base!.kpis.peakChannelBusyRatio.mean!).toBeGreaterThan(0);
  });

  it('draws the plots as inline SVG and opens offline', () => {
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|href="https?:|url\(["']?https?:|@import/i);
    expect(html).toContain('Variant no-v2x');
  });

  it('gives the same summary.json byte for byte with two worker processes and with two worker threads', async () => {
    await run('processes', ['base', 'no-v2x'], workerPool(2, 'process'));
    expect(readFileSync(join(dir, 'processes', 'summary.json'), 'utf8')).toBe(summaryText);
    await run('threads', ['base', 'no-v2x'], workerPool(2, 'thread'));
    expect(readFileSync(join(dir, 'threads', 'summary.json'), 'utf8')).toBe(summaryText);
  }, 240_000);

  it('takes --isolation process or thread, and names anything else', () => {
    expect(parseEvaluateArgs([file]).isolation).toBe('process');
    expect(parseEvaluateArgs([file, '--isolation', 'thread']).isolation).toBe('thread');
    expect(() => parseEvaluateArgs([file, '--isolation', 'fiber'])).toThrow(/--isolation is process or thread, got "fiber"/);
  });
});

describe('a broken variant', () => {
  it('fails its own runs with its error located in the file; the others finish; exit status 1', async () => {
    const out = join(dir, 'broken');
    const args = parseEvaluateArgs([file, '--variants', 'base,broken', '--seed-list', '4,5', '--duration', '60', '--out', out]);
    const stdout = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    const stderr = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    let status: number;
    try {
      status = await evaluate(args, inProcess(runEvaluationJob));
    } finally {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
    }
    expect(status).toBe(1);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as EvaluationSummary;
    const lines = TEXT.split('\n');
    const line = lines.findIndex((l) => l.includes('maxSpeed=300')) + 1;
    const column = lines[line - 1]!.indexOf("'shuttles") + 1;
    expect(s.runs.map((r) => [r.variant, r.seed, r.error === undefined])).toEqual([
      ['base', 4, true],
      ['base', 5, true],
      ['broken', 4, false],
      ['broken', 5, false],
    ]);
    expect(s.runs[2]!.error).toBe(`${file}:${line}:${column}: variants.broken.shuttles[0].maxSpeed: must be <= 70 (km/h), got 300`);
    expect(s.variants[0]!.kpis.commercialSpeedKmh.n).toBe(2);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('Runs that failed');
    expect(html).toContain('variants.broken.shuttles[0].maxSpeed');
  }, 120_000);
});

describe('Ctrl-C during an evaluation', () => {
  it('stops starting runs and writes the report of the finished ones', async () => {
    const once: JobRunner = (jobs, hooks) =>
      inProcess(runEvaluationJob)(jobs, {
        signal: hooks.signal,
        onResult: (r) => {
          hooks.onResult(r);
          process.emit('SIGINT');
        },
      });
    const plan = planEvaluation(file, TEXT, { variants: ['base'], seeds: [1, 2, 3], duration: 30 });
    const r = await executeEvaluation({ plan, jobs: jobsOf(plan, file, TEXT), runner: once, workers: 1, outDir: join(dir, 'stopped'), lang: 'fr', progress: quiet, handleSigint: true });
    expect(r.interrupted).toBe(true);
    const s = JSON.parse(readFileSync(join(dir, 'stopped', 'summary.json'), 'utf8')) as EvaluationSummary;
    expect(s.runs.map((x) => x.seed)).toEqual([1]);
    expect(s.missing).toEqual([
      { variant: 'base', seed: 2 },
      { variant: 'base', seed: 3 },
    ]);
    expect(readFileSync(join(dir, 'stopped', 'index.html'), 'utf8')).toContain('Simulations non faites');
  }, 60_000);
});

describe('KPI table', () => {
  it('has a label in both languages and a direction for every KPI', () => {
    for (const k of KPI_NAMES as readonly KpiName[]) {
      expect(KPI_DEFS[k].label.en.length).toBeGreaterThan(3);
      expect(KPI_DEFS[k].label.fr.length).toBeGreaterThan(3);
    }
  });
});

describe('time lost per intersection', () => {
  it('lists the intersections in the order the shuttle meets them, not by name', async () => {
    const text = readFileSync('scenarios/default.yaml', 'utf8');
    const job = { scenarioText: text, scenarioFile: 'scenarios/default.yaml', variant: 'base', seed: 3, duration: 300 };
    const r = await runEvaluationJob(job);
    const controllers = [...new Set(r.detail!.approaches.map((a) => a.controller))];
    expect(controllers.length).toBeGreaterThanOrEqual(5);
    // The default corridor is one avenue: along its route the junctions lie in order of x.
    const world = createWorld(jobScenario(job));
    const xOf = (key: string) => world.net.nodes[world.net.controllers.find((c) => c.key === key)!.node]!.x;
    const xs = controllers.map(xOf);
    const increasing = xs.every((x, k) => k === 0 || x > xs[k - 1]!);
    const decreasing = xs.every((x, k) => k === 0 || x < xs[k - 1]!);
    expect(increasing || decreasing, `${controllers.join(', ')} at x ${xs.map(Math.round).join(', ')}`).toBe(true);
    expect(controllers).not.toEqual([...controllers].sort());
  }, 60_000);
});
