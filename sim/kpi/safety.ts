// Safety surrogates of a run (docs/evaluation.md): time-to-collision between each vehicle and
// its leader on the same lane, and hard braking measured from the speed actually lost in a
// tick. Each is counted as events: a vehicle entering the critical state counts once, however
// long it stays there.
import type { World } from '../world.ts';
import { VehicleType } from '../vehicle-types.ts';

/** A TTC below this (s) is a conflict (the usual threshold in surrogate safety studies: 1.5 s). */
export const TTC_THRESHOLD = 1.5;
/** A deceleration stronger than this (m/s²) is hard braking; comfortable service braking stays above -3. */
export const HARD_BRAKING = -3;
/** Hard braking is counted from this speed up (m/s). */
const MOVING = 1;
/** Closing speeds below this (m/s) give no meaningful TTC. */
const MIN_CLOSING = 0.1;

export interface SafetyKpiResult {
  ttcEvents: number;
  /** TTC events where the follower is a shuttle. */
  shuttleTtcEvents: number;
  /** Lowest TTC seen, seconds (null when no vehicle ever closed in on its leader). */
  minTtc: number | null;
  hardBrakingEvents: number;
  shuttleHardBrakingEvents: number;
}

export class SafetyObserver {
  private ttcEvents = 0;
  private shuttleTtcEvents = 0;
  private hardBraking = 0;
  private shuttleHardBraking = 0;
  private minTtc = Infinity;
  /** Per slot: id of the vehicle last seen there, its speed, and whether it is in conflict / braking hard. */
  private lastId = new Int32Array(0);
  private lastV = new Float64Array(0);
  private inConflict = new Uint8Array(0);
  private braking = new Uint8Array(0);

  constructor(private readonly w: World) {}

  observe(): void {
    const w = this.w;
    const V = w.vehicles;
    if (this.lastId.length < V.top) this.grow(V.top);
    const conflict = new Uint8Array(V.top);
    const lists = w.occupancy.lists;
    for (let lane = 0; lane < lists.length; lane++) {
      const list = lists[lane]!;
      // Front first: list[k - 1] is the leader of list[k].
      for (let k = 1; k < list.length; k++) {
        const i = list[k]!;
        const j = list[k - 1]!;
        const closing = V.v[i]! - V.v[j]!;
        if (closing <= MIN_CLOSING) continue;
        const gap = V.s[j]! - V.length[j]! - V.s[i]!;
        if (gap <= 0) continue;
        const ttc = gap / closing;
        if (ttc < this.minTtc) this.minTtc = ttc;
        if (ttc < TTC_THRESHOLD) conflict[i] = 1;
      }
    }
    const dt = w.dt;
    for (let i = 0; i < V.top; i++) {
      if (V.alive[i] === 0) continue;
      const same = this.lastId[i] === V.id[i];
      const shuttle = V.type[i] === VehicleType.shuttle;
      if (conflict[i] && !(same && this.inConflict[i])) {
        this.ttcEvents++;
        if (shuttle) this.shuttleTtcEvents++;
      }
      // From a crawl (under 1 m/s) to a standstill is no hard braking: shuttles arriving at a
      // stop are set to rest from a few tenths of a metre per second.
      const hard = same && this.lastV[i]! >= MOVING && (V.v[i]! - this.lastV[i]!) / dt < HARD_BRAKING ? 1 : 0;
      if (hard && !this.braking[i]) {
        this.hardBraking++;
        if (shuttle) this.shuttleHardBraking++;
      }
      this.inConflict[i] = conflict[i]!;
      this.braking[i] = hard;
      this.lastId[i] = V.id[i]!;
      this.lastV[i] = V.v[i]!;
    }
  }

  private grow(n: number): void {
    const cap = Math.max(64, n * 2);
    const id = new Int32Array(cap);
    id.set(this.lastId);
    const v = new Float64Array(cap);
    v.set(this.lastV);
    const c = new Uint8Array(cap);
    c.set(this.inConflict);
    const b = new Uint8Array(cap);
    b.set(this.braking);
    this.lastId = id;
    this.lastV = v;
    this.inConflict = c;
    this.braking = b;
  }

  result(): SafetyKpiResult {
    return {
      ttcEvents: this.ttcEvents,
      shuttleTtcEvents: this.shuttleTtcEvents,
      minTtc: Number.isFinite(this.minTtc) ? this.minTtc : null,
      hardBrakingEvents: this.hardBraking,
      shuttleHardBrakingEvents: this.shuttleHardBraking,
    };
  }
}
