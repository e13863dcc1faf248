// Helpers of the live server tests: a stand-in FrameSource (JSON bytes, independent of the
// protobuf frame builder), servers on a free loopback port, socket.io clients and waiting.
import { fileURLToPath } from 'node:url';
import { io as connect, type Socket } from 'socket.io-client';
import type { World } from '../../sim/world.ts';
import type { SimEvent } from '../../sim/events.ts';
import type { TickTraffic } from '../../v2x/runtime.ts';
import type { FrameSource } from '../../v2x/live/frames.ts';
import { startLiveServer, type LiveServer, type LiveServerOptions } from '../../v2x/live/server.ts';
import type {
  Binary,
  ControlClientToServer,
  ControlServerToClient,
  ViewerClientToServer,
  ViewerServerToClient,
} from '../../v2x/live/events.ts';

export const SCENARIO = fileURLToPath(new URL('../../scenarios/examples/single-intersection.yaml', import.meta.url));
export const CONTROL_TOKEN = 'control-token-for-tests';
export const RIG_TOKEN = 'rig-token-for-tests';

export interface StandInSnapshot {
  kind: 'snapshot';
  tick: number;
  seed: number;
}
export interface StandInFrame {
  kind: 'frame';
  tick: number;
  ticks: number[];
}

/** Snapshot = { kind, tick, seed }; frame = { kind, tick, ticks added since the last flush }. */
export class StandInFrameSource implements FrameSource {
  private ticks: number[] = [];
  snapshot(world: World): Uint8Array {
    return json({ kind: 'snapshot', tick: world.tick, seed: world.scenario.run.seed } satisfies StandInSnapshot);
  }
  addTick(world: World, _events: readonly SimEvent[], _traffic: TickTraffic | undefined): void {
    this.ticks.push(world.tick);
  }
  flush(world: World): Uint8Array | null {
    if (this.ticks.length === 0) return null;
    const bytes = json({ kind: 'frame', tick: world.tick, ticks: this.ticks } satisfies StandInFrame);
    this.ticks = [];
    return bytes;
  }
}

function json(x: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(x));
}

export function decode<T>(bytes: Binary): T {
  return JSON.parse(new TextDecoder().decode(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes)) as T;
}

const open: (LiveServer | Socket)[] = [];

export async function startTestServer(options: Partial<LiveServerOptions> = {}): Promise<LiveServer> {
  const server = await startLiveServer({
    scenarioFile: SCENARIO,
    overrides: [],
    port: 0,
    host: '127.0.0.1',
    speed: 10,
    rigToken: RIG_TOKEN,
    controlToken: CONTROL_TOKEN,
    frameSource: () => new StandInFrameSource(),
    viewerDir: fileURLToPath(new URL('./no-such-viewer-dist/', import.meta.url)),
    log: () => {},
    ...options,
  });
  open.push(server);
  return server;
}

export type ViewerClient = Socket<ViewerServerToClient, ViewerClientToServer>;
export type ControlClient = Socket<ControlServerToClient, ControlClientToServer>;

export function viewer(server: LiveServer): ViewerClient {
  const s: ViewerClient = connect(`${server.url}/viewer`, { transports: ['websocket'], forceNew: true, reconnection: false });
  open.push(s);
  return s;
}

/** `token` null: connect without one. */
export function control(server: LiveServer, token: string | null = CONTROL_TOKEN): ControlClient {
  const s: ControlClient = connect(`${server.url}/control`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(token === null ? {} : { auth: { token } }),
  });
  open.push(s);
  return s;
}

/** Closes every client and server opened since the last call (afterEach). */
export async function closeAll(): Promise<void> {
  const all = open.splice(0);
  for (const x of all) if ('disconnect' in x) x.disconnect();
  await Promise.all(all.map((x) => ('close' in x && 'runner' in x ? x.close() : undefined)));
}

export function once<T>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no "${event}" within ${timeoutMs} ms`)), timeoutMs);
    (socket as unknown as { once(e: string, fn: (x: T) => void): void }).once(event, (x: T) => {
      clearTimeout(timer);
      ok(x);
    });
  });
}

export async function until(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function getHealth(server: LiveServer): Promise<Record<string, unknown> & ReturnType<LiveServer['health']>> {
  const res = await fetch(`${server.url}/health`);
  if (res.status !== 200) throw new Error(`/health: HTTP ${res.status}`);
  return (await res.json()) as Record<string, unknown> & ReturnType<LiveServer['health']>;
}
