// The /rig namespace of the live server: test rigs inject ItsMessages (sent by a named RSU or a
// virtual station at the next tick boundary, through the radio channel) and subscribe to what an
// RSU hears. The server core puts the namespace behind the rig token; this module installs the
// handlers (as a LivePlugin: `plugins: [rigPlugin()]`).
//
// Every refused input gets `{ ok: false, error }` in its ack and an `error` event
// `{ code, message }` on that socket, and counts as `rig.<code>` in /health; nothing else changes
// and the session keeps ticking. Codes: bad-request, oversize, not-protobuf, bad-json, no-payload,
// bad-envelope, out-of-range, unknown-rsu, bad-position, rate-limited, no-v2x, unknown-event
// (and missing-token / wrong-token from the server's gate).
//
// Uplink: one `uplink` emit per tick per rig, for the ticks in which at least one of its RSUs heard
// something: `{ tick, time, rsus: [{ rsuId, messages }] }`, `messages` being length-prefixed
// protobuf ItsMessages (uint32 LE byte count, bytes; see v2x/injection.ts decodeUplink).
import type { Socket } from 'socket.io';
import type { Subscription } from 'rxjs';
import type { V2xSession } from '../session.ts';
import type { TickTraffic } from '../runtime.ts';
import { InjectionError, InjectionQueue, MAX_INJECTED_BYTES, encodeUplink, parseInjectedMessage, receivedBy, resolveSender } from '../injection.ts';
import { TokenBucket } from './rate-limit.ts';
import type { InputCounters } from './health.ts';
import type { SessionRunner } from './session-runner.ts';
import type { LiveContext, LivePlugin, RigNamespace } from './server.ts';
import { RIG_EVENTS, type ErrorEvent, type RigClientToServer, type RigInjectAck, type RigServerToClient, type RigSubscribeAck, type RigUplink } from './events.ts';

export const DEFAULT_RIG_RATE = 100;

export interface RigNamespaceOptions {
  /** Injections per second per rig connection (token bucket, burst the same); default 100. */
  maxPerSecond?: number;
  /** Largest message, bytes; default 64 KiB. (Larger socket.io packets are cut by the server's transport limit first.) */
  maxBytes?: number;
  /** Wall clock for the rate limit, ms (tests). */
  now?: () => number;
}

/** What the namespace needs from the server core (a subset of LiveContext). */
export interface RigHost {
  rig: RigNamespace;
  runner: Pick<SessionRunner, 'world' | 'session' | 'ticks$'>;
  counters: Pick<InputCounters, 'accept' | 'reject'>;
  log?: (line: string) => void;
}

type RigSocket = Socket<RigClientToServer, RigServerToClient>;

const queues = new WeakMap<V2xSession, InjectionQueue>();

/** The injection queue of a V2X session (created and attached on first use): recorders subscribe to its `injected$`. */
export function injectionQueueOf(session: V2xSession): InjectionQueue {
  let q = queues.get(session);
  if (!q) {
    q = new InjectionQueue(session.runtime);
    queues.set(session, q);
  }
  return q;
}

/** The /rig handlers as a plugin of startLiveServer. */
export function rigPlugin(options: RigNamespaceOptions = {}): LivePlugin {
  return (ctx: LiveContext) => attachRigNamespace(ctx, options);
}

