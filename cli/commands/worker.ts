// `corridor worker --queue URL [--concurrency K]`: processes the runs that `corridor evaluate
// --queue URL` puts on the BullMQ queue (cli/evaluate/queue.ts), K at a time, each in a run host
// (a child process, as in the local pool: cli/evaluate/run-host.ts) so this process's event loop
// stays free to renew BullMQ's job locks while a run computes. Start as many as you like, on any
// machines that reach the Redis server. Ctrl-C stops taking runs, hands the runs in progress back
// to the queue for another worker, and exits 0; a second Ctrl-C exits at once (130).
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker, WaitingError, type Job } from 'bullmq';
import { checkRedis, connectionFromUrl, EXIT_UNAVAILABLE, QUEUE_NAME, QueueUnavailableError, QueueUrlError } from '../evaluate/queue.ts';
import type { EvalJob, RunResult } from '../evaluate/types.ts';
import { startRunHost, type HostReply, type RunHost } from '../evaluate/run-host.ts';

export const USAGE = `  corridor worker --queue URL [--concurrency K]
                              run the jobs of \`corridor evaluate --queue URL\` from Redis, K at a time (default: one
                              per core); as many workers as you like, on any machines; Ctrl-C hands unfinished runs
                              back to the queue; see docs/evaluation-queue.md`;

function usage(message: string): number {
  process.stderr.write(`corridor worker: ${message}\n\nUsage:\n${USAGE}\n`);
  return 64;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * K long-lived run hosts (child processes, as the local pool's: cli/evaluate/run-host.ts), one run
 * each at a time: a host takes about 0.5 s to start (it loads tsx and the simulation) and warms up
 * over its first run, so it is kept between runs. A host that crashes fails its run only; aborting
 * terminates the hosts (a run in progress cannot be interrupted otherwise).
 */
class Hosts {
  private readonly idle: RunHost[] = [];
  private readonly all = new Set<RunHost>();
  private nextId = 0;

  /** The run's result, or undefined when aborted. */
  async run(job: EvalJob, signal: AbortSignal): Promise<RunResult | undefined> {
    if (signal.aborted) return undefined;
    const host = this.idle.pop() ?? (await this.start());
    const id = this.nextId++;
    return new Promise<RunResult | undefined>((resolve) => {
      const done = (result: RunResult | undefined, keep: boolean) => {
        host.off('message', onMessage);
        host.off('error', onError);
        host.off('exit', onExit);
        signal.removeEventListener('abort', onAbort);
        if (keep) this.idle.push(host);
        else this.drop(host);
        resolve(result);
      };
      const onMessage = (msg: HostReply) => {
        if (msg.id === id && msg.result) done(msg.result, true);
      };
      const crashed = (reason: string) => done({ variant: job.variant, seed: job.seed, duration: job.duration ?? null, error: `worker crashed: ${reason}` }, false);
      const onError = (e: unknown) => crashed(e instanceof Error ? e.message : String(e));
      const onExit = (reason: string) => crashed(reason);
      const onAbort = () => done(undefined, false);
      host.on('message', onMessage);
      host.on('error', onError);
      host.on('exit', onExit);
      signal.addEventListener('abort', onAbort, { once: true });
      host.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.all].map((t) => t.terminate()));
    this.all.clear();
    this.idle.length = 0;
  }

  private drop(host: RunHost): void {
    this.all.delete(host);
    void host.terminate();
  }

  private start(): Promise<RunHost> {
    const host = startRunHost('process');
    this.all.add(host);
    // An idle host that dies is forgotten (a busy one also fails its run, in run()).
    host.on('error', () => undefined);
    host.on('exit', () => {
      this.all.delete(host);
      const k = this.idle.indexOf(host);
      if (k >= 0) this.idle.splice(k, 1);
    });
    return new Promise((resolve, reject) => {
      const onMessage = (msg: HostReply) => {
        if (!msg.ready) return;
        host.off('message', onMessage);
        host.off('error', reject);
        resolve(host);
      };
      host.on('message', onMessage);
      host.once('error', reject);
    });
  }
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
  const hosts = new Hosts();
  const processor = async (job: Job<EvalJob, RunResult>, token?: string): Promise<RunResult> => {
    if (!isEvalJob(job.data)) throw new Error(`job ${job.id} is not a corridor evaluation run`);
    const t0 = performance.now();
    const result = await hosts.run(job.data, stopping.signal);
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
  await hosts.close();
  log('corridor worker: stopped');
  return 0;
}
