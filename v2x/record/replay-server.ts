// `corridor replay FILE.mcap`: serves the viewer on a recording. Same HTTP side as a live session
// (the built viewer, /health) and the same socket.io protocol (v2x/live/events.ts), so the viewer's
// live player works unchanged: /viewer gets the snapshot, frames and state (mode 'replay', with the
// timeline bounds); /control (token, like live) takes pause, resume, step, speed, state and the
// replay's seek and stepBack; restart and /rig are refused (a recording cannot change).
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { handleHttp, listen } from '../live/http.ts';
import { DEFAULT_VIEWER_DIR, MAX_TRANSPORT_BYTES, type ControlNamespace, type ViewerNamespace } from '../live/server.ts';
import { checkToken } from '../live/tokens.ts';
import { InputCounters } from '../live/health.ts';
import { CONTROL_EVENTS, NAMESPACES, VIEWER_EVENTS, type CommandAck, type ControlClientToServer, type ErrorEvent, type SessionState } from '../live/events.ts';
import { FileReadable } from './file-readable.ts';
import { ReplaySource } from './replay-source.ts';
import { ReplayController, type ReplayOutput } from './replay-controller.ts';

export interface ReplayServerOptions {
  file: string;
  /** 0 = any free port. */
  port: number;
  host: string;
  speed?: number;
  paused?: boolean;
  controlToken: string;
  viewerDir?: string;
  log?: (line: string) => void;
}

export interface ReplayServer {
  url: string;
  port: number;
  io: Server;
  source: ReplaySource;
  controller: ReplayController;
  counters: InputCounters;
  health(): ReplayHealth;
  close(): Promise<void>;
}

export interface ReplayHealth extends SessionState {
  status: 'ok';
  file: string;
  scenario: string;
  warnings: readonly string[];
  clients: Record<string, number>;
  inputs: ReturnType<InputCounters['snapshot']>;
  uptime: number;
}