/** Installs the /rig handlers on `host.rig` (already behind its token); returns the disposer. */
export function attachRigNamespace(host: RigHost, options: RigNamespaceOptions = {}): () => void {
  const { rig, runner, counters } = host;
  const rate = options.maxPerSecond ?? DEFAULT_RIG_RATE;
  const maxBytes = options.maxBytes ?? MAX_INJECTED_BYTES;
  const subscribers = new Map<RigSocket, Set<string>>();

  const fail = (socket: RigSocket, code: string, message: string, ack: unknown) => {
    counters.reject(`rig.${code}`);
    const error: ErrorEvent = { code: `rig.${code}`, message };
    socket.emit('error', error);
    if (typeof ack === 'function') (ack as (r: { ok: false; error: string }) => void)({ ok: false, error: message });
  };

  const rsuIds = () => runner.world.scenario.rsus.map((r) => r.id);
  const checkRsu = (rsuId: unknown): string => {
    const ids = rsuIds();
    if (typeof rsuId === 'string' && ids.includes(rsuId)) return rsuId;
    throw new InjectionError('unknown-rsu', `unknown RSU ${JSON.stringify(rsuId)?.slice(0, 80)}; RSUs: ${ids.join(', ') || '(none)'}`);
  };

  const onConnection = (socket: RigSocket) => {
    const bucket = new TokenBucket(rate, rate, options.now);
    const subs = new Set<string>();
    subscribers.set(socket, subs);
    socket.onAny((event: string, ...args: unknown[]) => {
      if ((RIG_EVENTS as readonly string[]).includes(event)) return;
      fail(socket, 'unknown-event', `"${String(event).slice(0, 64)}" is not a rig event; rigs may emit ${RIG_EVENTS.join(', ')}`, args.at(-1));
    });

    socket.on('inject', (...args: unknown[]) => {
      const ack = args.at(-1);
      const request = args.length > 1 ? args[0] : undefined;
      try {
        if (!bucket.take()) throw new InjectionError('rate-limited', `over ${rate} injections per second; slow down`);
        if (request === null || typeof request !== 'object' || !('message' in request)) {
          throw new InjectionError('bad-request', 'inject expects { rsuId, message } or { position: { x, y } | { lat, lon }, stationId?, message }, and an ack callback');
        }
        const session = runner.session;
        if (!session) throw new InjectionError('no-v2x', 'this scenario runs without V2X (v2x.enabled: false)');
        const message = parseInjectedMessage((request as { message: unknown }).message, maxBytes);
        const source = resolveSender(runner.world, request, message);
        const res = injectionQueueOf(session).enqueue({ source, message, rig: socket.id });
        counters.accept('rig.inject');
        if (typeof ack === 'function') (ack as (r: RigInjectAck) => void)({ ok: true, id: res.id, tick: res.tick });
      } catch (e) {
        if (e instanceof InjectionError) fail(socket, e.code, e.message, ack);
        else {
          host.log?.(`rig ${socket.id}: inject failed: ${e instanceof Error ? e.stack : String(e)}`);
          fail(socket, 'internal', 'internal error', ack);
        }
      }
    });

    const subscription = (name: 'subscribe' | 'unsubscribe') =>
      socket.on(name, (...args: unknown[]) => {
        const ack = args.at(-1);
        try {
          const rsuId = checkRsu(args.length > 1 ? args[0] : undefined);
          if (name === 'subscribe') subs.add(rsuId);
          else subs.delete(rsuId);
          counters.accept(`rig.${name}`);
          if (typeof ack === 'function') (ack as (r: RigSubscribeAck) => void)({ ok: true, rsuId });
        } catch (e) {
          fail(socket, e instanceof InjectionError ? e.code : 'bad-request', e instanceof Error ? e.message : String(e), ack);
        }
      });
    subscription('subscribe');
    subscription('unsubscribe');
    socket.on('disconnect', () => subscribers.delete(socket));
  };
  rig.on('connection', onConnection);

  const onTraffic = (traffic: TickTraffic) => {
    if (subscribers.size === 0) return;
    const ids = rsuIds();
    const heard = new Map<string, Uint8Array | null>();
    const payloadOf = (rsuId: string): Uint8Array | null => {
      let p = heard.get(rsuId);
      if (p === undefined) {
        const k = ids.indexOf(rsuId);
        const msgs = k >= 0 ? receivedBy(traffic, k) : [];
        p = msgs.length > 0 ? encodeUplink(msgs) : null;
        heard.set(rsuId, p);
      }
      return p;
    };
    for (const [socket, subs] of subscribers) {
      if (subs.size === 0) continue;
      const rsus: RigUplink['rsus'] = [];
      for (const rsuId of subs) {
        const messages = payloadOf(rsuId);
        if (messages) rsus.push({ rsuId, messages });
      }
      if (rsus.length > 0) socket.emit('uplink', { tick: traffic.tick, time: traffic.time, rsus });
    }
  };
  const sub: Subscription = runner.ticks$.subscribe(({ traffic }) => {
    if (traffic) onTraffic(traffic);
  });

  return () => {
    sub.unsubscribe();
    rig.off('connection', onConnection);
    subscribers.clear();
  };
}
