// Shortest routes on the link graph (Dijkstra by length). Computed when a flow or a pre-populated
// vehicle needs one and cached by (from, to): the per-tick loop only walks precomputed arrays.
import type { Network } from './network.ts';

import type { World } from './world.ts';

/**
 * A driver stuck in a lane that does not lead where it wants to go (no gap to change lanes)
 * takes the way its lane does lead, preferably straight on, and a new route from there to its
 * exit, or to the nearest reachable exit: a missed turn, not a teleport.
 */
export function rerouteFromLane(w: World, i: number, lane: number): boolean {
  const net = w.net;
  const V = w.vehicles;
  const L = net.lanes[lane]!;
  if (L.link < 0 || L.out.length === 0 || w.routeLoops[V.route[i]!]) return false;
  let conn = L.out[0]!;
  for (const c of L.out) if (net.connections[c]!.turn === 'straight') conn = c;
  const next = net.connections[conn]!.toLink;
  let exit = w.routeExit[V.route[i]!]!;
  let rest = exit >= 0 ? w.router.route(next, net.exits[exit]!.link) : null;
  if (!rest) {
    const reachable = w.router.reachableExits(next);
    if (reachable.length === 0) return false;
    exit = reachable[0]!;
    for (const x of reachable) {
      if (w.router.route(next, net.exits[x]!.link)!.length < w.router.route(next, net.exits[exit]!.link)!.length) exit = x;
    }
    rest = w.router.route(next, net.exits[exit]!.link)!;
  }
  const links = new Int32Array(rest.length + 1);
  links[0] = L.link;
  links.set(rest, 1);
  V.route[i] = w.addRoute(links, false, exit);
  V.routePos[i] = 0;
  V.nextConn[i] = conn;
  w.counters.reroutes++;
  return true;
}

/** Links reachable from each link's end through its lanes' connections (U-turns excluded: background traffic does not turn around). */
export function linkSuccessors(net: Network): number[][] {
  return net.links.map((link) => {
    const out = new Set<number>();
    for (const l of link.lanes) {
      for (const c of net.lanes[l]!.out) {
        const conn = net.connections[c]!;
        if (conn.turn !== 'uturn') out.add(conn.toLink);
      }
    }
    return [...out].sort((a, b) => a - b);
  });
}

export class Router {
  private readonly cache = new Map<number, Int32Array | null>();
  constructor(
    private readonly net: Network,
    private readonly succ: number[][],
  ) {}

  /** Links from `from` to `to` inclusive, or null if unreachable. */
  route(from: number, to: number): Int32Array | null {
    const key = from * 1_000_003 + to;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const r = this.dijkstra(from, to);
    this.cache.set(key, r);
    return r;
  }

  private dijkstra(from: number, to: number): Int32Array | null {
    const n = this.net.links.length;
    const dist = new Float64Array(n).fill(Infinity);
    const prev = new Int32Array(n).fill(-1);
    const done = new Uint8Array(n);
    dist[from] = 0;
    // Networks are small (hundreds of links): an O(n^2) scan is simpler than a heap and deterministic.
    for (;;) {
      let u = -1;
      let best = Infinity;
      for (let i = 0; i < n; i++) {
        if (!done[i] && dist[i]! < best) {
          best = dist[i]!;
          u = i;
        }
      }
      if (u < 0) return null;
      if (u === to) break;
      done[u] = 1;
      for (const w of this.succ[u]!) {
        const d = best + this.net.links[w]!.length;
        if (d < dist[w]!) {
          dist[w] = d;
          prev[w] = u;
        }
      }
    }
    const path: number[] = [];
    for (let u = to; u >= 0; u = prev[u]!) path.push(u);
    path.reverse();
    return Int32Array.from(path);
  }

  /** Exits (indices into net.exits) reachable from a link. */
  reachableExits(from: number): number[] {
    const out: number[] = [];
    this.net.exits.forEach((e, k) => {
      if (this.route(from, e.link) !== null) out.push(k);
    });
    return out;
  }
}
