// Load test of the live session server (not part of `npm test`):
//
//   npx tsx scripts/load-test.ts [--seconds 60] [--viewers 200] [--rigs 10] [--rate 1000] [--scenario FILE]
//
// The server runs in a child process (this file with --server; its memory is measured on its
// own, not mixed with the clients'), on the default scenario at speed 1 (10 Hz ticks) with the
// /rig namespace at its default rate limit (100 injections/s per rig). This process connects
// `--viewers` viewers and `--rigs` rigs; every rig injects the sample obstacle DENM
// (scenarios/messages/obstacle-denm.json) through the scenario's first RSU at `--rate` per second
// (10 every 10 ms), for `--seconds`. Reported: frames per viewer (min / mean / max), injections
// accepted / rejected (by reason), server RSS and heap at baseline, at the end of the flood and
// after the clients left (after a GC), and ticks per second against the 10 Hz schedule.
//
// Pass/fail bounds (exit code 1 when broken): server RSS growth over the run < 200 MB; heap after
// the clients left < baseline + 50 MB; tick rate >= 9.5 per s; every viewer got frames.
import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { io as connect, type Socket } from 'socket.io-client';
import { startLiveServer } from '../v2x/live/server.ts';
import { rigPlugin } from '../v2x/live/rig-namespace.ts';
import { connectRig, type RigClient } from '../v2x/live/rig-client.ts';
import { generateToken } from '../v2x/live/tokens.ts';
import type { HealthDocument } from '../v2x/live/health.ts';

const ROOT = new URL('../', import.meta.url);
const DEFAULT_SCENARIO = fileURLToPath(new URL('scenarios/default.yaml', ROOT));
const DENM_FILE = fileURLToPath(new URL('scenarios/messages/obstacle-denm.json', ROOT));
const RSS_GROWTH_BOUND_MB = 200;
const HEAP_AFTER_BOUND_MB = 50;
const MIN_TICK_RATE = 9.5;

interface Memory {
  rssMb: number;
  heapUsedMb: number;
  /** Server event-loop delay since the previous sample: p99 and max, ms. */
  loopP99Ms: number;
  loopMaxMs: number;
}
type ToChild = { kind: 'memory'; gc: boolean } | { kind: 'close' };
type FromChild = { kind: 'ready'; url: string; rigToken: string } | { kind: 'memory'; memory: Memory };

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

// ---------------------------------------------------------------------------------------------
// Server role (child process).
async function serverMain(scenarioFile: string): Promise<void> {
  const rigToken = generateToken();
  const server = await startLiveServer({
    scenarioFile,
    port: 0,
    host: '127.0.0.1',
    speed: 1,
    rigToken,
    controlToken: generateToken(),
    plugins: [rigPlugin()],
    viewerDir: fileURLToPath(new URL('no-viewer-dist/', ROOT)),
    log: (line) => process.stderr.write(`[server +${(performance.now() / 1000).toFixed(1)} s] ${line}\n`),
  });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  process.on('message', (m: ToChild) => {
    if (m.kind === 'memory') {
      if (m.gc) (globalThis as { gc?: () => void }).gc?.();
      const u = process.memoryUsage();
      const loopP99Ms = Math.round(loop.percentile(99) / 1e5) / 10;
      const loopMaxMs = Math.round(loop.max / 1e5) / 10;
      loop.reset();
      process.send!({ kind: 'memory', memory: { rssMb: mb(u.rss), heapUsedMb: mb(u.heapUsed), loopP99Ms, loopMaxMs } } satisfies FromChild);
    } else if (m.kind === 'close') {
      void server.close().then(() => process.exit(0));
    }
  });
  process.send!({ kind: 'ready', url: server.url, rigToken } satisfies FromChild);
}

// ---------------------------------------------------------------------------------------------
// Client role (this process).
function ask(child: ChildProcess, m: ToChild): Promise<FromChild> {
  return new Promise((ok) => {
    child.once('message', (r: FromChild) => ok(r));
    child.send(m);
  });
}

async function memory(child: ChildProcess, gc: boolean): Promise<Memory> {
  const r = await ask(child, { kind: 'memory', gc });
  if (r.kind !== 'memory') throw new Error('unexpected reply from the server process');
  return r.memory;
}

