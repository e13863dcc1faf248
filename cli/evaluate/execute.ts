// One evaluation from plan to files: run the jobs through a runner (local workers or a queue),
// show progress, stop cleanly on Ctrl-C keeping the finished runs, then write the report.
import type { EvalJob, EvalPlan, RunResult } from './types.ts';
import type { JobRunner } from './runner.ts';
import { createProgress } from './progress.ts';
import { writeEvaluation, type WrittenEvaluation } from './write.ts';
import type { Lang } from './kpi-defs.ts';

export interface ExecuteOptions {
  plan: EvalPlan;
  jobs: readonly EvalJob[];
  runner: JobRunner;
  workers: number;
  outDir: string;
  lang: Lang;
  /** Where progress goes (stderr by default, so stdout stays clean for --json). */
  progress?: NodeJS.WritableStream;
  /** Listen to SIGINT (Ctrl-C) to stop early; off in tests. */
  handleSigint?: boolean;
}

export interface ExecuteResult extends WrittenEvaluation {
  results: RunResult[];
  interrupted: boolean;
}

export async function executeEvaluation(o: ExecuteOptions): Promise<ExecuteResult> {
  const results: RunResult[] = [];
  const abort = new AbortController();
  const out = o.progress ?? process.stderr;
  const progress = createProgress(o.jobs.length, out, o.workers);
  const onSigint = () => {
    if (!abort.signal.aborted) out.write('\nstopping: keeping the finished runs (Ctrl-C again to quit at once)\n');
    else process.exit(130);
    abort.abort();
  };
  if (o.handleSigint) process.on('SIGINT', onSigint);
  try {
    await o.runner(o.jobs, {
      signal: abort.signal,
      onResult: (r) => {
        results.push(r);
        progress.done(r);
      },
    });
  } finally {
    if (o.handleSigint) process.off('SIGINT', onSigint);
    progress.end();
  }
  const written = await writeEvaluation(o.outDir, o.plan, results, o.lang);
  return { ...written, results, interrupted: abort.signal.aborted };
}
