// Every shipped scenario builds and runs: no overlaps, vehicles conserved, traffic moving.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { parseScenarioText } from '../../scenarios/load.ts';
import { createWorld } from '../../sim/create.ts';
import { step } from '../../sim/step.ts';
import { expectConserved, minGapOnLanes } from './helpers.ts';

const files = [
  ...readdirSync('scenarios/examples').map((f) => `scenarios/examples/${f}`),
  'scenarios/bench/bench-100.yaml',
  'scenarios/bench/bench-1k.yaml',
];

describe.each(files)('%s', (file) => {
  it('runs 5 simulated minutes without overlaps, conserving vehicles, with traffic leaving', () => {
    const w = createWorld(parseScenarioText(readFileSync(file, 'utf8'), file).scenario);
    for (let k = 0; k < 3000; k++) {
      step(w);
      if (k % 10 === 0) {
        const { gap, lane } = minGapOnLanes(w);
        if (!(gap > 0)) throw new Error(`tick ${w.tick}: overlap of ${gap} m on lane ${lane}`);
      }
    }
    expectConserved(w);
    expect(w.counters.exitedByType.reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
    for (const s of w.shuttles) expect(s.stopsServed).toBeGreaterThan(0);
  }, 60_000);
});
