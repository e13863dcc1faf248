// Queue mode of `corridor evaluate` (docs/evaluation-queue.md): the runs go on a BullMQ queue in
// Redis and `corridor worker` processes, on any number of machines, run them. This side is a
// JobRunner like the local worker pool (cli/evaluate/runner.ts), so the results are gathered by
// executeEvaluation and written by the same writeEvaluation: same files as a local run.
//
// Job ids are derived from what determines a run's result (the scenario text, the duration,
// the variant, the seed), so submitting the same evaluation again adds no job: runs already
// done are collected from Redis at once, runs in progress are waited for, failed ones retried.
import { createHash } from 'node:crypto';
import { Job, Queue, QueueEvents, type ConnectionOptions } from 'bullmq';
import { createClient } from 'redis';
import type { JobRunner } from './runner.ts';
import type { EvalJob, RunResult } from './types.ts';

/** The BullMQ queue (Redis keys `bull:corridor-evaluate:*`). */
export const QUEUE_NAME = 'corridor-evaluate';
/** Completed and failed jobs stay this long, so a resubmission finds them. */
export const KEEP_SECONDS = 7 * 86400;
/** Tries per job: a worker that dies or is stopped mid-run hands its job back to the queue. */
export const ATTEMPTS = 3;
/** Exit status when Redis cannot be reached (sysexits EX_UNAVAILABLE, as 64 is EX_USAGE). */
export const EXIT_UNAVAILABLE = 69;

export class QueueUnavailableError extends Error {
  override readonly name = 'QueueUnavailableError';
}

/** The --queue value is not a Redis URL (a usage error, exit 64). */
export class QueueUrlError extends Error {
  override readonly name = 'QueueUrlError';
}

/** ioredis options for BullMQ from redis://[user:password@]host[:port][/db] or rediss:// (TLS). */
export function connectionFromUrl(url: string): ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new QueueUrlError(`--queue expects a Redis URL such as redis://127.0.0.1:6379, got "${url}"`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new QueueUrlError(`--queue expects a redis:// or rediss:// URL, got "${url}"`);
  const db = u.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw new QueueUrlError(`the database in a Redis URL is a number (redis://host:port/0), got "/${db}"`);
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port === '' ? 6379 : Number(u.port),
    ...(u.username !== '' ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password !== '' ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== '' ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    // BullMQ's blocking connections must wait for Redis rather than fail commands.
    maxRetriesPerRequest: null,
  };
}

/**
 * Connects once, without retrying, and PINGs: BullMQ's client retries forever, so an unreachable
 * or misconfigured Redis would otherwise hang. Throws QueueUnavailableError with the reason.
 */
export async function checkRedis(url: string, timeoutMs = 3000): Promise<void> {
  connectionFromUrl(url);
  const client = createClient({ url, socket: { connectTimeout: timeoutMs, reconnectStrategy: false } });
  let reason: string | undefined;
  client.on('error', (e: unknown) => {
    reason ??= e instanceof Error ? e.message || e.name : String(e);
  });
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    throw new QueueUnavailableError(`cannot reach Redis at ${url}: ${reason ?? (e instanceof Error ? e.message || e.name : String(e))}`);
  } finally {
    if (client.isOpen) client.destroy();
  }
}

/** The job id of a run: same scenario text, duration, variant and seed, same id. BullMQ ids cannot hold ':'. */
export function jobIdOf(job: EvalJob): string {
  const scenario = createHash('sha256').update(job.scenarioText).update(`\u0000${job.duration ?? ''}`).digest('hex').slice(0, 16);
  return `run.${scenario}.${encodeURIComponent(job.variant).replace(/\./g, '%2E')}.${job.seed}`;
}

/** A RunResult for a job the queue gave up on (no worker could finish it). */
function failedResult(job: EvalJob, reason: string): RunResult {
  return { variant: job.variant, seed: job.seed, duration: job.duration ?? null, error: `failed on the queue: ${reason}` };
}

function isRunResult(v: unknown, job: EvalJob): v is RunResult {
  return typeof v === 'object' && v !== null && (v as RunResult).variant === job.variant && (v as RunResult).seed === job.seed;
}

export interface QueueRunnerOptions {
  /** Where connection trouble is reported (stderr by default). */
  log?: (line: string) => void;
}

