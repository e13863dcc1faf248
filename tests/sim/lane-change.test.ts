// Mandatory merges around a closed lane (roadworks) and an obstacle.
import { describe, expect, it } from 'vitest';
import { corridorScenario, expectConserved, laneOf, makeWorld, minGapOnLanes, runFor } from './helpers.ts';

describe('lane closure merge', () => {
  it('moves traffic out of the closed lane before the closure and keeps it flowing', () => {
    const w = makeWorld(
      corridorScenario(1500, {
        corridor: { lanesPerDirection: 2 },
        demand: { flows: [{ entry: 'corridor:start', vehPerHour: 1200, mix: { car: 0.9, bus: 0.05, truck: 0.05 } }] },
        timeline: [{ type: 'laneClosure', at: 700, direction: 'forward', lane: 0, length: 120, start: 0, end: 10_000 }],
      }),
    );
    const kerb = laneOf(w, 'corridor:f0', 0);
    const closure = w.timeline[0]!;
    let minGap = Infinity;
    const exitTimes: number[] = [];
    runFor(w, 600, (ev) => {
      minGap = Math.min(minGap, minGapOnLanes(w).gap);
      for (const e of ev) if (e.type === 'vehicleExited') exitTimes.push(e.tick);
      // Nobody drives into the closed stretch.
      for (const i of w.occupancy.lists[kerb]!) {
        const s = w.vehicles.s[i]!;
        expect(s <= closure.pos || s - w.vehicles.length[i]! >= closure.pos + closure.length).toBe(true);
      }
    });
    expect(closure.state).toBe(1);
    expect(minGap).toBeGreaterThan(0);
    // 1200 veh/h offered through one open lane (capacity ~1800 veh/h): most of it gets through.
    expect(exitTimes.length).toBeGreaterThan(120);
    expect(w.counters.insertionBacklog).toBeLessThan(10);
    // Vehicles do use the kerb lane again after the closure.
    const after = w.occupancy.lists[kerb]!.filter((i) => w.vehicles.s[i]! > closure.pos + closure.length);
    expect(after.length).toBeGreaterThan(0);
    expectConserved(w);
  });

  it('changes lanes around an obstacle that appears on the lane', () => {
    const w = makeWorld(
      corridorScenario(1200, {
        corridor: { lanesPerDirection: 2 },
        demand: { flows: [{ entry: 'corridor:start', vehPerHour: 900 }] },
        timeline: [{ type: 'obstacle', at: 600, direction: 'forward', lane: 1, length: 3, start: 60, end: 400 }],
      }),
    );
    let minGap = Infinity;
    runFor(w, 400, () => {
      minGap = Math.min(minGap, minGapOnLanes(w).gap);
    });
    expect(w.timeline[0]!.state).toBe(1);
    expect(minGap).toBeGreaterThan(0);
    expect(w.counters.exitedByType[0]).toBeGreaterThan(50);
    expectConserved(w);
  });
});
