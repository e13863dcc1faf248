// Live session benchmark (part of `corridor bench`): end-to-end latency from tick end to a frame
// decoded in a socket.io viewer (10 viewers, bench-1k at 10 Hz), and the sustained V2X messages
// per second a single viewer receives (bench-1k, every vehicle equipped, as fast as the server
// goes). Server and clients run in this process, so both ends read the same clock.
//
// "Tick end" is taken when the server hands the tick to the frame source (the first thing it does
// after the runner emits the tick on `ticks$`), so the latency includes frame building, protobuf
// encoding, the socket.io emit, loopback and `decodeFrame` in the client.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { io as connect, type Socket } from 'socket.io-client';
import type { World } from '../sim/world.ts';
import type { SimEvent } from '../sim/events.ts';
import type { TickTraffic } from '../v2x/runtime.ts';
import type { FrameSource } from '../v2x/live/frames.ts';
import { decodeFrame } from '../v2x/live/frame-builder.ts';
import { protoFrameSources, startLiveServer, type FrameSourceContext, type LiveServer } from '../v2x/live/server.ts';
import type { Binary, Speed } from '../v2x/live/events.ts';
import { generateToken } from '../v2x/live/tokens.ts';

export const BENCH_LIVE_SCENARIO = fileURLToPath(new URL('../scenarios/bench/bench-1k.yaml', import.meta.url));
const EVERY_VEHICLE = ['v2x.equipment.car=1', 'v2x.equipment.bus=1', 'v2x.equipment.truck=1'];

export interface LiveBenchResult {
  /** Tick end (server) to frame decoded (client), over every frame of every viewer. */
  latencyMs: { p50: number; p99: number; max: number };
  viewers: number;
  /** Mean vehicles per frame. */
  vehicles: number;
  /** Frames decoded over all viewers in the latency window. */
  frames: number;
  latencySeconds: number;
  /** V2X messages (Frame.transmissions) decoded by one viewer per wall second, every vehicle equipped, speed 'max'. */
  v2xMessagesPerSecondToViewer: number;
  /** Frame pipeline capacity with replayed real messages (see measurePipeline). */
  pipelineMessagesPerSecond: number;
  pipelineMegabytesPerSecond: number;
  /** Receptions (Frame.deliveries) decoded by that viewer per wall second. */
  v2xDeliveriesPerSecondToViewer: number;
  /** Viewer's messages / messages the channel sent in the same window (about 1: nothing lost on the way; the generator is the limit). */
  v2xShareReceived: number;
  /** Simulated seconds per wall second during that run. */
  v2xRealTimeFactor: number;
  v2xSeconds: number;
}

export interface LiveBenchOptions {
  viewers?: number;
  /** Wall seconds measured for latency (after a 2 s warm-up). */
  latencySeconds?: number;
  /** Wall seconds measured for the V2X throughput (after a 2 s warm-up). */
  v2xSeconds?: number;
  scenarioFile?: string;
}

type Viewer = Socket;

async function startServer(scenarioFile: string, overrides: string[], speed: Speed, onAddTick?: (tick: number) => void): Promise<LiveServer> {
  const frameSource = (ctx: FrameSourceContext): FrameSource => {
    const inner = protoFrameSources(ctx);
    if (!onAddTick) return inner;
    return {
      snapshot: (world: World) => inner.snapshot(world),
      addTick(world: World, events: readonly SimEvent[], traffic: TickTraffic | undefined) {
        onAddTick(world.tick);
        inner.addTick(world, events, traffic);
      },
      flush: (world: World) => inner.flush(world),
    };
  };
  return startLiveServer({
    scenarioFile,
    overrides,
    port: 0,
    host: '127.0.0.1',
    speed,
    rigToken: generateToken(),
    controlToken: generateToken(),
    frameSource,
    viewerDir: fileURLToPath(new URL('./no-viewer-dist/', import.meta.url)),
    log: () => {},
  });
}

