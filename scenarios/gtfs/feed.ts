// Reading a GTFS feed directory: the tables the importer needs (stops, routes, trips,
// stop_times; shapes and calendar when present), typed, with every bad value reported as
// `file:line: message` in one GtfsError. Columns not listed here are ignored, as GTFS allows.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CsvError, parseCsvTable, type CsvRecord, type CsvTable } from './csv.ts';
import { parseGtfsTime } from './time.ts';

export interface GtfsStop {
  readonly id: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  /** 0 or empty = stop/platform, 1 = station (a parent of platforms), others: entrances, nodes... */
  readonly locationType: number;
  readonly parentStation: string | undefined;
  readonly line: number;
}

export interface GtfsRoute {
  readonly id: string;
  readonly shortName: string;
  readonly longName: string;
  readonly type: number;
  /** Six hex digits without '#', when given. */
  readonly color: string | undefined;
}

export interface GtfsTrip {
  readonly id: string;
  readonly routeId: string;
  readonly serviceId: string;
  /** 0 or 1 when given. */
  readonly directionId: number | undefined;
  readonly shapeId: string | undefined;
  readonly headsign: string | undefined;
}

export interface GtfsStopTime {
  readonly tripId: string;
  readonly stopId: string;
  readonly sequence: number;
  /** Seconds after noon minus 12 h of the service day; may pass 24:00:00. Undefined when not timed. */
  readonly arrival: number | undefined;
  readonly departure: number | undefined;
  readonly line: number;
}

export interface GtfsShapePoint {
  readonly lat: number;
  readonly lon: number;
  readonly sequence: number;
}

export interface GtfsService {
  readonly id: string;
  /** Monday first. */
  readonly days: readonly boolean[];
  readonly start: string;
  readonly end: string;
}

export interface GtfsFeed {
  readonly dir: string;
  readonly stops: ReadonlyMap<string, GtfsStop>;
  readonly routes: ReadonlyMap<string, GtfsRoute>;
  readonly trips: ReadonlyMap<string, GtfsTrip>;
  /** Per trip, in stop_sequence order. */
  readonly stopTimes: ReadonlyMap<string, readonly GtfsStopTime[]>;
  /** Per shape, in shape_pt_sequence order. */
  readonly shapes: ReadonlyMap<string, readonly GtfsShapePoint[]>;
  /** Empty when the feed has no calendar.txt. */
  readonly services: ReadonlyMap<string, GtfsService>;
}

export class GtfsError extends Error {
  override readonly name = 'GtfsError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/** At most this many problems are listed; the rest are counted. */
const MAX_PROBLEMS = 30;

class Problems {
  readonly list: string[] = [];
  private extra = 0;
  add(message: string): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(message);
    else this.extra++;
  }
  throwIfAny(): void {
    if (this.list.length === 0) return;
    throw new GtfsError(this.extra > 0 ? [...this.list, `... and ${this.extra} more`] : this.list);
  }
}

/** Typed access to one table's columns, reporting problems as file:line. */
class Table {
  private readonly index: Map<string, number>;
  constructor(
    readonly csv: CsvTable,
    private readonly problems: Problems,
  ) {
    this.index = new Map(csv.header.map((h, k) => [h, k]));
  }

  /** True if every required column is there; reports each missing one. */
  requireColumns(names: readonly string[]): boolean {
    const missing = names.filter((n) => !this.index.has(n));
    for (const n of missing) this.problems.add(`${this.csv.file}:1: missing required column "${n}" (the header has: ${this.csv.header.join(', ')})`);
    return missing.length === 0;
  }

  text(r: CsvRecord, column: string): string | undefined {
    const k = this.index.get(column);
    if (k === undefined) return undefined;
    const v = r.fields[k]!.trim();
    return v === '' ? undefined : v;
  }

  required(r: CsvRecord, column: string): string | undefined {
    const v = this.text(r, column);
    if (v === undefined) this.problems.add(`${this.csv.file}:${r.line}: ${column} is empty`);
    return v;
  }

  number(r: CsvRecord, column: string, range: { min: number; max: number; integer?: boolean }, need: boolean): number | undefined {
    const raw = need ? this.required(r, column) : this.text(r, column);
    if (raw === undefined) return undefined;
    const v = Number(raw);
    if (!Number.isFinite(v) || v < range.min || v > range.max || (range.integer === true && !Number.isInteger(v))) {
      const kind = range.integer === true ? 'an integer' : 'a number';
      this.problems.add(`${this.csv.file}:${r.line}: ${column} must be ${kind} from ${range.min} to ${range.max}, got "${raw}"`);
      return undefined;
    }
    return v;
  }

  time(r: CsvRecord, column: string): number | undefined {
    const raw = this.text(r, column);
    if (raw === undefined) return undefined;
    const t = parseGtfsTime(raw);
    if (typeof t === 'string') {
      this.problems.add(`${this.csv.file}:${r.line}: ${column} ${t}`);
      return undefined;
    }
    return t;
  }

  duplicate(r: CsvRecord, what: string, id: string, firstLine: number): void {
    this.problems.add(`${this.csv.file}:${r.line}: ${what} "${id}" again (first at line ${firstLine})`);
  }
}

