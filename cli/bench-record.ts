// `corridor bench`, recording part (docs/benchmarks.md, "Recording"); `npx tsx cli/bench-record.ts`
// runs it alone.
//
// Overhead: headless full ticks (simulation + V2X) of bench-1k with V2X on, with and without a
// recorder writing to a file in a temporary folder (frames, every V2X message, deliveries,
// events), the same ticks from a fresh world each run, alternated, median of five each.
// The same, end to end: `corridor run` of bench-1k (600 simulated s) in a child process with and
// without --record, alternated, median of five each (the run loop's own time from its summary,
// and the whole process). Identical runs in separate processes on this virtual machine differ by
// up to 20 %, so single pairs say little; the median of five alternated pairs is steady to a few %.
// Seek: a one-hour recording of the default scenario (written first, then opened through its
// index), random seeks through ReplaySource.frameAt (the frame of a time) and through the replay
// controller (snapshot check, frame, state), wall time per seek. The folder is deleted after.
import { performance } from 'node:perf_hooks';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile } from '../scenarios/load.ts';
import { createWorld } from '../sim/create.ts';
import { V2xSession } from '../v2x/session.ts';
import type { TickTraffic } from '../v2x/runtime.ts';
import { createFileRecorder } from '../v2x/record/record-file.ts';
import { FileReadable } from '../v2x/record/file-readable.ts';
import { ReplaySource } from '../v2x/record/replay-source.ts';
import { ReplayController } from '../v2x/record/replay-controller.ts';
import { toNs } from '../v2x/record/topics.ts';
import { BENCH_SCENARIOS, DEFAULT_SCENARIO } from './paths.ts';

export interface RecordBenchResult {
  overhead: {
    scenario: string;
    ticks: number;
    meanVehicles: number;
    msPerTickWithout: number;
    msPerTickWith: number;
    /** (with - without) / without. */
    overhead: number;
    /** Time inside the recorder per tick (frame, MCAP, file writes), ms; and its share over the rest of the tick in the same runs (less sensitive to a busy machine). */
    recorderMsPerTick: number;
    recorderShare: number;
    /** Bytes written per simulated second. */
    bytesPerSimSecond: number;
  };
  /** `corridor run bench-1k --headless --no-compare` (CLI_SECONDS simulated) as a user runs it, with and without --record: median of CLI_ROUNDS alternated runs each. */
  cli: {
    loopSecondsWithout: number;
    loopSecondsWith: number;
    processSecondsWithout: number;
    processSecondsWith: number;
    /** Of the run's own loop (summary wallSeconds), and of the whole process (start-up, compile, run, exit). */
    loopOverhead: number;
    processOverhead: number;
  };
  seek: {
    scenario: string;
    simSeconds: number;
    fileBytes: number;
    recordWallSeconds: number;
    openMs: number;
    seeks: number;
    frameAtMs: { p50: number; p99: number; max: number };
    controllerSeekMs: { p50: number; p99: number; max: number };
  };
}

const OVERHEAD_TICKS = 1500;
const OVERHEAD_ROUNDS = 5;
const CLI_SECONDS = 600;
const CLI_ROUNDS = 5;
const WARMUP_TICKS = 20;
const SEEKS = 200;

/** Full ticks of `file` for OVERHEAD_TICKS, recording to `path` or not; wall ms per tick. */
async function timeTicks(file: string, path: string | undefined): Promise<{ msPerTick: number; recorderMsPerTick: number; vehicles: number; bytes: number }> {
  const { scenario, text } = await loadScenarioFile(file, ['v2x.enabled=true']);
  const world = createWorld(scenario);
  const session = new V2xSession(world);
  const last: { traffic?: TickTraffic } = {};
  session.runtime.traffic$.subscribe((t) => (last.traffic = t));
  for (let k = 0; k < WARMUP_TICKS; k++) session.step();
  const rec = path ? createFileRecorder(path, { scenarioText: text, scenarioFile: file, overrides: [], source: 'headless' }) : undefined;
  rec?.recorder.start(world, session);
  let vehicles = 0;
  let inRecorder = 0;
  const t0 = performance.now();
  for (let k = 0; k < OVERHEAD_TICKS; k++) {
    const events = session.step();
    if (rec) {
      const r0 = performance.now();
      rec.recorder.tick(world, events, last.traffic);
      inRecorder += performance.now() - r0;
    }
    vehicles += world.vehicles.count;
  }
  const c0 = performance.now();
  rec?.close();
  inRecorder += performance.now() - c0;
  const wall = performance.now() - t0;
  session.dispose();
  return { msPerTick: wall / OVERHEAD_TICKS, recorderMsPerTick: inRecorder / OVERHEAD_TICKS, vehicles: vehicles / OVERHEAD_TICKS, bytes: path ? statSync(path).size : 0 };
}

