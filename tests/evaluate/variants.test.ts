// Scenario variants: an overlay merged onto the file (maps by key, lists of items with an id by
// id, null removes), `set` overrides after it, the result validated like the file, and every
// problem reported under `variants.<name>.<path>` at the line that caused it.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseScenarioText, ScenarioError } from '../../scenarios/load.ts';
import { mergeOverlay } from '../../scenarios/variants.ts';

const FILE = 'scenarios/examples/shuttle-line.yaml';
const BASE = readFileSync(FILE, 'utf8');

function withVariants(yaml: string): string {
  return `${BASE}\nvariants:\n${yaml}`;
}

function issues(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScenarioError) return e.issues;
    throw e;
  }
  throw new Error('expected a ScenarioError');
}

describe('mergeOverlay', () => {
  it('merges maps key by key, lists of items with ids by id, replaces other lists, removes on null', () => {
    const base = { a: { b: 1, c: 2 }, list: [{ id: 'x', v: 1 }, { id: 'y', v: 2 }], pts: [[0, 0], [1, 1]], gone: 3 };
    const { data, written } = mergeOverlay(base, { a: { c: 5 }, list: [{ id: 'y', v: 9 }, { id: 'z', v: 3 }], pts: [[2, 2]], gone: null });
    expect(data).toEqual({ a: { b: 1, c: 5 }, list: [{ id: 'x', v: 1 }, { id: 'y', v: 9 }, { id: 'z', v: 3 }], pts: [[2, 2]] });
    // The appended item is at index 2 of the result but index 1 of the overlay.
    expect(written).toContainEqual({ path: ['list', 2], from: ['list', 1] });
    expect(written).toContainEqual({ path: ['list', 1, 'v'], from: ['list', 0, 'v'] });
    expect(base.a.c).toBe(2);
  });
});

describe('variants in a scenario file', () => {
  const text = withVariants(`  no-v2x:
    description: without V2X
    overlay: { v2x: { enabled: false } }
  more-rsus:
    overlay:
      rsus:
        - { id: rsu-poste, position: [820, 30] }
        - { id: rsu-hopital, position: [1140, -12] }
  faster:
    set: ['shuttles[0].maxSpeed=30', 'run.duration=120']
`);

  it('loads the file as written, with its variants listed', () => {
    const { scenario } = parseScenarioText(text, FILE);
    expect(Object.keys(scenario.variants)).toEqual(['no-v2x', 'more-rsus', 'faster']);
    expect(scenario.v2x.enabled).toBe(true);
    expect(scenario.rsus).toHaveLength(2);
  });

  it('applies an overlay and set overrides, the command line overrides last', () => {
    expect(parseScenarioText(text, FILE, [], { variant: 'no-v2x' }).scenario.v2x.enabled).toBe(false);
    const more = parseScenarioText(text, FILE, [], { variant: 'more-rsus' }).scenario;
    expect(more.rsus.map((r) => [r.id, r.position])).toEqual([
      ['rsu-mairie', [412.1, 3.7]],
      ['rsu-poste', [820, 30]],
      ['rsu-hopital', [1140, -12]],
    ]);
    // Fields not in the overlay keep the file's values.
    expect(more.rsus[1]!.serves).toEqual(['x-poste']);
    const faster = parseScenarioText(text, FILE, ['run.duration=60'], { variant: 'faster' }).scenario;
    expect(faster.shuttles[0]!.maxSpeed).toBe(30);
    expect(faster.run.duration).toBe(60);
  });

  it('names an unknown variant and lists the known ones', () => {
    const [issue] = issues(() => parseScenarioText(text, FILE, [], { variant: 'nope' }));
    expect(issue!.message).toBe('unknown variant "nope" (known: base, no-v2x, more-rsus, faster)');
  });

  it('reports a broken overlay value at its own line, under variants.<name>.<path>', () => {
    const broken = withVariants(`  plan-b:
    overlay:
      rsus:
        - { id: rsu-new, position: [900, "north"] }
`);
    const line = broken.split('\n').findIndex((l) => l.includes('rsu-new')) + 1;
    const found = issues(() => parseScenarioText(broken, FILE, [], { variant: 'plan-b' }));
    expect(found).toEqual([expect.objectContaining({ file: FILE, path: 'variants.plan-b.rsus[2].position[1]', line })]);
    expect(found[0]!.message).toMatch(/expected number, got string "north"/);
    // Loading the file as written checks every variant too, so `corridor validate` finds it.
    const again = issues(() => parseScenarioText(broken, FILE));
    expect(again.map((i) => i.path)).toEqual(['variants.plan-b.rsus[2].position[1]']);
  });

  it('reports a bad set override at its entry, and semantic problems of the merged scenario', () => {
    const broken = withVariants(`  too-fast:
    set: ['shuttles[0].maxSpeed=300']
  lost-rsu:
    overlay:
      rsus:
        - { id: rsu-mairie, serves: [x-nowhere] }
`);
    const all = issues(() => parseScenarioText(broken, FILE));
    const setLine = broken.split('\n').findIndex((l) => l.includes('maxSpeed=300')) + 1;
    expect(all).toContainEqual(expect.objectContaining({ path: 'variants.too-fast.shuttles[0].maxSpeed', line: setLine }));
    const ref = all.find((i) => i.path.startsWith('variants.lost-rsu.'));
    expect(ref?.path).toBe('variants.lost-rsu.rsus[0].serves[0]');
    expect(ref?.line).toBe(broken.split('\n').findIndex((l) => l.includes('x-nowhere')) + 1);
  });

  it('rejects unknown fields in a variant', () => {
    const broken = withVariants(`  typo:
    overlai: { v2x: { enabled: false } }
`);
    const [issue] = issues(() => parseScenarioText(broken, FILE, [], { variant: 'typo' }));
    expect(issue!.path).toBe('variants.typo.overlai');
    expect(issue!.message).toMatch(/did you mean "overlay"/);
  });
});

describe('the default scenario', () => {
  it('has the variants the evaluation report compares, each valid', () => {
    const text = readFileSync('scenarios/default.yaml', 'utf8');
    const { scenario } = parseScenarioText(text, 'scenarios/default.yaml');
    const names = Object.keys(scenario.variants);
    expect(names).toEqual(expect.arrayContaining(['no-v2x', 'rsu-plan-b', 'headway-8min', 'cars-equipped-50pct', 'shuttle-max-30kmh']));
    const load = (v: string) => parseScenarioText(text, 'scenarios/default.yaml', [], { variant: v }).scenario;
    expect(load('no-v2x').v2x.enabled).toBe(false);
    expect(load('rsu-plan-b').rsus.length).toBeGreaterThan(scenario.rsus.length);
    expect(load('headway-8min').shuttles[0]!.headway).toBe(480);
    expect(load('cars-equipped-50pct').v2x.equipment.car).toBe(0.5);
    expect(load('shuttle-max-30kmh').shuttles[0]!.maxSpeed).toBe(30);
  });
});
