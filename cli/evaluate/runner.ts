// How jobs get run: a JobRunner takes the jobs and reports each result as it arrives; it stops
// starting new jobs when the signal aborts. The local runner uses worker threads (pool.ts); the
// queue mode provides another runner with the same shape.
import type { EvalJob, RunResult } from './types.ts';

export interface RunnerHooks {
  /** Called once per finished job, in completion order. */
  onResult(result: RunResult): void;
  /** When aborted: start nothing more, abandon jobs in flight, resolve. */
  signal: AbortSignal;
}

export type JobRunner = (jobs: readonly EvalJob[], hooks: RunnerHooks) => Promise<void>;
