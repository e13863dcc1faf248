// The rig client library: connect to a live Corridor session's /rig namespace with the rig token,
// inject ItsMessages (protobuf binary, JSON text or the JSON object of the proto3 mapping) through
// a named RSU or a virtual station, and subscribe to what an RSU hears.
//
//   const rig = await connectRig('http://127.0.0.1:8080', token);
//   const ack = await rig.inject({ rsuId: 'rsu-hotel-de-ville', message: json });  // { ok, id, tick } | { ok: false, error }
//   await rig.subscribe('rsu-hotel-de-ville', (messages, tick) => ...);          // decoded ItsMessages, per tick
//   rig.close();
//
// Wire format of the server's `uplink` event (see events.ts RigUplink): `{ tick, time, rsus:
// [{ rsuId, messages }] }`, one emit per tick per rig for the ticks in which a subscribed RSU heard
// something. `messages` is the concatenation, per message, of a uint32 little-endian byte count
// and the protobuf `corridor.v2x.v1.ItsMessage` bytes (`decodeUplink` splits it). A rig in another
// language reads it the same way with its own protobuf classes (see docs/v2x-messages.md).
import { io, type Socket } from 'socket.io-client';
import { decodeItsMessage } from '../codec.ts';
import type { ItsMessage } from '../message-types.ts';
import { MAX_INJECTED_BYTES, decodeUplink } from '../injection.ts';
import { NAMESPACES, type ErrorEvent, type RigClientToServer, type RigInjectAck, type RigInjectRequest, type RigServerToClient, type RigSubscribeAck, type RigUplink } from './events.ts';

export { decodeUplink, encodeUplink } from '../injection.ts';
export type { RigInjectAck, RigInjectRequest, RigSubscribeAck, RigUplink } from './events.ts';

export type RigSocket = Socket<RigServerToClient, RigClientToServer>;

/** Called once per tick with what the RSU heard (decoded; undecodable messages are skipped and counted in `decodeErrors`). */
export type UplinkHandler = (messages: ItsMessage[], tick: number, raw: Uint8Array[]) => void;

export interface RigClient {
  readonly socket: RigSocket;
  /** Resolves with the server's ack; a message over 64 KiB is refused here, without sending. Rejects on timeout or disconnect. */
  inject(request: RigInjectRequest): Promise<RigInjectAck>;
  /** Subscribes to an RSU's uplink; resolves with the ack (`ok: false` for an unknown RSU). */
  subscribe(rsuId: string, onUplink: UplinkHandler): Promise<RigSubscribeAck>;
  unsubscribe(rsuId: string): Promise<RigSubscribeAck>;
  /** Error events the server sent (every refusal, with its code). */
  onError(fn: (error: ErrorEvent) => void): void;
  decodeErrors: number;
  close(): void;
}

export interface ConnectRigOptions {
  /** Connection and ack timeout, ms (default 10 s). */
  timeoutMs?: number;
}

/** Connects to `${url}/rig`; rejects with the server's reason (e.g. "rig token rejected") if refused. */
export function connectRig(url: string, token: string, options: ConnectRigOptions = {}): Promise<RigClient> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const socket: RigSocket = io(`${url.replace(/\/+$/, '')}${NAMESPACES.rig}`, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: timeoutMs,
  });
  const handlers = new Map<string, UplinkHandler>();
  const errorHandlers: ((e: ErrorEvent) => void)[] = [];
  const client: RigClient = {
    socket,
    decodeErrors: 0,
    inject(request) {
      const size = sizeOf(request?.message);
      if (size > MAX_INJECTED_BYTES) return Promise.resolve({ ok: false, error: `message: ${size} bytes, over the ${MAX_INJECTED_BYTES}-byte limit (not sent)` });
      return socket.timeout(timeoutMs).emitWithAck('inject', request);
    },
    async subscribe(rsuId, onUplink) {
      handlers.set(rsuId, onUplink);
      const ack = await socket.timeout(timeoutMs).emitWithAck('subscribe', rsuId);
      if (!ack.ok) handlers.delete(rsuId);
      return ack;
    },
    async unsubscribe(rsuId) {
      handlers.delete(rsuId);
      return socket.timeout(timeoutMs).emitWithAck('unsubscribe', rsuId);
    },
    onError(fn) {
      errorHandlers.push(fn);
    },
    close() {
      socket.disconnect();
    },
  };
  socket.on('uplink', (batch: RigUplink) => {
    for (const { rsuId, messages } of batch.rsus) {
      const fn = handlers.get(rsuId);
      if (!fn) continue;
      const raw = decodeUplink(messages instanceof ArrayBuffer ? new Uint8Array(messages) : messages);
      const decoded: ItsMessage[] = [];
      for (const b of raw) {
        try {
          decoded.push(decodeItsMessage(b));
        } catch {
          client.decodeErrors++;
        }
      }
      fn(decoded, batch.tick, raw);
    }
  });
  socket.on('error', (e: ErrorEvent) => {
    for (const fn of errorHandlers) fn(e);
  });
  return new Promise((ok, fail) => {
    socket.once('connect', () => {
      socket.off('connect_error');
      ok(client);
    });
    socket.once('connect_error', (err: Error) => {
      socket.disconnect();
      fail(new Error(`cannot connect to ${url}${NAMESPACES.rig}: ${err.message}`));
    });
  });
}

function sizeOf(message: unknown): number {
  if (message instanceof Uint8Array || message instanceof ArrayBuffer) return message.byteLength;
  if (typeof message === 'string') return Buffer.byteLength(message, 'utf8');
  try {
    return Buffer.byteLength(JSON.stringify(message) ?? '', 'utf8');
  } catch {
    return 0;
  }
}
