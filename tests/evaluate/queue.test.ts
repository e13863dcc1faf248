// Queue mode of `corridor evaluate` over a real redis-server on loopback (tests/live/redis-server.ts)
// with two `corridor worker` processes: the same summary.json as a local run of the same scenario,
// variants and seeds; a resubmission adds no job and runs nothing again; Ctrl-C on a worker hands
// its run back to the queue; an unreachable Redis is a clear error (exit 69) on both sides.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { findRedisServer, startRedisServer, type TestRedis } from '../live/redis-server.ts';

const installed = findRedisServer() !== null;
// In CI (.ci/run installs redis-server) a missing binary is a failure, elsewhere a skip.
if (!installed && process.env.CI) throw new Error('redis-server is not installed (scripts/ensure-redis.sh)');

interface Done {
  status: number | null;
  stdout: string;
  stderr: string;
}

function corridor(...args: string[]): Promise<Done> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/corridor.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

interface WorkerProcess {
  child: ChildProcess;
  log: () => string;
  exited: Promise<number | null>;
}

function startWorker(url: string): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['bin/corridor.js', 'worker', '--queue', url, '--concurrency', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.includes('waiting for runs')) resolve({ child, log: () => log, exited });
    });
    void exited.then((code) => reject(new Error(`corridor worker exited with ${code} before it was ready: ${log}`)));
  });
}

const runsDone = (w: WorkerProcess) => (w.log().match(/: done in /g) ?? []).length;

// The default scenario with two of its variants and two seeds, 30 simulated seconds each.
const EVALUATION = ['scenarios/default.yaml', '--variants', 'base,no-v2x', '--seeds', '2', '--duration', '30'];

describe.skipIf(!installed)('corridor evaluate --queue with two corridor worker processes', () => {
  let redis: TestRedis;
  let dir: string;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
    dir = mkdtempSync(join(tmpdir(), 'corridor-queue-'));
    workers.push(...(await Promise.all([startWorker(redis.url), startWorker(redis.url)])));
  }, 60_000);
  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes the same summary.json as the local mode; both workers take runs; a resubmission runs nothing again', async () => {
    const queued = await corridor('evaluate', ...EVALUATION, '--queue', redis.url, '--out', join(dir, 'queue'));
    expect(queued.stderr).toContain('[4/4]');
    expect(queued.status).toBe(0);
    expect(queued.stdout).toContain('4 of 4 runs done');
    const local = await corridor('evaluate', ...EVALUATION, '--workers', '2', '--out', join(dir, 'local'));
    expect(local.status).toBe(0);

    const summary = (d: string) => readFileSync(join(dir, d, 'summary.json'), 'utf8');
    expect(summary('queue')).toBe(summary('local'));
    const parsed = JSON.parse(summary('queue')) as object;
    expect(Object.keys(parsed).length).toBeGreaterThan(0);
    expect(runsDone(workers[0]!)).toBeGreaterThanOrEqual(1);
    expect(runsDone(workers[1]!)).toBeGreaterThanOrEqual(1);
    expect(runsDone(workers[0]!) + runsDone(workers[1]!)).toBe(4);

    // The same evaluation again: the job ids are the same, so the results come from Redis.
    const again = await corridor('evaluate', ...EVALUATION, '--queue', redis.url, '--out', join(dir, 'again'));
    expect(again.status).toBe(0);
    expect(summary('again')).toBe(summary('queue'));
    expect(runsDone(workers[0]!) + runsDone(workers[1]!)).toBe(4);
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      expect(await client.zCard('bull:corridor-evaluate:completed')).toBe(4);
    } finally {
      client.destroy();
    }
  }, 240_000);

  it('Ctrl-C on a worker in the middle of a run hands the run back to the queue; another worker finishes it', async () => {
    // One worker left, so the run goes to it.
    const spare = workers.pop()!;
    spare.child.kill('SIGINT');
    expect(await spare.exited).toBe(0);
    const busy = workers[0]!;
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const evaluation = corridor('evaluate', 'scenarios/default.yaml', '--variants', 'no-v2x', '--seed-list', '99', '--duration', '600', '--queue', redis.url, '--out', join(dir, 'handback'));
      const deadline = Date.now() + 60_000;
      while ((await client.lLen('bull:corridor-evaluate:active')) === 0) {
        if (Date.now() > deadline) throw new Error('the run never became active');
        await new Promise((r) => setTimeout(r, 50));
      }
      busy.child.kill('SIGINT');
      expect(await busy.exited).toBe(0);
      expect(busy.log()).toContain('corridor worker: stopped');
      expect(busy.log()).not.toContain('no-v2x seed 99: done');
      expect(await client.lLen('bull:corridor-evaluate:active')).toBe(0);
      expect(await client.lLen('bull:corridor-evaluate:wait')).toBe(1);

      const fresh = await startWorker(redis.url);
      workers.push(fresh);
      const done = await evaluation;
      expect(done.status).toBe(0);
      expect(done.stdout).toContain('1 of 1 runs done');
      expect(fresh.log()).toContain('no-v2x seed 99: done');
    } finally {
      client.destroy();
    }
  }, 180_000);
});

describe('queue mode without Redis', () => {
  it('evaluate and worker say that Redis cannot be reached (exit 69), or that the URL is not a Redis URL (64)', async () => {
    // Port 1 on loopback: nothing listens there.
    const url = 'redis://127.0.0.1:1';
    const ev = await corridor('evaluate', ...EVALUATION, '--queue', url, '--out', join(tmpdir(), 'corridor-never-written'));
    expect(ev.status).toBe(69);
    expect(ev.stderr).toContain(`cannot reach Redis at ${url}: connect ECONNREFUSED`);
    const worker = await corridor('worker', '--queue', url);
    expect(worker.status).toBe(69);
    expect(worker.stderr).toContain(`cannot reach Redis at ${url}`);
    const bad = await corridor('worker', '--queue', 'http://127.0.0.1:6379');
    expect(bad.status).toBe(64);
    expect(bad.stderr).toContain('expects a redis:// or rediss:// URL');
  }, 60_000);
});
