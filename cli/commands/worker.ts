// `corridor worker --queue URL [--concurrency K]`: processes the runs that `corridor evaluate
// --queue URL` puts on the BullMQ queue (cli/evaluate/queue.ts), K at a time, each in its own
// worker thread (the local evaluation pool's, cli/evaluate/pool.ts) so this process's event loop
// stays free to renew BullMQ's job locks while a run computes. Start as many as you like, on any
// machines that reach the Redis server. Ctrl-C stops taking runs, hands the runs in progress back
// to the queue for another worker, and exits 0; a second Ctrl-C exits at once (130).
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker, WaitingError, type Job } from 'bullmq';
import { workerPool } from '../evaluate/pool.ts';
import { checkRedis, connectionFromUrl, EXIT_UNAVAILABLE, QUEUE_NAME, QueueUnavailableError, QueueUrlError } from '../evaluate/queue.ts';
import type { EvalJob, RunResult } from '../evaluate/types.ts';

export const USAGE = `  corridor worker --queue URL [--concurrency K]
                              run the jobs of \`corridor evaluate --queue URL\` from Redis, K at a time (default: one
                              per core); as many workers as you like, on any machines; Ctrl-C hands unfinished runs
                              back to the queue; see docs/evaluation-queue.md`;

function usage(message: string): number {
  process.stderr.write(`corridor worker: ${message}\n\nUsage:\n${USAGE}\n`);
  return 64;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** One run in a worker thread of its own; aborting terminates the thread. */
function runInThread(job: EvalJob, signal: AbortSignal): Promise<RunResult | undefined> {
  let result: RunResult | undefined;
  return workerPool(1)([job], { signal, onResult: (r) => (result = r) }).then(() => result);
}

function isEvalJob(v: unknown): v is EvalJob {
  const j = v as EvalJob;
  return typeof v === 'object' && v !== null && typeof j.scenarioText === 'string' && typeof j.scenarioFile === 'string' && typeof j.variant === 'string' && typeof j.seed === 'number';
}

export async function command(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { queue: { type: 'string' }, concurrency: { type: 'string' } } }));
  } catch (e) {
    return usage((e as Error).message);
  }
  if (values.queue === undefined) return usage('--queue URL is required (e.g. redis://127.0.0.1:6379)');
  const concurrency = values.concurrency === undefined ? availableParallelism() : Number(values.concurrency);
  if (!(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 256)) return usage(`--concurrency expects a whole number from 1 to 256, got "${values.concurrency}"`);
  const url = values.queue;
  try {
    await checkRedis(url);
  } catch (e) {
    if (e instanceof QueueUrlError) return usage(e.message);
    if (e instanceof QueueUnavailableError) {
      process.stderr.write(`corridor worker: ${e.message}\n`);
      return EXIT_UNAVAILABLE;
    }
    throw e;
  }

  const stopping = new AbortController();
  const processor = async (job: Job<EvalJob, RunResult>, token?: string): Promise<RunResult> => {
    if (!isEvalJob(job.data)) throw new Error(`job ${job.id} is not a corridor evaluation run`);
    const t0 = performance.now();
    const result = await runInThread(job.data, stopping.signal);
    if (stopping.signal.aborted || result === undefined) {
      // Stopped mid-run: back to the queue without spending one of its attempts.
      await job.moveToWait(token);
      throw new WaitingError();
    }
    const wall = ((performance.now() - t0) / 1000).toFixed(1);
    log(`corridor worker: ${job.data.variant} seed ${job.data.seed}: ${result.error === undefined ? 'done' : `failed (${result.error.split('\n')[0]})`} in ${wall} s`);
    return result;
  };
  const worker = new Worker<EvalJob, RunResult>(QUEUE_NAME, processor, { connection: connectionFromUrl(url), concurrency, autorun: false });
  let lastError = '';
  worker.on('error', (e) => {
    if (e.message !== lastError) log(`corridor worker: Redis at ${url}: ${e.message} (retrying)`);
    lastError = e.message;
  });

  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    log('corridor worker: stopping; runs in progress go back to the queue (Ctrl-C again to quit at once)');
    stopping.abort();
    void worker.close();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  log(`corridor worker: waiting for runs on ${url} (queue ${QUEUE_NAME}, ${concurrency} at a time)`);
  try {
    await worker.run();
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
  await worker.close();
  log('corridor worker: stopped');
  return 0;
}
