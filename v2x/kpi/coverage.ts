// Radio coverage of the shuttle route, measured: for every 50 m bin of the route (sim/kpi
// ROUTE_BIN) and every RSU, the RSU's transmissions while a shuttle was in the bin (attempts)
// and how many of them that shuttle received (deliveries), through the run's own seeded channel
// (shadowing, buildings, soft threshold). A bin is covered when some RSU's delivery ratio
// there is at least 90 %.
import type { World } from '../../sim/world.ts';
import type { TickTraffic } from '../runtime.ts';
import { StationKind } from '../stations.ts';
import { ROUTE_BIN, routeAxis, routeDistance, type RouteAxis } from '../../sim/kpi/index.ts';

/** Delivery ratio from one RSU at or above which a route bin is covered. */
export const COVERED_RATIO = 0.9;

export interface CoverageResult {
  binSize: number;
  rsus: string[];
  /** [bin][rsu] counts. */
  attempts: number[][];
  delivered: number[][];
}

export class CoverageObserver {
  private readonly axis: RouteAxis | null;
  private readonly attempts: number[][];
  private readonly delivered: number[][];
  private readonly rsuKeys: string[];
  /** Scratch: route bin of each station this tick (-1 for stations that are not a line-0 shuttle). */
  private binOf = new Int32Array(64);

  constructor(private readonly w: World) {
    this.axis = w.shuttleLines.length > 0 ? routeAxis(w, 0) : null;
    this.rsuKeys = w.net.rsus.map((r) => r.key);
    const bins = this.axis ? Math.max(1, Math.ceil(this.axis.length / ROUTE_BIN)) : 0;
    this.attempts = Array.from({ length: bins }, () => new Array<number>(this.rsuKeys.length).fill(0));
    this.delivered = Array.from({ length: bins }, () => new Array<number>(this.rsuKeys.length).fill(0));
  }

  observe(t: TickTraffic): void {
    const axis = this.axis;
    if (!axis) return;
    const w = this.w;
    const st = t.stations;
    if (this.binOf.length < st.count) this.binOf = new Int32Array(st.count * 2);
    const bins = this.attempts.length;
    const present: number[] = [];
    for (let r = 0; r < st.count; r++) {
      const sh = st.shuttle[r]!;
      if (sh < 0 || w.shuttles[sh]!.line !== 0) {
        this.binOf[r] = -1;
        continue;
      }
      const b = Math.min(bins - 1, Math.floor(routeDistance(w, axis, w.shuttles[sh]!.slot) / ROUTE_BIN));
      this.binOf[r] = b;
      present.push(b);
    }
    if (present.length === 0) return;
    // RSU index by transmission (-1 for others): RSU stations come first, in scenario order.
    const rsuOf = t.transmissions.map((tx) => (tx.senderKind === StationKind.rsu ? tx.senderStationId - 1001 : -1));
    for (const rsu of rsuOf) {
      if (rsu < 0 || rsu >= this.rsuKeys.length) continue;
      for (const b of present) this.attempts[b]![rsu]!++;
    }
    const d = t.deliveries;
    for (let k = 0; k < d.count; k++) {
      const rsu = rsuOf[d.tag[k]!]!;
      if (rsu < 0 || rsu >= this.rsuKeys.length) continue;
      const b = this.binOf[d.receiver[k]!]!;
      if (b >= 0) this.delivered[b]![rsu]!++;
    }
  }

  result(): CoverageResult {
    return { binSize: ROUTE_BIN, rsus: [...this.rsuKeys], attempts: this.attempts.map((r) => [...r]), delivered: this.delivered.map((r) => [...r]) };
  }
}

/** Per bin: the best delivery ratio from any RSU (null where no RSU ever transmitted while a shuttle was there). */
export function bestRatios(c: CoverageResult): (number | null)[] {
  return c.attempts.map((row, b) => {
    let best: number | null = null;
    row.forEach((a, r) => {
      if (a > 0) {
        const ratio = c.delivered[b]![r]! / a;
        if (best === null || ratio > best) best = ratio;
      }
    });
    return best;
  });
}
