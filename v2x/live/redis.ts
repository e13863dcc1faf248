// Scale-out of a live session over Redis (@socket.io/redis-adapter): one simulating process
// runs the SessionRunner; any number of broadcast-only processes host socket.io /viewer with
// the same adapter and relay its frames to their own viewers. See docs/live-scale-out.md.
//
// - Frames: the simulating process keeps an all-families frame source and emits each flush to
//   REMOTE_VIEWERS_ROOM; only viewers of broadcast-only processes join that room (its own
//   viewers keep their per-socket "latest frame only" path).
// - Snapshot on connect: a broadcast-only process asks the other processes with
//   `serverSideEmitWithAck(SNAPSHOT_REQUEST)`; the simulating process answers with a snapshot of
//   that all-families source (base64: server-side acks travel as JSON) and the session state,
//   broadcast-only processes answer null. The
//   viewer gets the snapshot, then joins the room, so every frame it receives is newer.
// - After a restart the simulating process emits the new snapshot to the room.
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Namespace, Socket } from 'socket.io';
import type { ErrorEvent, SessionState, ViewerClientToServer, ViewerServerToClient } from './events.ts';

/** 'simulate': runs the session (the default); 'broadcast': only relays a simulating process's frames. */
export type LiveRole = 'simulate' | 'broadcast';

/** Room of the viewers connected to broadcast-only processes. */
export const REMOTE_VIEWERS_ROOM = 'corridor:remote-viewers';
/** Server-side event: "send me the current snapshot and state". */
export const SNAPSHOT_REQUEST = 'corridor:snapshot';
/** Prefix of the adapter's Redis channels. */
export const REDIS_CHANNEL_PREFIX = 'corridor';
/** How long a snapshot request waits for the other processes, ms. */
const REQUEST_TIMEOUT_MS = 3000;
/** How often a viewer without a snapshot (no simulating process answered) asks again, ms. */
const SNAPSHOT_RETRY_MS = 1000;
/** How long startup waits for Redis before giving up, ms. */
const CONNECT_TIMEOUT_MS = 5000;

/** Redis could not be reached (or the URL is wrong) when a live server starts. */
export class RedisConnectError extends Error {}

export interface RemoteSnapshot {
  snapshot: Uint8Array;
  state: SessionState;
}

export interface RedisLink {
  /** For `new Server(http, { adapter })`. */
  adapter: ReturnType<typeof createAdapter>;
  close(): Promise<void>;
}

/** Connects the publishing and subscribing clients; fails (closing both) if Redis is unreachable. */
export async function connectRedis(url: string, log: (line: string) => void): Promise<RedisLink> {
  let pub: ReturnType<typeof createClient>;
  try {
    pub = createClient({ url });
  } catch (e) {
    throw new RedisConnectError(`--redis ${url}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const sub = pub.duplicate();
  let last = '';
  const onError = (e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    if (message !== last) log(`redis ${url}: ${message}`);
    last = message;
  };
  pub.on('error', onError);
  sub.on('error', onError);
  pub.on('ready', () => (last = ''));
  // QUIT once replies to pending commands are in (the adapter publishes without awaiting);
  // a client that never connected is just disconnected.
  const closeOne = async (c: typeof pub) => {
    try {
      if (c.isReady) await c.quit();
      else if (c.isOpen) await c.disconnect();
    } catch {
      // already closed
    }
  };
  const closeBoth = async () => {
    await Promise.all([closeOne(pub), closeOne(sub)]);
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.all([pub.connect(), sub.connect()]),
      new Promise((_, fail) => {
        timer = setTimeout(() => fail(new RedisConnectError(`cannot connect to Redis at ${url} within ${CONNECT_TIMEOUT_MS / 1000} s${last ? ` (${last})` : ''}`)), CONNECT_TIMEOUT_MS);
      }),
    ]);
  } catch (e) {
    await closeBoth();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  const adapter = createAdapter(pub, sub, { key: REDIS_CHANNEL_PREFIX, requestsTimeout: REQUEST_TIMEOUT_MS });
  return { adapter, close: closeBoth };
}

type AnyNamespace = Namespace<ViewerClientToServer, ViewerServerToClient>;
type ViewerSocket = Socket<ViewerClientToServer, ViewerServerToClient>;

/** Bytes as a Buffer (no copy): what the adapter's msgpack encoding carries as binary. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Every process answers snapshot requests: the simulating one with its snapshot, the others with null. */
export function answerSnapshotRequests(nsp: AnyNamespace, provide: () => RemoteSnapshot | null): void {
  (nsp as unknown as { on(ev: string, fn: (...args: unknown[]) => void): void }).on(SNAPSHOT_REQUEST, (...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack !== 'function') return;
    const s = provide();
    // Server-side acks travel as JSON: the snapshot as base64.
    ack(s ? { snapshot: asBuffer(s.snapshot).toString('base64'), state: s.state } : null);
  });
}

/** The simulating process's snapshot, or null if none answered. */
export async function fetchRemoteSnapshot(nsp: AnyNamespace): Promise<RemoteSnapshot | null> {
  const ask = (nsp as unknown as { serverSideEmitWithAck(ev: string): Promise<unknown[]> }).serverSideEmitWithAck(SNAPSHOT_REQUEST);
  const responses = await ask;
  for (const r of responses) {
    if (r !== null && typeof r === 'object' && 'snapshot' in r && 'state' in r) {
      const { snapshot, state } = r as { snapshot: unknown; state: SessionState };
      if (typeof snapshot === 'string') return { snapshot: Buffer.from(snapshot, 'base64'), state };
    }
  }
  return null;
}

/**
 * A viewer of a broadcast-only process: snapshot and state from the simulating process, then the
 * room of remote viewers (frames, later snapshots and states). Retries until a simulating process answers.
 */
export function serveRemoteViewer(socket: ViewerSocket, nsp: AnyNamespace, log: (line: string) => void): void {
  let timer: NodeJS.Timeout | undefined;
  let told = false;
  const attempt = async () => {
    timer = undefined;
    if (!socket.connected) return;
    let got: RemoteSnapshot | null = null;
    let why = 'no simulating process answered on Redis';
    try {
      got = await fetchRemoteSnapshot(nsp);
    } catch (e) {
      why = `snapshot request failed: ${e instanceof Error ? e.message : String(e)}`;
      log(`broadcast: ${why}`);
    }
    if (!socket.connected) return;
    if (got) {
      socket.emit('snapshot', got.snapshot);
      socket.emit('state', got.state);
      void socket.join(REMOTE_VIEWERS_ROOM);
      return;
    }
    if (!told) {
      const error: ErrorEvent = { code: 'viewer.no-simulation', message: `${why}; retrying every ${SNAPSHOT_RETRY_MS / 1000} s` };
      socket.emit('error', error);
      told = true;
    }
    timer = setTimeout(() => void attempt(), SNAPSHOT_RETRY_MS);
  };
  socket.on('disconnect', () => clearTimeout(timer));
  void attempt();
}
