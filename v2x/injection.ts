// The injection path into the V2X runtime: messages from outside the simulation (a test rig over
// the live server's /rig namespace, or a test) are checked here, queued, and transmitted at the
// next tick boundary by a named RSU or by a virtual station at a given position, through the same
// encoding and radio channel as every facility message. Receivers (the shuttles) cannot tell them
// apart from the simulation's own.
//
// Also here, with no socket code: what an RSU hears (its uplink) per tick, and the uplink wire
// format (length-prefixed protobuf ItsMessages) shared by the server and the rig client.
//
// Header station id: an injected message keeps the header.stationId the rig wrote, even when an
// RSU sends it (a rig may impersonate any station; receivers key DENMs on actionId anyway). The
// radio sender is the RSU's station (Transmission.senderStationId = the RSU's), or the virtual
// station, whose station id is `stationId` if given, else the message's header.stationId.
import { Subject } from 'rxjs';
import type { World } from '../sim/world.ts';
import { CodecError, encodeItsMessage, parseItsMessageInput } from './codec.ts';
import { payloadKindOf, type ItsMessage } from './message-types.ts';
import { formatIssue, validateItsMessage } from './validate.ts';
import type { Family } from './families.ts';
import type { InjectedOutgoing, InjectionSource, TickTraffic, V2xRuntime } from './runtime.ts';
import { geoOf } from './facilities/position.ts';

/** Largest injected message, bytes (protobuf binary, or the JSON text of a JSON message). */
export const MAX_INJECTED_BYTES = 64 * 1024;

/** Why an injection was refused; stable codes, counted by the live server as `rig.<code>`. */
export type InjectionErrorCode =
  | 'bad-request'
  | 'oversize'
  | 'not-protobuf'
  | 'bad-json'
  | 'no-payload'
  | 'bad-envelope'
  | 'out-of-range'
  | 'unknown-rsu'
  | 'bad-position'
  | 'rate-limited'
  | 'no-v2x';

