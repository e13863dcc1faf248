// The local runner: K hosts (child processes by default, or worker threads: run-host.ts), each
// running one job at a time, fed from the job list in order. A host that dies takes only its job
// with it (that run is reported failed with the reason) and is replaced.
import type { EvalJob, RunResult } from './types.ts';
import type { JobRunner } from './runner.ts';
import { startRunHost, type HostKind, type HostReply, type RunHost } from './run-host.ts';

export function workerPool(workers: number, kind: HostKind = 'process'): JobRunner {
  if (!(Number.isInteger(workers) && workers >= 1)) throw new Error(`--workers must be a whole number >= 1, got ${workers}`);
  return (jobs, hooks) =>
    new Promise<void>((resolve) => {
      let next = 0;
      let running = 0;
      let finished = false;
      const live = new Set<RunHost>();
      const finish = () => {
        if (finished) return;
        finished = true;
        hooks.signal.removeEventListener('abort', onAbort);
        for (const w of live) void w.terminate();
        live.clear();
        resolve();
      };
      const onAbort = () => finish();
      hooks.signal.addEventListener('abort', onAbort);

      const start = () => {
        const w = startRunHost(kind);
        live.add(w);
        let current: { id: number; job: EvalJob } | undefined;
        const feed = () => {
          if (finished) return;
          if (next >= jobs.length || hooks.signal.aborted) {
            live.delete(w);
            void w.terminate();
            if (running === 0) finish();
            return;
          }
          const id = next++;
          current = { id, job: jobs[id]! };
          running++;
          w.postMessage(current);
        };
        w.on('message', (msg: HostReply) => {
          if (msg.ready) return feed();
          if (!current || msg.id !== current.id || !msg.result) return;
          current = undefined;
          running--;
          if (!finished) hooks.onResult(msg.result);
          feed();
        });
        const crashed = (reason: string) => {
          if (!live.has(w)) return;
          live.delete(w);
          if (finished) return;
          if (current) {
            const { job } = current;
            current = undefined;
            running--;
            hooks.onResult({ variant: job.variant, seed: job.seed, duration: job.duration ?? null, error: `worker crashed: ${reason}` });
          }
          if (next < jobs.length && !hooks.signal.aborted) start();
          else if (running === 0) finish();
        };
        w.on('error', (e) => crashed(e instanceof Error ? e.message : String(e)));
        w.on('exit', (reason) => crashed(reason));
      };
      if (jobs.length === 0) return finish();
      for (let k = 0; k < Math.min(workers, jobs.length); k++) start();
    });
}

/** Runs every job in this thread, one after the other (for tests and single-core machines). */
export function inProcess(run: (job: EvalJob) => Promise<RunResult>): JobRunner {
  return async (jobs, hooks) => {
    for (const job of jobs) {
      if (hooks.signal.aborted) return;
      const r = await run(job);
      if (!hooks.signal.aborted) hooks.onResult(r);
    }
  };
}
