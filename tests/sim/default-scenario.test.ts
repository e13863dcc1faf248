// Properties of the embedded default scenario: no overlaps, conservation, determinism.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parseScenarioText } from '../../scenarios/load.ts';
import { createWorld } from '../../sim/create.ts';
import { step } from '../../sim/step.ts';
import { stateHash } from '../../sim/hash.ts';
import { expectConserved, minGapOnLanes } from './helpers.ts';

const FILE = 'scenarios/default.yaml';
const text = readFileSync(FILE, 'utf8');
const load = (seed: number) => createWorld(parseScenarioText(text, FILE, [`run.seed=${seed}`]).scenario);

describe('default scenario', () => {
  it('never has two vehicles overlapping on any lane at any tick of a 10-minute run (any seed)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const w = load(seed);
        for (let k = 0; k < 6000; k++) {
          step(w);
          const { gap, lane } = minGapOnLanes(w);
          if (!(gap > 0)) throw new Error(`seed ${seed}, tick ${w.tick}: overlap of ${gap} m on lane ${lane}`);
          if (k % 500 === 0) expectConserved(w);
        }
        expectConserved(w);
        expect(w.counters.exitedByType.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
      }),
      { numRuns: 2 },
    );
  }, 120_000);

  it('keeps traffic flowing for the whole hour: no gridlock, the shuttles complete their round trips', () => {
    for (const seed of [42, 2]) {
      const w = load(seed);
      const ticks = Math.round(w.scenario.run.duration / w.dt);
      for (let k = 0; k < ticks; k++) step(w);
      expectConserved(w);
      // About 150 vehicles at t = 0 and roughly 300 in steady state; a gridlock grows past 1,000.
      expect(w.vehicles.count).toBeLessThan(500);
      expect(w.counters.insertionBacklog).toBeLessThan(100);
      const trips = w.shuttles.reduce((a, s) => a + s.tripsCompleted, 0);
      expect(trips).toBeGreaterThanOrEqual(3);
      expect(w.shuttles.reduce((a, s) => a + s.stopsSkipped, 0)).toBe(0);
    }
  }, 60_000);

  it('gives the same state hash for the same seed and a different one for another seed', () => {
    const run = (seed: number) => {
      const w = load(seed);
      for (let k = 0; k < 1500; k++) step(w);
      return stateHash(w);
    };
    const a = run(42);
    expect(run(42)).toBe(a);
    expect(run(43)).not.toBe(a);
  });
});
