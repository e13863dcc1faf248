// Records a run into an MCAP file (docs/recording.md): the snapshot at the start and after each
// restart, one /sim/frame per tick built by the same ProtoFrameSource as the live stream (so a
// replay sends the viewer what a live session sent), every V2X transmission once on its family's
// topic with its sender, the tick's deliveries and simulation events, rig injections and control
// commands, and a metadata record with the scenario text, seed, tick and project version.
//
// Every time stamp is simulation time (nanoseconds since the start of the recording; a live
// restart continues the recording's clock one tick after the last message), never wall time, so
// the same scenario and seed give the same bytes.
import protobuf from 'protobufjs/minimal.js';
import type { World } from '../../sim/world.ts';
import type { SimEvent } from '../../sim/events.ts';
import type { TickTraffic } from '../runtime.ts';
import type { V2xSession } from '../session.ts';
import type { AcceptedInjection } from '../injection.ts';
import { encodeItsMessage } from '../codec.ts';
import { FAMILIES } from '../families.ts';
import { ProtoFrameSource } from '../live/frame-builder.ts';
import { PackedWriter } from '../live/packed-encoder.ts';
import { SyncMcapWriter, type ByteSink } from './mcap-writer.ts';
import { schemaRecords } from './schemas.ts';
import { SceneEncoder, SCENE_RATE } from './scene.ts';
import { FOXGLOVE_SPECS, FRAME_LAYOUT_STATE, METADATA, RECORDING_PROFILE, SCENE_TOPIC, TOPICS, TOPIC_SPECS, toNs, v2xTopic, type ControlMessage, type RunMetadata, type SimEventsMessage } from './topics.ts';

export interface RecorderOptions {
  sink: ByteSink;
  /** The scenario file's text as loaded, and its name (stored as given). */
  scenarioText: string;
  scenarioFile: string;
  /** --set overrides (and run.seed / run.duration from the command line). */
  overrides: readonly string[];
  projectVersion: string;
  source: 'live' | 'headless';
  /** Chunk size, bytes (default 1 MiB). */
  chunkBytes?: number;
  /** Longest chunk, simulated seconds (default 10): bounds what a killed process loses. */
  chunkSeconds?: number;
  /** CRC-32 for chunk records (default: the portable one of crc32.ts). */
  crc32?: (bytes: Uint8Array) => number;
  /** Also write /foxglove/scene (foxglove.SceneUpdate) for the 3D panel of Foxglove and Lichtblick. */
  foxglove?: boolean;
}

/** The control commands a recorder keeps (the runner's `commands$`). */
export type ControlCommand = Pick<ControlMessage, 'command' | 'argument'>;

export class Recorder {
  private readonly writer: SyncMcapWriter;
  /** Scratch encoder of the per-tick V2X and delivery records. */
  private readonly records = new PackedWriter();
  private readonly channelOf = new Map<string, number>();
  /** Last sequence number per channel id. */
  private readonly sequence: number[] = [];
  private frames!: ProtoFrameSource;
  /** Log time of the current segment's time 0, ns. */
  private base = 0n;
  private lastLog = 0n;
  private dtNs = 0n;
  private readonly familyChannel: number[];
  private closed = false;
  /** --record-foxglove: the scene encoder and its cadence in ticks. */
  private readonly scene: SceneEncoder | undefined;
  private sceneEvery = 1;

  constructor(private readonly options: RecorderOptions) {
    this.writer = new SyncMcapWriter(options.sink, {
      profile: RECORDING_PROFILE,
      library: `corridor ${options.projectVersion}`,
      chunkBytes: options.chunkBytes ?? 1024 * 1024,
      chunkNs: toNs(options.chunkSeconds ?? 10),
      ...(options.crc32 ? { crc32: options.crc32 } : {}),
    });
    const schemaId = new Map<string, number>();
    for (const s of schemaRecords(options.foxglove ?? false)) schemaId.set(s.name, this.writer.addSchema(s));
    for (const spec of options.foxglove ? [...TOPIC_SPECS, ...FOXGLOVE_SPECS] : TOPIC_SPECS) {
      const id = this.writer.addChannel({ schemaId: schemaId.get(spec.schema)!, topic: spec.topic, messageEncoding: spec.encoding, metadata: new Map() });
      this.channelOf.set(spec.topic, id);
    }
    this.familyChannel = FAMILIES.map((f) => this.channelOf.get(v2xTopic(f))!);
    this.scene = options.foxglove ? new SceneEncoder() : undefined;
  }

  /** Metadata and the first snapshot; call once, before the first tick. */
  start(world: World, session: V2xSession | undefined): void {
    const sc = world.scenario;
    const run: RunMetadata = {
      scenarioFile: this.options.scenarioFile,
      scenarioText: this.options.scenarioText,
      overrides: JSON.stringify(this.options.overrides),
      seed: String(sc.run.seed),
      tick: String(sc.run.tick),
      duration: String(sc.run.duration),
      projectVersion: this.options.projectVersion,
      source: this.options.source,
      frameLayout: FRAME_LAYOUT_STATE,
    };
    this.writer.addMetadata(METADATA.run, new Map(Object.entries(run)));
    this.segment(world, session);
  }

