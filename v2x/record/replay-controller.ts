// Plays a recording the way a live session runs: a snapshot, then frames paced against wall time
// at a speed from 0.1x to 100x (frames falling within one 50 ms emission are coalesced like the
// live server's), pause, step forward and back one frame, and seek anywhere on the timeline.
// It speaks the live session's vocabulary (SessionState with mode 'replay'), so the replay server
// and the browser's dropped-file player both use it. Isomorphic: timers and a clock only.
//
// Times on the timeline are recording seconds (log time / 1e9): the simulation time of the run,
// continued across live restarts (docs/recording.md).
import { MAX_SPEED, MIN_SPEED, type SessionState } from '../live/events.ts';
import { LiveProto } from '../live/live-types.ts';
import { mergeFrames, type ReplaySource, type TimedBytes } from './replay-source.ts';
import { NS_PER_SECOND, toNs, toSeconds } from './topics.ts';

export interface ReplayOutput {
  snapshot(bytes: Uint8Array): void;
  frame(bytes: Uint8Array): void;
  state(state: SessionState): void;
}

export interface ReplayControllerOptions {
  speed?: number;
  paused?: boolean;
  /** Wall clock, ms (default performance.now). */
  now?: () => number;
  /** Emission period while playing, ms (default 50: at most 20 frames per second, like live). */
  intervalMs?: number;
}

export function checkReplaySpeed(speed: unknown): number {
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
    throw new RangeError(`replay speed must be a number from ${MIN_SPEED} to ${MAX_SPEED}, got ${JSON.stringify(speed)}`);
  }
  return speed;
}

export class ReplayController {
  private speed: number;
  private paused: boolean;
  private ended = false;
  /** Playback position, ns. */
  private cursor: bigint;
  /** The snapshot in force and the frame last shown (undefined: the snapshot's own state). */
  private snapshot: TimedBytes;
  private shown: TimedBytes | undefined;
  private shownTick = 0;
  private lastWall = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly outputs = new Set<ReplayOutput>();

  constructor(
    readonly source: ReplaySource,
    options: ReplayControllerOptions = {},
  ) {
    this.speed = checkReplaySpeed(options.speed ?? 1);
    this.paused = options.paused ?? false;
    this.now = options.now ?? (() => performance.now());
    this.intervalMs = options.intervalMs ?? 50;
    this.snapshot = source.snapshotAt(source.startNs);
    this.cursor = source.startNs;
    this.shownTick = tickOfSnapshot(this.snapshot.bytes);
    if (!this.paused) this.schedule();
  }

  get state(): SessionState {
    const at = this.shown?.logNs ?? this.snapshot.logNs;
    return {
      paused: this.paused,
      speed: this.speed,
      tick: this.shownTick,
      simTime: toSeconds(at),
      seed: seedOfSnapshot(this.snapshot.bytes),
      ended: this.ended,
      mode: 'replay',
      startTime: toSeconds(this.source.startNs),
      endTime: toSeconds(this.source.endNs),
    };
  }

  /** Adds an output (a viewer) and sends it the snapshot in force, the current frame and the state. */
  attach(out: ReplayOutput): () => void {
    this.outputs.add(out);
    void this.serial(async () => {
      out.snapshot(this.snapshot.bytes);
      if (this.shown) out.frame(this.shown.bytes);
      out.state(this.state);
    });
    return () => this.outputs.delete(out);
  }

  pause(): Promise<SessionState> {
    return this.serial(async () => {
      if (!this.paused) {
        this.paused = true;
        this.cancel();
        this.changed();
      }
      return this.state;
    });
  }

  resume(): Promise<SessionState> {
    return this.serial(async () => {
      if (this.paused) {
        // At the end, play again from the start.
        if (this.ended || (this.shown && this.shown.logNs >= this.source.endNs)) await this.moveTo(this.source.startNs);
        this.paused = false;
        this.ended = false;
        this.schedule();
        this.changed();
      }
      return this.state;
    });
  }

  setSpeed(speed: unknown): Promise<SessionState> {
    return this.serial(async () => {
      this.speed = checkReplaySpeed(speed);
      this.changed();
      return this.state;
    });
  }

  /** One frame forward; only while paused. */
  step(): Promise<SessionState> {
    return this.serial(async () => {
      if (!this.paused) throw new Error('step is only possible while paused');
      const next = await this.source.frameAfter(this.shown?.logNs ?? this.snapshot.logNs);
      if (next) await this.show(next);
      else this.ended = true;
      this.changed();
      return this.state;
    });
  }

  /** One frame back; only while paused. Before the first frame of a segment: its snapshot. */
  stepBack(): Promise<SessionState> {
    return this.serial(async () => {
      if (!this.paused) throw new Error('stepBack is only possible while paused');
      const at = this.shown?.logNs ?? this.snapshot.logNs;
      const prev = await this.source.frameBefore(at);
      if (prev) await this.show(prev);
      else await this.moveTo(this.source.startNs);
      this.ended = false;
      this.changed();
      return this.state;
    });
  }

