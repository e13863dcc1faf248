// The player of a page opened without a server (from disk): nothing streams until a recording
// is dropped on the page, which replaces this player.
import type { Speed } from '../../../v2x/live/events.ts';
import { UnsupportedCommand, type Player, type PlayerCapability, type PlayerListener } from './player.ts';

export class IdlePlayer implements Player {
  readonly name = 'no source';
  readonly capabilities: readonly PlayerCapability[] = [];

  start(listener: PlayerListener): void {
    listener.onStatus({ kind: 'closed' });
  }
  close(): void {}
  private no(what: string): Promise<void> {
    return Promise.reject(new UnsupportedCommand(this.name, `${what} (drop a .mcap recording on the page)`));
  }
  pause(): Promise<void> {
    return this.no('pause');
  }
  resume(): Promise<void> {
    return this.no('play');
  }
  step(): Promise<void> {
    return this.no('step');
  }
  stepBack(): Promise<void> {
    return this.no('step back');
  }
  seek(_simTime: number): Promise<void> {
    return this.no('seek');
  }
  setSpeed(_speed: Speed): Promise<void> {
    return this.no('speed');
  }
}