export class InjectionError extends Error {
  override readonly name = 'InjectionError';
  constructor(
    readonly code: InjectionErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Where an accepted injection is sent from. `rsu`: index in scenario.rsus (= station index). */
export type InjectionOrigin = { readonly rsu: number } | { readonly x: number; readonly y: number; readonly stationId: number };

export interface InjectionRequest {
  readonly source: InjectionOrigin;
  readonly message: ItsMessage;
  /** Who injected it (a rig's socket id, 'test'...), for logs and recordings. */
  readonly rig: string;
}

/** An accepted injection, as published on `injected$` (recordings replay these). */
export interface AcceptedInjection {
  /** 1, 2, ... per queue, in arrival order. */
  readonly id: number;
  /** The tick whose V2X step transmits it (the next one simulated). */
  readonly tick: number;
  readonly rig: string;
  readonly source: InjectionOrigin;
  readonly family: Family;
  readonly message: ItsMessage;
}

/**
 * Checks a message as a rig sends it: protobuf binary (Uint8Array, Buffer, ArrayBuffer), JSON
 * text or a parsed JSON object; at most `maxBytes`; a well-formed envelope with one known payload;
 * every field within its ETSI range. Throws InjectionError with the reason.
 */
export function parseInjectedMessage(input: unknown, maxBytes = MAX_INJECTED_BYTES): ItsMessage {
  let size: number;
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) size = input.byteLength;
  else if (typeof input === 'string') size = Buffer.byteLength(input, 'utf8');
  else if (typeof input === 'object' && input !== null) {
    try {
      size = Buffer.byteLength(JSON.stringify(input), 'utf8');
    } catch {
      throw new InjectionError('bad-json', 'message: not serialisable as JSON');
    }
  } else throw new InjectionError('bad-request', `message: expected protobuf bytes, JSON text or a JSON object, got ${input === null ? 'null' : typeof input}`);
  if (size > maxBytes) throw new InjectionError('oversize', `message: ${size} bytes, over the ${maxBytes}-byte limit`);
  let msg: ItsMessage;
  try {
    msg = parseItsMessageInput(input as Uint8Array | ArrayBuffer | string | object);
  } catch (e) {
    if (!(e instanceof CodecError)) throw e;
    const binary = input instanceof Uint8Array || input instanceof ArrayBuffer;
    if (e.path === 'payload') throw new InjectionError('no-payload', `${e.message} (an unknown payload field decodes as none)`);
    if (e.path === 'header' || e.path === 'header.messageId') throw new InjectionError('bad-envelope', e.message);
    // A JSON number that does not fit its protobuf type (a negative uint32 speed) is a range error.
    if (!binary && /does not fit|out of range/.test(e.message)) throw new InjectionError('out-of-range', e.message);
    throw new InjectionError(binary ? 'not-protobuf' : 'bad-json', e.message);
  }
  const issues = validateItsMessage(msg);
  if (issues.length > 0) {
    const shown = issues.slice(0, 5).map(formatIssue).join('; ');
    throw new InjectionError('out-of-range', `invalid ItsMessage: ${shown}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''}`);
  }
  return msg;
}

/** A rig's choice of sender: a named RSU, or a position (local metres or WGS84 degrees). */
export type SenderSpec =
  | { readonly rsuId: string }
  | { readonly position: { readonly x: number; readonly y: number } | { readonly lat: number; readonly lon: number }; readonly stationId?: number };

/** Largest distance of a virtual station from the scenario origin, metres. */
const MAX_OFFSET = 100_000;

/** Resolves a sender spec against the world's scenario; `stationId` defaults to the header's. Throws InjectionError. */
export function resolveSender(world: World, spec: unknown, message: ItsMessage): InjectionOrigin {
  if (spec === null || typeof spec !== 'object') throw new InjectionError('bad-request', 'expected { rsuId, message } or { position: { x, y } | { lat, lon }, stationId?, message }');
  const s = spec as Record<string, unknown>;
  if ('rsuId' in s) {
    const ids = world.scenario.rsus.map((r) => r.id);
    const k = typeof s.rsuId === 'string' ? ids.indexOf(s.rsuId) : -1;
    if (k < 0) throw new InjectionError('unknown-rsu', `unknown RSU ${JSON.stringify(s.rsuId)?.slice(0, 80)}; RSUs: ${ids.join(', ') || '(none)'}`);
    return { rsu: k };
  }
  if (!('position' in s)) throw new InjectionError('bad-request', 'give either rsuId or position');
  const p = s.position as Record<string, unknown> | null;
  let x: number;
  let y: number;
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (p && typeof p === 'object' && finite(p.x) && finite(p.y)) {
    x = p.x;
    y = p.y;
  } else if (p && typeof p === 'object' && finite(p.lat) && finite(p.lon)) {
    if (Math.abs(p.lat) > 90 || Math.abs(p.lon) > 180) throw new InjectionError('bad-position', `position ${p.lat}, ${p.lon}: latitude must be within ±90, longitude ±180`);
    const local = geoOf(world).toLocal(p.lat, p.lon);
    x = local.x;
    y = local.y;
  } else throw new InjectionError('bad-position', 'position must be { x, y } (local metres) or { lat, lon } (degrees), finite numbers');
  if (Math.hypot(x, y) > MAX_OFFSET) throw new InjectionError('bad-position', `position is ${Math.round(Math.hypot(x, y))} m from the scenario origin (at most ${MAX_OFFSET} m)`);
  let stationId = message.header?.stationId ?? 0;
  if (s.stationId !== undefined) {
    if (!(typeof s.stationId === 'number' && Number.isInteger(s.stationId) && s.stationId >= 0 && s.stationId <= 4294967295)) {
      throw new InjectionError('bad-request', `stationId must be an integer 0..4294967295, got ${JSON.stringify(s.stationId)}`);
    }
    stationId = s.stationId;
  }
  return { x, y, stationId };
}

/**
 * Accepted injections waiting for the next tick boundary, FIFO by arrival. Attach to a runtime
 * (`new InjectionQueue(runtime)` sets `runtime.injections`); the runtime drains it in each tick's
 * V2X step, after the facilities.
 */
export class InjectionQueue implements InjectionSource {
  /** Every accepted injection, at acceptance, with the tick that transmits it. */
  readonly injected$ = new Subject<AcceptedInjection>();
  private pending: AcceptedInjection[] = [];
  private nextId = 1;
  /** Accepted and transmitted so far. */
  accepted = 0;
  transmitted = 0;

