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
  /** Shortest-path tree (predecessor per link) from each source link, computed on first use. */
  private readonly trees = new Map<number, Int32Array>();
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
    const prev = this.tree(from);
    let r: Int32Array | null = null;
    if (to === from || prev[to] !== -1) {
      const path: number[] = [];
      for (let u = to; u !== from; u = prev[u]!) path.push(u);
      path.push(from);
      path.reverse();
      r = Int32Array.from(path);
    }
    this.cache.set(key, r);
    return r;
  }

  /** Exits (indices into net.exits) reachable from a link. */
  reachableExits(from: number): number[] {
    const prev = this.tree(from);
    const out: number[] = [];
    this.net.exits.forEach((e, k) => {
      if (e.link === from || prev[e.link] !== -1) out.push(k);
    });
    return out;
  }

  /** Dijkstra by link length from `from` with a binary heap; ties broken by link id (deterministic). */
  private tree(from: number): Int32Array {
    const hit = this.trees.get(from);
    if (hit) return hit;
    const n = this.net.links.length;
    const dist = new Float64Array(n).fill(Infinity);
    const prev = new Int32Array(n).fill(-1);
    const heap = new MinHeap();
    dist[from] = 0;
    heap.push(0, from);
    while (heap.size > 0) {
      const [d, u] = heap.pop();
      if (d > dist[u]!) continue;
      for (const w of this.succ[u]!) {
        const nd = d + this.net.links[w]!.length;
        if (nd < dist[w]!) {
          dist[w] = nd;
          prev[w] = u;
          heap.push(nd, w);
        }
      }
    }
    this.trees.set(from, prev);
    return prev;
  }
}

/** A binary min-heap of (key, value) pairs ordered by key, then value. */
class MinHeap {
  private keys: number[] = [];
  private values: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  private less(a: number, b: number): boolean {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    return ka < kb || (ka === kb && this.values[a]! < this.values[b]!);
  }
  private swap(a: number, b: number): void {
    [this.keys[a], this.keys[b]] = [this.keys[b]!, this.keys[a]!];
    [this.values[a], this.values[b]] = [this.values[b]!, this.values[a]!];
  }
  push(key: number, value: number): void {
    this.keys.push(key);
    this.values.push(value);
    let i = this.keys.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  pop(): [number, number] {
    const top: [number, number] = [this.keys[0]!, this.values[0]!];
    const k = this.keys.pop()!;
    const v = this.values.pop()!;
    if (this.keys.length > 0) {
      this.keys[0] = k;
      this.values[0] = v;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.keys.length && this.less(l, m)) m = l;
        if (r < this.keys.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}