  /** Jumps to recording second `seconds` (clamped to the timeline); keeps playing or paused. */
  seek(seconds: unknown): Promise<SessionState> {
    return this.serial(async () => {
      if (typeof seconds !== 'number' || !Number.isFinite(seconds)) throw new RangeError(`seek expects a time in seconds, got ${JSON.stringify(seconds)}`);
      let ns = toNs(seconds);
      if (ns < this.source.startNs) ns = this.source.startNs;
      if (ns > this.source.endNs) ns = this.source.endNs;
      await this.moveTo(ns);
      this.ended = false;
      this.changed();
      return this.state;
    });
  }

  close(): void {
    this.closed = true;
    this.cancel();
    this.outputs.clear();
  }

  /** Shows the state at `ns`: the snapshot in force, then the last frame at or before ns (if after it). */
  private async moveTo(ns: bigint): Promise<void> {
    const snap = this.source.snapshotAt(ns);
    const frame = await this.source.frameAt(ns);
    if (snap !== this.snapshot || !frame || frame.logNs < snap.logNs) {
      this.snapshot = snap;
      this.emit((o) => o.snapshot(snap.bytes));
    }
    if (frame && frame.logNs >= snap.logNs) {
      this.shown = frame;
      this.shownTick = lastTickOf(frame.bytes);
      this.emit((o) => o.frame(frame.bytes));
    } else {
      this.shown = undefined;
      this.shownTick = tickOfSnapshot(snap.bytes);
    }
    this.cursor = ns;
    this.lastWall = this.now();
  }

  /** Shows one frame (after the snapshot of its segment, if that changes). */
  private async show(frame: TimedBytes): Promise<void> {
    const snap = this.source.snapshotAt(frame.logNs);
    if (snap !== this.snapshot) {
      this.snapshot = snap;
      this.emit((o) => o.snapshot(snap.bytes));
    }
    this.shown = frame;
    this.shownTick = lastTickOf(frame.bytes);
    this.cursor = frame.logNs;
    this.emit((o) => o.frame(frame.bytes));
  }

  private schedule(): void {
    if (this.closed || this.paused || this.timer !== undefined) return;
    this.lastWall = this.now();
    this.timer = setTimeout(() => void this.serial(() => this.play()), this.intervalMs);
  }

  private cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One emission while playing: everything between the cursor and where wall time has brought it. */
  private async play(): Promise<void> {
    this.timer = undefined;
    if (this.paused || this.closed) return;
    const wall = this.now();
    const advance = BigInt(Math.round(((wall - this.lastWall) * this.speed * NS_PER_SECOND) / 1000));
    this.lastWall = wall;
    let target = this.cursor + advance;
    if (target > this.source.endNs) target = this.source.endNs;
    const items = await this.source.between(this.cursor, target);
    let batch: Uint8Array[] = [];
    let lastFrame: TimedBytes | undefined;
    const flush = () => {
      if (batch.length === 0) return;
      const bytes = mergeFrames(batch);
      this.emit((o) => o.frame(bytes));
      batch = [];
    };
    for (const { topic, item } of items) {
      if (topic === 'snapshot') {
        flush();
        this.snapshot = item;
        this.shown = undefined;
        this.shownTick = tickOfSnapshot(item.bytes);
        this.emit((o) => o.snapshot(item.bytes));
      } else {
        batch.push(item.bytes);
        lastFrame = item;
      }
    }
    flush();
    if (lastFrame) {
      this.shown = lastFrame;
      this.shownTick = lastTickOf(lastFrame.bytes);
    }
    this.cursor = target;
    if (target >= this.source.endNs) {
      this.paused = true;
      this.ended = true;
      this.changed();
      return;
    }
    this.timer = setTimeout(() => void this.serial(() => this.play()), this.intervalMs);
  }

  private changed(): void {
    const s = this.state;
    this.emit((o) => o.state(s));
  }

  private emit(fn: (o: ReplayOutput) => void): void {
    for (const o of this.outputs) fn(o);
  }

  /** Commands and playback run one at a time (reads are asynchronous). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function lastTickOf(frame: Uint8Array): number {
  return LiveProto.Frame.decode(frame).lastTick;
}
const snapshotFacts = new WeakMap<Uint8Array, { tick: number; seed: number }>();
function factsOf(snapshot: Uint8Array): { tick: number; seed: number } {
  let f = snapshotFacts.get(snapshot);
  if (!f) {
    const s = LiveProto.Snapshot.decode(snapshot);
    f = { tick: s.state?.lastTick ?? 0, seed: s.scenario?.seed ?? 0 };
    snapshotFacts.set(snapshot, f);
  }
  return f;
}
function tickOfSnapshot(snapshot: Uint8Array): number {
  return factsOf(snapshot).tick;
}
function seedOfSnapshot(snapshot: Uint8Array): number {
  return factsOf(snapshot).seed;
}
