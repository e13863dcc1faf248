// `corridor bench [--json] [--ticks N]`: vehicle-steps per second on the benchmark scenarios,
// V2X off. Compile time is excluded; each scenario runs three times from a fresh world and the
// median run is reported, so JIT warm-up does not distort the small scenarios.
import { performance } from 'node:perf_hooks';
import { basename } from 'node:path';
import { loadScenarioFile } from '../scenarios/load.ts';
import type { Scenario } from '../scenarios/schema.ts';
import { createWorld } from '../sim/create.ts';
import { step } from '../sim/step.ts';
import { BENCH_SCENARIOS } from './paths.ts';
import { V2xSession } from '../v2x/session.ts';
import { benchCodec } from '../v2x/codec-bench.ts';
import { benchLive } from './bench-live.ts';
import { benchRecord } from './bench-record.ts';
import { benchBrowser } from './bench-browser.ts';

export interface V2xBenchResult {
  scenario: string;
  /** Equipped vehicles (every vehicle) and RSUs at the start. */
  stations: number;
  simSeconds: number;
  wallSeconds: number;
  /** Simulated seconds per wall second, simulation + facilities + channel + encoding. */
  realTimeFactor: number;
  msPerTick: number;
  messages: number;
  deliveries: number;
}

/** Full ticks (simulation, facilities, channel, encoding) with every vehicle equipped. */
export async function benchV2x(file: string, simSeconds: number): Promise<V2xBenchResult> {
  const every = ['v2x.equipment.car=1', 'v2x.equipment.bus=1', 'v2x.equipment.truck=1'];
  const { scenario } = await loadScenarioFile(file, every);
  const session = new V2xSession(createWorld(scenario));
  const w = session.world;
  for (let k = 0; k < 20; k++) session.step(); // warm-up (first MAPEMs, JIT)
  const stations = session.runtime.stations.count;
  const ticks = Math.round(simSeconds / w.dt);
  const sent0 = session.runtime.channel.transmissions;
  const del0 = session.runtime.channel.deliveries;
  const t0 = performance.now();
  for (let k = 0; k < ticks; k++) session.step();
  const wall = (performance.now() - t0) / 1000;
  return {
    scenario: basename(file, '.yaml'),
    stations,
    simSeconds,
    wallSeconds: Math.round(wall * 1000) / 1000,
    realTimeFactor: Math.round((simSeconds / wall) * 100) / 100,
    msPerTick: Math.round((wall * 1000 * 100) / ticks) / 100,
    messages: session.runtime.channel.transmissions - sent0,
    deliveries: session.runtime.channel.deliveries - del0,
  };
}

export interface BenchResult {
  scenario: string;
  vehiclesAtStart: number;
  meanVehicles: number;
  ticks: number;
  wallSeconds: number;
  vehicleSteps: number;
  vehicleStepsPerSecond: number;
  nanosecondsPerVehicleStep: number;
}

/** Times `ticks` ticks of a fresh world after a short warm-up; compile time is not counted. */
function timeOnce(scenario: Scenario, ticks: number): { wall: number; steps: number; vehiclesAtStart: number } {
  const world = createWorld(scenario);
  const vehiclesAtStart = world.vehicles.count;
  for (let k = 0; k < WARMUP_TICKS; k++) step(world);
  const steps0 = world.counters.vehicleSteps;
  const t0 = performance.now();
  for (let k = 0; k < ticks; k++) step(world);
  return { wall: (performance.now() - t0) / 1000, steps: world.counters.vehicleSteps - steps0, vehiclesAtStart };
}

const WARMUP_TICKS = 50;
/** Repetitions per scenario; the median is reported (the first run also warms the JIT up). */
const REPEATS = 3;