async function readTable(dir: string, name: string, optional: boolean, problems: Problems): Promise<Table | undefined> {
  const file = join(dir, name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
    if (code === 'ENOENT' && optional) return undefined;
    problems.add(code === 'ENOENT' ? `${file}: missing (a GTFS feed needs ${name})` : `${file}: cannot read: ${(e as Error).message}`);
    return undefined;
  }
  try {
    return new Table(parseCsvTable(text, file), problems);
  } catch (e) {
    if (e instanceof CsvError) {
      problems.add(e.message);
      return undefined;
    }
    throw e;
  }
}

export interface ReadFeedOptions {
  /** Only keep stop times of these trips (stop_times.txt is by far the largest table). */
  tripFilter?: (trip: GtfsTrip) => boolean;
}

export async function readGtfsFeed(dir: string, options: ReadFeedOptions = {}): Promise<GtfsFeed> {
  const problems = new Problems();
  const [stopsT, routesT, tripsT, timesT, shapesT, calendarT] = await Promise.all([
    readTable(dir, 'stops.txt', false, problems),
    readTable(dir, 'routes.txt', false, problems),
    readTable(dir, 'trips.txt', false, problems),
    readTable(dir, 'stop_times.txt', false, problems),
    readTable(dir, 'shapes.txt', true, problems),
    readTable(dir, 'calendar.txt', true, problems),
  ]);
  problems.throwIfAny();

  const stops = readStops(stopsT!, problems);
  const routes = readRoutes(routesT!, problems);
  const trips = readTrips(tripsT!, problems);
  problems.throwIfAny();
  const keep = options.tripFilter;
  const stopTimes = readStopTimes(timesT!, problems, (id) => {
    const trip = trips.get(id);
    if (trip === undefined) return 'unknown';
    return keep === undefined || keep(trip) ? 'keep' : 'skip';
  });
  const shapes = shapesT ? readShapes(shapesT) : new Map<string, GtfsShapePoint[]>();
  const services = calendarT ? readCalendar(calendarT, problems) : new Map<string, GtfsService>();
  problems.throwIfAny();

  // References between tables, checked where the importer relies on them.
  for (const trip of trips.values()) {
    if (!routes.has(trip.routeId)) problems.add(`${join(dir, 'trips.txt')}: trip "${trip.id}" names route "${trip.routeId}", which routes.txt does not have`);
    if (trip.shapeId !== undefined && shapesT && !shapes.has(trip.shapeId)) problems.add(`${join(dir, 'trips.txt')}: trip "${trip.id}" names shape "${trip.shapeId}", which shapes.txt does not have`);
  }
  for (const times of stopTimes.values()) {
    for (const st of times) if (!stops.has(st.stopId)) problems.add(`${timesT!.csv.file}:${st.line}: stop_id "${st.stopId}" is not in stops.txt`);
  }
  problems.throwIfAny();
  return { dir, stops, routes, trips, stopTimes, shapes, services };
}

function readStops(t: Table, problems: Problems): Map<string, GtfsStop> {
  const out = new Map<string, GtfsStop>();
  if (!t.requireColumns(['stop_id'])) return out;
  for (const r of t.csv.records) {
    const id = t.required(r, 'stop_id');
    if (id === undefined) continue;
    const locationType = t.number(r, 'location_type', { min: 0, max: 4, integer: true }, false) ?? 0;
    // Stops, platforms and stations need a position and a name; generic nodes and boarding areas may omit them.
    const placed = locationType <= 2;
    const lat = t.number(r, 'stop_lat', { min: -90, max: 90 }, placed);
    const lon = t.number(r, 'stop_lon', { min: -180, max: 180 }, placed);
    const name = (placed ? t.required(r, 'stop_name') : t.text(r, 'stop_name')) ?? '';
    const prior = out.get(id);
    if (prior) {
      t.duplicate(r, 'stop_id', id, prior.line);
      continue;
    }
    out.set(id, { id, name, lat: lat ?? NaN, lon: lon ?? NaN, locationType, parentStation: t.text(r, 'parent_station'), line: r.line });
  }
  return out;
}

function readRoutes(t: Table, problems: Problems): Map<string, GtfsRoute> {
  const out = new Map<string, GtfsRoute & { line: number }>();
  if (!t.requireColumns(['route_id', 'route_type'])) return out;
  for (const r of t.csv.records) {
    const id = t.required(r, 'route_id');
    const type = t.number(r, 'route_type', { min: 0, max: 1702, integer: true }, true);
    if (id === undefined || type === undefined) continue;
    const shortName = t.text(r, 'route_short_name') ?? '';
    const longName = t.text(r, 'route_long_name') ?? '';
    if (shortName === '' && longName === '') problems.add(`${t.csv.file}:${r.line}: route "${id}" needs route_short_name or route_long_name`);
    let color = t.text(r, 'route_color');
    if (color !== undefined && !/^[0-9A-Fa-f]{6}$/.test(color)) {
      problems.add(`${t.csv.file}:${r.line}: route_color must be six hex digits (e.g. 0078C8), got "${color}"`);
      color = undefined;
    }
    const prior = out.get(id);
    if (prior) {
      t.duplicate(r, 'route_id', id, prior.line);
      continue;
    }
    out.set(id, { id, shortName, longName, type, color, line: r.line });
  }
  return out;
}