  /** After a live restart: a new segment of the recording's clock, with its snapshot. */
  restart(world: World, session: V2xSession | undefined): void {
    this.base = this.lastLog + this.dtNs;
    this.writer.addMetadata(METADATA.restart, new Map([['startTime', String(Number(this.base) / 1e9)], ['seed', String(world.scenario.run.seed)]]));
    this.segment(world, session);
  }

  /** One simulated tick: its frame, transmissions, deliveries and events. */
  tick(world: World, events: readonly SimEvent[], traffic: TickTraffic | undefined): void {
    const t = this.logTime(world);
    if (traffic) {
      const txs = traffic.transmissions;
      // One reused buffer for every record (the chunk copies each message in): the same bytes as
      // protobufjs's writer with every field written, without its per-field allocations.
      const w = this.records;
      for (let k = 0; k < txs.length; k++) {
        const x = txs[k]!;
        w.reset();
        w.uint32(1, x.tick);
        w.uint32(2, k);
        w.uint32(3, x.senderStationId);
        w.float(4, x.x);
        w.float(5, x.y);
        w.message(6, x.bytes);
        this.add(this.familyChannel[FAMILIES.indexOf(x.family)]!, t, w.view());
      }
    }
    if (events.length > 0) {
      const msg: SimEventsMessage = { tick: world.tick, time: world.time, events: events as unknown as Record<string, unknown>[] };
      this.addJson(TOPICS.events, t, msg);
    }
    this.frames.addTick(world, events, traffic);
    // /sim/frame holds the state; the tick's transmissions are on the family topics above and its
    // deliveries on /v2x/deliveries, each once (the replay puts the viewer's frame back together:
    // frame-assembly.ts). The deliveries are the frame source's own encoding, not a second one.
    const parts = this.frames.flushParts(world);
    if (!parts) return;
    if (traffic && traffic.deliveries.count > 0) {
      const w = this.records;
      w.reset();
      w.uint32(1, traffic.tick);
      w.message(2, parts.deliveries);
      this.add(this.channelOf.get(TOPICS.deliveries)!, t, w.view());
    }
    this.add(this.channelOf.get(TOPICS.frame)!, t, parts.state);
    if (this.scene && world.tick % this.sceneEvery === 0) this.add(this.channelOf.get(SCENE_TOPIC)!, t, this.scene.vehicles(world, t));
  }

  /** A rig injection, at its acceptance (transmitted at `injection.tick`). */
  injection(world: World, a: AcceptedInjection): void {
    const w = protobuf.Writer.create();
    w.uint32(8).uint32(a.id);
    w.uint32(16).uint32(a.tick);
    w.uint32(26).string(a.rig);
    if ('rsu' in a.source) {
      w.uint32(34).string(world.scenario.rsus[a.source.rsu]?.id ?? '');
    } else {
      w.uint32(45).float(a.source.x);
      w.uint32(53).float(a.source.y);
      w.uint32(56).uint32(a.source.stationId);
    }
    w.uint32(66).bytes(encodeItsMessage(a.message));
    this.add(this.channelOf.get(TOPICS.injections)!, this.logTime(world), w.finish());
  }

  /** A control command of a live session, with the state after it. */
  control(world: World, command: ControlCommand, state: { paused: boolean; speed: number | 'max'; seed: number }): void {
    const msg: ControlMessage = { ...command, tick: world.tick, time: world.time, paused: state.paused, speed: state.speed, seed: state.seed };
    this.addJson(TOPICS.control, this.logTime(world), msg);
  }

  /** Finishes the file (last chunk, summary, footer). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.writer.close();
  }

  /** Bytes written so far. */
  get size(): bigint {
    return this.writer.size;
  }

  private segment(world: World, session: V2xSession | undefined): void {
    this.dtNs = toNs(world.dt);
    // The same frame source as the live server's (protoFrameSources): what replay sends is what live sent.
    this.frames = new ProtoFrameSource(session ? { channel: session.runtime.channel } : {});
    const t = this.logTime(world);
    this.add(this.channelOf.get(TOPICS.snapshot)!, t, this.frames.snapshot(world));
    if (this.scene) {
      this.sceneEvery = Math.max(1, Math.round(1 / (SCENE_RATE * world.dt)));
      this.add(this.channelOf.get(SCENE_TOPIC)!, t, this.scene.map(world, t));
      this.add(this.channelOf.get(SCENE_TOPIC)!, t, this.scene.vehicles(world, t));
    }
  }

  private logTime(world: World): bigint {
    const t = this.base + toNs(world.time);
    // Never backwards (injections and commands land between ticks, at the current time).
    return t < this.lastLog ? this.lastLog : t;
  }

  private add(channel: number, logTime: bigint, data: Uint8Array): void {
    if (this.closed) return;
    const seq = (this.sequence[channel] ?? 0) + 1;
    this.sequence[channel] = seq;
    this.lastLog = logTime;
    this.writer.addMessage(channel, logTime, data, seq);
  }

  private addJson(topic: string, logTime: bigint, msg: unknown): void {
    this.add(this.channelOf.get(topic)!, logTime, new TextEncoder().encode(JSON.stringify(msg)));
  }
}
