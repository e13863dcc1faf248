// import-gtfs on an explicit network: a line with a `route` of link ids gets its stops as
// `link` + `position` (metres from the link's from-node, as the scenario file counts), on the
// route's links for trips running along it and on their reverse links for trips running back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importGtfs } from '../../scenarios/gtfs/import.ts';
import { formatCsv } from '../../scenarios/gtfs/csv.ts';
import { formatGtfsTime } from '../../scenarios/gtfs/time.ts';
import { parseScenarioText } from '../../scenarios/load.ts';
import { makeGeo } from '../../sim/geo.ts';
import { polyline, poseAt } from '../../sim/polyline.ts';
import { createWorld } from '../../sim/create.ts';
import { step } from '../../sim/step.ts';

const BASE = 'scenarios/examples/explicit-network.yaml';
const scenario = parseScenarioText(readFileSync(BASE, 'utf8'), BASE).scenario;
const geo = makeGeo(scenario.origin);
const explicit = scenario.network.explicit!;

/** lat/lon of the point `position` m along link `id` (from its from-node), `right` m to the right of it. */
function beside(id: string, position: number, right: number): [string, string] {
  const link = explicit.links.find((l) => l.id === id)!;
  const at = (n: string) => explicit.nodes.find((x) => x.id === n)!.position;
  const p = poseAt(polyline([at(link.from), ...link.shape, at(link.to)]), position, { x: 0, y: 0, theta: 0 });
  const g = geo.toGeo(p.x + Math.sin(p.theta) * right, p.y - Math.cos(p.theta) * right);
  return [g.lat.toFixed(7), g.lon.toFixed(7)];
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'corridor-gtfs-explicit-'));
  // Three stops along w-c, c-e (the route) and their platforms on c-w, e-c; 6 m right of the lane's link.
  const stops = [
    ['stop_id', 'stop_name', 'stop_lat', 'stop_lon'],
    ['BO-A', 'Bretagne Ouest', ...beside('w-c', 70, 6)],
    ['PORT-A', 'Port', ...beside('c-e', 90, 6)],
    ['BE-A', 'Bretagne Est', ...beside('c-e', 230, 6)],
    ['BE-R', 'Bretagne Est', ...beside('e-c', 60, 6)],
    ['PORT-R', 'Port', ...beside('e-c', 200, 6)],
    ['BO-R', 'Bretagne Ouest', ...beside('c-w', 230, 6)],
  ];
  const trips = [['route_id', 'service_id', 'trip_id', 'direction_id']];
  const times = [['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence']];
  for (let k = 0; k < 8; k++) {
    for (const [dirId, ids] of [[0, ['BO-A', 'PORT-A', 'BE-A']], [1, ['BE-R', 'PORT-R', 'BO-R']]] as const) {
      const id = `T${dirId}-${k}`;
      trips.push(['N3', 'ALL', id, String(dirId)]);
      ids.forEach((s, j) => {
        const t = formatGtfsTime(8 * 3600 + k * 900 + dirId * 300 + j * 90);
        times.push([id, t, t, s, String(j + 1)]);
      });
    }
  }
  writeFileSync(join(dir, 'stops.txt'), formatCsv(stops));
  writeFileSync(join(dir, 'routes.txt'), formatCsv([['route_id', 'route_short_name', 'route_type'], ['N3', 'N3', '3']]));
  writeFileSync(join(dir, 'trips.txt'), formatCsv(trips));
  writeFileSync(join(dir, 'stop_times.txt'), formatCsv(times));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('import-gtfs on an explicit network', () => {
  it('places each direction on its own links and writes link + position from the from-node', async () => {
    const { text, report } = await importGtfs({ feedDir: dir, routeId: 'N3', baseFile: BASE, outFile: 'n3.yaml' });
    expect(report.line).toMatchObject({ id: 'n3', form: 'route', created: false });
    expect(report.unplaced).toEqual([]);
    const [outbound, inbound] = report.directions;
    expect(outbound!.placed.map((p) => p.link)).toEqual(['w-c', 'c-e', 'c-e']);
    expect(inbound!.placed.map((p) => p.link)).toEqual(['e-c', 'e-c', 'c-w']);
    expect(report.stops.map((s) => [s.link, s.position])).toEqual([
      ['w-c', expect.closeTo(70, 0)],
      ['c-e', expect.closeTo(90, 0)],
      ['c-e', expect.closeTo(230, 0)],
    ]);
    // A quarter-hour timetable, no calendar.txt.
    expect(report.headway).toMatchObject({ kind: 'peak', seconds: 900 });
    expect(report.issues).toEqual([]);
    const imported = parseScenarioText(text, 'n3.yaml', ['run.duration=120']).scenario;
    expect(imported.shuttles[0]!.stops.map((s) => s.id)).toEqual(['BO-A', 'PORT-A', 'BE-A']);
    const w = createWorld(imported);
    for (let k = 0; k < 1200; k++) step(w);
    expect(w.shuttles[0]!.distance).toBeGreaterThan(50);
  }, 30_000);
});