function readTrips(t: Table, problems: Problems): Map<string, GtfsTrip> {
  const out = new Map<string, GtfsTrip & { line: number }>();
  if (!t.requireColumns(['route_id', 'service_id', 'trip_id'])) return out;
  for (const r of t.csv.records) {
    const id = t.required(r, 'trip_id');
    const routeId = t.required(r, 'route_id');
    const serviceId = t.required(r, 'service_id');
    const directionId = t.number(r, 'direction_id', { min: 0, max: 1, integer: true }, false);
    if (id === undefined || routeId === undefined || serviceId === undefined) continue;
    const prior = out.get(id);
    if (prior) {
      t.duplicate(r, 'trip_id', id, prior.line);
      continue;
    }
    out.set(id, { id, routeId, serviceId, directionId, shapeId: t.text(r, 'shape_id'), headsign: t.text(r, 'trip_headsign'), line: r.line });
  }
  return out;
}

function readStopTimes(t: Table, problems: Problems, keep: (tripId: string) => 'keep' | 'skip' | 'unknown'): Map<string, GtfsStopTime[]> {
  const out = new Map<string, GtfsStopTime[]>();
  if (!t.requireColumns(['trip_id', 'stop_sequence'])) return out;
  const hasStop = t.csv.header.includes('stop_id');
  if (!hasStop) {
    problems.add(`${t.csv.file}:1: missing column "stop_id" (flexible trips with location groups are not supported)`);
    return out;
  }
  for (const r of t.csv.records) {
    const tripId = t.required(r, 'trip_id');
    if (tripId === undefined) continue;
    const kept = keep(tripId);
    if (kept === 'unknown') problems.add(`${t.csv.file}:${r.line}: trip_id "${tripId}" is not in trips.txt`);
    if (kept !== 'keep') continue;
    const stopId = t.required(r, 'stop_id');
    const sequence = t.number(r, 'stop_sequence', { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true }, true);
    const arrival = t.time(r, 'arrival_time');
    const departure = t.time(r, 'departure_time');
    if (stopId === undefined || sequence === undefined) continue;
    let list = out.get(tripId);
    if (!list) out.set(tripId, (list = []));
    list.push({ tripId, stopId, sequence, arrival, departure, line: r.line });
  }
  for (const [tripId, list] of out) {
    list.sort((a, b) => a.sequence - b.sequence);
    for (let k = 1; k < list.length; k++) {
      const a = list[k - 1]!;
      const b = list[k]!;
      if (a.sequence === b.sequence) problems.add(`${t.csv.file}:${b.line}: trip "${tripId}" has stop_sequence ${b.sequence} twice (also line ${a.line})`);
      const ta = a.departure ?? a.arrival;
      const tb = b.arrival ?? b.departure;
      if (ta !== undefined && tb !== undefined && tb < ta) problems.add(`${t.csv.file}:${b.line}: trip "${tripId}" arrives at stop_sequence ${b.sequence} before it left the previous stop (line ${a.line})`);
    }
  }
  return out;
}

function readShapes(t: Table): Map<string, GtfsShapePoint[]> {
  const out = new Map<string, GtfsShapePoint[]>();
  if (!t.requireColumns(['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence'])) return out;
  for (const r of t.csv.records) {
    const id = t.required(r, 'shape_id');
    const lat = t.number(r, 'shape_pt_lat', { min: -90, max: 90 }, true);
    const lon = t.number(r, 'shape_pt_lon', { min: -180, max: 180 }, true);
    const sequence = t.number(r, 'shape_pt_sequence', { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true }, true);
    if (id === undefined || lat === undefined || lon === undefined || sequence === undefined) continue;
    let list = out.get(id);
    if (!list) out.set(id, (list = []));
    list.push({ lat, lon, sequence });
  }
  for (const list of out.values()) list.sort((a, b) => a.sequence - b.sequence);
  return out;
}

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

function readCalendar(t: Table, problems: Problems): Map<string, GtfsService> {
  const out = new Map<string, GtfsService>();
  if (!t.requireColumns(['service_id', ...DAYS, 'start_date', 'end_date'])) return out;
  for (const r of t.csv.records) {
    const id = t.required(r, 'service_id');
    const days = DAYS.map((d) => t.number(r, d, { min: 0, max: 1, integer: true }, true) === 1);
    const start = t.required(r, 'start_date');
    const end = t.required(r, 'end_date');
    for (const [column, v] of [['start_date', start], ['end_date', end]] as const) {
      if (v !== undefined && !/^\d{8}$/.test(v)) problems.add(`${t.csv.file}:${r.line}: ${column} must be YYYYMMDD, got "${v}"`);
    }
    if (id === undefined || start === undefined || end === undefined) continue;
    out.set(id, { id, days, start, end });
  }
  return out;
}
