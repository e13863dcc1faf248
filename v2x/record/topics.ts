// The layout of a Corridor recording (docs/recording.md): its topics, their schemas and message
// encodings, and its metadata records. Shared by the writer, the reader and the browser viewer,
// so nothing here touches Node.
import { FAMILIES, type Family } from '../families.ts';

/** MCAP Header.profile of Corridor recordings. */
export const RECORDING_PROFILE = 'corridor';

/** Log and publish times are simulation nanoseconds since the start of the recording. */
export const NS_PER_SECOND = 1_000_000_000;

export const TOPICS = {
  snapshot: '/sim/snapshot',
  frame: '/sim/frame',
  events: '/sim/events',
  deliveries: '/v2x/deliveries',
  injections: '/live/injections',
  control: '/live/control',
} as const;

/** One topic per V2X family: `/v2x/cam`, `/v2x/denm`, ... */
export function v2xTopic(family: Family): string {
  return `/v2x/${family}`;
}
export const V2X_TOPICS: readonly string[] = FAMILIES.map(v2xTopic);

export type SchemaEncoding = 'protobuf' | 'jsonschema';
export type MessageEncoding = 'protobuf' | 'json';

export interface TopicSpec {
  readonly topic: string;
  /** Fully qualified protobuf message name, or the name of a JSON schema. */
  readonly schema: string;
  readonly encoding: MessageEncoding;
}

export const SCHEMAS = {
  snapshot: 'corridor.live.v1.Snapshot',
  frame: 'corridor.live.v1.Frame',
  transmission: 'corridor.record.v1.V2xTransmission',
  deliveries: 'corridor.record.v1.TickDeliveries',
  injection: 'corridor.record.v1.RigInjection',
  events: 'corridor.record.v1.SimEvents',
  control: 'corridor.record.v1.ControlCommand',
  scene: 'foxglove.SceneUpdate',
} as const;

/** Every channel of a recording, in registration order (channel ids follow it). */
export const TOPIC_SPECS: readonly TopicSpec[] = [
  { topic: TOPICS.snapshot, schema: SCHEMAS.snapshot, encoding: 'protobuf' },
  { topic: TOPICS.frame, schema: SCHEMAS.frame, encoding: 'protobuf' },
  { topic: TOPICS.events, schema: SCHEMAS.events, encoding: 'json' },
  ...FAMILIES.map((f) => ({ topic: v2xTopic(f), schema: SCHEMAS.transmission, encoding: 'protobuf' as const })),
  { topic: TOPICS.deliveries, schema: SCHEMAS.deliveries, encoding: 'protobuf' },
  { topic: TOPICS.injections, schema: SCHEMAS.injection, encoding: 'protobuf' },
  { topic: TOPICS.control, schema: SCHEMAS.control, encoding: 'json' },
];

/** With --record-foxglove: Foxglove's well-known scene schema, for the 3D panel of Foxglove and Lichtblick. */
export const SCENE_TOPIC = '/foxglove/scene';
export const FOXGLOVE_SPECS: readonly TopicSpec[] = [{ topic: SCENE_TOPIC, schema: SCHEMAS.scene, encoding: 'protobuf' }];

/** Schemas a reader accepts: name -> schema encoding. Anything else is refused. */
export const KNOWN_SCHEMAS: ReadonlyMap<string, SchemaEncoding> = new Map<string, SchemaEncoding>([
  [SCHEMAS.snapshot, 'protobuf'],
  [SCHEMAS.frame, 'protobuf'],
  [SCHEMAS.transmission, 'protobuf'],
  [SCHEMAS.deliveries, 'protobuf'],
  [SCHEMAS.injection, 'protobuf'],
  [SCHEMAS.events, 'jsonschema'],
  [SCHEMAS.control, 'jsonschema'],
  [SCHEMAS.scene, 'protobuf'],
]);

/** Metadata record names. */
export const METADATA = {
  /** Once, first: scenario text and file, seed, tick, duration, overrides, project version. */
  run: 'corridor.run',
  /** After a live restart: the new segment's start (recording seconds) and seed. */
  restart: 'corridor.restart',
} as const;

/** The `corridor.run` metadata record, as strings (MCAP metadata is a string map). */
export interface RunMetadata {
  scenarioFile: string;
  scenarioText: string;
  overrides: string;
  seed: string;
  tick: string;
  duration: string;
  projectVersion: string;
  /** 'live' or 'headless'. */
  source: string;
  /**
   * FRAME_LAYOUT_STATE: each /sim/frame holds the world state only, the tick's transmissions and
   * deliveries being on /v2x/<family> and /v2x/deliveries (replay reassembles the viewer's frame).
   * Absent in recordings of Corridor 0.1 before it, whose frames are complete.
   */
  frameLayout?: string;
}

export const FRAME_LAYOUT_STATE = 'state';

/** `/sim/events` message: the tick's simulation events (sim/events.ts SimEvent), as JSON. */
export interface SimEventsMessage {
  tick: number;
  time: number;
  events: readonly Record<string, unknown>[];
}

/** `/live/control` message: a control command of a live session and the state after it. */
export interface ControlMessage {
  command: 'pause' | 'resume' | 'step' | 'speed' | 'restart' | 'ended';
  /** The speed for `speed` ('max' or a number), the seed for `restart`. */
  argument?: number | string;
  tick: number;
  time: number;
  paused: boolean;
  speed: number | 'max';
  seed: number;
}

/** JSON schemas (draft 2020-12) of the JSON-encoded topics. */
export const JSON_SCHEMAS: Record<typeof SCHEMAS.events | typeof SCHEMAS.control, object> = {
  [SCHEMAS.events]: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: SCHEMAS.events,
    description: 'Simulation events of one tick (sim/events.ts SimEvent)',
    type: 'object',
    properties: {
      tick: { type: 'integer' },
      time: { type: 'number', description: 'simulated seconds at the end of the tick' },
      events: { type: 'array', items: { type: 'object', properties: { type: { type: 'string' }, tick: { type: 'integer' } }, required: ['type', 'tick'] } },
    },
    required: ['tick', 'time', 'events'],
  },
  [SCHEMAS.control]: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: SCHEMAS.control,
    description: 'A control command of a live session (or the end of run.duration) and the state after it',
    type: 'object',
    properties: {
      command: { enum: ['pause', 'resume', 'step', 'speed', 'restart', 'ended'] },
      argument: { type: ['number', 'string'] },
      tick: { type: 'integer' },
      time: { type: 'number' },
      paused: { type: 'boolean' },
      speed: { type: ['number', 'string'] },
      seed: { type: 'integer' },
    },
    required: ['command', 'tick', 'time', 'paused', 'speed', 'seed'],
  },
};

/** Simulated seconds -> recording nanoseconds (bigint), rounded to the nanosecond. */
export function toNs(seconds: number): bigint {
  return BigInt(Math.round(seconds * NS_PER_SECOND));
}
export function toSeconds(ns: bigint): number {
  return Number(ns) / NS_PER_SECOND;
}