function connectViewer(url: string): Promise<Viewer> {
  const s = connect(`${url}/viewer`, { transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((ok, fail) => {
    s.once('snapshot', () => ok(s));
    s.once('connect_error', (e: Error) => fail(e));
  });
}

const bytesOf = (b: Binary): Uint8Array => (b instanceof ArrayBuffer ? new Uint8Array(b) : b);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Latency with `viewers` viewers at speed 1 (10 Hz ticks). */
async function measureLatency(file: string, nViewers: number, seconds: number) {
  const tickEnd = new Map<number, number>();
  const server = await startServer(file, [], 1, (tick) => tickEnd.set(tick, performance.now()));
  const viewers: Viewer[] = [];
  try {
    for (let i = 0; i < nViewers; i++) viewers.push(await connectViewer(server.url));
    let measuring = false;
    const samples: number[] = [];
    let vehicleSum = 0;
    let missing = 0;
    for (const v of viewers) {
      v.on('frame', (b: Binary) => {
        const frame = decodeFrame(bytesOf(b));
        const t = performance.now();
        if (!measuring) return;
        const t0 = tickEnd.get(frame.lastTick);
        if (t0 === undefined) {
          missing++;
          return;
        }
        samples.push(t - t0);
        vehicleSum += frame.vehicles?.ids?.length ?? 0;
      });
    }
    await sleep(2000);
    measuring = true;
    const tick0 = server.runner.world.tick;
    const w0 = performance.now();
    await sleep(seconds * 1000);
    measuring = false;
    const ticks = server.runner.world.tick - tick0;
    const wall = (performance.now() - w0) / 1000;
    samples.sort((a, b) => a - b);
    return {
      latencyMs: { p50: round(percentile(samples, 50)), p99: round(percentile(samples, 99)), max: round(samples.at(-1) ?? NaN) },
      frames: samples.length,
      vehicles: Math.round(vehicleSum / Math.max(1, samples.length)),
      tickRate: round(ticks / wall, 2),
      missing,
    };
  } finally {
    for (const v of viewers) v.disconnect();
    await server.close();
  }
}

/** V2X messages per wall second to one viewer, every vehicle equipped, speed 'max'. */
async function measureV2x(file: string, seconds: number) {
  const server = await startServer(file, EVERY_VEHICLE, 'max');
  let viewer: Viewer | undefined;
  try {
    viewer = await connectViewer(server.url);
    let measuring = false;
    let messages = 0;
    let deliveries = 0;
    let frames = 0;
    viewer.on('frame', (b: Binary) => {
      const frame = decodeFrame(bytesOf(b));
      if (!measuring) return;
      frames++;
      messages += frame.transmissions?.length ?? 0;
      deliveries += frame.deliveries?.transmissions?.length ?? 0;
    });
    await sleep(2000);
    measuring = true;
    const sim0 = server.runner.world.time;
    const sent0 = server.runner.session?.runtime.channel.transmissions ?? 0;
    const skipped0 = server.health().frames.skipped;
    const w0 = performance.now();
    await sleep(seconds * 1000);
    measuring = false;
    const wall = (performance.now() - w0) / 1000;
    const sim = server.runner.world.time - sim0;
    const sent = (server.runner.session?.runtime.channel.transmissions ?? 0) - sent0;
    return {
      v2xShareReceived: sent > 0 ? round(messages / sent, 3) : NaN,
      framesSkipped: server.health().frames.skipped - skipped0,
      v2xMessagesPerSecondToViewer: Math.round(messages / wall),
      v2xDeliveriesPerSecondToViewer: Math.round(deliveries / wall),
      v2xRealTimeFactor: round(sim / wall),
      frames,
    };
  } finally {
    viewer?.disconnect();
    await server.close();
  }
}

/**
 * Capacity of the frame pipeline for V2X messages: real messages (recorded from bench-1k with every
 * vehicle equipped) packed by ProtoFrameSource into frames of BATCH transmissions, sent over a
 * socket.io websocket on loopback to one viewer that decodes each frame and acknowledges it before
 * the next is sent. The live server cannot be driven to this rate by the simulation itself (that
 * scene produces about 1,850 messages per simulated second), so this measures what one viewer
 * connection sustains when the traffic is there.
 */
async function measurePipeline(file: string, seconds: number) {
  const BATCH = 5000;
  const { loadScenarioFile } = await import('../scenarios/load.ts');
  const { createWorld } = await import('../sim/create.ts');
  const { V2xSession } = await import('../v2x/session.ts');
  const { DeliveryBuffer } = await import('../v2x/channel/index.ts');
  const { ProtoFrameSource } = await import('../v2x/live/frame-builder.ts');
  const { Server } = await import('socket.io');
  const { createServer } = await import('node:http');
  const { scenario } = await loadScenarioFile(file, EVERY_VEHICLE);
  const session = new V2xSession(createWorld(scenario));
  const recorded: TickTraffic['transmissions'][number][] = [];
  session.runtime.traffic$.subscribe((t) => recorded.push(...t.transmissions));
  while (recorded.length < BATCH) session.step();
  const world = session.world;
  const stations = session.runtime.stations;
  const empty = new DeliveryBuffer(1);
  const http = createServer();
  const io = new Server(http, { serveClient: false, maxHttpBufferSize: 1 << 20 });
  await new Promise<void>((ok) => http.listen(0, '127.0.0.1', () => ok()));
  const port = (http.address() as { port: number }).port;
  let running = true;
  io.of('/viewer').on('connection', (socket) => {
    let k = 0;
    const send = () => {
      if (!running) return;
      const source = new ProtoFrameSource({ includeDeliveries: false });
      source.addTick(world, [], { tick: world.tick, time: world.time, transmissions: recorded.slice(0, BATCH), deliveries: empty, stations });
      const bytes = source.flush(world)!;
      k++;
      socket.emit('frame', bytes, () => send());
    };
    send();
    void k;
  });
  const viewer = connect(`http://127.0.0.1:${port}/viewer`, { transports: ['websocket'], forceNew: true, reconnection: false });
  let messages = 0;
  let bytes = 0;
  let measuring = false;
  viewer.on('frame', (b: Binary, ack: () => void) => {
    const u = bytesOf(b);
    const frame = decodeFrame(u);
    if (measuring) {
      messages += frame.transmissions?.length ?? 0;
      bytes += u.length;
    }
    ack();
  });
  await sleep(1000);
  measuring = true;
  const w0 = performance.now();
  await sleep(seconds * 1000);
  measuring = false;
  const wall = (performance.now() - w0) / 1000;
  running = false;
  viewer.disconnect();
  io.close();
  await new Promise<void>((ok) => http.close(() => ok()));
  return { pipelineMessagesPerSecond: Math.round(messages / wall), pipelineMegabytesPerSecond: round(bytes / wall / 1e6, 1), batch: BATCH };
}

export async function benchLive(options: LiveBenchOptions = {}, print: (line: string) => void = () => {}): Promise<LiveBenchResult> {
  const file = options.scenarioFile ?? BENCH_LIVE_SCENARIO;
  const nViewers = options.viewers ?? 10;
  const latencySeconds = options.latencySeconds ?? 15;
  const v2xSeconds = options.v2xSeconds ?? 10;
  const lat = await measureLatency(file, nViewers, latencySeconds);
  print(
    `live      ${nViewers} viewers, ${lat.vehicles} vehicles, ${lat.tickRate} ticks/s: tick end -> frame decoded p50 ${lat.latencyMs.p50} ms, p99 ${lat.latencyMs.p99} ms, max ${lat.latencyMs.max} ms (${lat.frames} frames in ${latencySeconds} s)`,
  );
  const v2x = await measureV2x(file, v2xSeconds);
  print(
    `live      V2X to one viewer, every vehicle equipped, speed max: ${v2x.v2xMessagesPerSecondToViewer.toLocaleString('en')} messages/s, ${v2x.v2xDeliveriesPerSecondToViewer.toLocaleString('en')} deliveries/s (${v2x.v2xRealTimeFactor}x real time; ${v2x.frames} frames in ${v2xSeconds} s, ${v2x.framesSkipped} skipped; viewer got ${round(v2x.v2xShareReceived * 100, 1)} % of the messages sent)`,
  );
  const pipe = await measurePipeline(file, 5);
  print(
    `live      frame pipeline to one viewer (replayed real messages, ${pipe.batch} per frame, decode + ack each): ${pipe.pipelineMessagesPerSecond.toLocaleString('en')} V2X messages/s (${pipe.pipelineMegabytesPerSecond} MB/s)`,
  );
  return {
    pipelineMessagesPerSecond: pipe.pipelineMessagesPerSecond,
    pipelineMegabytesPerSecond: pipe.pipelineMegabytesPerSecond,
    latencyMs: lat.latencyMs,
    viewers: nViewers,
    vehicles: lat.vehicles,
    frames: lat.frames,
    latencySeconds,
    v2xMessagesPerSecondToViewer: v2x.v2xMessagesPerSecondToViewer,
    v2xDeliveriesPerSecondToViewer: v2x.v2xDeliveriesPerSecondToViewer,
    v2xShareReceived: v2x.v2xShareReceived,
    v2xRealTimeFactor: v2x.v2xRealTimeFactor,
    v2xSeconds,
  };
}

// `npx tsx cli/bench-live.ts`: this part alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await benchLive({}, (line) => process.stdout.write(`${line}\n`));
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(r)}\n`);
  process.exit(0);
}
