// The live session server over loopback with the real socket.io client: viewers, control,
// rejections and /health. Frames come from a JSON stand-in (helpers.ts), not the protobuf builder.
import { afterEach, describe, expect, it } from 'vitest';
import type { Binary, CommandAck, ErrorEvent, SessionState, SubscribeAck } from '../../v2x/live/events.ts';
import { MAX_TRANSPORT_BYTES } from '../../v2x/live/server.ts';
import { decodeFrame, decodeSnapshot } from '../../v2x/live/frame-builder.ts';
import type { LiveFrame } from '../../v2x/live/live-types.ts';
import {
  closeAll,
  control,
  CONTROL_TOKEN,
  RIG_TOKEN,
  decode,
  getHealth,
  once,
  sleep,
  startTestServer,
  until,
  viewer,
  type StandInFrame,
  type StandInSnapshot,
  type ViewerClient,
} from './helpers.ts';

afterEach(closeAll);

/** Records a viewer's snapshots and frames, decoded, in arrival order. */
function record(v: ViewerClient) {
  const log: (StandInSnapshot | StandInFrame)[] = [];
  const states: SessionState[] = [];
  v.on('snapshot', (b: Binary) => log.push(decode<StandInSnapshot>(b)));
  v.on('frame', (b: Binary) => log.push(decode<StandInFrame>(b)));
  v.on('state', (s) => states.push(s));
  const frames = () => log.filter((x): x is StandInFrame => x.kind === 'frame');
  const snapshots = () => log.filter((x): x is StandInSnapshot => x.kind === 'snapshot');
  return { log, states, frames, snapshots };
}