async function health(url: string): Promise<HealthDocument> {
  const res = await fetch(`${url}/health`);
  return (await res.json()) as HealthDocument;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function connectViewer(url: string): Promise<Socket> {
  const s = connect(`${url}/viewer`, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 20_000 });
  return new Promise((ok, fail) => {
    s.once('snapshot', () => ok(s));
    s.once('connect_error', (e: Error) => fail(e));
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '60' },
      viewers: { type: 'string', default: '200' },
      rigs: { type: 'string', default: '10' },
      rate: { type: 'string', default: '1000' },
      scenario: { type: 'string', default: DEFAULT_SCENARIO },
      server: { type: 'boolean', default: false },
    },
  });
  if (values.server) {
    await serverMain(values.scenario);
    return -1; // keep running until told to close
  }
  const seconds = Number(values.seconds);
  const nViewers = Number(values.viewers);
  const nRigs = Number(values.rigs);
  const rate = Number(values.rate);
  const perBatch = Math.max(1, Math.round(rate / 100));
  const denm = JSON.parse(await readFile(DENM_FILE, 'utf8')) as Record<string, unknown>;

  const child = fork(fileURLToPath(import.meta.url), ['--server', '--scenario', values.scenario], {
    execArgv: [...process.execArgv, '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<FromChild>((ok, fail) => {
    child.once('message', (m: FromChild) => ok(m));
    child.once('exit', (code) => fail(new Error(`server process exited (${code})`)));
  });
  if (ready.kind !== 'ready') throw new Error('unexpected first message from the server process');
  const { url, rigToken } = ready;
  const rsuId = (await health(url)).rsus[0];
  if (!rsuId) throw new Error('the scenario has no RSU');
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`load test: ${url}, ${nViewers} viewers, ${nRigs} rigs x ${rate} injections/s through ${rsuId}, ${seconds} s`);

  await sleep(2000);
  const baseline = await memory(child, true);

  // Viewers: count frames and bytes (no decoding here; the bench measures decoding).
  const viewers: Socket[] = [];
  const frames = new Array<number>(nViewers).fill(0);
  let bytes = 0;
  for (let i = 0; i < nViewers; i += 20) {
    const batch = await Promise.all(Array.from({ length: Math.min(20, nViewers - i) }, () => connectViewer(url)));
    batch.forEach((s, k) => {
      const idx = i + k;
      s.on('frame', (b: Uint8Array | ArrayBuffer) => {
        frames[idx]!++;
        bytes += b.byteLength;
      });
      viewers.push(s);
    });
  }
  const rigs: RigClient[] = await Promise.all(Array.from({ length: nRigs }, () => connectRig(url, rigToken, { timeoutMs: 30_000 })));
  const connected = await memory(child, false);

  const acks = { sent: 0, accepted: 0, rejected: 0, failed: 0, byReason: new Map<string, number>() };
  frames.fill(0);
  bytes = 0;
  const h0 = await health(url);
  const w0 = performance.now();
  const timers = rigs.map((rig) =>
    setInterval(() => {
      for (let k = 0; k < perBatch; k++) {
        acks.sent++;
        rig.inject({ rsuId, message: denm }).then(
          (ack) => {
            if (ack.ok) acks.accepted++;
            else {
              acks.rejected++;
              const reason = /over \d+ injections per second/.test(ack.error) ? 'rate-limited' : ack.error.slice(0, 60);
              acks.byReason.set(reason, (acks.byReason.get(reason) ?? 0) + 1);
            }
          },
          () => acks.failed++,
        );
      }
    }, 10),
  );
  let peak = connected;
  let loopMaxMs = 0;
  const loopP99s: number[] = [];
  const end = w0 + seconds * 1000;
  while (performance.now() < end) {
    await sleep(Math.min(5000, end - performance.now()));
    const m = await memory(child, false);
    if (m.rssMb > peak.rssMb) peak = m;
    loopMaxMs = Math.max(loopMaxMs, m.loopMaxMs);
    loopP99s.push(m.loopP99Ms);
    out(`  +${((performance.now() - w0) / 1000).toFixed(0)} s: server rss ${m.rssMb} MB, heap ${m.heapUsedMb} MB, event-loop delay p99 ${m.loopP99Ms} ms, max ${m.loopMaxMs} ms`);
  }
  for (const t of timers) clearInterval(t);
  const wall = (performance.now() - w0) / 1000;
  const h1 = await health(url);
  const framesCopy = [...frames];
  await sleep(1000); // outstanding acks
  const afterFlood = await memory(child, false);

  for (const r of rigs) r.close();
  for (const v of viewers) v.disconnect();
  await sleep(2000);
  const afterClients = await memory(child, true);
  const h2 = await health(url);

  const tickRate = (h1.tick - h0.tick) / (h1.uptime - h0.uptime);
  const sorted = framesCopy.sort((a, b) => a - b);
  const meanFrames = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  const serverAccepted = (h2.inputs.accepted.byKind['rig.inject'] ?? 0) - (h0.inputs.accepted.byKind['rig.inject'] ?? 0);
  const serverRateLimited = (h2.inputs.rejected.byReason['rig.rate-limited'] ?? 0) - (h0.inputs.rejected.byReason['rig.rate-limited'] ?? 0);
  const rssGrowth = Math.round((Math.max(afterFlood.rssMb, peak.rssMb) - baseline.rssMb) * 10) / 10;
  const heapAfter = Math.round((afterClients.heapUsedMb - baseline.heapUsedMb) * 10) / 10;

  out(`wall ${wall.toFixed(1)} s; ticks ${h1.tick - h0.tick} -> ${tickRate.toFixed(2)} ticks/s (target 10); server event-loop delay p99 (worst 5 s window) ${Math.max(...loopP99s)} ms, max ${loopMaxMs} ms`);
  out(
    `frames per viewer: min ${sorted[0]}, mean ${meanFrames.toFixed(1)}, max ${sorted.at(-1)} (${(meanFrames / wall).toFixed(1)} per s); ${(bytes / 2 ** 20).toFixed(1)} MiB to all viewers; server frames sent ${h1.frames.sent - h0.frames.sent}, skipped ${h1.frames.skipped - h0.frames.skipped}`,
  );
  out(
    `injections: sent ${acks.sent}, accepted ${acks.accepted} (${(acks.accepted / wall).toFixed(0)}/s, ${(acks.accepted / wall / nRigs).toFixed(1)}/s per rig), rejected ${acks.rejected} ${JSON.stringify(Object.fromEntries(acks.byReason))}, no ack ${acks.failed}; server counters: rig.inject ${serverAccepted}, rig.rate-limited ${serverRateLimited}`,
  );
  out(
    `server memory (MB): baseline rss ${baseline.rssMb} heap ${baseline.heapUsedMb}; clients connected rss ${connected.rssMb} heap ${connected.heapUsedMb}; peak rss ${peak.rssMb}; end of flood rss ${afterFlood.rssMb} heap ${afterFlood.heapUsedMb}; clients gone (after GC) rss ${afterClients.rssMb} heap ${afterClients.heapUsedMb}`,
  );
  const checks = [
    [`server RSS growth ${rssGrowth} MB < ${RSS_GROWTH_BOUND_MB} MB`, rssGrowth < RSS_GROWTH_BOUND_MB],
    [`server heap after the clients left ${heapAfter >= 0 ? '+' : ''}${heapAfter} MB over baseline < ${HEAP_AFTER_BOUND_MB} MB`, heapAfter < HEAP_AFTER_BOUND_MB],
    [`tick rate ${tickRate.toFixed(2)} >= ${MIN_TICK_RATE} per s`, tickRate >= MIN_TICK_RATE],
    [`every viewer got frames (min ${sorted[0]})`, (sorted[0] ?? 0) > 0],
    [`injections answered (${acks.failed} without ack)`, acks.failed === 0],
  ] as const;
  for (const [what, ok] of checks) out(`${ok ? 'ok  ' : 'FAIL'} ${what}`);

  const exited = new Promise((ok) => child.once('exit', ok));
  child.send({ kind: 'close' } satisfies ToChild);
  await Promise.race([exited, sleep(5000)]);
  if (child.exitCode === null) child.kill();
  return checks.every(([, ok]) => ok) ? 0 : 1;
}

const code = await main();
if (code >= 0) process.exit(code);
