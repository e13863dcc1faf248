// How well the shuttles hear the roadside: for every RSU transmission of a frame, whether each
// shuttle received it. Kept two ways: over time (the KPI panel's delivery ratio) and over space,
// in 20 m cells along where the shuttles drove (the heat layer along the route). The ratio of a
// cell is that of its best RSU, as a shuttle is covered when some RSU reaches it.
import type { LiveFrame, LiveSnapshot } from '../../../v2x/live/live-types.ts';
import { LiveVehicleType } from '../../../v2x/live/live-types.ts';

export const CELL_METRES = 20;

export interface CoverageCell {
  readonly cx: number;
  readonly cy: number;
  /** Sum of the shuttle positions sampled in the cell and their count: the dot sits at their mean (on the road). */
  sx: number;
  sy: number;
  n: number;
  /** Per RSU station id: [sent while a shuttle was here, received by it]. */
  readonly counts: Map<number, [number, number]>;
}

/** Best-RSU delivery ratio of a cell (0..1), NaN when no RSU message was sent while a shuttle was in it. */
export function cellRatio(cell: CoverageCell): number {
  let best = Number.NaN;
  for (const [sent, got] of cell.counts.values()) {
    if (sent === 0) continue;
    const r = got / sent;
    if (!(r <= best)) best = r;
  }
  return best;
}

export class LinkQuality {
  readonly cells = new Map<string, CoverageCell>();
  private rsuStations = new Set<number>();
  /** Per (RSU, shuttle) of the current frame, key rsu * 1000 + shuttle index: [sent, received]. */
  private readonly window = new Map<number, [number, number]>();
  /** Incremented whenever cells change, for layers that redraw on change. */
  version = 0;

  reset(snapshot: LiveSnapshot): void {
    this.cells.clear();
    this.rsuStations = new Set(snapshot.rsus.map((r) => r.stationId));
    this.version++;
  }

  /**
   * Adds a frame; returns the best-RSU delivery ratio seen by the shuttles during it
   * (NaN when no shuttle had an RSU message to receive).
   */
  add(frame: LiveFrame): number {
    const v = frame.vehicles;
    const shuttles: { station: number; x: number; y: number }[] = [];
    for (let k = 0; k < v.ids.length; k++) {
      if (v.types[k] === LiveVehicleType.VEHICLE_TYPE_SHUTTLE && v.stationIds[k]! !== 0) {
        shuttles.push({ station: v.stationIds[k]!, x: v.x[k]!, y: v.y[k]! });
      }
    }
    if (shuttles.length === 0 || frame.transmissions.length === 0) return Number.NaN;
    const rsuTx: number[] = [];
    frame.transmissions.forEach((t, i) => {
      if (this.rsuStations.has(t.senderStationId)) rsuTx.push(i);
    });
    if (rsuTx.length === 0) return Number.NaN;
    // Which (transmission, shuttle) pairs were delivered.
    const shuttleByStation = new Map(shuttles.map((s, i) => [s.station, i]));
    const got = new Set<number>();
    const d = frame.deliveries;
    for (let k = 0; k < d.transmissions.length; k++) {
      const s = shuttleByStation.get(d.receiverStationIds[k]!);
      if (s !== undefined) got.add(d.transmissions[k]! * shuttles.length + s);
    }
    this.window.clear();
    shuttles.forEach((sh, s) => {
      const cell = this.cell(sh.x, sh.y);
      cell.sx += sh.x;
      cell.sy += sh.y;
      cell.n++;
      for (const i of rsuTx) {
        const rsu = frame.transmissions[i]!.senderStationId;
        const ok = got.has(i * shuttles.length + s) ? 1 : 0;
        const c = cell.counts.get(rsu);
        if (c) {
          c[0]++;
          c[1] += ok;
        } else cell.counts.set(rsu, [1, ok]);
        const key = rsu * 1000 + s;
        const wc = this.window.get(key);
        if (wc) {
          wc[0]++;
          wc[1] += ok;
        } else this.window.set(key, [1, ok]);
      }
    });
    this.version++;
    // Per shuttle, best RSU; then the mean over shuttles.
    const best = new Float64Array(shuttles.length).fill(Number.NaN);
    for (const [key, [sent, rec]] of this.window) {
      const s = key % 1000;
      const r = rec / sent;
      if (!(r <= best[s]!)) best[s] = r;
    }
    let sum = 0;
    let n = 0;
    for (const b of best) if (!Number.isNaN(b)) (sum += b), n++;
    return n > 0 ? sum / n : Number.NaN;
  }

  private cell(x: number, y: number): CoverageCell {
    const cx = Math.floor(x / CELL_METRES);
    const cy = Math.floor(y / CELL_METRES);
    const key = `${cx},${cy}`;
    let c = this.cells.get(key);
    if (!c) {
      c = { cx, cy, sx: 0, sy: 0, n: 0, counts: new Map() };
      this.cells.set(key, c);
    }
    return c;
  }
}