/**
 * A JobRunner that submits the jobs to the queue at `url` and reports each result as a worker
 * finishes it. On abort (Ctrl-C) it stops waiting and takes back the jobs no worker has started;
 * jobs already running finish and stay in Redis for a resubmission to collect.
 */
export function queueRunner(url: string, options: QueueRunnerOptions = {}): JobRunner {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  return async (jobs, hooks) => {
    if (jobs.length === 0) return;
    const connection = connectionFromUrl(url);
    const queue = new Queue<EvalJob, RunResult>(QUEUE_NAME, { connection });
    const events = new QueueEvents(QUEUE_NAME, { connection });
    let lastError = '';
    const onError = (e: Error) => {
      // ioredis reconnects by itself; say so once per distinct problem.
      if (e.message !== lastError) log(`corridor evaluate: Redis at ${url}: ${e.message} (retrying)`);
      lastError = e.message;
    };
    queue.on('error', onError);
    events.on('error', onError);

    const byId = new Map(jobs.map((j) => [jobIdOf(j), j]));
    const reported = new Set<string>();
    let allDone!: () => void;
    const finished = new Promise<void>((resolve) => (allDone = resolve));
    const report = (id: string, result: RunResult) => {
      if (reported.has(id) || hooks.signal.aborted) return;
      reported.add(id);
      hooks.onResult(result);
      if (reported.size === byId.size) allDone();
    };
    const collect = async (id: string) => {
      const job = byId.get(id)!;
      const stored = await Job.fromId<EvalJob, RunResult>(queue, id);
      const value: unknown = stored?.returnvalue;
      report(id, isRunResult(value, job) ? value : failedResult(job, `job ${id} completed without a run result`));
    };
    const aborted = new Promise<void>((resolve) => {
      if (hooks.signal.aborted) resolve();
      hooks.signal.addEventListener('abort', () => resolve(), { once: true });
    });

    try {
      // Listen before submitting, so no completion is missed; then catch up on runs that a
      // previous submission already finished.
      events.on('completed', ({ jobId }) => {
        if (byId.has(jobId)) void collect(jobId).catch((e: unknown) => onError(e as Error));
      });
      events.on('failed', ({ jobId, failedReason }) => {
        const job = byId.get(jobId);
        if (job) report(jobId, failedResult(job, failedReason));
      });
      await events.waitUntilReady();
      await queue.addBulk(
        jobs.map((data) => ({
          name: 'run',
          data,
          opts: { jobId: jobIdOf(data), attempts: ATTEMPTS, removeOnComplete: { age: KEEP_SECONDS }, removeOnFail: { age: KEEP_SECONDS } },
        })),
      );
      for (const id of byId.keys()) {
        const stored = await Job.fromId<EvalJob, RunResult>(queue, id);
        const state = stored ? await stored.getState() : 'unknown';
        if (state === 'completed') await collect(id);
        else if (state === 'failed') await stored!.retry('failed');
      }
      await Promise.race([finished, aborted]);
      if (hooks.signal.aborted) await takeBackWaiting(queue, [...byId.keys()].filter((id) => !reported.has(id)));
    } finally {
      await Promise.allSettled([events.close(), queue.close()]);
    }
  };
}

/** Removes the given jobs that no worker has started (running ones finish and stay collectable). */
async function takeBackWaiting(queue: Queue<EvalJob, RunResult>, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const job = await Job.fromId(queue, id);
    if (job && (await job.getState()) === 'waiting') await job.remove().catch(() => undefined);
  }
}

/**
 * `corridor evaluate … --queue URL`: checks that Redis answers, then runs the evaluation with the
 * queue as its runner. Returns the evaluation's exit status, EXIT_UNAVAILABLE when Redis cannot
 * be reached, 64 when URL is not a Redis URL (with the reason on stderr).
 */
export async function evaluateOnQueue(url: string, evaluate: (runner: JobRunner) => Promise<number>): Promise<number> {
  try {
    await checkRedis(url);
  } catch (e) {
    if (e instanceof QueueUnavailableError || e instanceof QueueUrlError) {
      process.stderr.write(`corridor evaluate: ${e.message}\n`);
      return e instanceof QueueUrlError ? 64 : EXIT_UNAVAILABLE;
    }
    throw e;
  }
  return evaluate(queueRunner(url));
}
