// The live session server: one HTTP server for the viewer's files, GET /health and socket.io
// (/viewer read-only, /control and /rig behind tokens). The SessionRunner ticks on its own
// schedule; this module only subscribes to it. A viewer that cannot keep up loses intermediate
// frames (it always gets the latest), never its connection, and never delays anyone else.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { Server, type Namespace, type Socket } from 'socket.io';
import type { Subscription } from 'rxjs';
import { loadScenarioFile } from '../../scenarios/load.ts';
import type { World } from '../../sim/world.ts';
import type { SimEvent } from '../../sim/events.ts';
import type { TickTraffic } from '../runtime.ts';
import type { V2xSession } from '../session.ts';
import { FAMILIES, type Family } from '../families.ts';
import type { FrameSource } from './frames.ts';
import { ProtoFrameSource } from './frame-builder.ts';
import { SessionRunner, checkSpeed } from './session-runner.ts';
import { InputCounters, buildHealth, type HealthDocument } from './health.ts';
import { checkToken } from './tokens.ts';
import { handleHttp, listen } from './http.ts';
export { FAVICON_SVG } from './http.ts';
import { REMOTE_VIEWERS_ROOM, answerSnapshotRequests, asBuffer, connectRedis, serveRemoteViewer, type LiveRole, type RedisLink } from './redis.ts';
import {
  CONTROL_EVENTS,
  NAMESPACES,
  VIEWER_EVENTS,
  type CommandAck,
  type ControlClientToServer,
  type ControlServerToClient,
  type ErrorEvent,
  type RigClientToServer,
  type RigServerToClient,
  type SessionState,
  type Speed,
  type SubscribeAck,
  type ViewerClientToServer,
  type ViewerServerToClient,
} from './events.ts';

/** Largest V2X message a client may send; the namespaces refuse bigger ones with a clear error. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/**
 * socket.io's maxHttpBufferSize: a packet beyond it closes that connection (the transport has no
 * other way to refuse it). Set above MAX_MESSAGE_BYTES so that a message just over the message
 * limit gets an error the client can read, not a dropped connection.
 */
export const MAX_TRANSPORT_BYTES = 4 * MAX_MESSAGE_BYTES;
/** Viewers get at most this many frames per second; ticks in between are coalesced. */
export const MAX_FRAME_RATE = 20;
const FRAME_INTERVAL_MS = 1000 / MAX_FRAME_RATE;
/** How often a viewer whose connection was busy is offered the latest frame again, ms. */
const RETRY_MS = 25;

export const DEFAULT_VIEWER_DIR = fileURLToPath(new URL('../../viewer/dist/', import.meta.url));

export interface FrameSourceContext {
  /** null = every family. */
  families: readonly Family[] | null;
  world: World;
  /** The run's V2X session (e.g. `session.runtime.channel` for RSU busy ratios); undefined without V2X. */
  session: V2xSession | undefined;
}
/** Builds one FrameSource; called per distinct family set, and again for each after a restart. */
export type FrameSourceFactory = (ctx: FrameSourceContext) => FrameSource;

export type ViewerNamespace = Namespace<ViewerClientToServer, ViewerServerToClient>;
export type ControlNamespace = Namespace<ControlClientToServer, ControlServerToClient>;
export type RigNamespace = Namespace<RigClientToServer, RigServerToClient>;

/** What an extension (the rig bridge) gets: the /rig namespace is already behind its token. */
export interface LiveContext {
  io: Server;
  rig: RigNamespace;
  runner: SessionRunner;
  counters: InputCounters;
  log: (line: string) => void;
}
/** Installs handlers; may return a disposer run by `close()`. */
export type LivePlugin = (ctx: LiveContext) => void | (() => void | Promise<void>);

