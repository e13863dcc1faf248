// The viewer's state outside React: the snapshot (static geometry), the last two frames (for
// interpolation), and what is derived from the stream (message log, per-station histories,
// hazard zones, link quality, KPI series). A player feeds it; the scene reads it in useFrame
// every render frame; panels subscribe and re-render at their own pace. No DOM, no three.js:
// it is unit-tested in Node (tests/viewer/frame-store.test.ts).
import type { LiveFrame, LiveSnapshot } from '../../../v2x/live/live-types.ts';
import { LiveVehicleType } from '../../../v2x/live/live-types.ts';
import type { ConnectionStatus, PlayerListener, PlayerSessionState } from '../player/player.ts';
import { HazardZones } from './hazard-zones.ts';
import { KpiSeries } from './kpi-series.ts';
import { LinkQuality } from './link-quality.ts';
import { MessageLog, type LoggedMessage } from './message-log.ts';
import { Ring } from './ring.ts';
import { createVehiclePoses, indexVehicles, interpolateVehicles, type VehiclePoses } from './vehicle-interpolation.ts';

/** What can be clicked and inspected. */
export type Selection =
  | { kind: 'vehicle'; id: number }
  | { kind: 'rsu'; index: number }
  | { kind: 'signal'; controller: number; group: number }
  | null;

/** A batch of transmissions, with the render time it arrived at (for the radio animation). */
export interface RadioBatch {
  readonly at: number;
  readonly messages: readonly LoggedMessage[];
}

/** Radio batches are animated for this long, ms of render time. */
export const RADIO_BATCH_LIFETIME_MS = 1200;

export class FrameStore implements PlayerListener {
  snapshot: LiveSnapshot | null = null;
  /** Incremented on every snapshot (the scene rebuilds static geometry). */
  snapshotVersion = 0;
  prev: LiveFrame | null = null;
  cur: LiveFrame | null = null;
  /** Render-clock times (ms) the two frames arrived at. */
  prevAt = 0;
  curAt = 0;
  /** Incremented on every frame. */
  frameVersion = 0;
  state: PlayerSessionState | null = null;
  connection: ConnectionStatus = { kind: 'connecting' };
  problems = new Ring<string>(50);
  selection: Selection = null;
  /** Station id -> position (vehicles of the current frame, RSUs), for radio lines and the inspector. */
  readonly stationPositions = new Map<number, { x: number; y: number }>();

  readonly log = new MessageLog();
  readonly hazards = new HazardZones();
  readonly link = new LinkQuality();
  readonly kpis = new KpiSeries();
  readonly radio = new Ring<RadioBatch>(64);

  private prevIndex = new Map<number, number>();
  private spareIndex = new Map<number, number>();
  private poses: VehiclePoses = createVehiclePoses();

  /** The poses of the last vehiclePoses call (this render frame's or the previous one's). */
  get lastPoses(): VehiclePoses {
    return this.poses;
  }
  private readonly listeners = new Set<() => void>();

  /** @param now render clock in ms (performance.now in the browser; a fake in tests). */
  constructor(private readonly now: () => number) {}

  // ---- PlayerListener -------------------------------------------------------------------------

  onSnapshot(s: LiveSnapshot): void {
    this.snapshot = s;
    this.snapshotVersion++;
    this.prev = null;
    this.prevIndex.clear();
    this.cur = s.state;
    this.curAt = this.prevAt = this.now();
    this.log.clear();
    this.kpis.clear();
    this.radio.clear();
    this.hazards.reset(s);
    this.link.reset(s);
    this.refreshStations();
    if (this.selection?.kind === 'vehicle' && !s.state.vehicles.ids.includes(this.selection.id)) this.selection = null;
    this.notify();
  }

  onFrame(f: LiveFrame): void {
    if (!this.snapshot) return; // frames before the first snapshot cannot be placed
    const at = this.now();
    if (this.cur) {
      // Swap the index maps instead of allocating one per frame.
      const idx = indexVehicles(this.cur, this.spareIndex);
      this.spareIndex = this.prevIndex;
      this.prevIndex = idx;
    }
    this.prev = this.cur;
    this.prevAt = this.curAt;
    this.cur = f;
    this.curAt = at;
    this.frameVersion++;
    this.refreshStations();
    if (f.transmissions.length > 0) {
      const n = this.log.add(f);
      const messages: LoggedMessage[] = [];
      const len = this.log.all.length;
      for (let i = Math.max(0, len - n); i < len; i++) messages.push(this.log.all.at(i)!);
      this.radio.push({ at, messages });
    }
    this.hazards.add(f, (m) => this.onProblem(m));
    const ratio = this.link.add(f);
    this.kpis.add(f.simTime, {
      shuttleSpeedKmh: this.shuttleSpeedKmh(f),
      deliveryRatio: ratio,
      latencyMs: mean(f.deliveries.latencyMs),
      busyRatio: f.rsuBusyRatios.length > 0 ? Math.max(...f.rsuBusyRatios) : Number.NaN,
    });
    if (this.selection?.kind === 'vehicle' && !f.vehicles.ids.includes(this.selection.id)) this.selection = null;
    this.notify();
  }

  onState(s: PlayerSessionState): void {
    this.state = s;
    this.notify();
  }

  onStatus(s: ConnectionStatus): void {
    this.connection = s;
    this.notify();
  }

  onProblem(message: string): void {
    this.problems.push(message);
    this.notify();
  }

  // ---- reading --------------------------------------------------------------------------------

  /**
   * Vehicle poses for a render frame at render time `now` (interpolated between the last two
   * frames). The vehicle layer calls it once per render frame; others read `lastPoses`.
   */
  vehiclePoses(now = this.now()): VehiclePoses {
    if (!this.cur) {
      this.poses.count = 0;
      return this.poses;
    }
    const span = this.curAt - this.prevAt;
    const alpha = span > 0 ? (now - this.curAt) / span : 1;
    this.poses = interpolateVehicles(this.prev, this.prevIndex, this.cur, alpha, this.poses);
    return this.poses;
  }

  select(s: Selection): void {
    this.selection = s;
    this.notify();
  }

  /** Panels: called after every change; returns the unsubscribe function. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private notify(): void {
    for (const fn of this.listeners) fn();
  }

  private refreshStations(): void {
    const m = this.stationPositions;
    m.clear();
    for (const r of this.snapshot?.rsus ?? []) m.set(r.stationId, { x: r.x, y: r.y });
    const v = this.cur?.vehicles;
    if (!v) return;
    for (let k = 0; k < v.ids.length; k++) if (v.stationIds[k]! !== 0) m.set(v.stationIds[k]!, { x: v.x[k]!, y: v.y[k]! });
  }

  private shuttleSpeedKmh(f: LiveFrame): number {
    const v = f.vehicles;
    let sum = 0;
    let n = 0;
    for (let k = 0; k < v.ids.length; k++) {
      if (v.types[k] === LiveVehicleType.VEHICLE_TYPE_SHUTTLE) (sum += v.speed[k]!), n++;
    }
    return n > 0 ? (sum / n) * 3.6 : Number.NaN;
  }
}

function mean(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}
