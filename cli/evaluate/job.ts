// The job API of `corridor evaluate` (docs/evaluation.md): one job = one variant of a scenario
// with one seed, run headless with V2X in the loop (unless the variant turns it off) and its KPI
// observers fed after every tick. Local worker threads and the queue mode both run jobs through
// `runEvaluationJob` and write the results through `writeEvaluation`, so both give the same files.
import { parseScenarioText, ScenarioError } from '../../scenarios/load.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { createWorld } from '../../sim/create.ts';
import { step } from '../../sim/step.ts';
import { stateHash } from '../../sim/hash.ts';
import { SimKpiCollector } from '../../sim/kpi/index.ts';
import { V2xKpiCollector } from '../../v2x/kpi/index.ts';
import { V2xSession } from '../../v2x/session.ts';
import type { TickTraffic } from '../../v2x/runtime.ts';
import { runKpis } from './run-kpis.ts';
import type { EvalJob, RunResult } from './types.ts';

export type { EvalJob, EvalPlan, RunResult, RunDetail, RouteProfile, ApproachResult } from './types.ts';
export { writeEvaluation, aggregateEvaluation } from './write.ts';
export { planEvaluation, jobsOf } from './plan.ts';

/** The scenario of a job: its variant, seed and duration applied and validated. Throws ScenarioError. */
export function jobScenario(job: EvalJob): Scenario {
  const overrides = [`run.seed=${job.seed}`];
  if (job.duration !== undefined) overrides.push(`run.duration=${job.duration}`);
  return parseScenarioText(job.scenarioText, job.scenarioFile, overrides, { variant: job.variant, checkVariants: false }).scenario;
}

/**
 * Runs one job. Never rejects: a variant that does not validate, a world that cannot be built
 * or a failure while running gives a RunResult with `error` (the message, located in the file
 * for scenario problems) and no KPIs.
 */
export async function runEvaluationJob(job: EvalJob): Promise<RunResult> {
  const failed = (error: string, duration: number | null = job.duration ?? null): RunResult => ({ variant: job.variant, seed: job.seed, duration, error });
  let scenario: Scenario;
  try {
    scenario = jobScenario(job);
  } catch (e) {
    return failed(e instanceof ScenarioError ? e.message : `cannot read the scenario: ${errorText(e)}`);
  }
  try {
    return simulate(job, scenario);
  } catch (e) {
    return failed(`run failed: ${errorText(e)}`, scenario.run.duration);
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function simulate(job: EvalJob, scenario: Scenario): RunResult {
  const world = createWorld(scenario);
  const session = scenario.v2x.enabled ? new V2xSession(world) : undefined;
  const simKpis = new SimKpiCollector(world);
  const v2xKpis = new V2xKpiCollector(world);
  let traffic: TickTraffic | null = null;
  const sub = session?.runtime.traffic$.subscribe((t) => {
    traffic = t;
  });
  const ticks = Math.round(scenario.run.duration / world.dt);
  for (let k = 0; k < ticks; k++) {
    traffic = null;
    const events = session ? session.step() : step(world);
    simKpis.observe(events);
    v2xKpis.observe(traffic);
  }
  sub?.unsubscribe();
  const { kpis, detail } = runKpis(world, simKpis.result(), v2xKpis.result(session));
  session?.dispose();
  return { variant: job.variant, seed: job.seed, duration: scenario.run.duration, stateHash: stateHash(world), kpis, detail };
}
