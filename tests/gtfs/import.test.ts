// `corridor import-gtfs` on the Vierzelles sample feed (scenarios/gtfs/vierzelles), which
// matches the default corridor: every stop of route N1 lands on the kerb lane of its direction
// where the default scenario has its N1 stops, the headway comes from the timetable, the base
// file's comments survive, and the imported scenario validates and runs. A stop moved away from
// the avenue is reported with its id, name and distance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importGtfs, type ImportReport } from '../../scenarios/gtfs/import.ts';
import { parseScenarioText } from '../../scenarios/load.ts';
import { createWorld } from '../../sim/create.ts';
import { step } from '../../sim/step.ts';
import { makeGeo } from '../../sim/geo.ts';
import { formatCsv, parseCsvTable } from '../../scenarios/gtfs/csv.ts';

const FEED = 'scenarios/gtfs/vierzelles';
const BASE = 'scenarios/default.yaml';
const baseText = readFileSync(BASE, 'utf8');
const base = parseScenarioText(baseText, BASE).scenario;

function corridor(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/corridor.js', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'corridor-gtfs-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('import-gtfs of the Vierzelles feed onto the default scenario', () => {
  let text: string;
  let report: ImportReport;
  beforeAll(async () => {
    ({ text, report } = await importGtfs({ feedDir: FEED, routeId: 'N1', baseFile: BASE, outFile: 'n1.yaml' }));
  });

  it('places every stop of both directions on the kerb lane of its direction, where the default scenario has them', () => {
    expect(report.unplaced).toEqual([]);
    const [outbound, inbound] = report.directions;
    expect(outbound!.direction).toBe('outbound');
    expect(outbound!.directionIds).toEqual(['0']);
    expect(inbound!.direction).toBe('inbound');
    expect(inbound!.directionIds).toEqual(['1']);
    expect(outbound!.placed.map((p) => p.link.split(':')[1]![0])).toEqual(Array(7).fill('f'));
    expect(inbound!.placed.map((p) => p.link.split(':')[1]![0])).toEqual(Array(7).fill('b'));
    // Platforms are on the pavement, 8.5 m from the centreline: 3.6 m from the kerb lane's centre (13.4 m for the
    // Gare terminal, which both directions share on the south side).
    for (const p of outbound!.placed) expect(p.distance).toBeCloseTo(3.6, 0);
    const written = report.stops;
    const expected = base.shuttles[0]!.stops;
    expect(written.map((s) => s.name)).toEqual(expected.map((s) => s.name));
    written.forEach((s, k) => expect(Math.abs(s.at! - expected[k]!.at!)).toBeLessThan(0.5));
    // Stations (parent_station) name the scenario's stops: one stop for both platforms.
    expect(written.map((s) => s.scenarioId)).toEqual(['VZ_GARE', 'VZ_PASTEUR', 'VZ_HDV', 'VZ_HALLES', 'VZ_FERRY', 'VZ_HUGO', 'VZ_EUROPE']);
  });

  it('takes the weekday service (most trips) and its busiest-hour headway: one shuttle every 10 min', () => {
    expect(report.service.id).toBe('SEM');
    expect(report.service.tripsByService).toEqual({ SEM: 118, SAM: 50 });
    expect(report.headway).toMatchObject({ kind: 'peak', direction: 'outbound', seconds: 600 });
    // The last weekday trip leaves at 23:50 and ends after midnight (stop times past 24:00:00).
    expect(report.directions[0]!.headways!.last).toBe(23 * 3600 + 50 * 60);
    expect(report.directions[0]!.tripDuration).toBeGreaterThan(10 * 60);
  });

  it('keeps the base file byte for byte outside the line\'s stops and headway, and keeps the Gare dwell override', () => {
    const stopsBlock = /^ {6}(#|- \{).*\n/gm;
    expect(text.replace(stopsBlock, '')).toBe(baseText.replace(stopsBlock, ''));
    expect(text).toMatch(/- \{ id: VZ_GARE, name: Gare SNCF, at: 100, dwell: \{ distribution: lognormal, mean: 40, sd: 12, min: 20, max: 120 \} \} # GTFS VZ_GARE/);
    expect(text).toContain('# Imported from GTFS feed "vierzelles", route N1');
  });

  it('writes a scenario that validates and runs: the shuttles serve the imported stops', () => {
    expect(report.issues).toEqual([]);
    const scenario = parseScenarioText(text, 'n1.yaml', ['run.duration=300']).scenario;
    const w = createWorld(scenario);
    const visits = new Set(w.net.shuttleRoutes[0]!.visits.map((v) => v.stopKey));
    expect([...visits].sort()).toEqual(['VZ_EUROPE', 'VZ_FERRY', 'VZ_GARE', 'VZ_HALLES', 'VZ_HDV', 'VZ_HUGO', 'VZ_PASTEUR']);
    for (let k = 0; k < 3000; k++) step(w);
    expect(w.shuttles.reduce((a, s) => a + s.stopsServed, 0)).toBeGreaterThanOrEqual(2);
    expect(w.shuttles.reduce((a, s) => a + s.stopsSkipped, 0)).toBe(0);
    expect(Math.max(...w.shuttles.map((s) => s.distance))).toBeGreaterThan(400);
  }, 60_000);

  it('writes the median headway when asked, and the Saturday timetable with --service', async () => {
    const median = await importGtfs({ feedDir: FEED, routeId: 'N1', baseFile: BASE, outFile: 'x.yaml', headway: 'median', serviceId: 'SAM' });
    expect(median.report.service.trips).toBe(50);
    expect(median.report.headway).toMatchObject({ kind: 'median', seconds: 1800 });
    expect(median.text).toMatch(/^ {4}headway: 1800 {10}# so 3 shuttles/m);
  });
});

describe('import-gtfs onto a scenario without a shuttle line', () => {
  it('adds a line named after the route, with its colour and the vehicles its timetable needs', async () => {
    // The default scenario without its shuttle line and without the variants that refer to it.
    const start = baseText.indexOf('\nshuttles:\n');
    const end = baseText.indexOf('\n# ----', start + 1);
    const variants = baseText.lastIndexOf('\n# ----', baseText.lastIndexOf('\n# ----', baseText.indexOf('\nvariants:')) - 1);
    const noLine = join(dir, 'no-line.yaml');
    writeFileSync(noLine, `${baseText.slice(0, start)}${baseText.slice(end, variants)}\n`);
    expect(parseScenarioText(readFileSync(noLine, 'utf8'), noLine).scenario.shuttles).toEqual([]);
    const { text, report } = await importGtfs({ feedDir: FEED, routeId: 'N1', baseFile: noLine, outFile: 'n1.yaml' });
    expect(report.line).toMatchObject({ id: 'gtfs-N1', created: true, index: 0 });
    expect(report.issues).toEqual([]);
    const line = parseScenarioText(text, 'n1.yaml').scenario.shuttles[0]!;
    expect(line).toMatchObject({ id: 'gtfs-N1', color: '#0078c8', headway: 600, vehicles: report.vehiclesNeeded });
    expect(line.stops).toHaveLength(7);
    expect(text.startsWith(readFileSync(noLine, 'utf8'))).toBe(true);
  });
});

describe('corridor import-gtfs (the command)', () => {
  it('exits 0 and writes the file when every stop is placed', () => {
    const out = join(dir, 'n1.yaml');
    const r = corridor('import-gtfs', FEED, '--route', 'N1', '--scenario', BASE, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Every stop placed.');
    expect(r.stdout).toContain('Headway: 600 s written (the peak headway of the outbound trips');
    const v = corridor('validate', out);
    expect(v.status).toBe(0);
  });

  it('reports a stop far from the network with its stop_id, name and distance, and exits 1', () => {
    // A copy of the feed with the eastbound Victor-Hugo platform moved 400 m north of the avenue.
    const feed = join(dir, 'moved');
    cpSync(FEED, feed, { recursive: true });
    const stops = parseCsvTable(readFileSync(join(feed, 'stops.txt'), 'utf8'), 'stops.txt');
    const geo = makeGeo(base.origin);
    const rows = stops.records.map((r) => {
      if (r.fields[0] !== 'VZ_HUGO_E') return [...r.fields];
      const p = geo.toLocal(Number(r.fields[4]), Number(r.fields[5]));
      const q = geo.toGeo(p.x, p.y + 400);
      return r.fields.map((f, k) => (k === 4 ? q.lat.toFixed(6) : k === 5 ? q.lon.toFixed(6) : f));
    });
    writeFileSync(join(feed, 'stops.txt'), formatCsv([[...stops.header], ...rows]));
    const out = join(dir, 'moved.yaml');
    const r = corridor('import-gtfs', feed, '--route', 'N1', '--scenario', BASE, '--out', out, '--json');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as ImportReport;
    expect(report.unplaced).toHaveLength(1);
    const u = report.unplaced[0]!;
    expect(u).toMatchObject({ direction: 'outbound', stopId: 'VZ_HUGO_E', name: 'Victor-Hugo' });
    expect(u.nearest).toBeGreaterThan(380);
    expect(u.nearest).toBeLessThan(420);
    expect(u.reason).toContain('no forward kerb lane within 30 m');
    // The other six stops are written, and the scenario still validates.
    expect(report.stops).toHaveLength(6);
    expect(report.issues).toEqual([]);
    const text = corridor('import-gtfs', feed, '--route', 'N1', '--scenario', BASE, '--out', out);
    expect(text.stdout).toMatch(/Not placed \(1\):\n {2}outbound VZ_HUGO_E "Victor-Hugo": no forward kerb lane within 30 m: the nearest is \d+\.\d m away/);
  });

  it('refuses an unrelated route with none of its stops near the line, listing them', () => {
    const r = corridor('import-gtfs', FEED, '--route', 'L4', '--scenario', BASE, '--out', join(dir, 'l4.yaml'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('only 0 stops of route "L4" could be placed');
    expect(r.stderr).toContain('VZ_HOPITAL (Centre hospitalier)');
  });

  it('names the file and line of a bad value in the feed, and a missing route', () => {
    const feed = join(dir, 'broken');
    cpSync(FEED, feed, { recursive: true });
    const times = readFileSync(join(feed, 'stop_times.txt'), 'utf8').split('\r\n');
    times[5] = times[5]!.replace(/,\d\d:\d\d:\d\d,/, ',7h30,');
    writeFileSync(join(feed, 'stop_times.txt'), times.join('\r\n'));
    const r = corridor('import-gtfs', feed, '--route', 'N1', '--scenario', BASE, '--out', join(dir, 'b.yaml'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${join(feed, 'stop_times.txt')}:6: arrival_time must be a time H:MM:SS`);
    const missing = corridor('import-gtfs', FEED, '--route', 'N9', '--scenario', BASE, '--out', join(dir, 'b.yaml'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('route "N9" is not in');
    expect(missing.stderr).toContain('N1 "N1"');
  });

  it('is a usage error without --route, --scenario or --out', () => {
    expect(corridor('import-gtfs', FEED, '--scenario', BASE, '--out', 'x.yaml').status).toBe(64);
    expect(corridor('import-gtfs', FEED, '--route', 'N1', '--out', 'x.yaml').status).toBe(64);
    expect(corridor('import-gtfs', FEED, '--route', 'N1', '--scenario', BASE).status).toBe(64);
  });
});
