// The `corridor` command as a user runs it: separate processes, exit codes, JSON on stdout.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

function corridor(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/corridor.js', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SMALL = 'scenarios/examples/single-intersection.yaml';

describe('corridor run --headless --json', () => {
  it('prints one JSON summary with the documented fields; same seed in two processes gives the same state hash', () => {
    const a = corridor('run', SMALL, '--headless', '--json', '--duration', '120', '--seed', '5');
    const b = corridor('run', SMALL, '--headless', '--json', '--duration', '120', '--seed', '5');
    const c = corridor('run', SMALL, '--headless', '--json', '--duration', '120', '--seed', '6');
    expect(a.status).toBe(0);
    const ja = JSON.parse(a.stdout);
    for (const key of ['scenario', 'seed', 'ticks', 'simSeconds', 'wallSeconds', 'vehicleSteps', 'stateHash', 'vehicles', 'shuttle']) {
      expect(ja).toHaveProperty(key);
    }
    expect(ja.seed).toBe(5);
    expect(ja.ticks).toBe(1200);
    expect(ja.simSeconds).toBe(120);
    for (const key of ['tripsCompleted', 'meanCommercialSpeedKmh', 'timeStoppedAtSignalsSeconds', 'timeDwellingSeconds']) {
      expect(ja.shuttle).toHaveProperty(key);
    }
    const car = ja.vehicles.car;
    expect(car.entered).toBe(car.exited + car.present);
    expect(JSON.parse(b.stdout).stateHash).toBe(ja.stateHash);
    expect(JSON.parse(c.stdout).stateHash).not.toBe(ja.stateHash);
  }, 60_000);

  it('applies --set overrides, validated like the file', () => {
    const ok = corridor('run', SMALL, '--headless', '--json', '--duration', '10', '--set', 'run.tick=0.05');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).ticks).toBe(200);
    const bad = corridor('run', SMALL, '--headless', '--json', '--set', 'run.tick=5');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('run.tick');
    expect(bad.stdout).toBe('');
  }, 60_000);
});

describe('bad scenario files exit with status 2 and say where the problem is', () => {
  const cases: [string, RegExp][] = [
    ['syntax-error.yaml', /syntax-error\.yaml:\d+:\d+/],
    ['unknown-field.yaml', /unknown-field\.yaml:\d+:\d+: .*unknown field/],
    ['wrong-type.yaml', /wrong-type\.yaml:\d+:\d+: \S+: expected/],
    ['out-of-range.yaml', /out-of-range\.yaml:\d+:\d+: \S+: must be/],
    ['dangling-reference.yaml', /dangling-reference\.yaml:\d+:\d+: \S+: unknown/],
  ];
  for (const [file, pattern] of cases) {
    it(`${file}: validate and run both refuse it`, () => {
      const path = `tests/fixtures/scenarios/${file}`;
      const v = corridor('validate', path);
      expect(v.status).toBe(2);
      expect(v.stderr).toMatch(pattern);
      const r = corridor('run', path, '--headless');
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stdout).toBe('');
    }, 30_000);
  }

  it('a missing file is reported, not a crash', () => {
    const r = corridor('validate', 'no/such/file.yaml');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no/such/file.yaml');
  });
});
