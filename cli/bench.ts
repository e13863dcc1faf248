// `corridor bench [--json] [--ticks N]`: vehicle-steps per second on the benchmark scenarios,
// V2X off. Compile time is excluded; a short warm-up lets V8 optimise the hot loop first.
import { performance } from 'node:perf_hooks';
import { basename } from 'node:path';
import { loadScenarioFile } from '../scenarios/load.ts';
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

export async function benchScenario(file: string, ticks: number): Promise<BenchResult> {
  const { scenario } = await loadScenarioFile(file);
  const world = createWorld(scenario);
  const vehiclesAtStart = world.vehicles.count;
  const warmup = 50;
  for (let k = 0; k < warmup; k++) step(world);
  const steps0 = world.counters.vehicleSteps;
  const t0 = performance.now();
  for (let k = 0; k < ticks; k++) step(world);
  const wall = (performance.now() - t0) / 1000;
  const vehicleSteps = world.counters.vehicleSteps - steps0;
  return {
    scenario: basename(file, '.yaml'),
    vehiclesAtStart,
    meanVehicles: Math.round(vehicleSteps / ticks),
    ticks,
    wallSeconds: Math.round(wall * 1000) / 1000,
    vehicleSteps,
    vehicleStepsPerSecond: Math.round(vehicleSteps / wall),
    nanosecondsPerVehicleStep: Math.round((wall * 1e9) / vehicleSteps),
  };
}

export async function benchCommand(args: { json: boolean; ticks: number }): Promise<number> {
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
  const meta = { node: process.version, date: new Date().toISOString(), ticks: args.ticks, v2x: false };
  if (args.json) process.stdout.write(`${JSON.stringify({ ...meta, results, costGrowth1kTo10k: growth })}\n`);
  else process.stdout.write(`cost per vehicle-step, 10k vs 1k: ${growth}x\n`);
  return 0;
}
