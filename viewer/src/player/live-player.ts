// The live player: a socket.io session of `corridor run` (or `corridor replay`, which speaks the
// same protocol). /viewer brings the snapshot, the frames and the state; /control, joined only
// with a control token, takes pause/resume/step/speed (and seek/stepBack on a replay server).
// socket.io reconnects by itself; the server sends a fresh snapshot on every (re)connect, so a
// reconnect is also a resync.
import { io, type Socket } from 'socket.io-client';
import { decodeFrame, decodeSnapshot } from '../../../v2x/live/frame-decode.ts';
import type {
  Binary,
  CommandAck,
  ControlClientToServer,
  ControlServerToClient,
  Speed,
  ViewerClientToServer,
  ViewerServerToClient,
} from '../../../v2x/live/events.ts';
import { NAMESPACES } from '../../../v2x/live/events.ts';
import { UnsupportedCommand, type Player, type PlayerCapability, type PlayerListener, type PlayerSessionState } from './player.ts';

export interface LivePlayerOptions {
  /** Server origin, e.g. http://127.0.0.1:8080 (default: the page's origin). */
  url: string;
  /** Control token; without it the player is view-only. */
  controlToken?: string;
}

const bytes = (b: Binary): Uint8Array => (b instanceof Uint8Array ? b : new Uint8Array(b));

export class LivePlayer implements Player {
  readonly name: string;
  capabilities: readonly PlayerCapability[] = [];
  private viewer: Socket<ViewerServerToClient, ViewerClientToServer> | null = null;
  private control: Socket<ControlServerToClient, ControlClientToServer> | null = null;
  private listener: PlayerListener | null = null;
  private attempts = 0;

  constructor(private readonly options: LivePlayerOptions) {
    this.name = `live ${new URL(options.url).host}`;
  }

  start(listener: PlayerListener): void {
    this.listener = listener;
    listener.onStatus({ kind: 'connecting' });
    const viewer: Socket<ViewerServerToClient, ViewerClientToServer> = io(`${this.options.url}${NAMESPACES.viewer}`, {
      transports: ['websocket'],
      reconnectionDelayMax: 2000,
    });
    this.viewer = viewer;
    viewer.on('connect', () => {
      this.attempts = 0;
      listener.onStatus({ kind: 'connected' });
    });
    viewer.on('disconnect', (reason) => {
      if (reason !== 'io client disconnect') listener.onStatus({ kind: 'reconnecting', attempt: 0, reason });
    });
    viewer.io.on('reconnect_attempt', (n) => {
      this.attempts = n;
      listener.onStatus({ kind: 'reconnecting', attempt: n, reason: 'server unreachable' });
    });
    viewer.on('connect_error', (e) => listener.onStatus({ kind: 'reconnecting', attempt: this.attempts, reason: e.message }));
    viewer.on('snapshot', (b) => this.decode('snapshot', () => listener.onSnapshot(decodeSnapshot(bytes(b)))));
    viewer.on('frame', (b) => this.decode('frame', () => listener.onFrame(decodeFrame(bytes(b)))));
    viewer.on('state', (s) => this.onState(s));
    viewer.on('error', (e) => listener.onProblem(`${e.code}: ${e.message}`));

    const token = this.options.controlToken;
    if (token) {
      const control: Socket<ControlServerToClient, ControlClientToServer> = io(`${this.options.url}${NAMESPACES.control}`, {
        transports: ['websocket'],
        auth: { token },
        reconnectionDelayMax: 2000,
      });
      this.control = control;
      control.on('state', (s) => this.onState(s));
      control.on('error', (e) => listener.onProblem(`control: ${e.code}: ${e.message}`));
      control.on('connect_error', (e) => listener.onProblem(`control: ${e.message}`));
    }
  }

  close(): void {
    this.viewer?.close();
    this.control?.close();
    this.viewer = this.control = null;
    this.listener?.onStatus({ kind: 'closed' });
  }

  private decode(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.listener?.onProblem(`${what} could not be decoded: ${(e as Error).message}`);
    }
  }

  private onState(st: PlayerSessionState): void {
    const caps: PlayerCapability[] = [];
    if (this.control) {
      caps.push('pause', 'step', 'speed');
      if (st.mode === 'replay') caps.push('stepBack', 'seek');
      else caps.push('restart');
    }
    this.capabilities = caps;
    this.listener?.onState(st);
  }

  private command(name: string, send: (c: Socket<ControlServerToClient, ControlClientToServer>, ack: (r: CommandAck) => void) => void): Promise<void> {
    const c = this.control;
    if (!c) return Promise.reject(new UnsupportedCommand(this.name, `${name} (no control token)`));
    return new Promise((resolve, reject) => {
      send(c, (r) => {
        if (r.ok) {
          this.onState(r.state);
          resolve();
        } else reject(new Error(`${name}: ${r.error}`));
      });
    });
  }

  pause(): Promise<void> {
    return this.command('pause', (c, ack) => c.emit('pause', ack));
  }
  resume(): Promise<void> {
    return this.command('resume', (c, ack) => c.emit('resume', ack));
  }
  step(): Promise<void> {
    return this.command('step', (c, ack) => c.emit('step', ack));
  }
  setSpeed(speed: Speed): Promise<void> {
    return this.command('speed', (c, ack) => c.emit('speed', speed, ack));
  }
  /** Recordings only (a live session refuses with control.replay-only). */
  stepBack(): Promise<void> {
    if (!this.capabilities.includes('stepBack')) return Promise.reject(new UnsupportedCommand(this.name, 'step back'));
    return this.command('stepBack', (c, ack) => c.emit('stepBack', ack));
  }
  seek(simTime: number): Promise<void> {
    if (!this.capabilities.includes('seek')) return Promise.reject(new UnsupportedCommand(this.name, 'seek'));
    return this.command('seek', (c, ack) => c.emit('seek', simTime, ack));
  }
}
