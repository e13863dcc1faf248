// A stable digest of the full world state, for determinism checks: two runs agree bit for bit
// iff their hashes agree (up to 64-bit collisions). Floats are hashed by their IEEE-754 bits.
import type { World } from './world.ts';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

class Hasher {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193 ^ 0x9e3779b9;

  word(x: number): void {
    // Two FNV-1a-style lanes with different multipliers make a 64-bit digest.
    this.h1 = Math.imul(this.h1 ^ (x >>> 0), 0x01000193) >>> 0;
    this.h2 = Math.imul(this.h2 ^ (x >>> 0), 0x5bd1e995) >>> 0;
    this.h2 = (this.h2 ^ (this.h2 >>> 15)) >>> 0;
  }

  num(x: number): void {
    f64[0] = x;
    this.word(u32[0]!);
    this.word(u32[1]!);
  }

  str(s: string): void {
    for (let i = 0; i < s.length; i++) this.word(s.charCodeAt(i));
    this.word(s.length);
  }

  hex(): string {
    return this.h1.toString(16).padStart(8, '0') + this.h2.toString(16).padStart(8, '0');
  }
}

export function stateHash(w: World): string {
  const h = new Hasher();
  const V = w.vehicles;
  h.num(w.tick);
  for (const x of w.rng.state()) h.word(x);
  h.num(V.idCounter);
  // Vehicles in lane order: the order is part of the state.
  const lists = w.occupancy.lists;
  for (let lane = 0; lane < lists.length; lane++) {
    const list = lists[lane]!;
    if (list.length === 0) continue;
    h.word(lane);
    for (const i of list) {
      h.word(V.id[i]!);
      h.word(V.type[i]!);
      h.num(V.s[i]!);
      h.num(V.v[i]!);
      h.num(V.acc[i]!);
      h.num(V.speedFactor[i]!);
      h.word(V.route[i]!);
      h.word(V.routePos[i]!);
      h.word(V.nextConn[i]! + 1);
      h.word(V.amber[i]! + 1);
      h.num(V.lateral[i]!);
    }
  }
  for (let g = 0; g < w.groupState.length; g++) h.word(w.groupState[g]!);
  for (const x of w.dark) h.word(x);
  for (const x of w.crosswalkBlocked) h.word(x);
  for (const p of w.pedestrians) {
    h.word(p.id);
    h.word(p.crosswalk);
    h.num(p.progress);
    h.num(p.speed);
    h.word(p.walking ? 1 : 0);
  }
  for (const f of w.pedestrianFlows) h.num(f.nextArrival);
  for (const f of w.flows) {
    h.num(f.nextArrival);
    h.word(f.backlog.length);
    for (const b of f.backlog) {
      h.word(b.type);
      h.word(b.route);
    }
  }
  for (const s of w.shuttles) {
    h.word(s.visit);
    h.num(s.dwellLeft);
    h.word(s.tripsCompleted);
  }
  for (const k of w.knowledge) {
    for (const [g, a] of k.signals) {
      h.word(g);
      h.word(a.state);
      h.num(a.likelyEnd);
    }
    for (const [key, n] of k.hazards) {
      h.str(key);
      h.word(n.lane);
      h.num(n.position);
    }
    for (const [key, n] of k.speedLimits) {
      h.str(key);
      h.num(n.limit);
    }
    for (const [cw, n] of k.pedestrians) {
      h.word(cw);
      h.num(n.expires);
    }
  }
  for (const e of w.timeline) h.word(e.state);
  h.num(w.weatherFactor);
  for (const x of w.counters.enteredByType) h.word(x);
  for (const x of w.counters.exitedByType) h.word(x);
  return h.hex();
}
