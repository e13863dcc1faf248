// The runner of a live session: owns the world and its V2X session, paces ticks against wall
// time (the only place of a live session where wall time is read), and takes commands (pause,
// resume, step, speed, restart) between ticks. Sinks subscribe to `ticks$`; they never slow the
// tick: the runner does not wait for anyone.
//
// Pacing is drift-free: tick k is due at anchor + (k - anchorTick) * dt / speed; the anchor moves
// only on resume, speed change and restart (and when the machine cannot keep up for over a
// second, so the debt is dropped rather than run in a burst).
import { performance } from 'node:perf_hooks';
import { Subject } from 'rxjs';
import { parseScenarioText } from '../../scenarios/load.ts';
import { createWorld } from '../../sim/create.ts';
import { step } from '../../sim/step.ts';
import type { World } from '../../sim/world.ts';
import type { SimEvent } from '../../sim/events.ts';
import type { TickTraffic } from '../runtime.ts';
import { V2xSession } from '../session.ts';
import { MAX_SPEED, MIN_SPEED, type SessionState, type Speed } from './events.ts';

export interface TickRecord {
  readonly world: World;
  readonly events: readonly SimEvent[];
  /** The tick's V2X traffic; undefined when the scenario runs without V2X. */
  readonly traffic: TickTraffic | undefined;
}

/** A command the runner applied (or the end of run.duration it reached), for recorders. */
export interface RunnerCommand {
  readonly command: 'pause' | 'resume' | 'step' | 'speed' | 'restart' | 'ended';
  /** The new speed for `speed`, the seed for `restart`. */
  readonly argument?: number | 'max';
}

/** Called at a tick boundary, just before tick `world.tick + 1` is simulated. */
export type BeforeTick = (world: World, session: V2xSession | undefined) => void;

export interface SessionRunnerOptions {
  /** The scenario file's text and name (as loaded), rebuilt with `overrides` on every restart. */
  text: string;
  file: string;
  overrides?: readonly string[];
  speed?: Speed;
  /** Start paused (default false). */
  paused?: boolean;
  /** Wall time in ms (default performance.now). */
  now?: () => number;
  log?: (line: string) => void;
}

/** Wall time one `run` slice may take before yielding to I/O (sockets, timers), ms. */
const SLICE_MS = 20;
/** Behind schedule by more than this: drop the debt and re-anchor, ms. */
const MAX_LAG_MS = 1000;

export function checkSpeed(speed: unknown): Speed {
  if (speed === 'max') return 'max';
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
    throw new RangeError(`speed must be 'max' or a number from ${MIN_SPEED} to ${MAX_SPEED}, got ${JSON.stringify(speed)}`);
  }
  return speed;
}

export class SessionRunner {
  /** One emission per simulated tick, synchronously after it. */
  readonly ticks$ = new Subject<TickRecord>();
  /** The new world after a restart (before the state$ emission that follows). */
  readonly restarts$ = new Subject<World>();
  /** Every change of pause, speed, seed or end; not on every tick. */
  readonly state$ = new Subject<SessionState>();
  /** Every command applied and the end of run.duration, after the change (recordings keep them). */
  readonly commands$ = new Subject<RunnerCommand>();

  private _world!: World;
  private _session: V2xSession | undefined;
  private _seed = 0;
  private endTick = Infinity;
  private _speed: Speed;
  private _paused: boolean;
  private _ended = false;
  private closed = false;
  private started = false;
  private lastTraffic: TickTraffic | undefined;
  private readonly hooks: BeforeTick[] = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private anchorWall = 0;
  private anchorTick = 0;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly text: string;
  private readonly file: string;
  private readonly overrides: readonly string[];

  constructor(options: SessionRunnerOptions) {
    this.text = options.text;
    this.file = options.file;
    this.overrides = options.overrides ?? [];
    this._speed = checkSpeed(options.speed ?? 1);
    this._paused = options.paused ?? false;
    this.now = options.now ?? (() => performance.now());
    this.log = options.log ?? (() => {});
    this.build(undefined);
  }

  get world(): World {
    return this._world;
  }
  /** Undefined when the scenario has `v2x.enabled: false`. */
  get session(): V2xSession | undefined {
    return this._session;
  }
  get paused(): boolean {
    return this._paused;
  }
  get speed(): Speed {
    return this._speed;
  }
  get seed(): number {
    return this._seed;
  }

  get state(): SessionState {
    return {
      paused: this._paused,
      speed: this._speed,
      tick: this._world.tick,
      simTime: this._world.time,
      seed: this._seed,
      ended: this._ended,
      mode: 'live',
      startTime: 0,
      endTime: this._world.scenario.run.duration,
    };
  }

  /** Registers a hook run at every tick boundary (rig injections, scenario events); returns its removal. */
  beforeTick(fn: BeforeTick): () => void {
    this.hooks.push(fn);
    return () => {
      const k = this.hooks.indexOf(fn);
      if (k >= 0) this.hooks.splice(k, 1);
    };
  }

