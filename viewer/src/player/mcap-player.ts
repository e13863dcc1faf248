// The player of a .mcap recording dropped on the page: no server. The recording is read in place
// through the MCAP index (only the chunks needed, sliced from the File) by the same replay code as
// `corridor replay` (v2x/record/replay-source.ts, replay-controller.ts), so it plays, pauses,
// steps both ways, seeks and changes speed exactly like the replay server.
import { decodeFrame, decodeSnapshot } from '../../../v2x/live/frame-decode.ts';
import type { Speed } from '../../../v2x/live/events.ts';
import { BlobReadable } from '../../../v2x/record/blob-readable.ts';
import { ReplaySource } from '../../../v2x/record/replay-source.ts';
import { ReplayController } from '../../../v2x/record/replay-controller.ts';
import { UnsupportedCommand, type Player, type PlayerCapability, type PlayerListener } from './player.ts';

export interface McapPlayerOptions {
  /** Start paused (default false). */
  paused?: boolean;
  speed?: number;
}

export class McapPlayer implements Player {
  readonly name: string;
  readonly capabilities: readonly PlayerCapability[] = ['pause', 'step', 'speed', 'stepBack', 'seek'];
  private controller: ReplayController | null = null;
  private listener: PlayerListener | null = null;
  private closed = false;
  /** Resolves once the file is open (or failed to open). */
  private ready: Promise<ReplayController | null> = Promise.resolve(null);

  /** `file`: a File (its name is shown) or any Blob. */
  constructor(
    private readonly file: Blob & { readonly name?: string },
    private readonly options: McapPlayerOptions = {},
  ) {
    this.name = `file ${file.name ?? 'recording.mcap'}`;
  }

  start(listener: PlayerListener): void {
    this.listener = listener;
    listener.onStatus({ kind: 'connecting' });
    const fileName = this.file.name ?? 'recording.mcap';
    this.ready = ReplaySource.open(new BlobReadable(this.file), fileName).then(
      (source) => {
        if (this.closed) return null;
        for (const w of source.warnings) listener.onProblem(w);
        const controller = new ReplayController(source, { paused: this.options.paused ?? false, speed: this.options.speed ?? 1 });
        this.controller = controller;
        controller.attach({
          snapshot: (b) => this.decode('snapshot', () => listener.onSnapshot(decodeSnapshot(b))),
          frame: (b) => this.decode('frame', () => listener.onFrame(decodeFrame(b))),
          state: (s) => listener.onState(s),
        });
        listener.onStatus({ kind: 'connected' });
        return controller;
      },
      (e: unknown) => {
        // RecordingError: not MCAP, foreign schemas, nothing to replay. Its message names the file.
        listener.onStatus({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
        return null;
      },
    );
  }

  close(): void {
    this.closed = true;
    this.controller?.close();
    this.controller = null;
    this.listener?.onStatus({ kind: 'closed' });
  }

  pause(): Promise<void> {
    return this.run('pause', (c) => c.pause());
  }
  resume(): Promise<void> {
    return this.run('resume', (c) => c.resume());
  }
  step(): Promise<void> {
    return this.run('step', (c) => c.step());
  }
  stepBack(): Promise<void> {
    return this.run('step back', (c) => c.stepBack());
  }
  seek(simTime: number): Promise<void> {
    return this.run('seek', (c) => c.seek(simTime));
  }
  setSpeed(speed: Speed): Promise<void> {
    if (speed === 'max') return Promise.reject(new UnsupportedCommand(this.name, "speed 'max' (a recording plays at 0.1x to 100x)"));
    return this.run('speed', (c) => c.setSpeed(speed));
  }

  private async run(what: string, fn: (c: ReplayController) => Promise<unknown>): Promise<void> {
    const c = (await this.ready) ?? this.controller;
    if (!c || this.closed) throw new UnsupportedCommand(this.name, `${what} (the file is not open)`);
    await fn(c);
  }

  private decode(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.listener?.onProblem(`${what} could not be decoded: ${(e as Error).message}`);
    }
  }
}
