// `corridor run [scenario] [--headless] [--duration S] [--seed N] [--speed max|X] [--json] [--set P=V]...`
// Wires the loader, the world and the tick loop; the only place where wall time is read.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadScenarioFile, ScenarioError } from '../scenarios/load.ts';
import { createWorld } from '../sim/create.ts';
import { step } from '../sim/step.ts';
import { summarise, formatSummary } from './summary.ts';
import type { World } from '../sim/world.ts';

export interface RunArgs {
  file: string;
  headless: boolean;
  duration?: number;
  seed?: number;
  /** 'max' = no pacing; a number = multiple of real time. */
  speed: 'max' | number;
  json: boolean;
  set: string[];
}

export async function runCommand(args: RunArgs): Promise<number> {
  const overrides = [...args.set];
  if (args.seed !== undefined) overrides.push(`run.seed=${args.seed}`);
  if (args.duration !== undefined) overrides.push(`run.duration=${args.duration}`);
  let world: World;
  try {
    const loaded = await loadScenarioFile(args.file, overrides);
    world = createWorld(loaded.scenario);
  } catch (e) {
    if (e instanceof ScenarioError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    if (e instanceof Error) {
      process.stderr.write(`${args.file}: cannot build the scenario: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const ticks = Math.round(world.scenario.run.duration / world.dt);
  let stopped = false;
  const onSigint = () => {
    stopped = true;
  };
  process.once('SIGINT', onSigint);
  const t0 = performance.now();
  if (args.speed === 'max') {
    for (let k = 0; k < ticks && !stopped; k++) {
      step(world);
      // Let SIGINT through now and then on long runs.
      if ((k & 4095) === 4095) await sleep(0);
    }
  } else {
    if (!args.json) {
      process.stdout.write(`Running ${world.scenario.name} at ${args.speed}x real time (Ctrl-C to stop and print the summary).\n`);
    }
    const wallPerTick = (world.dt * 1000) / args.speed;
    let next = performance.now();
    let lastReport = 0;
    for (let k = 0; k < ticks && !stopped; k++) {
      step(world);
      if (!args.json && world.time - lastReport >= 60) {
        lastReport = world.time;
        process.stdout.write(`  t=${Math.round(world.time)} s  vehicles ${world.vehicles.count}  pedestrians ${world.pedestrians.length}\n`);
      }
      next += wallPerTick;
      const wait = next - performance.now();
      if (wait > 1) await sleep(wait);
    }
  }
  process.off('SIGINT', onSigint);
  const summary = summarise(world, args.file, (performance.now() - t0) / 1000);
  process.stdout.write(args.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
  return 0;
}
