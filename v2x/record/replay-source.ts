// Random access to the frames and snapshots of a recording, through the MCAP chunk and message
// indexes: finding the frame of a time reads the one chunk that holds it, never the file from the
// start. Frames come out whole, as the live server sent them: a recording's /sim/frame holds the
// state, and the tick's transmissions and deliveries are read from their own topics at the same
// log time and appended (frame-assembly.ts). Isomorphic (the replay server and the browser
// viewer's dropped-file player use it).
import { FAMILIES } from '../families.ts';
import { LiveProto } from '../live/live-types.ts';
import { assembleFrame, type RecordedTransmission } from './frame-assembly.ts';
import { openRecording, RecordingError, type Readable, type Recording } from './reader.ts';
import { FRAME_LAYOUT_STATE, TOPICS, V2X_TOPICS, v2xTopic } from './topics.ts';

export interface TimedBytes {
  /** Log time, ns since the start of the recording. */
  readonly logNs: bigint;
  readonly bytes: Uint8Array;
}

/** How far back a seek looks for the frame before a time at first (a frame is written every tick). */
const SEEK_WINDOW_NS = 10_000_000_000n;

/** A message as the MCAP reader gives it (the fields used here). */
interface Message {
  readonly channelId: number;
  readonly logTime: bigint;
  readonly data: Uint8Array;
}

export class ReplaySource {
  /** Frames to complete from the V2X topics (recordings whose /sim/frame holds the state only). */
  private readonly assemble: boolean;
  /** MessageFamily number of each family topic's channel id. */
  private readonly familyOf = new Map<number, number>();
  private readonly deliveriesChannel: number | undefined;
  /** Topics of the parts of a frame stored apart. */
  private readonly partTopics = [...V2X_TOPICS, TOPICS.deliveries];

  private constructor(
    readonly recording: Recording,
    /** Every snapshot (start, and one per live restart), in time order. */
    readonly snapshots: readonly TimedBytes[],
    /** Log time of the last frame. */
    readonly lastFrameNs: bigint,
  ) {
    // Without its run metadata a file has no snapshot either (it is written first): current layout.
    this.assemble = recording.run === undefined || recording.run.frameLayout === FRAME_LAYOUT_STATE;
    FAMILIES.forEach((f, k) => {
      const id = recording.channels.get(v2xTopic(f));
      if (id !== undefined) this.familyOf.set(id, k + 1);
    });
    this.deliveriesChannel = recording.channels.get(TOPICS.deliveries);
  }

  /** Opens and indexes a recording; throws RecordingError when it cannot be replayed. */
  static async open(readable: Readable, name: string): Promise<ReplaySource> {
    const recording = await openRecording(readable, name);
    const snapshots: TimedBytes[] = [];
    const lastFrame = await guard(name, async () => {
      for await (const m of recording.reader.readMessages({ topics: [TOPICS.snapshot] })) snapshots.push({ logNs: m.logTime, bytes: m.data });
      for await (const m of recording.reader.readMessages({ topics: [TOPICS.frame], reverse: true })) return m.logTime;
      return undefined;
    });
    if (snapshots.length === 0) throw new RecordingError('empty', `${name}: no snapshot; nothing to replay`);
    return new ReplaySource(recording, snapshots, lastFrame ?? snapshots[0]!.logNs);
  }

  get name(): string {
    return this.recording.name;
  }
  get warnings(): readonly string[] {
    return this.recording.warnings;
  }
  /** Start of the timeline: the first snapshot. */
  get startNs(): bigint {
    return this.snapshots[0]!.logNs;
  }
  /** End of the timeline: the last frame. */
  get endNs(): bigint {
    return this.lastFrameNs;
  }

  /** The snapshot in force at `ns`: the last one at or before it (the first before the start). */
  snapshotAt(ns: bigint): TimedBytes {
    let s = this.snapshots[0]!;
    for (const x of this.snapshots) if (x.logNs <= ns) s = x;
    return s;
  }

  /** The last frame at or before `ns`, or undefined before the first frame. */
  async frameAt(ns: bigint): Promise<TimedBytes | undefined> {
    return this.lastBefore(ns, true);
  }

  /** The last frame strictly before `ns`. */
  async frameBefore(ns: bigint): Promise<TimedBytes | undefined> {
    return ns === 0n ? undefined : this.lastBefore(ns - 1n, true);
  }

  /** The first frame strictly after `ns`. */
  async frameAfter(ns: bigint): Promise<TimedBytes | undefined> {
    if (ns >= this.lastFrameNs) return undefined;
    return guard(this.name, async () => {
      for await (const m of this.recording.reader.readMessages({ topics: [TOPICS.frame], startTime: ns + 1n, endTime: this.lastFrameNs })) return this.complete(m);
      return undefined;
    });
  }

