import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ScenarioError, formatPath, loadScenarioFile, parseScenarioText } from '../../scenarios/load.ts';
import type { ScenarioIssue } from '../../scenarios/load.ts';
import { fixture } from './helpers.ts';

async function fileIssues(name: string): Promise<ScenarioIssue[]> {
  const error = await loadScenarioFile(fixture(name)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScenarioError);
  return (error as ScenarioError).issues;
}

describe('valid scenarios', () => {
  it('loads a minimal scenario with defaults filled in', async () => {
    const loaded = await loadScenarioFile(fixture('minimal.yaml'));
    const { scenario } = loaded;
    expect(scenario.name).toBe('Minimal');
    expect(scenario.origin).toEqual({ lat: 48.137, lon: 11.575, alt: 0 });
    expect(scenario.run).toEqual({ tick: 0.1, duration: 3600, seed: 1, startTime: '2026-06-02T07:30:00Z' });
    expect(scenario.network.corridor).toMatchObject({ id: 'corridor', lanesPerDirection: 2, laneWidth: 3.5, speedLimit: 50, crossStreets: [] });
    expect(scenario.signals).toEqual([]);
    expect(scenario.demand).toEqual({ flows: [], pedestrians: [], initialDensity: 0 });
  });

  it('returns the original file text, untouched', async () => {
    const file = fixture('minimal.yaml');
    const loaded = await loadScenarioFile(file, ['name=Changed']);
    expect(loaded.text).toBe(await readFile(file, 'utf8'));
    expect(loaded.file).toBe(file);
    expect(loaded.scenario.name).toBe('Changed');
  });

  it('loads a scenario using most features', async () => {
    const { scenario } = await loadScenarioFile(fixture('full.yaml'));
    expect(scenario.network.corridor?.crossStreets.map((c) => c.id)).toEqual(['I1', 'I2', 'I3']);
    expect(scenario.rsus[0]?.radio.technology).toBe('its-g5');
    expect(scenario.shuttles[0]?.dwell.distribution).toBe('lognormal');
  });

  it('loads JSON with an explicit network', async () => {
    const { scenario } = await loadScenarioFile(fixture('explicit.json'));
    expect(scenario.network.explicit?.links.map((l) => l.id)).toEqual(['AB', 'BC']);
    expect(scenario.network.corridor).toBeUndefined();
    expect(scenario.shuttles[0]?.route).toEqual(['AB', 'BC']);
  });
});

describe('error fixtures: exact path and line', () => {
  it('YAML syntax error', async () => {
    const issues = await fileIssues('syntax-error.yaml');
    expect(issues[0]).toMatchObject({ file: fixture('syntax-error.yaml'), path: '(syntax)', line: 7 });
    expect(issues[0]?.column).toBeTypeOf('number');
  });

  it('unknown field: names the key and suggests the right one', async () => {
    const issues = await fileIssues('unknown-field.yaml');
    expect(issues).toEqual([
      {
        file: fixture('unknown-field.yaml'),
        path: 'network.corridor.crossStreets[1].speedlimit',
        line: 12,
        column: 9,
        message: 'unknown field "speedlimit" (did you mean "speedLimit"?)',
      },
    ]);
  });

  it('wrong type', async () => {
    const issues = await fileIssues('wrong-type.yaml');
    expect(issues).toEqual([{ file: fixture('wrong-type.yaml'), path: 'run.tick', line: 5, column: 9, message: 'expected number, got string "abc"' }]);
  });

  it('out-of-range value, with its unit', async () => {
    const issues = await fileIssues('out-of-range.yaml');
    expect(issues).toEqual([
      { file: fixture('out-of-range.yaml'), path: 'network.corridor.speedLimit', line: 7, column: 17, message: 'must be <= 130 (km/h), got 300' },
    ]);
  });

  it('dangling reference: names what exists', async () => {
    const issues = await fileIssues('dangling-reference.yaml');
    expect(issues).toEqual([
      { file: fixture('dangling-reference.yaml'), path: 'rsus[2].serves[0]', line: 17, column: 9, message: 'unknown signal controller "I9" (known: I1, I2, I3)' },
    ]);
  });

  it('duplicate id', async () => {
    const issues = await fileIssues('duplicate-id.yaml');
    expect(issues).toEqual([
      { file: fixture('duplicate-id.yaml'), path: 'crosswalks[1].id', line: 10, column: 9, message: 'duplicate crosswalk id "C1" (already used at crosswalks[0])' },
    ]);
  });

  it('formats every issue as file:line:column: path: message', async () => {
    const error = await loadScenarioFile(fixture('wrong-type.yaml')).catch((e: unknown) => e);
    expect((error as Error).message).toBe(`${fixture('wrong-type.yaml')}:5:9: run.tick: expected number, got string "abc"`);
  });
});