export interface LiveServerOptions {
  scenarioFile: string;
  /** --set PATH=VALUE overrides (and run.seed / run.duration from the CLI). */
  overrides?: readonly string[];
  /** 0 = any free port. */
  port: number;
  host: string;
  speed: Speed;
  /** Required: resolve them with tokens.ts `resolveTokens` (option, env, generated). */
  rigToken: string;
  controlToken: string;
  /** Default: protoFrameSources (ProtoFrameSource). */
  frameSource?: FrameSourceFactory;
  /** Start paused (default false). */
  paused?: boolean;
  /** Directory of the built viewer (default viewer/dist/ of the package). */
  viewerDir?: string;
  plugins?: readonly LivePlugin[];
  log?: (line: string) => void;
  /** Scale-out (docs/live-scale-out.md): redis://host:port for @socket.io/redis-adapter. */
  redisUrl?: string;
  /** 'broadcast' (needs redisUrl): run no simulation, relay the simulating process's frames to /viewer. */
  role?: LiveRole;
}

export interface LiveServer {
  /** http://host:port */
  url: string;
  port: number;
  io: Server;
  runner: SessionRunner;
  counters: InputCounters;
  health(): HealthDocument;
  close(): Promise<void>;
}

interface ViewerGroup {
  key: string;
  families: readonly Family[] | null;
  source: FrameSource;
  viewers: Set<ViewerState>;
}

interface ViewerState {
  socket: Socket<ViewerClientToServer, ViewerServerToClient>;
  group: ViewerGroup;
  /** The latest frame not yet sent (its connection was busy). */
  pending: Uint8Array | null;
}