  /** Frames and snapshots with log time in (afterNs, untilNs], in order. */
  async between(afterNs: bigint, untilNs: bigint): Promise<{ topic: 'frame' | 'snapshot'; item: TimedBytes }[]> {
    if (untilNs <= afterNs) return [];
    const snapshotChannel = this.recording.channels.get(TOPICS.snapshot);
    return guard(this.name, async () => {
      const out: { topic: 'frame' | 'snapshot'; item: TimedBytes }[] = [];
      const topics = [TOPICS.frame, TOPICS.snapshot, ...(this.assemble ? this.partTopics : [])];
      const parts = new Map<bigint, Message[]>();
      const frames: Message[] = [];
      for await (const m of this.recording.reader.readMessages({ topics, startTime: afterNs + 1n, endTime: untilNs })) {
        if (m.channelId === snapshotChannel) out.push({ topic: 'snapshot', item: { logNs: m.logTime, bytes: m.data } });
        else if (this.familyOf.has(m.channelId) || m.channelId === this.deliveriesChannel) (parts.get(m.logTime) ?? parts.set(m.logTime, []).get(m.logTime)!).push(m);
        else frames.push(m);
      }
      for (const f of frames) out.push({ topic: 'frame', item: this.assembled(f, parts.get(f.logTime) ?? []) });
      // Time order, a snapshot before the frames of its time (stable sort keeps the rest in order).
      return out.sort((a, b) => (a.item.logNs < b.item.logNs ? -1 : a.item.logNs > b.item.logNs ? 1 : a.topic === b.topic ? 0 : a.topic === 'snapshot' ? -1 : 1));
    });
  }

  /** The whole frame of a recorded frame message: its stored parts read at its log time. */
  private async complete(frame: Message): Promise<TimedBytes> {
    if (!this.assemble) return { logNs: frame.logTime, bytes: frame.data };
    const parts: Message[] = [];
    for await (const m of this.recording.reader.readMessages({ topics: this.partTopics, startTime: frame.logTime, endTime: frame.logTime })) parts.push(m);
    return this.assembled(frame, parts);
  }

  private assembled(frame: Message, parts: readonly Message[]): TimedBytes {
    if (!this.assemble) return { logNs: frame.logTime, bytes: frame.data };
    const transmissions: RecordedTransmission[] = [];
    let deliveries: Uint8Array | undefined;
    for (const p of parts) {
      const family = this.familyOf.get(p.channelId);
      if (family !== undefined) transmissions.push({ family, record: p.data });
      else deliveries = p.data;
    }
    return { logNs: frame.logTime, bytes: assembleFrame(frame.data, transmissions, deliveries) };
  }

  private async lastBefore(ns: bigint, _frames: true): Promise<TimedBytes | undefined> {
    if (ns < this.recording.startNs) return undefined;
    const end = ns > this.lastFrameNs ? this.lastFrameNs : ns;
    return guard(this.name, async () => {
      // A short window first (one chunk, usually), then the whole past.
      for (const start of [end > SEEK_WINDOW_NS ? end - SEEK_WINDOW_NS : 0n, 0n]) {
        for await (const m of this.recording.reader.readMessages({ topics: [TOPICS.frame], startTime: start, endTime: end, reverse: true })) return this.complete(m);
        if (start === 0n) break;
      }
      return undefined;
    });
  }
}

/** Any failure while reading a recording becomes a RecordingError naming the file. */
async function guard<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof RecordingError) throw e;
    throw new RecordingError('corrupt', `${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Several consecutive frames as one, the way the live server coalesces ticks: the state of the
 * last, the V2X traffic of all (deliveries re-indexed), `firstTick` of the first.
 */
export function mergeFrames(frames: readonly Uint8Array[]): Uint8Array {
  if (frames.length === 1) return frames[0]!;
  const decoded = frames.map((f) => LiveProto.Frame.decode(f));
  const last = decoded.at(-1)!;
  const transmissions: (typeof last.transmissions)[number][] = [];
  const d = { transmissions: [] as number[], receiverStationIds: [] as number[], latencyMs: [] as number[], distances: [] as number[] };
  for (const f of decoded) {
    const offset = transmissions.length;
    transmissions.push(...f.transmissions);
    const fd = f.deliveries;
    if (!fd) continue;
    for (const t of fd.transmissions ?? []) d.transmissions.push(t + offset);
    d.receiverStationIds.push(...(fd.receiverStationIds ?? []));
    d.latencyMs.push(...(fd.latencyMs ?? []));
    d.distances.push(...(fd.distances ?? []));
  }
  last.firstTick = decoded[0]!.firstTick;
  last.transmissions = transmissions;
  last.deliveries = LiveProto.Deliveries.create(d);
  return LiveProto.Frame.encode(last).finish();
}
