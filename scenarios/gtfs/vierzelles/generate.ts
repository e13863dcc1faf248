// Builds the sample GTFS feed of Vierzelles (this folder) from scenarios/default.yaml, so that it
// matches the default corridor: route N1 (the Navette N1) with its 7 stops on the pavements of
// the Avenue de la République, converted to WGS84 with sim/geo.ts around the scenario origin,
// a shape per direction along the kerb lanes, a weekday and a Saturday timetable (one trip runs
// past midnight: 24:xx times), and an unrelated bus route L4 north of the avenue.
// Regenerate with: npx tsx scenarios/gtfs/vierzelles/generate.ts
// Written as GTFS exports often are: CRLF line ends, a UTF-8 byte order mark on stops.txt,
// quoted fields where a value holds a comma or a double quote.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScenarioText } from '../../load.ts';
import { makeGeo } from '../../../sim/geo.ts';
import { polyline, poseAt, type Pose } from '../../../sim/polyline.ts';
import { formatCsv } from '../csv.ts';
import { formatGtfsTime } from '../time.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..', '..');
const { scenario } = parseScenarioText(readFileSync(join(ROOT, 'scenarios/default.yaml'), 'utf8'), 'scenarios/default.yaml');
const geo = makeGeo(scenario.origin);
const centre = polyline(scenario.network.corridor!.centreline);

/** Metres right of the centreline, facing east: platforms on the pavement, 2 m past the kerb. */
const PAVEMENT = 8.5;
/** Centre of the kerb lane (2 lanes of 3.25 m): where the shapes run. */
const KERB_LANE = 4.875;

const fix = (v: number) => v.toFixed(6);
function at(s: number, right: number): { lat: string; lon: string } {
  const p: Pose = poseAt(centre, s, { x: 0, y: 0, theta: 0 });
  const x = p.x + Math.sin(p.theta) * right;
  const y = p.y - Math.cos(p.theta) * right;
  const g = geo.toGeo(x, y, scenario.origin.alt);
  return { lat: fix(g.lat), lon: fix(g.lon) };
}
function local(x: number, y: number): { lat: string; lon: string } {
  const g = geo.toGeo(x, y, scenario.origin.alt);
  return { lat: fix(g.lat), lon: fix(g.lon) };
}

// N1: the default scenario's stops, eastbound platforms (direction 0) at `at` on the south
// pavement, westbound platforms (direction 1) a few metres on, on the north pavement; the
// Gare terminal is one stop on the south pavement served both ways.
const N1 = [
  { key: 'GARE', name: 'Gare SNCF', at: 100 },
  { key: 'PASTEUR', name: 'Pasteur', at: 520 },
  { key: 'HDV', name: 'Hôtel de Ville', at: 1060 },
  { key: 'HALLES', name: 'Les Halles', at: 1400 },
  { key: 'FERRY', name: 'École Jules-Ferry', at: 1750 },
  { key: 'HUGO', name: 'Victor-Hugo', at: 2250 },
  { key: 'EUROPE', name: "Parc de l'Europe", at: 2920 },
];

const stops: string[][] = [['stop_id', 'stop_code', 'stop_name', 'stop_desc', 'stop_lat', 'stop_lon', 'location_type', 'parent_station', 'wheelchair_boarding']];
const eastbound: string[] = [];
const westbound: string[] = [];
for (const s of N1) {
  if (s.key === 'GARE') {
    const p = at(s.at, PAVEMENT);
    stops.push(['VZ_GARE', '1001', s.name, 'Parvis de la gare, quai "A"', p.lat, p.lon, '0', '', '1']);
    eastbound.push('VZ_GARE');
    westbound.push('VZ_GARE');
    continue;
  }
  const station = at(s.at + 3, 0);
  const e = at(s.at, PAVEMENT);
  const w = at(s.at + 6, -PAVEMENT);
  stops.push([`VZ_${s.key}`, '', s.name, '', station.lat, station.lon, '1', '', '1']);
  stops.push([`VZ_${s.key}_E`, String(1000 + stops.length), s.name, 'direction Parc de l\'Europe', e.lat, e.lon, '0', `VZ_${s.key}`, '1']);
  stops.push([`VZ_${s.key}_O`, String(1000 + stops.length), s.name, 'direction Gare SNCF', w.lat, w.lon, '0', `VZ_${s.key}`, '1']);
  eastbound.push(`VZ_${s.key}_E`);
  westbound.unshift(`VZ_${s.key}_O`);
}
// L4: north of the avenue, 600 to 900 m away, nothing to do with the shuttle line.
const L4 = [
  { id: 'VZ_HOPITAL', name: 'Centre hospitalier', x: 400, y: 900 },
  { id: 'VZ_MAIRIE_ANNEXE', name: 'Mairie annexe, Bourg', x: 1100, y: 750 },
  { id: 'VZ_LYCEE', name: 'Lycée Jean-Zay', x: 1900, y: 820 },
];
for (const s of L4) {
  const p = local(s.x, s.y);
  stops.push([s.id, '', s.name, '', p.lat, p.lon, '0', '', '0']);
}

const routes = [
  ['route_id', 'agency_id', 'route_short_name', 'route_long_name', 'route_type', 'route_color', 'route_text_color'],
  ['N1', 'VZM', 'N1', 'Navette autonome Gare SNCF - Parc de l\'Europe', '3', '0078C8', 'FFFFFF'],
  ['L4', 'VZM', '4', 'Centre hospitalier - Lycée Jean-Zay', '3', 'E3007A', 'FFFFFF'],
];

