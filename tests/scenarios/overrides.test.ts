import { describe, expect, it } from 'vitest';
import { loadScenarioFile, parseScenarioText } from '../../scenarios/load.ts';
import { fixture, issuesOf } from './helpers.ts';

const full = fixture('full.yaml');

describe('--set overrides', () => {
  it('change values of every kind before validation', async () => {
    const { scenario } = await loadScenarioFile(full, [
      'run.tick=0.05',
      'name=Foo bar',
      'rsus[1].position=[120, 40]',
      'demand.flows[0].vehPerHour=600',
      'shuttles[0].maxSpeed=30',
      'shuttles[0].bothWays=false',
      'demand.flows[0].exits["main:end"]=0.5',
      'description=Note: slow',
    ]);
    expect(scenario.run.tick).toBe(0.05);
    expect(scenario.name).toBe('Foo bar');
    expect(scenario.rsus[1]?.position).toEqual([120, 40]);
    expect(scenario.demand.flows[0]?.vehPerHour).toBe(600);
    expect(scenario.shuttles[0]?.maxSpeed).toBe(30);
    expect(scenario.shuttles[0]?.bothWays).toBe(false);
    expect(scenario.demand.flows[0]?.exits).toEqual({ 'main:end': 0.5, 'I1:left': 0.2 });
    expect(scenario.description).toBe('Note: slow');
  });

  it('create missing maps on the way', () => {
    const text = 'name: X\norigin: { lat: 1, lon: 2 }\nnetwork: { corridor: { centreline: [[0, 0], [100, 0]] } }\n';
    const { scenario } = parseScenarioText(text, 'x.yaml', ['run.seed=9', 'demand.initialDensity=20']);
    expect(scenario.run.seed).toBe(9);
    expect(scenario.run.tick).toBe(0.1);
    expect(scenario.demand.initialDensity).toBe(20);
  });

  it('later overrides win', async () => {
    const { scenario } = await loadScenarioFile(full, ['run.seed=3', 'run.seed=4']);
    expect(scenario.run.seed).toBe(4);
  });

  it('an invalid value is reported against the --set, not the file', async () => {
    const error = await loadScenarioFile(full, ['run.tick=5']).catch((e: unknown) => e);
    expect((error as Error).message).toBe('--set run.tick=5: run.tick: must be <= 1 (s), got 5');
  });

  it('a dangling reference introduced by --set names it', async () => {
    const error = await loadScenarioFile(full, ['rsus[0].serves=[I9]']).catch((e: unknown) => e);
    expect((error as Error).message).toBe('--set rsus[0].serves=[I9]: rsus[0].serves[0]: unknown signal controller "I9" (known: S2, P1, I1)');
  });

  it('an unknown field introduced by --set names it', () => {
    const issues = issuesOf('name: X\norigin: { lat: 1, lon: 2 }\nnetwork: { corridor: { centreline: [[0, 0], [100, 0]] } }\n', 'x.yaml', ['run.tik=0.2']);
    expect(issues).toEqual([{ file: '--set run.tik=0.2', path: 'run.tik', message: 'unknown field "tik" (did you mean "tick"?)' }]);
  });

  it.each([
    ['run.tick', '(override)', 'expected PATH=VALUE, e.g. run.tick=0.05'],
    ['=1', '(override)', 'bad path: empty path'],
    ['run..tick=1', 'run..tick', 'bad path: expected a field name at character 5 of path "run..tick"'],
    ['rsus[x]=1', 'rsus[x]', 'bad path: expected a list index (0, 1, 2, ...) or a "quoted key" at character 6 of path "rsus[x]"'],
    ['rsus[1].position=[1,', 'rsus[1].position', 'bad value: Flow sequence must end with a ]'],
    ['rsus[5].position=[1, 2]', 'rsus[5].position', 'index 5 is beyond the end of rsus (2 items)'],
    ['buildings[0].height=3', 'buildings[0].height', 'index 0 is beyond the end of buildings (it does not exist)'],
    ['rsus.x=1', 'rsus.x', 'rsus is a list, not a map, so .x cannot be used'],
    ['name.x=1', 'name.x', 'name is a string, not a map, so .x cannot be used'],
    ['run[0]=1', 'run[0]', 'run is a map, not a list, so [0] cannot be used'],
  ])('malformed override %s is a ScenarioError naming it', (raw, path, message) => {
    const issues = issuesOf('name: X\norigin: { lat: 1, lon: 2 }\nrun: { tick: 0.1 }\nnetwork: { corridor: { centreline: [[0, 0], [100, 0]] } }\nrsus: [{ id: a, position: [0, 0] }, { id: b, position: [0, 0] }]\n', 'x.yaml', [raw]);
    expect(issues).toEqual([{ file: `--set ${raw}`, path, message }]);
  });

  it('refuses to write through a YAML alias, which would change every use of its anchor', () => {
    const text = 'name: X\norigin: { lat: 1, lon: 2 }\nnetwork: { corridor: { centreline: [[0, 0], [100, 0]] } }\nrsus:\n  - { id: a, position: &p [0, 0] }\n  - { id: b, position: *p }\n';
    expect(issuesOf(text, 'x.yaml', ['rsus[1].position[0]=5'])[0]?.message).toBe('rsus[1].position is an alias (*p); edit the file instead');
    // Replacing the alias as a whole is fine.
    expect(parseScenarioText(text, 'x.yaml', ['rsus[1].position=[5, 5]']).scenario.rsus.map((r) => r.position)).toEqual([
      [0, 0],
      [5, 5],
    ]);
  });
});
