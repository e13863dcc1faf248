// The socket.io event maps of a live session, one module shared by the server and its clients
// (viewer, control tools, rigs): `Server<ListenEvents, EmitEvents>` on the server side,
// `Socket<ServerToClient, ClientToServer>` from socket.io-client on the client side.
//
// Binary payloads are emitted as Uint8Array; a browser client receives an ArrayBuffer, a Node
// client a Buffer (a Uint8Array): wrap with `new Uint8Array(x)` before decoding.
import type { Family } from '../families.ts';

/** Bytes on the wire: what the server emits, and what a client may receive. */
export type Binary = Uint8Array | ArrayBuffer;

/** Pacing of a live session: a multiple of real time, or as fast as possible. */
export type Speed = number | 'max';
export const MIN_SPEED = 0.1;
export const MAX_SPEED = 100;

/** The run's state as seen by clients; broadcast on every change (not on every tick). */
export interface SessionState {
  paused: boolean;
  speed: Speed;
  /** Ticks simulated since the (re)start. */
  tick: number;
  /** Simulated seconds since the (re)start. */
  simTime: number;
  seed: number;
  /** The scenario's run.duration was reached; the runner paused there (resume runs on). */
  ended: boolean;
  /**
   * 'live': a simulating session (`corridor run`); 'replay': a recording played back
   * (`corridor replay`, v2x/record/), where `restart` is refused and `seek` / `stepBack` work.
   */
  mode: SessionMode;
  /** Timeline bounds in simulated seconds, for a scrubbable timeline: live, 0 and run.duration; replay, the recording's first and last frame. */
  startTime: number;
  endTime: number;
}

export type SessionMode = 'live' | 'replay';

/** Every command is acknowledged with one of these. */
export type Ack<T> = { ok: true } & T | { ok: false; error: string };
export type CommandAck = Ack<{ state: SessionState }>;

/** Sent on a namespace when a client's input is rejected (the connection stays open). */
export interface ErrorEvent {
  /** Stable, machine-readable; the same text as the /health rejection counter's reason. */
  code: string;
  message: string;
}

/** The namespaces of a live server, for listings and clients. */
export const NAMESPACES = { viewer: '/viewer', control: '/control', rig: '/rig' } as const;
export type NamespaceName = keyof typeof NAMESPACES;

// --- /viewer: read-only, no token ----------------------------------------------------------

export interface SubscribeRequest {
  /** Message families to receive in frames; 'all' (or omitted) for everything. */
  families?: readonly Family[] | 'all';
}
export type SubscribeAck = Ack<{ families: readonly Family[] | 'all' }>;

export interface ViewerServerToClient {
  /** On connect and after each restart: everything a viewer needs (FrameSource.snapshot). */
  snapshot: (bytes: Binary) => void;
  /** One per tick, or per interval of at most 20 Hz coalescing ticks (FrameSource.flush). */
  frame: (bytes: Binary) => void;
  state: (state: SessionState) => void;
  error: (error: ErrorEvent) => void;
}

export interface ViewerClientToServer {
  subscribe: (request: SubscribeRequest, ack: (res: SubscribeAck) => void) => void;
}

// --- /control: token in `auth.token` -------------------------------------------------------

export interface RestartRequest {
  /** run.seed of the new run; the current seed if omitted. */
  seed?: number;
}

export interface ControlClientToServer {
  pause: (ack: (res: CommandAck) => void) => void;
  resume: (ack: (res: CommandAck) => void) => void;
  /** One tick; only while paused. */
  step: (ack: (res: CommandAck) => void) => void;
  /** MIN_SPEED..MAX_SPEED, or 'max'. */
  speed: (speed: Speed, ack: (res: CommandAck) => void) => void;
  restart: (request: RestartRequest, ack: (res: CommandAck) => void) => void;
  /** The current state, no change. */
  state: (ack: (res: CommandAck) => void) => void;
  /**
   * Replay only: jump to the frame of simulated time `simTime` (seconds, clamped to the
   * timeline; the last frame at or before it). Keeps pause/play as it was. A live session refuses it.
   */
  seek: (simTime: number, ack: (res: CommandAck) => void) => void;
  /** Replay only: one frame back; only while paused. A live session refuses it. */
  stepBack: (ack: (res: CommandAck) => void) => void;
}

export interface ControlServerToClient {
  state: (state: SessionState) => void;
  error: (error: ErrorEvent) => void;
}

// --- /rig: token in `auth.token`; handlers in v2x/live/rig-namespace.ts, client v2x/live/rig-client.ts

/** An ItsMessage as a rig sends it: protobuf binary, JSON text, or a JSON object (proto3 JSON mapping). */
export type RigMessage = Binary | string | Record<string, unknown>;
/** A position: local metres (x east, y north of the scenario origin) or WGS84 degrees. */
export type RigPosition = { x: number; y: number } | { lat: number; lon: number };

/**
 * An injection: sent by a named RSU, or by a virtual station at a position (present for that
 * tick only; `stationId` defaults to the message's header.stationId). The message keeps the
 * header the rig wrote; it is transmitted at the next tick boundary through the radio channel.
 */
export type RigInjectRequest = { rsuId: string; message: RigMessage } | { position: RigPosition; stationId?: number; message: RigMessage };
/** @deprecated the placeholder name of RigInjectRequest. */
export type RigInjectPayload = RigInjectRequest;
/** `id`: the injection's number in this run; `tick`: the tick that transmits it. */
export type RigInjectAck = Ack<{ id: number; tick: number }>;
export type RigSubscribeAck = Ack<{ rsuId: string }>;

/**
 * One per tick per rig, for the ticks in which at least one of its subscribed RSUs heard
 * something. `messages`: length-prefixed protobuf ItsMessages, each a uint32 little-endian
 * byte count then the bytes (v2x/injection.ts `decodeUplink`).
 */
export interface RigUplink {
  tick: number;
  /** Simulated seconds at the end of that tick. */
  time: number;
  rsus: { rsuId: string; messages: Binary }[];
}

export interface RigClientToServer {
  inject: (request: RigInjectRequest, ack: (res: RigInjectAck) => void) => void;
  /** Receive what this RSU hears (its uplink), from the next tick on. */
  subscribe: (rsuId: string, ack: (res: RigSubscribeAck) => void) => void;
  unsubscribe: (rsuId: string, ack: (res: RigSubscribeAck) => void) => void;
}

export interface RigServerToClient {
  /** What the subscribed RSUs received over the air in one tick. */
  uplink: (batch: RigUplink) => void;
  error: (error: ErrorEvent) => void;
}

/** Events the server listens for per namespace (to flag anything else as unknown). */
export const VIEWER_EVENTS: readonly (keyof ViewerClientToServer)[] = ['subscribe'];
export const CONTROL_EVENTS: readonly (keyof ControlClientToServer)[] = ['pause', 'resume', 'step', 'speed', 'restart', 'state', 'seek', 'stepBack'];
export const RIG_EVENTS: readonly (keyof RigClientToServer)[] = ['inject', 'subscribe', 'unsubscribe'];