describe('live server: /viewer', () => {
  it('sends a snapshot on connect, then frames in tick order, and a later viewer a consistent snapshot', async () => {
    const server = await startTestServer();
    const a = record(viewer(server));
    await until(() => a.frames().length >= 5, 5000, '5 frames');
    expect(a.log[0]!.kind).toBe('snapshot');
    const snapTick = a.log[0]!.tick;
    const ticks = a.frames().map((f) => f.tick);
    expect(ticks[0]).toBeGreaterThanOrEqual(snapTick);
    for (let k = 1; k < ticks.length; k++) expect(ticks[k]).toBeGreaterThan(ticks[k - 1]!);
    // Coalesced frames list their ticks in order, each frame's last tick being its own.
    for (const f of a.frames()) {
      expect(f.ticks.at(-1)).toBe(f.tick);
      for (let k = 1; k < f.ticks.length; k++) expect(f.ticks[k]).toBe(f.ticks[k - 1]! + 1);
    }

    const b = record(viewer(server));
    await until(() => b.frames().length >= 2, 5000, 'second viewer frames');
    expect(b.log[0]!.kind).toBe('snapshot');
    expect(b.log[0]!.tick).toBeGreaterThanOrEqual(snapTick);
    expect(b.log[0]!.tick).toBeGreaterThanOrEqual(a.frames()[0]!.tick);
    expect(b.frames()[0]!.tick).toBeGreaterThanOrEqual(b.log[0]!.tick);
    expect((await getHealth(server)).clients['/viewer']).toBe(2);
  });

  it('skips frames for a viewer whose connection is busy, then sends it the latest; others are not delayed', async () => {
    const server = await startTestServer();
    const slowClient = viewer(server);
    const slow = record(slowClient);
    const fast = record(viewer(server));
    await until(() => slow.frames().length >= 1 && fast.frames().length >= 1, 5000, 'first frames');
    const transport = server.io.of('/viewer').sockets.get(slowClient.id!)!.conn.transport;
    transport.writable = false; // as while a write is still in flight to a client that does not read
    const nSlow = slow.frames().length;
    const nFast = fast.frames().length;
    await sleep(300);
    expect(slow.frames().length).toBe(nSlow);
    expect(fast.frames().length).toBeGreaterThan(nFast + 2);
    expect(server.health().frames.skipped).toBeGreaterThan(0);
    server.runner.pause();
    const last = server.runner.world.tick;
    transport.writable = true;
    await until(() => slow.frames().at(-1)?.tick === last, 2000, 'the latest frame after the connection frees');
    expect(slowClient.connected).toBe(true);
    // It lost the frames in between: the latest pending frame (and the trailing one of the
    // interval the pause closed), not the backlog.
    expect(slow.frames().length - nSlow).toBeLessThanOrEqual(2);
    expect(fast.frames().length - nFast).toBeGreaterThan(4);
  });

  it('coalesces ticks to at most 20 frames per second at high speed', async () => {
    const server = await startTestServer({ speed: 50 });
    const a = record(viewer(server));
    await until(() => a.frames().length >= 1, 5000, 'first frame');
    const n0 = a.frames().length;
    const t0 = server.runner.world.tick;
    await sleep(500);
    const frames = a.frames().length - n0;
    const ticks = server.runner.world.tick - t0;
    expect(ticks).toBeGreaterThan(frames);
    expect(frames).toBeLessThanOrEqual(13);
    expect(a.frames().some((f) => f.ticks.length > 1)).toBe(true);
  });

  it('acknowledges a family subscription and rejects unknown families', async () => {
    const server = await startTestServer();
    const v = viewer(server);
    const a = record(v);
    await until(() => a.snapshots().length === 1, 5000, 'snapshot');
    const ok: SubscribeAck = await v.emitWithAck('subscribe', { families: ['denm', 'cam', 'cam'] });
    expect(ok).toEqual({ ok: true, families: ['cam', 'denm'] });
    const n = a.frames().length;
    await until(() => a.frames().length > n, 5000, 'frames after subscribing');
    const bad: SubscribeAck = await v.emitWithAck('subscribe', { families: ['nope'] } as never);
    expect(bad.ok).toBe(false);
    expect(server.counters.rejected('viewer.bad-subscribe')).toBe(1);
    expect(server.counters.accepted('viewer.subscribe')).toBe(1);
  });

  it('answers a control command from a viewer with an error, counts it, and the tick goes on', async () => {
    const server = await startTestServer();
    const raw = viewer(server);
    const a = record(raw);
    await until(() => a.snapshots().length === 1, 5000, 'snapshot');
    const t0 = server.runner.world.tick;
    const error = once<ErrorEvent>(raw, 'error');
    (raw as unknown as { emit(e: string): void }).emit('pause');
    expect((await error).code).toBe('viewer.control-command');
    (raw as unknown as { emit(e: string, x: number): void }).emit('whatever', 1);
    await until(() => server.counters.rejected('viewer.unknown-event') === 1, 2000, 'unknown-event counted');
    await sleep(150);
    expect(server.runner.paused).toBe(false);
    expect(server.runner.world.tick).toBeGreaterThan(t0);
    expect(raw.connected).toBe(true);
    const h = await getHealth(server);
    expect(h.inputs.rejected.byReason).toMatchObject({ 'viewer.control-command': 1, 'viewer.unknown-event': 1 });
  });

  it('drops an oversize message (that connection only), counts it, and the tick goes on', async () => {
    const server = await startTestServer();
    const big = viewer(server);
    const small = record(viewer(server));
    await once(big, 'snapshot');
    await until(() => small.frames().length >= 1, 5000, 'frames');
    const closed = once<string>(big, 'disconnect');
    (big as unknown as { emit(e: string, x: Uint8Array): void }).emit('subscribe', new Uint8Array(MAX_TRANSPORT_BYTES + 1024));
    expect(await closed).toBe('transport close');
    await until(() => server.counters.rejected('oversize') === 1, 2000, 'oversize counted');
    const n = small.frames().length;
    await until(() => small.frames().length > n + 2, 5000, 'frames after the oversize message');
  });
});