// Timetable: about 4.4 m/s between stops (a shuttle at 22 km/h through signals) plus the dwell.
const CRUISE = 4.4;
const DWELL = 30;
function times(sequence: readonly number[], start: number): { arr: number; dep: number }[] {
  let t = start;
  return sequence.map((s, k) => {
    if (k > 0) t += Math.abs(s - sequence[k - 1]!) / CRUISE;
    const arr = Math.round(t / 60) * 60;
    const dep = k === 0 || k === sequence.length - 1 ? arr : arr + DWELL;
    t = dep;
    return { arr, dep };
  });
}
const H = 3600;
/** Weekday departures from each terminal: every 10 min in the peaks, 20 min otherwise, one late trip. */
function weekday(offset: number): number[] {
  const out: number[] = [];
  for (let t = 6.5 * H; t < 7 * H; t += 1200) out.push(t);
  for (let t = 7 * H; t < 9.5 * H; t += 600) out.push(t);
  for (let t = 9.5 * H; t < 16.5 * H; t += 1200) out.push(t);
  for (let t = 16.5 * H; t < 19 * H; t += 600) out.push(t);
  for (let t = 19 * H; t <= 20.5 * H; t += 1200) out.push(t);
  out.push(23 * H + 50 * 60); // the last trip ends after midnight
  return out.map((t) => t + offset);
}
function saturday(offset: number): number[] {
  const out: number[] = [];
  for (let t = 8 * H; t <= 20 * H; t += 1800) out.push(t + offset);
  return out;
}

const trips: string[][] = [['route_id', 'service_id', 'trip_id', 'trip_headsign', 'direction_id', 'shape_id', 'wheelchair_accessible']];
const stopTimes: string[][] = [['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence', 'pickup_type', 'drop_off_type']];
function addTrips(route: string, service: string, direction: 0 | 1, headsign: string, shape: string, stopIds: readonly string[], positions: readonly number[], departures: readonly number[]): void {
  for (const d of departures) {
    const id = `${route}-${service}-${direction === 0 ? 'A' : 'R'}-${formatGtfsTime(d).slice(0, 5).replace(':', '')}`;
    trips.push([route, service, id, headsign, String(direction), shape, '1']);
    times(positions, d).forEach((t, k) => {
      // Sequences count in tens, as many exports do: only their order matters.
      stopTimes.push([id, formatGtfsTime(t.arr), formatGtfsTime(t.dep), stopIds[k]!, String((k + 1) * 10), '0', '0']);
    });
  }
}
const east = N1.map((s) => s.at);
const west = [...east].reverse().map((a, k, all) => (k === all.length - 1 ? a : a + 6));
addTrips('N1', 'SEM', 0, "Parc de l'Europe", 'N1_ALLER', eastbound, east, weekday(0));
addTrips('N1', 'SEM', 1, 'Gare SNCF', 'N1_RETOUR', westbound, west, weekday(300));
addTrips('N1', 'SAM', 0, "Parc de l'Europe", 'N1_ALLER', eastbound, east, saturday(0));
addTrips('N1', 'SAM', 1, 'Gare SNCF', 'N1_RETOUR', westbound, west, saturday(900));
const l4Pos = [0, 720, 1530];
addTrips('L4', 'SEM', 0, 'Lycée Jean-Zay', 'L4_ALLER', L4.map((s) => s.id), l4Pos, weekday(120).filter((_, k) => k % 2 === 0));

// Shapes: along the kerb lane of each direction, a point every 25 m and at every bend.
const shapes: string[][] = [['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence', 'shape_dist_traveled']];
function alongShape(id: string, from: number, to: number, right: number): void {
  const marks = new Set<number>([from, to]);
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  for (let s = Math.ceil(lo / 25) * 25; s < hi; s += 25) marks.add(s);
  for (let i = 1; i + 1 < centre.cum.length; i++) if (centre.cum[i]! > lo && centre.cum[i]! < hi) marks.add(centre.cum[i]!);
  const sorted = [...marks].sort((a, b) => (from < to ? a - b : b - a));
  sorted.forEach((s, k) => {
    const p = at(s, right);
    shapes.push([id, p.lat, p.lon, String(k + 1), Math.abs(s - from).toFixed(1)]);
  });
}
alongShape('N1_ALLER', 100, 2920, KERB_LANE);
alongShape('N1_RETOUR', 2926, 100, -KERB_LANE);
L4.forEach((s, k) => {
  const p = local(s.x, s.y);
  shapes.push(['L4_ALLER', p.lat, p.lon, String(k + 1), String(l4Pos[k])]);
});

const files: Record<string, string> = {
  'agency.txt': formatCsv([
    ['agency_id', 'agency_name', 'agency_url', 'agency_timezone', 'agency_lang', 'agency_phone'],
    ['VZM', 'Vierzelles Mobilités', 'https://mobilites.vierzelles.example', 'Europe/Paris', 'fr', '02 48 00 00 00'],
  ]),
  'routes.txt': formatCsv(routes),
  'stops.txt': `\uFEFF${formatCsv(stops)}`,
  'trips.txt': formatCsv(trips),
  'stop_times.txt': formatCsv(stopTimes),
  'shapes.txt': formatCsv(shapes),
  'calendar.txt': formatCsv([
    ['service_id', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'start_date', 'end_date'],
    ['SEM', '1', '1', '1', '1', '1', '0', '0', '20260105', '20261231'],
    ['SAM', '0', '0', '0', '0', '0', '1', '0', '20260105', '20261231'],
  ]),
};
for (const [name, text] of Object.entries(files)) writeFileSync(join(HERE, name), text);
process.stdout.write(`wrote ${Object.keys(files).join(', ')} to ${HERE}\n`);
