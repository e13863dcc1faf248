// SPATEM availability at each signalised approach of the shuttle route: the share of the time a
// shuttle spends approaching a signal (within 300 m of its stop line) during which it holds a
// SPATEM for that intersection received less than a second ago, i.e. what GLOSA can work with.
import type { World } from '../../sim/world.ts';
import type { TickTraffic } from '../runtime.ts';
import { controllerOfIntersection } from '../facilities/intersection-ids.ts';

/** Approaching = within this distance (m) of the stop line. */
export const APPROACH_REACH = 300;
/** A SPATEM older than this (s) no longer counts (they are sent at 10 Hz). */
export const SPATEM_FRESH = 1;

export interface SpatemApproach {
  controller: string;
  /** `forward` / `backward` on a corridor, the link id otherwise (same keys as the shuttle KPIs). */
  approach: string;
  approachSeconds: number;
  availableSeconds: number;
}

export class SpatemObserver {
  /** Per shuttle, per controller: sim time of the last SPATEM received for it. */
  private readonly lastHeard: Float64Array[];
  private readonly approaches = new Map<string, SpatemApproach>();

  constructor(private readonly w: World) {
    this.lastHeard = w.shuttles.map(() => new Float64Array(w.net.controllers.length).fill(-Infinity));
  }

  /** After each tick; `traffic` is null when V2X is off (nothing is ever heard). */
  observe(traffic: TickTraffic | null): void {
    const w = this.w;
    if (traffic) {
      const st = traffic.stations;
      const d = traffic.deliveries;
      for (let k = 0; k < d.count; k++) {
        const sh = st.shuttle[d.receiver[k]!]!;
        if (sh < 0) continue;
        const msg = traffic.transmissions[d.tag[k]!]!.message;
        for (const is of msg.spatem?.intersections ?? []) {
          const c = controllerOfIntersection(w.net, is.id?.id ?? 0);
          if (c >= 0) this.lastHeard[sh]![c] = traffic.time;
        }
      }
    }
    const V = w.vehicles;
    for (let sh = 0; sh < w.shuttles.length; sh++) {
      const i = w.shuttles[sh]!.slot;
      const L = w.net.lanes[V.lane[i]!]!;
      if (L.link < 0 || L.length - V.s[i]! > APPROACH_REACH) continue;
      const c = V.nextConn[i]!;
      if (c < 0) continue;
      const conn = w.net.connections[c]!;
      if (conn.controller < 0) continue;
      const link = w.net.links[L.link]!;
      const controller = w.net.controllers[conn.controller]!.key;
      const approach = link.direction === 'none' ? link.key : link.direction;
      const key = `${controller} ${approach}`;
      let a = this.approaches.get(key);
      if (!a) this.approaches.set(key, (a = { controller, approach, approachSeconds: 0, availableSeconds: 0 }));
      a.approachSeconds += w.dt;
      if (w.time - this.lastHeard[sh]![conn.controller]! <= SPATEM_FRESH) a.availableSeconds += w.dt;
    }
  }

  result(): SpatemApproach[] {
    return [...this.approaches.values()].sort((a, b) => (a.controller < b.controller ? -1 : a.controller > b.controller ? 1 : a.approach < b.approach ? -1 : a.approach > b.approach ? 1 : 0));
  }
}
