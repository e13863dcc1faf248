// The shuttle's automation: what it perceives with its own sensors (a limited range) and how it
// uses what it learnt by radio (known hazards, pedestrians reported by RSU sensors, speed limits,
// signal timing for GLOSA). Human drivers in the background traffic see the whole lane ahead.
import type { World } from './world.ts';
import type { KnowledgeUpdate } from './knowledge.ts';
import { idmAccel } from './idm.ts';
import { SignalState } from './signals.ts';

/** Warned of a hazard ahead on its link, the shuttle proceeds at no more than this, m/s (15 km/h). */
const CAUTION_SPEED = 15 / 3.6;
/** ... when the hazard is within this distance ahead, metres. */
const CAUTION_RANGE = 250;
/** GLOSA never advises crawling: below this speed the shuttle simply stops at the line, m/s. */
const GLOSA_MIN_SPEED = 2.5;
/** GLOSA looks at stop lines up to this far ahead, metres. */
const GLOSA_RANGE = 300;

/** Can vehicle i (shuttle or not) perceive something `dist` metres ahead by itself? */
export function perceives(w: World, i: number, dist: number): boolean {
  return w.vehicles.shuttle[i]! < 0 || dist <= w.sensorRange;
}

/** Pedestrians on crosswalk `cw` reported by radio to the shuttle driving vehicle i. */
export function knowsPedestrians(w: World, i: number, cw: number): boolean {
  const sh = w.vehicles.shuttle[i]!;
  return sh >= 0 && w.closedLoop.cpm && w.knowledge[sh]!.pedestrians.has(cw);
}

/** Deceleration towards hazards the shuttle was told about on its lane (it stops before them). */
export function knownHazardAccel(w: World, sh: number, i: number, lane: number, s: number, v0: number, acc: number): number {
  if (!w.closedLoop.denm) return acc;
  const V = w.vehicles;
  for (const h of w.knowledge[sh]!.hazards.values()) {
    if (h.lane !== lane || h.position + h.length <= s) continue;
    const dist = h.position - s;
    if (dist < 0) continue;
    const a = idmAccel(V.v[i]!, v0, dist, V.v[i]!, V.accel[i]!, V.decel[i]!, V.headway[i]!, V.minGap[i]!, V.maxDecel[i]!);
    if (a < acc) acc = a;
  }
  return acc;
}

/** Is a hazard the shuttle knows of on `lane` between from and to (metres on that lane)? */
export function knownHazardOn(w: World, sh: number, lane: number, from: number, to: number): boolean {
  if (!w.closedLoop.denm) return false;
  for (const h of w.knowledge[sh]!.hazards.values()) {
    if (h.lane === lane && h.position <= to && h.position + h.length >= from) return true;
  }
  return false;
}

/**
 * Desired speed of a shuttle adjusted by hazard warnings (DENM: caution speed on the approach),
 * received speed limits (IVIM) and by GLOSA: approaching a
 * red light whose end it knows (SPATEM), it slows so as to reach the line as it turns green
 * instead of stopping.
 */
export function shuttleDesiredSpeed(w: World, sh: number, i: number, lane: number, s: number, v0: number): number {
  const net = w.net;
  const L = net.lanes[lane]!;
  const k = w.knowledge[sh]!;
  if (w.closedLoop.denm && L.link >= 0 && v0 > CAUTION_SPEED) {
    const x = s + L.offset;
    for (const h of k.hazards.values()) {
      const HL = net.lanes[h.lane]!;
      const ahead = h.position + HL.offset - x;
      if (HL.link === L.link && ahead > 0 && ahead < CAUTION_RANGE) {
        v0 = CAUTION_SPEED;
        break;
      }
    }
  }
  if (w.closedLoop.ivim && L.link >= 0) {
    const x = s + L.offset;
    for (const n of k.speedLimits.values()) {
      if (n.link === L.link && x >= n.from && x <= n.to && n.limit < v0) v0 = n.limit;
    }
  }
  if (w.closedLoop.glosa && L.link >= 0) {
    const c = w.vehicles.nextConn[i]!;
    const d = L.length - s;
    if (c >= 0 && d < GLOSA_RANGE && d > 5) {
      const group = net.connections[c]!.group;
      const advice = group >= 0 ? k.signals.get(group) : undefined;
      if (advice && (advice.state === SignalState.red || advice.state === SignalState.amber)) {
        const toGreen = advice.likelyEnd - w.time;
        if (toGreen > 0) {
          const v = d / toGreen;
          if (v >= GLOSA_MIN_SPEED && v < v0) v0 = v;
        }
      }
    }
  }
  return v0;
}

/** Applies this tick's radio-learnt updates (in the order given) and lets stale notices lapse. */
export function updateKnowledge(w: World, updates: readonly KnowledgeUpdate[] | undefined): void {
  if (w.knowledge.length === 0) return;
  if (updates && updates.length > 0) {
    const byVehicle = new Map<number, number>();
    w.shuttles.forEach((s, k) => byVehicle.set(w.vehicles.id[s.slot]!, k));
    for (const u of updates) {
      const sh = byVehicle.get(u.vehicle);
      if (sh === undefined) continue;
      const k = w.knowledge[sh]!;
      if (u.kind === 'signal') {
        if (u.advice) k.signals.set(u.group, u.advice);
        else k.signals.delete(u.group);
      } else if (u.kind === 'hazard') {
        if (u.notice) k.hazards.set(u.key, u.notice);
        else k.hazards.delete(u.key);
      } else if (u.kind === 'speedLimit') {
        if (u.notice) k.speedLimits.set(u.key, u.notice);
        else k.speedLimits.delete(u.key);
      } else {
        if (u.notice) k.pedestrians.set(u.crosswalk, u.notice);
        else k.pedestrians.delete(u.crosswalk);
      }
    }
  }
  const t = w.time;
  for (const k of w.knowledge) {
    for (const [key, h] of k.hazards) if (h.expires < t) k.hazards.delete(key);
    for (const [key, n] of k.speedLimits) if (n.expires < t) k.speedLimits.delete(key);
    for (const [key, n] of k.pedestrians) if (n.expires < t) k.pedestrians.delete(key);
    // Signal advice older than 2 s is stale (SPATEM comes at 10 Hz).
    for (const [key, a] of k.signals) if (t - a.receivedAt > 2) k.signals.delete(key);
  }
}