export async function startLiveServer(options: LiveServerOptions): Promise<LiveServer> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const speed = checkSpeed(options.speed);
  if (!options.rigToken || !options.controlToken) throw new Error('startLiveServer: rigToken and controlToken are required (see tokens.ts resolveTokens)');
  const overrides = options.overrides ?? [];
  const role: LiveRole = options.role ?? 'simulate';
  if (role === 'broadcast' && !options.redisUrl) throw new Error('startLiveServer: role "broadcast" needs redisUrl (--redis URL)');
  const loaded = await loadScenarioFile(options.scenarioFile, overrides);
  const factory = options.frameSource ?? protoFrameSources;
  const runner = new SessionRunner({ text: loaded.text, file: loaded.file, overrides, speed, paused: options.paused ?? false, log });
  const counters = new InputCounters();
  const frames = { sent: 0, skipped: 0 };
  const viewerDir = options.viewerDir ?? DEFAULT_VIEWER_DIR;
  const started = performance.now();
  const rsuIds = () => runner.world.scenario.rsus.map((r) => r.id);

  const health = (): HealthDocument =>
    buildHealth({
      scenario: runner.world.scenario.name,
      state: runner.state,
      rsus: rsuIds(),
      clients: Object.fromEntries(Object.values(NAMESPACES).map((n) => [n, io.of(n).sockets.size])),
      counters,
      frames,
      uptime: (performance.now() - started) / 1000,
    });

  const http = createServer((req, res) => {
    handleHttp(req, res, { health, viewerDir, notBuiltPage: () => notBuiltPage(runner.world.scenario.name) }).catch((e: unknown) => {
      log(`http ${req.method} ${req.url}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    });
  });
  const redis: RedisLink | undefined = options.redisUrl ? await connectRedis(options.redisUrl, log) : undefined;
  const io = new Server(http, { maxHttpBufferSize: MAX_TRANSPORT_BYTES, serveClient: false, ...(redis ? { adapter: redis.adapter } : {}) });

  // Oversize messages: websocket frames over the limit close that connection with a
  // "Max payload size exceeded" transport error; polling bodies over it get a 413.
  io.engine.on('connection', (conn: { on(ev: 'close', fn: (reason: string, description?: unknown) => void): void }) => {
    conn.on('close', (reason, description) => {
      if (reason === 'transport error' && /max payload|too (big|large)/i.test(describe(description))) counters.reject('oversize');
    });
  });
  io.engine.use((_req: IncomingMessage, res: ServerResponse, next: () => void) => {
    res.on('finish', () => {
      if (res.statusCode === 413) counters.reject('oversize');
    });
    next();
  });
  io.of('/').use((_socket, next) => {
    counters.reject('main.unknown-namespace');
    next(new Error(`connect to one of ${Object.values(NAMESPACES).join(', ')}`));
  });

  // --- /viewer ---------------------------------------------------------------------------
  const viewerNsp: ViewerNamespace = io.of(NAMESPACES.viewer);
  const groups = new Map<string, ViewerGroup>();
  const viewers = new Set<ViewerState>();
  const makeSource = (families: readonly Family[] | null) => factory({ families, world: runner.world, session: runner.session });
  const groupFor = (families: readonly Family[] | null): ViewerGroup => {
    const key = families === null ? '*' : families.join(',');
    let g = groups.get(key);
    if (!g) {
      g = { key, families, source: makeSource(families), viewers: new Set() };
      groups.set(key, g);
    }
    return g;
  };
  // With Redis, the simulating process keeps the all-families group for remote viewers.
  const remoteGroup = redis && role === 'simulate' ? groupFor(null) : undefined;
  const leaveGroup = (v: ViewerState) => {
    v.group.viewers.delete(v);
    if (v.group.viewers.size === 0 && v.group !== remoteGroup) groups.delete(v.group.key);
  };

  let lastFlush = -Infinity;
  let flushTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  const offer = (v: ViewerState): boolean => {
    if (v.pending === null) return true;
    if (!v.socket.connected) {
      v.pending = null;
      return true;
    }
    if (!v.socket.conn.transport.writable) return false;
    v.socket.emit('frame', v.pending);
    v.pending = null;
    frames.sent++;
    return true;
  };
  const retry = () => {
    retryTimer = undefined;
    let waiting = false;
    for (const v of viewers) if (!offer(v)) waiting = true;
    if (waiting) retryTimer = setTimeout(retry, RETRY_MS);
  };
  const flushAll = () => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    lastFlush = performance.now();
    const world = runner.world;
    let waiting = false;
    for (const g of groups.values()) {
      const bytes = g.source.flush(world);
      if (bytes === null) continue;
      if (g === remoteGroup) viewerNsp.to(REMOTE_VIEWERS_ROOM).emit('frame', asBuffer(bytes));
      for (const v of g.viewers) {
        if (v.pending !== null) frames.skipped++;
        v.pending = bytes;
        if (!offer(v)) waiting = true;
      }
    }
    if (waiting && !retryTimer) retryTimer = setTimeout(retry, RETRY_MS);
  };
  const onTick = (world: World, events: readonly SimEvent[], traffic: TickTraffic | undefined) => {
    for (const g of groups.values()) g.source.addTick(world, events, traffic);
    // While paused (a single step), send at once; else at most MAX_FRAME_RATE per second.
    const wait = runner.paused ? 0 : lastFlush + FRAME_INTERVAL_MS - performance.now();
    if (wait <= 0) flushAll();
    else flushTimer ??= setTimeout(flushAll, wait);
  };
  const sendSnapshot = (v: ViewerState) => {
    v.pending = null;
    v.socket.emit('snapshot', v.group.source.snapshot(runner.world));
  };

  if (redis) answerSnapshotRequests(viewerNsp, () => (remoteGroup ? { snapshot: remoteGroup.source.snapshot(runner.world), state: runner.state } : null));
  viewerNsp.on('connection', (socket) => {
    if (role === 'broadcast') {
      remoteViewer(socket);
      return;
    }
    const v: ViewerState = { socket, group: groupFor(null), pending: null };
    v.group.viewers.add(v);
    viewers.add(v);
    sendSnapshot(v);
    socket.emit('state', runner.state);
    socket.onAny((event: string, ...args: unknown[]) => {
      if ((VIEWER_EVENTS as readonly string[]).includes(event)) return;
      const code = CONTROL_EVENTS.includes(event as keyof ControlClientToServer) ? 'viewer.control-command' : 'viewer.unknown-event';
      reject(socket, code, `"${String(event).slice(0, 64)}" is not a viewer event; viewers may only emit ${VIEWER_EVENTS.join(', ')} (control commands go to ${NAMESPACES.control} with its token)`, args);
    });
    socket.on('subscribe', (request: unknown, ack: unknown) => {
      const families = parseFamilies(request);
      if (typeof families === 'string' && families !== 'all') {
        reject(socket, 'viewer.bad-subscribe', families, [ack]);
        return;
      }
      counters.accept('viewer.subscribe');
      const next = groupFor(families === 'all' ? null : families);
      if (next !== v.group) {
        leaveGroup(v);
        v.group = next;
        next.viewers.add(v);
      }
      reply<SubscribeAck>(ack, { ok: true, families });
    });
    socket.on('disconnect', () => {
      leaveGroup(v);
      viewers.delete(v);
    });
  });

  // --- /control ---------------------------------------------------------------------------
  const controlNsp: ControlNamespace = io.of(NAMESPACES.control);
  if (role === 'broadcast') controlNsp.use(broadcastOnly('control', counters));
  controlNsp.use(tokenGate('control', options.controlToken, counters));
  controlNsp.on('connection', (socket) => {
    socket.emit('state', runner.state);
    socket.onAny((event: string, ...args: unknown[]) => {
      if ((CONTROL_EVENTS as readonly string[]).includes(event)) return;
      reject(socket, 'control.unknown-event', `unknown command "${String(event).slice(0, 64)}"; commands: ${CONTROL_EVENTS.join(', ')}`, args);
    });
    const command = (name: keyof ControlClientToServer, run: (arg: unknown) => SessionState, reason: (e: unknown) => string) =>
      socket.on(name, (...args: unknown[]) => {
        const ack = args.at(-1);
        const arg = args.length > 1 ? args[0] : undefined;
        let state: SessionState;
        try {
          state = run(arg);
        } catch (e) {
          reject(socket, reason(e), e instanceof Error ? e.message : String(e), [ack]);
          return;
        }
        counters.accept(`control.${name}`);
        reply<CommandAck>(ack, { ok: true, state });
      });
    const bad = () => 'control.bad-argument';
    command('pause', () => runner.pause(), bad);
    command('resume', () => runner.resume(), bad);
    command('step', () => runner.stepOnce(), () => 'control.step-while-running');
    command('speed', (arg) => runner.setSpeed(checkSpeed(arg)), bad);
    command('state', () => runner.state, bad);
    command(
      'restart',
      (arg) => {
        const seed = arg !== null && typeof arg === 'object' && 'seed' in arg ? (arg as { seed: unknown }).seed : undefined;
        if (seed !== undefined && typeof seed !== 'number') throw new RangeError(`seed must be a number, got ${JSON.stringify(seed)}`);
        return runner.restart(seed);
      },
      bad,
    );
    // Moving back in time needs a recording: `corridor replay` serves seek and stepBack.
    const replayOnly = () => {
      throw new Error('seek and stepBack are for recordings (corridor replay FILE.mcap); a live session only moves forward');
    };
    command('seek', replayOnly, () => 'control.replay-only');
    command('stepBack', replayOnly, () => 'control.replay-only');
  });

  // --- /rig: the token gate here; handlers come from plugins (v2x/live/rig-*.ts) -------------
  const rigNsp: RigNamespace = io.of(NAMESPACES.rig);
  if (role === 'broadcast') rigNsp.use(broadcastOnly('rig', counters));
  rigNsp.use(tokenGate('rig', options.rigToken, counters));

  // --- the runner's streams -----------------------------------------------------------------
  const subs: Subscription[] = role === 'broadcast' ? [] : [
    runner.ticks$.subscribe(({ world, events, traffic }) => onTick(world, events, traffic)),
    runner.restarts$.subscribe(() => {
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = undefined;
      for (const g of groups.values()) g.source = makeSource(g.families);
      for (const v of viewers) sendSnapshot(v);
      if (remoteGroup) viewerNsp.to(REMOTE_VIEWERS_ROOM).emit('snapshot', asBuffer(remoteGroup.source.snapshot(runner.world)));
    }),
    runner.state$.subscribe((state) => {
      viewerNsp.emit('state', state);
      controlNsp.emit('state', state);
    }),
  ];

  const disposers: (() => void | Promise<void>)[] = [];
  for (const plugin of role === 'broadcast' ? [] : (options.plugins ?? [])) {
    const d = plugin({ io, rig: rigNsp, runner, counters, log });
    if (d) disposers.push(d);
  }

  await listen(http, options.port, options.host).catch(async (e: unknown) => {
    await redis?.close();
    throw e;
  });
  const port = (http.address() as AddressInfo).port;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  if (role === 'simulate') runner.start();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      runner.close();
      for (const s of subs) s.unsubscribe();
      if (flushTimer) clearTimeout(flushTimer);
      if (retryTimer) clearTimeout(retryTimer);
      for (const d of disposers) await d();
      const closed = io.close();
      http.closeAllConnections();
      await closed;
      await redis?.close();
    })());

  return { url, port, io, runner, counters, health, close };

  /** A viewer of a broadcast-only process: frames of every family (per-family subscriptions need the simulating process). */
  function remoteViewer(socket: Socket<ViewerClientToServer, ViewerServerToClient>): void {
    socket.onAny((event: string, ...args: unknown[]) => {
      if ((VIEWER_EVENTS as readonly string[]).includes(event)) return;
      reject(socket, 'viewer.unknown-event', `"${String(event).slice(0, 64)}" is not a viewer event; this is a broadcast-only process (no control)`, args);
    });
    socket.on('subscribe', (request: unknown, ack: unknown) => {
      const families = parseFamilies(request);
      if (families !== 'all') {
        reject(socket, 'viewer.bad-subscribe', typeof families === 'string' ? families : 'a broadcast-only process relays every family; subscribe to a family set on the simulating process', [ack]);
        return;
      }
      counters.accept('viewer.subscribe');
      reply<SubscribeAck>(ack, { ok: true, families });
    });
    serveRemoteViewer(socket, viewerNsp, log);
  }

  function reject(socket: Socket, code: string, message: string, args: readonly unknown[]): void {
    counters.reject(code);
    const error: ErrorEvent = { code, message };
    socket.emit('error', error);
    reply(args.at(-1), { ok: false, error: message });
  }
}

function describe(x: unknown): string {
  if (x instanceof Error) return `${x.message} ${describe((x as { description?: unknown }).description)}`;
  return x === undefined ? '' : String(x);
}

function reply<T>(ack: unknown, value: T | { ok: false; error: string }): void {
  if (typeof ack === 'function') (ack as (v: unknown) => void)(value);
}

/** 'all', a sorted de-duplicated family list, or a message saying what is wrong. */
function parseFamilies(request: unknown): readonly Family[] | 'all' | string {
  if (request === null || typeof request !== 'object') return `subscribe expects { families: [${FAMILIES.join(', ')}] | 'all' }`;
  const f = (request as { families?: unknown }).families;
  if (f === undefined || f === 'all') return 'all';
  if (!Array.isArray(f) || f.length > FAMILIES.length * 4) return `families must be 'all' or a list of ${FAMILIES.join(', ')}`;
  const unknown = f.filter((x) => !(FAMILIES as readonly unknown[]).includes(x));
  if (unknown.length > 0) return `unknown families ${JSON.stringify(unknown).slice(0, 200)}; known: ${FAMILIES.join(', ')}`;
  return FAMILIES.filter((x) => f.includes(x));
}

function broadcastOnly(name: 'control' | 'rig', counters: InputCounters) {
  return (_socket: Socket, next: (err?: Error) => void) => {
    counters.reject(`${name}.broadcast-only`);
    next(new Error(`this is a broadcast-only process: connect /${name} to the simulating process`));
  };
}

function tokenGate(name: 'control' | 'rig', token: string, counters: InputCounters) {
  return (socket: Socket, next: (err?: Error) => void) => {
    const auth = socket.handshake.auth as Record<string, unknown> | undefined;
    const check = checkToken(auth?.token, token);
    if (check === 'ok') return next();
    counters.reject(`${name}.${check}`);
    next(
      new Error(
        check === 'missing-token'
          ? `${name} token required: connect with { auth: { token } } (--${name}-token or CORRIDOR_${name.toUpperCase()}_TOKEN)`
          : `${name} token rejected`,
      ),
    );
  };
}

// --- frame sources ---------------------------------------------------------------------------

/** Protobuf frames (corridor.live.v1), one source per family set, with the session's RSU busy ratios. */
export const protoFrameSources: FrameSourceFactory = ({ families, session }) =>
  new ProtoFrameSource({ ...(families ? { families } : {}), ...(session ? { channel: session.runtime.channel } : {}) });

/**
 * Debug frames (UTF-8 JSON, `frameSource: ({ families }) => new JsonFrameSource(families)`):
 * tick, time, counts, events and the transmissions of the subscribed families.
 */
export class JsonFrameSource implements FrameSource {
  private first = -1;
  private events: SimEvent[] = [];
  private tx: { family: Family; sender: number; tick: number }[] = [];
  constructor(private readonly families: readonly Family[] | null = null) {}

  snapshot(world: World): Uint8Array {
    const s = world.scenario;
    return encodeJson({ type: 'snapshot', scenario: s.name, tick: world.tick, time: world.time, rsus: s.rsus.map((r) => ({ id: r.id, position: r.position })), state: state(world) });
  }

  addTick(world: World, events: readonly SimEvent[], traffic: TickTraffic | undefined): void {
    if (this.first < 0) this.first = world.tick;
    this.events.push(...events);
    for (const t of traffic?.transmissions ?? []) {
      if (this.families === null || this.families.includes(t.family)) this.tx.push({ family: t.family, sender: t.senderStationId, tick: t.tick });
    }
  }

  flush(world: World): Uint8Array | null {
    if (this.first < 0) return null;
    const bytes = encodeJson({ type: 'frame', tick: world.tick, time: world.time, firstTick: this.first, events: this.events, transmissions: this.tx, state: state(world) });
    this.first = -1;
    this.events = [];
    this.tx = [];
    return bytes;
  }
}

function state(world: World) {
  return { vehicles: world.vehicles.count, pedestrians: world.pedestrians.length };
}

function encodeJson(x: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(x));
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function notBuiltPage(scenario: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Corridor live session</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:42em;margin:3em auto;padding:0 1em;color:#1d2733}code{background:#eef1f4;padding:0 .25em}</style>
</head><body>
<h1>Corridor live session</h1>
<p>Running <strong>${escapeHtml(scenario)}</strong>. The 3D viewer is not built (no <code>viewer/dist/</code>).</p>
<p>socket.io namespaces on this port:</p>
<ul>
<li><code>${NAMESPACES.viewer}</code>: read only, no token. Binary <code>snapshot</code> on connect, then <code>frame</code>s (at most ${MAX_FRAME_RATE} per second), <code>state</code> on changes; emit <code>subscribe</code> <code>{ families: [...] }</code> to reduce volume.</li>
<li><code>${NAMESPACES.control}</code>: control token in <code>auth.token</code>. <code>pause</code>, <code>resume</code>, <code>step</code>, <code>speed</code>, <code>restart</code>, <code>state</code>.</li>
<li><code>${NAMESPACES.rig}</code>: rig token in <code>auth.token</code>. RSU uplink and injections.</li>
</ul>
<p>Health: <a href="/health"><code>GET /health</code></a>.</p>
</body></html>
`;
}