  constructor(private readonly runtime: V2xRuntime) {
    runtime.injections = this;
  }

  /** Queues a message for the next tick; re-checks it (so a bad message can never reach the tick). Throws InjectionError. */
  enqueue(req: InjectionRequest): { id: number; tick: number } {
    const family = payloadKindOf(req.message);
    if (!family) throw new InjectionError('no-payload', 'ItsMessage without payload');
    const issues = validateItsMessage(req.message);
    if (issues.length > 0) throw new InjectionError('out-of-range', `invalid ItsMessage: ${issues.slice(0, 5).map(formatIssue).join('; ')}`);
    try {
      encodeItsMessage(req.message);
    } catch (e) {
      throw new InjectionError('bad-envelope', e instanceof Error ? e.message : String(e));
    }
    const src = req.source;
    if ('rsu' in src) {
      if (!(Number.isInteger(src.rsu) && src.rsu >= 0 && src.rsu < this.runtime.world.net.rsus.length)) throw new InjectionError('unknown-rsu', `no RSU with index ${src.rsu}`);
    } else if (!(Number.isFinite(src.x) && Number.isFinite(src.y))) throw new InjectionError('bad-position', 'position must be finite');
    const accepted: AcceptedInjection = { id: this.nextId++, tick: this.runtime.world.tick + 1, rig: req.rig, source: src, family, message: req.message };
    this.pending.push(accepted);
    this.accepted++;
    this.injected$.next(accepted);
    return { id: accepted.id, tick: accepted.tick };
  }

  /** Injections queued and not yet transmitted. */
  get size(): number {
    return this.pending.length;
  }

  drain(_tick: number): readonly InjectedOutgoing[] {
    if (this.pending.length === 0) return [];
    const out = this.pending.map((a) => ({ family: a.family, message: a.message, from: a.source }));
    this.pending = [];
    this.transmitted += out.length;
    return out;
  }

  /** Detaches from the runtime and completes injected$. */
  dispose(): void {
    if (this.runtime.injections === this) this.runtime.injections = undefined;
    this.pending = [];
    this.injected$.complete();
  }
}

// ---- Uplink: what an RSU hears ----------------------------------------------------------------

/**
 * The encoded messages station `receiver` received in this tick, in transmission order (each
 * transmission once). For an RSU, `receiver` is its index in scenario.rsus.
 */
export function receivedBy(traffic: TickTraffic, receiver: number): Uint8Array[] {
  const d = traffic.deliveries;
  const tags: number[] = [];
  for (let k = 0; k < d.count; k++) if (d.receiver[k] === receiver) tags.push(d.tag[k]!);
  tags.sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let last = -1;
  for (const t of tags) {
    if (t === last) continue;
    last = t;
    out.push(traffic.transmissions[t]!.bytes);
  }
  return out;
}

/**
 * Uplink wire format: the concatenation, for each message, of its length as a uint32
 * little-endian followed by its protobuf `corridor.v2x.v1.ItsMessage` bytes. Empty = nothing heard.
 */
export function encodeUplink(messages: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const m of messages) n += 4 + m.byteLength;
  const out = new Uint8Array(n);
  const view = new DataView(out.buffer);
  let o = 0;
  for (const m of messages) {
    view.setUint32(o, m.byteLength, true);
    out.set(m, o + 4);
    o += 4 + m.byteLength;
  }
  return out;
}

/** Splits an uplink payload into the protobuf bytes of each message (views, no copy). Throws RangeError if truncated. */
export function decodeUplink(payload: Uint8Array | ArrayBuffer): Uint8Array[] {
  const bytes = payload instanceof Uint8Array ? payload : new Uint8Array(payload);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Uint8Array[] = [];
  let o = 0;
  while (o < bytes.byteLength) {
    if (o + 4 > bytes.byteLength) throw new RangeError(`uplink: truncated length prefix at byte ${o}`);
    const n = view.getUint32(o, true);
    if (o + 4 + n > bytes.byteLength) throw new RangeError(`uplink: message at byte ${o} claims ${n} bytes, ${bytes.byteLength - o - 4} left`);
    out.push(bytes.subarray(o + 4, o + 4 + n));
    o += 4 + n;
  }
  return out;
}
