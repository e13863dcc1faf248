// A player for tests and benchmarks: hands over a given snapshot and frames on demand, and
// records the commands it was asked for.
import type { LiveFrame, LiveSnapshot } from '../../../v2x/live/live-types.ts';
import type { Speed } from '../../../v2x/live/events.ts';
import type { Player, PlayerCapability, PlayerListener, PlayerSessionState } from './player.ts';

export class FakePlayer implements Player {
  readonly name = 'fake';
  readonly capabilities: readonly PlayerCapability[] = ['pause', 'step', 'speed', 'stepBack', 'seek'];
  readonly commands: string[] = [];
  private listener: PlayerListener | null = null;

  start(listener: PlayerListener): void {
    this.listener = listener;
    listener.onStatus({ kind: 'connected' });
  }
  close(): void {
    this.listener?.onStatus({ kind: 'closed' });
    this.listener = null;
  }
  emitSnapshot(s: LiveSnapshot): void {
    this.listener?.onSnapshot(s);
  }
  emitFrame(f: LiveFrame): void {
    this.listener?.onFrame(f);
  }
  emitState(s: PlayerSessionState): void {
    this.listener?.onState(s);
  }
  private record(c: string): Promise<void> {
    this.commands.push(c);
    return Promise.resolve();
  }
  pause(): Promise<void> {
    return this.record('pause');
  }
  resume(): Promise<void> {
    return this.record('resume');
  }
  step(): Promise<void> {
    return this.record('step');
  }
  stepBack(): Promise<void> {
    return this.record('stepBack');
  }
  seek(t: number): Promise<void> {
    return this.record(`seek ${t}`);
  }
  setSpeed(s: Speed): Promise<void> {
    return this.record(`speed ${s}`);
  }
}