describe('reading files', () => {
  it('reports a missing file as a ScenarioError', async () => {
    const issues = await fileIssues('does-not-exist.yaml');
    expect(issues).toEqual([{ file: fixture('does-not-exist.yaml'), path: '(file)', message: 'file not found' }]);
  });

  it('reports a directory as a ScenarioError', async () => {
    const error = await loadScenarioFile(fixture('')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).message).toContain('is a directory');
  });
});

describe('YAML and JSON details', () => {
  const minimal = 'name: X\norigin: { lat: 1, lon: 2 }\nnetwork: { corridor: { centreline: [[0, 0], [100, 0]] } }\n';

  it('rejects duplicate keys, naming the key and its first line', () => {
    const error = (() => {
      try {
        parseScenarioText(`${minimal}name: Y\n`, 'dup.yaml');
      } catch (e) {
        return e;
      }
    })() as ScenarioError;
    expect(error.issues).toEqual([
      { file: 'dup.yaml', path: '(syntax)', line: 4, column: 1, message: 'duplicate key "name" (first given at line 1): each key may appear only once in a map' },
    ]);
  });

  it('rejects duplicate keys in JSON too', () => {
    expect(() => parseScenarioText('{"name": "a", "name": "b"}', 'dup.json')).toThrow(/duplicate key "name"/);
  });

  it('holds JSON-looking files to JSON quoting rules', () => {
    expect(() => parseScenarioText('{name: "a"}', 'bad.json')).toThrow(/JSON strings and keys must be in double quotes/);
  });

  it('accepts YAML anchors and merge keys', () => {
    const text = `${minimal}rsus:\n  - &r { id: R1, position: [0, 0] }\n  - { <<: *r, id: R2 }\n`;
    expect(parseScenarioText(text, 'merge.yaml').scenario.rsus.map((r) => r.id)).toEqual(['R1', 'R2']);
  });

  it('reports an unknown alias with its line', () => {
    expect(() => parseScenarioText(`${minimal}description: *nope\n`, 'a.yaml')).toThrow('a.yaml:4:14: (syntax): unknown alias *nope');
  });

  it('explains an empty file', () => {
    expect(() => parseScenarioText('', 'empty.yaml')).toThrow('empty.yaml: (root): the scenario is empty');
  });

  it('points a missing required field at the map that lacks it', () => {
    const error = (() => {
      try {
        parseScenarioText(`${minimal}signals:\n  - id: S1\n`, 'm.yaml');
      } catch (e) {
        return e;
      }
    })() as ScenarioError;
    expect(error.issues).toEqual([{ file: 'm.yaml', path: 'signals[0].node', line: 5, column: 5, message: 'required field is missing (expected string)' }]);
  });

  it('explains an unknown event type', () => {
    expect(() => parseScenarioText(`${minimal}timeline:\n  - { type: meteor, start: 1 }\n`, 't.yaml')).toThrow(
      't.yaml:5:13: timeline[0].type: unknown type "meteor" (expected one of: laneClosure, obstacle, stationaryVehicle, signalFailure, weather)',
    );
  });

  it('collects every schema issue in one error, in file order', () => {
    const text = `name: ""\norigin: { lat: 100, lon: 2 }\nrun: { tick: 0 }\nnetwork: { corridor: { centreline: [[0, 0]] } }\n`;
    const error = (() => {
      try {
        parseScenarioText(text, 'many.yaml');
      } catch (e) {
        return e;
      }
    })() as ScenarioError;
    expect(error.issues.map((i) => `${i.line} ${i.path}: ${i.message}`)).toEqual([
      '1 name: must not be empty',
      '2 origin.lat: must be <= 85 (degrees), got 100',
      '3 run.tick: must be >= 0.01 (s), got 0',
      '4 network.corridor.centreline: needs at least 2 items, got 1',
    ]);
  });
});

describe('formatPath', () => {
  it('uses dots for fields and brackets for indices', () => {
    expect(formatPath(['rsus', 2, 'position'])).toBe('rsus[2].position');
    expect(formatPath(['demand', 'flows', 0, 'exits', 'I1:left'])).toBe('demand.flows[0].exits["I1:left"]');
    expect(formatPath([])).toBe('(root)');
  });
});