describe('live server: /control', () => {
  it('refuses a connection without a token or with a wrong one, with a clear connect_error', async () => {
    const server = await startTestServer();
    const none = control(server, null);
    const e1 = await once<Error>(none, 'connect_error');
    expect(e1.message).toMatch(/control token required/);
    const wrong = control(server, 'not-the-token');
    const e2 = await once<Error>(wrong, 'connect_error');
    expect(e2.message).toMatch(/control token rejected/);
    const h = await getHealth(server);
    expect(h.inputs.rejected.byReason).toMatchObject({ 'control.missing-token': 1, 'control.wrong-token': 1 });
    expect(h.paused).toBe(false);
  });

  it('pauses, steps exactly one tick, changes speed, resumes; viewers see every state change', async () => {
    const server = await startTestServer();
    const v = record(viewer(server));
    const c = control(server);
    await once(c, 'connect');

    const paused: CommandAck = await c.emitWithAck('pause');
    expect(paused.ok && paused.state.paused).toBe(true);
    const h1 = await getHealth(server);
    await sleep(300);
    const h2 = await getHealth(server);
    expect(h2.paused).toBe(true);
    expect(h2.simTime).toBe(h1.simTime);
    expect(h2.tick).toBe(h1.tick);

    const framesBefore = v.frames().length;
    const stepped: CommandAck = await c.emitWithAck('step');
    expect(stepped.ok && stepped.state.tick).toBe(h2.tick + 1);
    await until(() => v.frames().length > framesBefore, 2000, 'a frame for the step');
    expect(v.frames().at(-1)!.tick).toBe(h2.tick + 1);
    expect((await getHealth(server)).tick).toBe(h2.tick + 1);

    const fast: CommandAck = await c.emitWithAck('speed', 20);
    expect(fast).toMatchObject({ ok: true, state: { speed: 20, paused: true } });
    const bad: CommandAck = await c.emitWithAck('speed', 1000);
    expect(bad.ok).toBe(false);
    const max: CommandAck = await c.emitWithAck('speed', 'max');
    expect(max.ok && max.state.speed).toBe('max');
    await c.emitWithAck('speed', 10);

    const resumed: CommandAck = await c.emitWithAck('resume');
    expect(resumed.ok && resumed.state.paused).toBe(false);
    await sleep(200);
    expect(server.runner.world.tick).toBeGreaterThan(h2.tick + 1);

    const whileRunning: CommandAck = await c.emitWithAck('step');
    expect(whileRunning.ok).toBe(false);
    await until(() => v.states.some((s) => s.speed === 20) && v.states.at(-1)!.paused === false, 2000, 'viewer states');
    const h = await getHealth(server);
    expect(h.inputs.accepted.byKind).toMatchObject({ 'control.pause': 1, 'control.step': 1, 'control.speed': 3, 'control.resume': 1 });
    expect(h.inputs.rejected.byReason).toMatchObject({ 'control.bad-argument': 1, 'control.step-while-running': 1 });
  });

  it('restarts with a seed: viewers get a fresh snapshot of the new run', async () => {
    const server = await startTestServer();
    const v = record(viewer(server));
    const c = control(server);
    await until(() => v.frames().length >= 3, 5000, 'frames');
    const restarted: CommandAck = await c.emitWithAck('restart', { seed: 42 });
    expect(restarted.ok && restarted.state.seed).toBe(42);
    await until(() => v.snapshots().length === 2, 2000, 'second snapshot');
    const snap = v.snapshots()[1]!;
    expect(snap.seed).toBe(42);
    expect(snap.tick).toBe(0);
    await until(() => v.log.at(-1)!.kind === 'frame', 2000, 'frames of the new run');
    const after = v.log.slice(v.log.indexOf(snap) + 1) as StandInFrame[];
    expect(after[0]!.ticks[0]).toBe(1);
    expect(v.states.some((s) => s.seed === 42)).toBe(true);
    expect((await getHealth(server)).seed).toBe(42);
  });
});

