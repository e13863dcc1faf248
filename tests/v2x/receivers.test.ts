// What shuttles make of what they receive: knowledge records placed on their route.
import { describe, expect, it } from 'vitest';
import { corridorScenario, makeWorld } from '../sim/helpers.ts';
import { V2xSession } from '../../v2x/session.ts';

describe('shuttle receivers', () => {
  it('turn a roadworks IVI into a speed limit over the works on the shuttle route, and a DENM into a hazard on the closed lane', () => {
    const w = makeWorld(
      corridorScenario(1500, {
        corridor: { lanesPerDirection: 2 },
        rsus: [{ id: 'R', position: [700, 12] }],
        shuttles: [{ id: 'N', name: 'N', vehicles: 1, maxSpeed: 25, stops: [{ id: 'A', name: 'A', at: 100 }, { id: 'B', name: 'B', at: 1400 }] }],
        timeline: [{ type: 'laneClosure', at: 700, direction: 'forward', lane: 0, length: 60, start: 5, end: 400, speedLimit: 10 }],
      }),
    );
    const s = new V2xSession(w);
    // Until the shuttle is 250 m from the RSU (its first stop is 600 m away).
    const slot = w.shuttles[0]!.slot;
    const near = () => {
      const i = s.runtime.stations;
      for (let k = 0; k < i.count; k++) if (i.ref[k] === slot && i.kind[k] === 1) return Math.hypot(i.x[k]! - 700, i.y[k]! - 12) < 250;
      return false;
    };
    while (w.time < 300 && !near()) s.step();
    for (let k = 0; k < 30; k++) s.step();
    const k = w.knowledge[0]!;
    const limits = [...k.speedLimits.values()].filter((n) => Math.abs(n.limit - 10 / 3.6) < 1e-9);
    expect(limits.length).toBeGreaterThan(0);
    const closure = w.timeline[0]!;
    const link = w.net.lanes[closure.lane]!.link;
    const onLink = limits.find((n) => n.link === link)!;
    expect(onLink.from).toBeLessThanOrEqual(closure.pos);
    expect(onLink.to).toBeGreaterThanOrEqual(closure.pos + closure.length);
    const hazards = [...k.hazards.values()];
    expect(hazards.some((h) => h.lane === closure.lane && Math.abs(h.position - closure.pos) < 5 && h.causeCode === 3)).toBe(true);
    // SPATEM-less corridor: no signal advice; no pedestrians reported.
    expect(k.signals.size).toBe(0);
  });
});
