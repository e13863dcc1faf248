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

export async function benchCommand(args: { json: boolean; ticks?: number }): Promise<number> {
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
  const k1 = results.find((r) => r.scenario === 'bench-1k');
  const k10 = results.find((r) => r.scenario === 'bench-10k');
  const growth = k1 && k10 ? Math.round((k10.nanosecondsPerVehicleStep / k1.nanosecondsPerVehicleStep) * 100) / 100 : null;
  const meta = { node: process.version, date: new Date().toISOString(), v2x: false };
  if (args.json) process.stdout.write(`${JSON.stringify({ ...meta, results, costGrowth1kTo10k: growth })}\n`);
  else process.stdout.write(`cost per vehicle-step, 10k vs 1k: ${growth}x\n`);
  return 0;
}
