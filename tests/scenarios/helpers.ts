// Shared by the scenario tests: fixture paths and "parse and give me the issues".
import { fileURLToPath } from 'node:url';
import { ScenarioError, parseScenarioText } from '../../scenarios/load.ts';
import type { ScenarioIssue } from '../../scenarios/load.ts';

export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/scenarios/${name}`, import.meta.url));
}

/** Issues from parsing `text`; fails the test if it parses or throws something else. */
export function issuesOf(text: string, file = 'test.yaml', overrides: string[] = []): ScenarioIssue[] {
  try {
    parseScenarioText(text, file, overrides);
  } catch (error) {
    if (error instanceof ScenarioError) return error.issues;
    throw error;
  }
  throw new Error('expected a ScenarioError, but the scenario loaded');
}

/** A small valid scenario as data, for tests that mutate one thing and serialise it. */
export function baseScenario(): Record<string, unknown> {
  return {
    name: 'Base',
    origin: { lat: 48.137, lon: 11.575 },
    network: {
      corridor: {
        centreline: [
          [0, 0],
          [1000, 0],
        ],
        crossStreets: [
          { id: 'I1', at: 200 },
          { id: 'I2', at: 500 },
          { id: 'I3', at: 800, control: 'priority', rightArm: 0 },
        ],
      },
    },
  };
}

export function issuesOfData(data: unknown, overrides: string[] = []): ScenarioIssue[] {
  return issuesOf(JSON.stringify(data, null, 2), 'test.json', overrides);
}
