// The default scenario with V2X in the loop: what the shuttles receive changes how they drive.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseScenarioText } from '../../scenarios/load.ts';
import { createWorld } from '../../sim/create.ts';
import { V2xSession } from '../../v2x/session.ts';

const FILE = 'scenarios/default.yaml';
const text = readFileSync(FILE, 'utf8');
const session = (overrides: string[] = []) => new V2xSession(createWorld(parseScenarioText(text, FILE, overrides).scenario));

describe('default scenario, V2X closed loop', () => {
  it('a shuttle warned by DENM beyond its sensor range slows before the obstacle and never runs into it', () => {
    const s = session();
    const w = s.world;
    const k = w.timeline.findIndex((e) => e.key === 'obstacle-chargement');
    const obstacle = w.timeline[k]!;
    const V = w.vehicles;
    // Speed of each shuttle when 60-100 m upstream of the obstacle on its lane's link, while it is active.
    const approachSpeeds: number[] = [];
    let closest = Infinity;
    while (w.time < 1200) {
      s.step();
      if (obstacle.state !== 1) continue;
      const link = w.net.lanes[obstacle.lane]!.link;
      for (const sh of w.shuttles) {
        const L = w.net.lanes[V.lane[sh.slot]!]!;
        if (L.link !== link) continue;
        const ahead = obstacle.pos + w.net.lanes[obstacle.lane]!.offset - (V.s[sh.slot]! + L.offset);
        if (ahead > 60 && ahead < 100) approachSpeeds.push(V.v[sh.slot]!);
        if (V.lane[sh.slot] === obstacle.lane && ahead > -obstacle.length) closest = Math.min(closest, ahead);
      }
    }
    const warnings = s.receivers.warnings.filter((h) => h.causeCode === 10);
    expect(warnings.length).toBeGreaterThan(0);
    // The first DENM about the obstacle reached a shuttle well beyond its 50 m sensors.
    expect(Math.max(...warnings.map((h) => h.distance))).toBeGreaterThan(w.sensorRange * 2);
    // ... which approached at caution speed (15 km/h) instead of its 22 km/h, 60-100 m out.
    expect(approachSpeeds.length).toBeGreaterThan(0);
    expect(Math.max(...approachSpeeds)).toBeLessThanOrEqual(15 / 3.6 + 0.05);
    // In the obstacle's lane it always stayed clear of it (or had changed lane).
    expect(closest).toBeGreaterThan(0);
  }, 120_000);

  it('makes fewer stops at red with GLOSA on than off (same scenario and seed, 20 minutes)', () => {
    const stops = (glosa: boolean) => {
      const s = session([`v2x.closedLoop.glosa=${glosa}`]);
      while (s.world.time < 1200) s.step();
      return s.world.shuttles.reduce((a, x) => a + x.stopsAtRed, 0);
    };
    const on = stops(true);
    const off = stops(false);
    expect(off).toBeGreaterThan(5);
    expect(on).toBeLessThan(off);
  }, 120_000);
});
