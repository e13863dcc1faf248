// Pedestrians at a zebra: vehicles yield, nobody drives onto the crosswalk while someone walks.
import { describe, expect, it } from 'vitest';
import { corridorScenario, makeWorld, runFor } from './helpers.ts';

describe('pedestrian yield at a zebra crossing', () => {
  it('vehicles stop for pedestrians and never enter the crosswalk while someone is on it', () => {
    const w = makeWorld(
      corridorScenario(1000, {
        corridor: { lanesPerDirection: 2 },
        crosswalks: [{ id: 'Z', at: 500, control: 'zebra', width: 4 }],
        demand: {
          flows: [{ entry: 'corridor:start', vehPerHour: 700 }, { entry: 'corridor:end', vehPerHour: 700 }],
          pedestrians: [{ crosswalk: 'Z', perHour: 240 }],
        },
      }),
    );
    const cw = w.net.crosswalks[0]!;
    const V = w.vehicles;
    // Position of every vehicle's front before the tick, to catch one crossing the edge.
    const before = new Map<number, { lane: number; s: number }>();
    let violations = 0;
    let yieldedTicks = 0;
    runFor(w, 900, () => {
      for (const { lane, position } of cw.lanes) {
        for (const i of w.occupancy.lists[lane]!) {
          const b = before.get(V.id[i]!);
          const entered = b && b.lane === lane && b.s < position && V.s[i]! >= position;
          if (entered && w.crosswalkBlocked[cw.id] === 2) violations++;
          if (V.v[i]! < 0.1 && position - V.s[i]! > 0 && position - V.s[i]! < 4) yieldedTicks++;
        }
      }
      before.clear();
      for (let i = 0; i < V.top; i++) if (V.alive[i]) before.set(V.id[i]!, { lane: V.lane[i]!, s: V.s[i]! });
    });
    expect(violations).toBe(0);
    expect(w.counters.pedestriansCrossed).toBeGreaterThan(30);
    expect(yieldedTicks).toBeGreaterThan(0);
    expect(w.counters.exitedByType[0]).toBeGreaterThan(200);
  });
});
