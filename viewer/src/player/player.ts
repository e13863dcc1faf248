// The viewer's source of data. Live socket.io sessions, the server-side replay of a recording,
// a .mcap file dropped on the page and the fake player of the tests all implement this one
// interface (after Foxglove Studio's players/types.ts): the viewer only ever draws what a
// player hands it, and asks the player, never the server, to pause, step or seek.
import type { LiveFrame, LiveSnapshot } from '../../../v2x/live/live-types.ts';
import type { SessionState, Speed } from '../../../v2x/live/events.ts';

/** What a player can do besides streaming; the panels enable their buttons from this list. */
export type PlayerCapability = 'pause' | 'step' | 'speed' | 'stepBack' | 'seek' | 'restart';

/** Where the player's connection stands; shown in the status panel. */
export type ConnectionStatus =
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'reconnecting'; attempt: number; reason: string }
  | { kind: 'closed' }
  | { kind: 'error'; message: string };

/**
 * The player's run state: the session's state as the server broadcasts it (mode 'live' or
 * 'replay', timeline bounds startTime..endTime); a dropped file's player fills the same shape.
 */
export type PlayerSessionState = SessionState;

/** Callbacks a player calls; all synchronous, in the order the data arrived. */
export interface PlayerListener {
  /** A full snapshot (on connect, after a restart or a seek): the viewer resets to it. */
  onSnapshot(snapshot: LiveSnapshot): void;
  /** The next frame. */
  onFrame(frame: LiveFrame): void;
  /** The run state changed (pause, speed, seek, end...). */
  onState(state: PlayerSessionState): void;
  /** The connection changed. */
  onStatus(status: ConnectionStatus): void;
  /** A problem worth showing (a command refused, a frame that could not be decoded). */
  onProblem(message: string): void;
}

export interface Player {
  /** Shown in the status panel, e.g. "live 127.0.0.1:8080" or "file run.mcap". */
  readonly name: string;
  readonly capabilities: readonly PlayerCapability[];
  /** Starts streaming to the listener; called once. */
  start(listener: PlayerListener): void;
  /** Stops streaming and releases sockets or files. */
  close(): void;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** One tick forward (while paused). */
  step(): Promise<void>;
  /** One tick back (recordings). */
  stepBack(): Promise<void>;
  /** Jump to a simulation time, s (recordings). */
  seek(simTime: number): Promise<void>;
  setSpeed(speed: Speed): Promise<void>;
}

/** Thrown by a player asked for something it cannot do. */
export class UnsupportedCommand extends Error {
  constructor(player: string, command: string) {
    super(`${player}: ${command} is not available`);
  }
}