/** Opens the recording (RecordingError if it cannot be replayed) and listens. */
export async function startReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const readable = await FileReadable.open(options.file);
  let source: ReplaySource;
  try {
    source = await ReplaySource.open(readable, options.file);
  } catch (e) {
    await readable.close();
    throw e;
  }
  const controller = new ReplayController(source, { speed: options.speed ?? 1, paused: options.paused ?? false });
  const counters = new InputCounters();
  const started = performance.now();
  const scenarioName = source.recording.run?.scenarioFile ?? options.file;
  const viewerDir = options.viewerDir ?? DEFAULT_VIEWER_DIR;

  const health = (): ReplayHealth => ({
    status: 'ok',
    file: options.file,
    scenario: scenarioName,
    ...controller.state,
    warnings: source.warnings,
    clients: Object.fromEntries(Object.values(NAMESPACES).map((n) => [n, io.of(n).sockets.size])),
    inputs: counters.snapshot(),
    uptime: (performance.now() - started) / 1000,
  });

  const http = createServer((req, res) => {
    handleHttp(req, res, { health, viewerDir, notBuiltPage: () => notBuiltPage(options.file) }).catch((e: unknown) => {
      log(`http ${req.method} ${req.url}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    });
  });
  const io = new Server(http, { maxHttpBufferSize: MAX_TRANSPORT_BYTES, serveClient: false });
  io.of('/').use((_socket, next) => next(new Error(`connect to ${NAMESPACES.viewer} or ${NAMESPACES.control}`)));
  io.of(NAMESPACES.rig).use((_socket, next) => {
    counters.reject('rig.replay');
    next(new Error('this is a replay of a recording: there is no /rig (inject into a live session)'));
  });

  // --- /viewer ---------------------------------------------------------------------------
  const viewerNsp: ViewerNamespace = io.of(NAMESPACES.viewer);
  viewerNsp.on('connection', (socket) => {
    // The latest frame waits while the connection is busy (a slow viewer skips frames, as live).
    let pending: Uint8Array | null = null;
    let retry: NodeJS.Timeout | undefined;
    const offer = () => {
      retry = undefined;
      if (pending === null || !socket.connected) return;
      if (!socket.conn.transport.writable) {
        retry ??= setTimeout(offer, 25);
        return;
      }
      socket.emit('frame', pending);
      pending = null;
    };
    const out: ReplayOutput = {
      snapshot: (bytes) => {
        pending = null;
        socket.emit('snapshot', bytes);
      },
      frame: (bytes) => {
        pending = bytes;
        offer();
      },
      state: (state) => socket.emit('state', state),
    };
    const detach = controller.attach(out);
    socket.onAny((event: string, ...args: unknown[]) => {
      if ((VIEWER_EVENTS as readonly string[]).includes(event)) return;
      reject(socket, 'viewer.unknown-event', `"${String(event).slice(0, 64)}" is not a viewer event; viewers may only emit ${VIEWER_EVENTS.join(', ')}`, args);
    });
    socket.on('subscribe', (request: unknown, ack: unknown) => {
      // A replay sends every family (the recording's frames as they are); the request is acknowledged.
      counters.accept('viewer.subscribe');
      const families = request !== null && typeof request === 'object' && Array.isArray((request as { families?: unknown }).families) ? (request as { families: string[] }).families : 'all';
      if (typeof ack === 'function') (ack as (r: unknown) => void)({ ok: true, families });
    });
    socket.on('disconnect', () => {
      detach();
      if (retry) clearTimeout(retry);
    });
  });

  // --- /control ---------------------------------------------------------------------------
  const controlNsp: ControlNamespace = io.of(NAMESPACES.control);
  controlNsp.use((socket, next) => {
    const check = checkToken((socket.handshake.auth as Record<string, unknown> | undefined)?.token, options.controlToken);
    if (check === 'ok') return next();
    counters.reject(`control.${check}`);
    next(new Error(check === 'missing-token' ? 'control token required: connect with { auth: { token } } (--control-token or CORRIDOR_CONTROL_TOKEN)' : 'control token rejected'));
  });
  const broadcast: ReplayOutput = { snapshot: () => {}, frame: () => {}, state: (s) => controlNsp.emit('state', s) };
  const detachControl = controller.attach(broadcast);
  controlNsp.on('connection', (socket) => {
    socket.emit('state', controller.state);
    socket.onAny((event: string, ...args: unknown[]) => {
      if ((CONTROL_EVENTS as readonly string[]).includes(event)) return;
      reject(socket, 'control.unknown-event', `unknown command "${String(event).slice(0, 64)}"; commands: ${CONTROL_EVENTS.join(', ')}`, args);
    });
    const command = (name: keyof ControlClientToServer, run: (arg: unknown) => Promise<SessionState>) =>
      socket.on(name, (...args: unknown[]) => {
        const ack = args.at(-1);
        const arg = args.length > 1 ? args[0] : undefined;
        run(arg).then(
          (state) => {
            counters.accept(`control.${name}`);
            if (typeof ack === 'function') (ack as (r: CommandAck) => void)({ ok: true, state });
          },
          (e: unknown) => reject(socket, e instanceof RangeError ? 'control.bad-argument' : `control.${name}-refused`, e instanceof Error ? e.message : String(e), [ack]),
        );
      });
    command('pause', () => controller.pause());
    command('resume', () => controller.resume());
    command('step', () => controller.step());
    command('stepBack', () => controller.stepBack());
    command('speed', (arg) => controller.setSpeed(arg));
    command('seek', (arg) => controller.seek(arg));
    command('state', async () => controller.state);
    command('restart', async () => {
      throw new Error('a replay cannot restart the simulation; seek to 0 to play the recording from its start');
    });
  });

  function reject(socket: Socket, code: string, message: string, args: readonly unknown[]): void {
    counters.reject(code);
    const error: ErrorEvent = { code, message };
    socket.emit('error', error);
    const ack = args.at(-1);
    if (typeof ack === 'function') (ack as (r: unknown) => void)({ ok: false, error: message });
  }

  await listen(http, options.port, options.host).catch(async (e: unknown) => {
    controller.close();
    await readable.close();
    throw e;
  });
  const port = (http.address() as AddressInfo).port;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      detachControl();
      controller.close();
      const closed = io.close();
      http.closeAllConnections();
      await closed;
      await readable.close();
    })());

  return { url, port, io, source, controller, counters, health, close };
}

function notBuiltPage(file: string): string {
  const esc = file.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Corridor replay</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:42em;margin:3em auto;padding:0 1em;color:#1d2733}code{background:#eef1f4;padding:0 .25em}</style>
</head><body>
<h1>Corridor replay</h1>
<p>Replaying <strong>${esc}</strong>. The 3D viewer is not built (no <code>viewer/dist/</code>).</p>
<ul>
<li><code>${NAMESPACES.viewer}</code>: snapshot, frames and state, as in a live session.</li>
<li><code>${NAMESPACES.control}</code> (control token): <code>pause</code>, <code>resume</code>, <code>step</code>, <code>stepBack</code>, <code>speed</code>, <code>seek</code>, <code>state</code>.</li>
</ul>
<p>Health: <a href="/health"><code>GET /health</code></a>.</p>
</body></html>
`;
}