/** Runs the scenario's whole duration (or `ticks` ticks) REPEATS times and reports the median run. */
export async function benchScenario(file: string, ticks?: number): Promise<BenchResult> {
  const { scenario } = await loadScenarioFile(file);
  const n = ticks ?? Math.max(1, Math.round(scenario.run.duration / scenario.run.tick) - WARMUP_TICKS);
  const runs = Array.from({ length: REPEATS }, () => timeOnce(scenario, n)).sort((a, b) => a.wall / a.steps - b.wall / b.steps);
  const r = runs[Math.floor(REPEATS / 2)]!;
  return {
    scenario: basename(file, '.yaml'),
    vehiclesAtStart: r.vehiclesAtStart,
    meanVehicles: Math.round(r.steps / n),
    ticks: n,
    wallSeconds: Math.round(r.wall * 1000) / 1000,
    vehicleSteps: r.steps,
    vehicleStepsPerSecond: Math.round(r.steps / r.wall),
    nanosecondsPerVehicleStep: Math.round((r.wall * 1e9) / r.steps),
  };
}

export async function benchCommand(args: { json: boolean; ticks?: number; v2x?: boolean }): Promise<number> {
  const results: BenchResult[] = [];
  for (const file of BENCH_SCENARIOS) {
    const r = await benchScenario(file, args.ticks);
    results.push(r);
    if (!args.json) {
      process.stdout.write(
        `${r.scenario.padEnd(10)} ${String(r.meanVehicles).padStart(6)} vehicles  ${(r.vehicleStepsPerSecond / 1e6).toFixed(2).padStart(6)} M vehicle-steps/s  ${String(r.nanosecondsPerVehicleStep).padStart(5)} ns/vehicle-step  (${r.ticks} ticks in ${r.wallSeconds} s)\n`,
      );
    }
  }
  const codec = benchCodec();
  if (!args.json) {
    process.stdout.write(`CAM codec: ${Math.round(codec.camEncodePerSecond).toLocaleString('en')} encodes/s, ${Math.round(codec.camDecodePerSecond).toLocaleString('en')} decodes/s\n`);
  }
  const v2x: V2xBenchResult[] = [];
  if (args.v2x !== false) {
    for (const [file, seconds] of [[BENCH_SCENARIOS[1]!, 30], [BENCH_SCENARIOS[2]!, 10]] as const) {
      const r = await benchV2x(file, seconds);
      v2x.push(r);
      if (!args.json) {
        process.stdout.write(
          `${r.scenario.padEnd(10)} V2X, all ${r.stations} stations equipped: ${r.realTimeFactor}x real time (${r.msPerTick} ms per tick; ${r.messages.toLocaleString('en')} messages, ${r.deliveries.toLocaleString('en')} deliveries in ${r.simSeconds} s)\n`,
        );
      }
    }
  }
  const k1 = results.find((r) => r.scenario === 'bench-1k');
  const k10 = results.find((r) => r.scenario === 'bench-10k');
  const growth = k1 && k10 ? Math.round((k10.nanosecondsPerVehicleStep / k1.nanosecondsPerVehicleStep) * 100) / 100 : null;
  const meta = { node: process.version, date: new Date().toISOString() };
  if (!args.json) process.stdout.write(`cost per vehicle-step, 10k vs 1k: ${growth}x\n`);
  const live = await benchLive({}, args.json ? undefined : (line) => process.stdout.write(`${line}\n`));
  // The 3D viewer in headless Chromium (cli/bench-browser.ts, about 75 s); CORRIDOR_BENCH_BROWSER=0 skips it.
  const browser = process.env.CORRIDOR_BENCH_BROWSER === '0' ? null : await benchBrowser(args.json ? undefined : (line) => process.stdout.write(`${line}\n`));
  if (!args.json && browser === null) process.stdout.write('viewer in headless Chromium: skipped (CORRIDOR_BENCH_BROWSER=0, or Chromium not installed: bash scripts/ensure-chromium.sh)\n');
  // Evaluation throughput: runs per minute of the default scenario with 1 and 2 worker threads (cli/bench-evaluate.ts).
  const { benchEvaluate, formatEvaluateBench } = await import('./bench-evaluate.ts');
  const evaluation = await benchEvaluate();
  if (!args.json) process.stdout.write(`${formatEvaluateBench(evaluation)}\n`);
  // Recording (cli/bench-record.ts, about 2 minutes): overhead at bench-1k with V2X, seek in a one-hour recording.
  const record = await benchRecord(args.json ? undefined : (line) => process.stdout.write(`${line}\n`));
  if (args.json) process.stdout.write(`${JSON.stringify({ ...meta, results, costGrowth1kTo10k: growth, codec, v2x, live, browser, evaluation, record })}\n`);
  return 0;
}