function quantiles(xs: number[]): { p50: number; p99: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { p50: r(q(0.5)), p99: r(q(0.99)), max: r(s.at(-1)!) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const BIN = fileURLToPath(new URL('../bin/corridor.js', import.meta.url));

/** One `corridor run --headless` of `file` in a child process: the summary's loop time and the process's wall time, s. */
async function cliRun(file: string, record: string | undefined): Promise<{ loop: number; process: number }> {
  const args = ['run', file, '--headless', '--no-compare', '--json', '--set', 'v2x.enabled=true', '--set', `run.duration=${CLI_SECONDS}`, ...(record ? ['--record', record] : [])];
  const t0 = performance.now();
  const { stdout } = await promisify(execFile)(process.execPath, [BIN, ...args], { maxBuffer: 16 * 1024 * 1024 });
  const wall = (performance.now() - t0) / 1000;
  return { loop: (JSON.parse(stdout) as { wallSeconds: number }).wallSeconds, process: wall };
}

export async function benchRecord(log?: (line: string) => void): Promise<RecordBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-bench-record-'));
  try {
    // --- overhead ---
    const file = BENCH_SCENARIOS[1]!;
    const without: number[] = [];
    const withRec: number[] = [];
    const inRec: number[] = [];
    const shares: number[] = [];
    let vehicles = 0;
    let bytes = 0;
    for (let k = 0; k < OVERHEAD_ROUNDS; k++) {
      without.push((await timeTicks(file, undefined)).msPerTick);
      const w = await timeTicks(file, join(dir, 'overhead.mcap'));
      withRec.push(w.msPerTick);
      inRec.push(w.recorderMsPerTick);
      shares.push(w.recorderMsPerTick / (w.msPerTick - w.recorderMsPerTick));
      vehicles = w.vehicles;
      bytes = w.bytes;
    }
    const a = median(without);
    const b = median(withRec);
    const overhead = {
      scenario: 'bench-1k',
      ticks: OVERHEAD_TICKS,
      meanVehicles: Math.round(vehicles),
      msPerTickWithout: Math.round(a * 100) / 100,
      msPerTickWith: Math.round(b * 100) / 100,
      overhead: Math.round(((b - a) / a) * 1000) / 1000,
      recorderMsPerTick: Math.round(median(inRec) * 100) / 100,
      recorderShare: Math.round(median(shares) * 1000) / 1000,
      bytesPerSimSecond: Math.round(bytes / (OVERHEAD_TICKS * 0.1)),
    };
    log?.(
      `recording overhead, bench-1k with V2X (${overhead.meanVehicles} vehicles, ${OVERHEAD_TICKS} ticks): ${overhead.msPerTickWithout} ms per tick without, ${overhead.msPerTickWith} ms with --record (+${(overhead.overhead * 100).toFixed(1)} %; inside the recorder ${overhead.recorderMsPerTick} ms per tick, ${(overhead.recorderShare * 100).toFixed(1)} % of the rest of the tick), ${(overhead.bytesPerSimSecond / 1e6).toFixed(2)} MB per simulated second`,
    );

    // --- the command line, end to end ---
    const runs: { without: { loop: number; process: number }[]; with: { loop: number; process: number }[] } = { without: [], with: [] };
    for (let k = 0; k < CLI_ROUNDS; k++) {
      runs.without.push(await cliRun(file, undefined));
      runs.with.push(await cliRun(file, join(dir, 'cli.mcap')));
    }
    const m = (xs: { loop: number; process: number }[], key: 'loop' | 'process') => median(xs.map((x) => x[key]));
    const cli = {
      loopSecondsWithout: m(runs.without, 'loop'),
      loopSecondsWith: m(runs.with, 'loop'),
      processSecondsWithout: Math.round(m(runs.without, 'process') * 100) / 100,
      processSecondsWith: Math.round(m(runs.with, 'process') * 100) / 100,
      loopOverhead: 0,
      processOverhead: 0,
    };
    cli.loopOverhead = Math.round(((cli.loopSecondsWith - cli.loopSecondsWithout) / cli.loopSecondsWithout) * 1000) / 1000;
    cli.processOverhead = Math.round(((cli.processSecondsWith - cli.processSecondsWithout) / cli.processSecondsWithout) * 1000) / 1000;
    log?.(
      `corridor run bench-1k --headless --no-compare (V2X, ${CLI_SECONDS} s): run loop ${cli.loopSecondsWithout} s without, ${cli.loopSecondsWith} s with --record (+${(cli.loopOverhead * 100).toFixed(1)} %); whole process ${cli.processSecondsWithout} s vs ${cli.processSecondsWith} s (+${(cli.processOverhead * 100).toFixed(1)} %)`,
    );

    // --- seek in a one-hour recording ---
    const hour = join(dir, 'hour.mcap');
    const { scenario, text } = await loadScenarioFile(DEFAULT_SCENARIO, ['run.duration=3600']);
    const world = createWorld(scenario);
    const session = new V2xSession(world);
    const last: { traffic?: TickTraffic } = {};
    session.runtime.traffic$.subscribe((t) => (last.traffic = t));
    const rec = createFileRecorder(hour, { scenarioText: text, scenarioFile: DEFAULT_SCENARIO, overrides: [], source: 'headless' });
    rec.recorder.start(world, session);
    const t0 = performance.now();
    const ticks = Math.round(3600 / world.dt);
    for (let k = 0; k < ticks; k++) {
      const events = session.step();
      rec.recorder.tick(world, events, last.traffic);
    }
    rec.close();
    session.dispose();
    const recordWall = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const readable = await FileReadable.open(hour);
    const source = await ReplaySource.open(readable, hour);
    const openMs = performance.now() - t1;
    // Seeded, reproducible seek times over the whole hour.
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const frameAt: number[] = [];
    for (let k = 0; k < SEEKS; k++) {
      const t = rand() * 3600;
      const s = performance.now();
      const f = await source.frameAt(toNs(t));
      frameAt.push(performance.now() - s);
      if (!f) throw new Error(`bench: no frame at ${t} s`);
    }
    const controller = new ReplayController(source, { paused: true });
    controller.attach({ snapshot: () => {}, frame: () => {}, state: () => {} });
    const viaController: number[] = [];
    for (let k = 0; k < SEEKS; k++) {
      const t = rand() * 3600;
      const s = performance.now();
      await controller.seek(t);
      viaController.push(performance.now() - s);
    }
    controller.close();
    await readable.close();
    const seek = {
      scenario: 'default',
      simSeconds: 3600,
      fileBytes: statSync(hour).size,
      recordWallSeconds: Math.round(recordWall * 10) / 10,
      openMs: Math.round(openMs * 10) / 10,
      seeks: SEEKS,
      frameAtMs: quantiles(frameAt),
      controllerSeekMs: quantiles(viaController),
    };
    log?.(
      `seek in a one-hour recording of the default scenario (${(seek.fileBytes / 1e6).toFixed(0)} MB, recorded in ${seek.recordWallSeconds} s, opened in ${seek.openMs} ms): frame of a time p50 ${seek.frameAtMs.p50} ms, p99 ${seek.frameAtMs.p99} ms, max ${seek.frameAtMs.max} ms; replay seek p50 ${seek.controllerSeekMs.p50} ms, p99 ${seek.controllerSeekMs.p99} ms, max ${seek.controllerSeekMs.max} ms (${SEEKS} random seeks each)`,
    );
    return { overhead, cli, seek };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const json = process.argv.includes('--json');
  const r = await benchRecord(json ? undefined : (line) => process.stdout.write(`${line}\n`));
  if (json) process.stdout.write(`${JSON.stringify(r)}\n`);
}
