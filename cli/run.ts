// `corridor run [scenario] [--headless] [--duration S] [--seed N] [--speed max|X] [--json] [--set P=V]...`
// Wires the loader, the world and the tick loop; the only place where wall time is read.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadScenarioFile, ScenarioError } from '../scenarios/load.ts';
import { createWorld } from '../sim/create.ts';
import { step } from '../sim/step.ts';
import { V2xSession } from '../v2x/session.ts';
import type { Scenario } from '../scenarios/schema.ts';
import { summarise, formatSummary, formatV2x, type RunSummary, type V2xReport, type GlosaComparison } from './summary.ts';
import type { World } from '../sim/world.ts';
import type { TickTraffic } from '../v2x/runtime.ts';

export interface RunArgs {
  file: string;
  headless: boolean;
  duration?: number;
  seed?: number;
  /** 'max' = no pacing; a number = multiple of real time. */
  speed: 'max' | number;
  json: boolean;
  set: string[];
  /** Also run the scenario with GLOSA switched the other way, to report stops at red with and without it. */
  compareGlosa: boolean;
  /** --record FILE.mcap: record the run (v2x/record, docs/recording.md). */
  record?: string;
  /** --record-foxglove: also record /foxglove/scene for Foxglove's 3D panel. */
  recordFoxglove?: boolean;
}

export async function runCommand(args: RunArgs): Promise<number> {
  const overrides = [...args.set];
  if (args.seed !== undefined) overrides.push(`run.seed=${args.seed}`);
  if (args.duration !== undefined) overrides.push(`run.duration=${args.duration}`);
  let world: World;
  let scenario: Scenario;
  let text: string;
  try {
    const loaded = await loadScenarioFile(args.file, overrides);
    scenario = loaded.scenario;
    text = loaded.text;
    world = createWorld(scenario);
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
  // V2X in the loop unless the scenario turns it off (`--set v2x.enabled=false`).
  const session = scenario.v2x.enabled ? new V2xSession(world) : undefined;
  const recording = args.record !== undefined ? await startRecording(args.record, { text, file: args.file, overrides, world, session, foxglove: args.recordFoxglove ?? false }) : undefined;
  if (recording === null) return 1;
  const tick = recording ? () => recording.tick() : session ? () => session.step() : () => step(world);
  let stopped = false;
  const onSigint = () => {
    stopped = true;
  };
  process.once('SIGINT', onSigint);
  const t0 = performance.now();
  if (args.speed === 'max') {
    for (let k = 0; k < ticks && !stopped; k++) {
      tick();
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
      tick();
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
  recording?.close();
  const wall = (performance.now() - t0) / 1000;
  const summary: RunSummary & { v2x?: V2xReport } = summarise(world, args.file, wall);
  if (session) {
    summary.v2x = { ...session.summary(), glosa: glosaComparison(world, args.compareGlosa && !stopped ? scenario : undefined) };
  }
  process.stdout.write(args.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}${summary.v2x ? `\n${formatV2x(summary.v2x)}` : ''}\n`);
  return 0;
}

/**
 * Stops at red with and without GLOSA: the run's own figure, and (when asked) the same scenario
 * and seed run again with GLOSA switched the other way, headless.
 */
function glosaComparison(world: World, counterfactual: Scenario | undefined): GlosaComparison {
  const own = world.shuttles.reduce((a, s) => a + s.stopsAtRed, 0);
  const on = world.closedLoop.glosa;
  let other: number | null = null;
  if (counterfactual && world.shuttles.length > 0) {
    const sc = structuredClone(counterfactual);
    sc.v2x.closedLoop.glosa = !on;
    const w2 = createWorld(sc);
    const s2 = new V2xSession(w2);
    for (let k = 0; k < world.tick; k++) s2.step();
    other = w2.shuttles.reduce((a, s) => a + s.stopsAtRed, 0);
  }
  return { stopsAtRedWithGlosa: on ? own : other, stopsAtRedWithoutGlosa: on ? other : own };
}

/** The headless recorder: wraps the tick so each one is recorded with its events and traffic. null: cannot open the file (reported). */
async function startRecording(
  path: string,
  run: { text: string; file: string; overrides: readonly string[]; world: World; session: V2xSession | undefined; foxglove: boolean },
): Promise<{ tick(): void; close(): void } | null> {
  const { createFileRecorder } = await import('../v2x/record/record-file.ts');
  let file;
  try {
    file = createFileRecorder(path, { scenarioText: run.text, scenarioFile: run.file, overrides: run.overrides, source: 'headless', foxglove: run.foxglove });
  } catch (e) {
    process.stderr.write(`corridor: cannot record to ${path}: ${e instanceof Error ? e.message : String(e)}\n`);
    return null;
  }
  const { world, session } = run;
  let traffic: TickTraffic | undefined;
  session?.runtime.traffic$.subscribe((t) => (traffic = t));
  file.recorder.start(world, session);
  return {
    tick() {
      traffic = undefined;
      const events = session ? session.step() : step(world);
      file.recorder.tick(world, events, traffic);
      return events;
    },
    close: () => file.close(),
  };
}