  /** Starts pacing (unless paused). */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.reanchor();
    this.schedule();
  }

  pause(): SessionState {
    if (!this._paused) {
      this._paused = true;
      this.cancel();
      this.commands$.next({ command: 'pause' });
      this.changed();
    }
    return this.state;
  }

  resume(): SessionState {
    if (this._paused) {
      this._paused = false;
      this._ended = false;
      this.reanchor();
      this.schedule();
      this.commands$.next({ command: 'resume' });
      this.changed();
    }
    return this.state;
  }

  /** Simulates exactly one tick; only while paused. */
  stepOnce(): SessionState {
    if (!this._paused) throw new Error('step is only possible while paused');
    if (this.closed) throw new Error('the session is closed');
    this.tickOnce();
    this.commands$.next({ command: 'step' });
    this.changed();
    return this.state;
  }

  setSpeed(speed: Speed): SessionState {
    this._speed = checkSpeed(speed);
    this.reanchor();
    if (this.timer !== undefined) {
      this.cancel();
      this.schedule();
    }
    this.commands$.next({ command: 'speed', argument: this._speed });
    this.changed();
    return this.state;
  }

  /** Rebuilds world and session from the same scenario with `run.seed` = seed (the current one if omitted). */
  restart(seed?: number): SessionState {
    if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 2 ** 32 - 1)) {
      throw new RangeError(`seed must be an integer from 0 to 2^32-1, got ${JSON.stringify(seed)}`);
    }
    if (this.closed) throw new Error('the session is closed');
    this.cancel();
    this._session?.dispose();
    this.build(seed ?? this._seed);
    this._ended = false;
    this.restarts$.next(this._world);
    this.reanchor();
    this.schedule();
    this.commands$.next({ command: 'restart', argument: this._seed });
    this.changed();
    return this.state;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cancel();
    this._session?.dispose();
    this.ticks$.complete();
    this.restarts$.complete();
    this.state$.complete();
    this.commands$.complete();
  }

  private build(seed: number | undefined): void {
    const overrides = seed === undefined ? this.overrides : [...this.overrides, `run.seed=${seed}`];
    const { scenario } = parseScenarioText(this.text, this.file, overrides);
    const world = createWorld(scenario);
    const session = scenario.v2x.enabled ? new V2xSession(world) : undefined;
    session?.runtime.traffic$.subscribe((t) => {
      this.lastTraffic = t;
    });
    this._world = world;
    this._session = session;
    this._seed = scenario.run.seed;
    this.endTick = Math.round(scenario.run.duration / world.dt);
  }

  private tickOnce(): void {
    const world = this._world;
    for (const fn of [...this.hooks]) {
      try {
        fn(world, this._session);
      } catch (e) {
        this.log(`beforeTick hook failed at tick ${world.tick}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.lastTraffic = undefined;
    const events = this._session ? this._session.step() : step(world);
    const traffic = this.lastTraffic;
    this.lastTraffic = undefined;
    this.ticks$.next({ world, events, traffic });
    if (world.tick === this.endTick && !this._paused) {
      this._paused = true;
      this._ended = true;
      this.cancel();
      this.log(`${world.scenario.name}: reached run.duration (${world.scenario.run.duration} s); paused (resume runs on)`);
      this.commands$.next({ command: 'ended' });
      this.changed();
    }
  }

  private changed(): void {
    this.state$.next(this.state);
  }

  private reanchor(): void {
    this.anchorWall = this.now();
    this.anchorTick = this._world.tick;
  }

  private wallPerTick(): number {
    return this._speed === 'max' ? 0 : (this._world.dt * 1000) / this._speed;
  }

  private dueOf(tick: number): number {
    return this.anchorWall + (tick - this.anchorTick) * this.wallPerTick();
  }

  private cancel(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer as NodeJS.Timeout);
    clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.closed || this._paused || !this.started || this.timer !== undefined) return;
    if (this._speed === 'max') {
      this.timer = setImmediate(() => this.run());
    } else {
      const wait = Math.max(0, this.dueOf(this._world.tick + 1) - this.now());
      this.timer = setTimeout(() => this.run(), wait);
    }
  }

  /** One slice: every tick that is due (at most SLICE_MS of work), then the next timer. */
  private run(): void {
    this.timer = undefined;
    const sliceEnd = this.now() + SLICE_MS;
    const max = this._speed === 'max';
    while (!this._paused && !this.closed) {
      if (!max) {
        const lag = this.now() - this.dueOf(this._world.tick + 1);
        if (lag < 0) break;
        if (lag > MAX_LAG_MS) {
          this.log(`live session: ${Math.round(lag)} ms behind schedule at ${this._speed}x; dropping the backlog`);
          this.reanchor();
          break;
        }
      }
      this.tickOnce();
      if (this.now() >= sliceEnd) break;
    }
    this.schedule();
  }
}