describe('live server: /rig seam', () => {
  it('gates /rig by its token and gives plugins the namespace, the runner and beforeTick', async () => {
    const seen: number[] = [];
    let disposed = false;
    const server = await startTestServer({
      plugins: [
        ({ rig, runner, counters }) => {
          const off = runner.beforeTick((world) => seen.push(world.tick));
          rig.on('connection', (socket) => {
            socket.on('subscribe', (rsuId, ack) => {
              counters.accept('rig.subscribe');
              ack({ ok: true, rsuId });
            });
          });
          return () => {
            off();
            disposed = true;
          };
        },
      ],
    });
    const url = `${server.url}/rig`;
    const { io: connect } = await import('socket.io-client');
    const refused = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: CONTROL_TOKEN } });
    expect((await once<Error>(refused, 'connect_error')).message).toMatch(/rig token rejected/);
    refused.close();
    const rig = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: RIG_TOKEN } });
    try {
      expect(await rig.emitWithAck('subscribe', 'rsu-centre')).toEqual({ ok: true, rsuId: 'rsu-centre' });
    } finally {
      rig.close();
    }
    expect(server.counters.rejected('rig.wrong-token')).toBe(1);
    expect(server.counters.accepted('rig.subscribe')).toBe(1);
    // Hooks run at tick boundaries: before tick k+1, the world is at tick k, in order.
    await until(() => seen.length > 2, 2000, 'ticks');
    seen.forEach((t, k) => expect(t).toBe(seen[0]! + k));
    await server.close();
    expect(disposed).toBe(true);
  });
});

describe('live server: HTTP', () => {
  it('serves /health with its fields, a page saying the viewer is not built, and a favicon', async () => {
    const server = await startTestServer();
    const h = await getHealth(server);
    expect(h).toMatchObject({ status: 'ok', speed: 10, paused: false, rsus: ['rsu-centre'], clients: { '/viewer': 0, '/control': 0, '/rig': 0 } });
    expect(typeof h.tick).toBe('number');
    expect(typeof h.simTime).toBe('number');
    expect(h.inputs).toEqual({ accepted: { total: 0, byKind: {} }, rejected: { total: 0, byReason: {} } });

    const page = await fetch(`${server.url}/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toMatch(/not built/);
    for (const ns of ['/viewer', '/control', '/rig']) expect(html).toContain(ns);
    const icon = await fetch(`${server.url}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/image\//);
    expect((await fetch(`${server.url}/nope.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/health`, { method: 'POST' })).status).toBe(405);
  });

  it('close() stops the ticks and the listener', async () => {
    const server = await startTestServer();
    const v = viewer(server);
    await once(v, 'snapshot');
    await server.close();
    const t = server.runner.world.tick;
    await sleep(100);
    expect(server.runner.world.tick).toBe(t);
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});

// The protobuf frames (v2x/live/frame-builder.ts): the server's default FrameSource.
describe('live server: protobuf frames (ProtoFrameSource)', () => {
  it('sends a decodable snapshot, then frames covering consecutive tick ranges', async () => {
    const server = await startTestServer({ frameSource: undefined });
    const v = viewer(server);
    const snapshot = decodeSnapshot(new Uint8Array(await once<ArrayBuffer>(v, 'snapshot')));
    expect(snapshot.scenario.name).toBe('Single intersection');
    const frames: LiveFrame[] = [];
    v.on('frame', (b: Binary) => frames.push(decodeFrame(new Uint8Array(b as ArrayBuffer))));
    await until(() => frames.length >= 4, 5000, '4 protobuf frames');
    expect(frames[0]!.lastTick).toBeGreaterThanOrEqual(snapshot.state.lastTick);
    for (let k = 1; k < frames.length; k++) {
      expect(frames[k]!.firstTick).toBe(frames[k - 1]!.lastTick + 1);
      expect(frames[k]!.lastTick).toBeGreaterThanOrEqual(frames[k]!.firstTick);
    }
  });
});
