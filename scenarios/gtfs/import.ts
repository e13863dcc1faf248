// GTFS route -> the scenario's shuttle line. Reads the feed, keeps the route's trips of one
// service (the busiest unless told), works out which way each trip runs along the line's lanes,
// places the stops of each direction's fullest stop pattern on the kerb lanes of that direction
// (sim network compiled from the base scenario, stops projected from WGS84 with sim/geo.ts
// around the scenario origin), measures headways from the trips' first departures, and writes
// the line's stops and headway into the base file's text (comments kept). The result is
// re-validated and compiled, so a caller knows whether the new scenario runs.
import { basename } from 'node:path';
import { compileNetwork } from '../../sim/compile/index.ts';
import { makeGeo } from '../../sim/geo.ts';
import type { Network } from '../../sim/network.ts';
import { pointAt } from '../../sim/compile/geometry.ts';
import { polyline, project } from '../../sim/polyline.ts';
import { loadScenarioFile, parseScenarioText, ScenarioError } from '../load.ts';
import type { Scenario, ShuttleLine } from '../schema.ts';
import { lineChains, nearestOnChain, type ChainElement, type ChainName, type LineChains } from './chain.ts';
import { readGtfsFeed, type GtfsFeed, type GtfsStop, type GtfsTrip } from './feed.ts';
import { headwayStats, type HeadwayStats } from './headways.ts';
import { placeStops, type StopToPlace } from './place-stops.ts';
import { writeImportedLine, type WrittenStop } from './write.ts';

export interface ImportOptions {
  readonly feedDir: string;
  readonly routeId: string;
  readonly baseFile: string;
  /** Where the result will be written: only used to name it in validation messages. */
  readonly outFile: string;
  /** Shuttle line of the base scenario to replace; default: its only line, or a new one if it has none. */
  readonly lineId?: string;
  /** GTFS service_id whose trips are used; default: the one with most trips on the route. */
  readonly serviceId?: string;
  readonly headway?: HeadwayKind;
  /** A stop farther than this from every kerb lane of its direction is not placed, metres. */
  readonly maxDistance?: number;
}

export type HeadwayKind = 'peak' | 'median';

export const DEFAULT_MAX_DISTANCE = 30;
/** A stop of the other direction within this distance along the line of a written stop is the same stop, metres. */
const SAME_STOP = 60;
/** Docs advise stops at least this far from a cross street, metres. */
const JUNCTION_CLEARANCE = 30;
/** Placed stops stay at least this far inside their link (not on a junction box's edge), metres. */
const LINK_MARGIN = 1;
/** Base stops within this distance of an imported stop lend it their dwell override, metres. */
const KEEP_DWELL = 25;

export interface PlacedStopReport {
  readonly stopId: string;
  readonly name: string;
  readonly link: string;
  /** Corridor form. */
  readonly at?: number;
  /** Route form: metres from the link's from-node, as the scenario file counts. */
  readonly position?: number;
  /** From the stop to the kerb lane's centre line, metres. */
  readonly distance: number;
}

export interface UnplacedStopReport {
  readonly direction: ChainName;
  readonly stopId: string;
  readonly name: string;
  /** Distance to the nearest kerb lane of its direction, metres. */
  readonly nearest: number;
  readonly reason: string;
}

export interface DirectionReport {
  /** Which way along the line's lanes the trips run (outbound = forward on a corridor). */
  readonly direction: ChainName;
  readonly directionIds: readonly string[];
  readonly trips: number;
  /** The trip whose stop pattern was placed (the fullest one). */
  readonly patternTrip: string;
  readonly headsign: string | undefined;
  readonly placed: readonly PlacedStopReport[];
  readonly unplaced: readonly UnplacedStopReport[];
  readonly headways: HeadwayStats | undefined;
  /** Median scheduled time from first departure to last arrival, seconds. */
  readonly tripDuration: number | undefined;
  readonly shape: { readonly id: string; readonly points: number; readonly withinShare: number; readonly maxDistance: number } | undefined;
}

export interface ImportReport {
  readonly feed: string;
  readonly route: { readonly id: string; readonly name: string };
  readonly service: { readonly id: string; readonly trips: number; readonly tripsByService: Readonly<Record<string, number>> };
  readonly base: string;
  readonly line: { readonly id: string; readonly index: number; readonly created: boolean; readonly form: LineChains['form'] };
  readonly maxDistance: number;
  readonly directions: readonly DirectionReport[];
  /** The stops written to the line, in order. */
  readonly stops: readonly (PlacedStopReport & { readonly scenarioId: string })[];
  readonly unplaced: readonly UnplacedStopReport[];
  readonly headway: { readonly seconds: number; readonly kind: HeadwayKind | 'kept'; readonly direction: ChainName | undefined; readonly previous: number | undefined };
  /** Vehicles the timetable needs at this headway ((round trip + 2 layovers) / headway); an existing line's `vehicles` is left as it was, a new line gets this. */
  readonly vehiclesNeeded: number | undefined;
  readonly vehicles: number | undefined;
  readonly warnings: readonly string[];
  /** Problems of the written scenario (empty: it validates and compiles). */
  readonly issues: readonly string[];
}

export class ImportError extends Error {
  override readonly name = 'ImportError';
}

export async function importGtfs(options: ImportOptions): Promise<{ text: string; report: ImportReport }> {
  const maxDistance = options.maxDistance ?? DEFAULT_MAX_DISTANCE;
  const loaded = await loadScenarioFile(options.baseFile);
  const scenario = loaded.scenario;
  const { line, index } = pickLine(scenario, options.lineId);

  const feed = await readGtfsFeed(options.feedDir, { tripFilter: (t) => t.routeId === options.routeId });
  const route = feed.routes.get(options.routeId);
  if (!route) {
    throw new ImportError(`route "${options.routeId}" is not in ${options.feedDir}/routes.txt (routes: ${[...feed.routes.values()].map((r) => `${r.id} "${r.shortName || r.longName}"`).join(', ')})`);
  }
  const routeName = [route.shortName, route.longName].filter((s) => s !== '').join(' ');
  const routeTrips = [...feed.trips.values()].filter((t) => t.routeId === route.id && (feed.stopTimes.get(t.id)?.length ?? 0) >= 2);
  if (routeTrips.length === 0) throw new ImportError(`route "${route.id}" has no trip with at least two stop times in ${options.feedDir}`);
  const tripsByService: Record<string, number> = {};
  for (const t of routeTrips) tripsByService[t.serviceId] = (tripsByService[t.serviceId] ?? 0) + 1;
  const serviceId = options.serviceId ?? Object.entries(tripsByService).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
  if (tripsByService[serviceId] === undefined) {
    throw new ImportError(`route "${route.id}" has no trips on service "${serviceId}" (services: ${Object.entries(tripsByService).map(([s, n]) => `${s} (${n} trips)`).join(', ')})`);
  }
  const trips = routeTrips.filter((t) => t.serviceId === serviceId).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  // The base network without shuttle lines: their stops are what is being replaced.
  const net = compileNetwork({ ...scenario, shuttles: [] });
  const chains = lineChains(net, line);
  const geo = makeGeo(scenario.origin);
  const local = new Map<string, StopToPlace | undefined>();
  const stopAt = (id: string): StopToPlace | undefined => {
    if (!local.has(id)) {
      const s = feed.stops.get(id)!;
      const p = Number.isFinite(s.lat) && Number.isFinite(s.lon) ? geo.toLocal(s.lat, s.lon, scenario.origin.alt) : undefined;
      local.set(id, p ? { id, name: s.name, x: p.x, y: p.y } : undefined);
    }
    return local.get(id);
  };

  const groups = groupByDirection(feed, trips, chains, stopAt);
  const warnings: string[] = [];
  const directions: DirectionReport[] = [];
  for (const direction of ['outbound', 'inbound'] as const) {
    const group = groups.get(direction);
    if (!group || group.length === 0) continue;
    const { trip, stopIds } = fullestPattern(feed, group);
    const toPlace: StopToPlace[] = [];
    const noCoordinates: UnplacedStopReport[] = [];
    for (const id of stopIds) {
      const p = stopAt(id);
      if (p) toPlace.push(p);
      else noCoordinates.push({ direction, stopId: id, name: feed.stops.get(id)!.name, nearest: Infinity, reason: 'stops.txt gives it no coordinates' });
    }
    const chain = chains[direction];
    const laneWord = chains.form === 'corridor' ? (direction === 'outbound' ? 'forward' : 'backward') : direction;
    const placed = placeStops(chain, toPlace, maxDistance, laneWord);
    const departures = group.map((t) => firstDeparture(feed, t)).filter((d): d is number => d !== undefined);
    const durations = group.map((t) => duration(feed, t)).filter((d): d is number => d !== undefined);
    directions.push({
      direction,
      directionIds: [...new Set(group.map((t) => (t.directionId === undefined ? '(none)' : String(t.directionId))))].sort(),
      trips: group.length,
      patternTrip: trip.id,
      headsign: trip.headsign,
      placed: placed.filter((p) => p.placed).map((p) => placedReport(p.stop, p.point.element, p.point.s, p.point.distance, scenario, chains)),
      unplaced: [...noCoordinates, ...placed.flatMap((p) => (p.placed ? [] : [{ direction, stopId: p.stop.id, name: p.stop.name, nearest: p.nearest, reason: p.reason }]))],
      headways: headwayStats(departures),
      tripDuration: durations.length > 0 ? median(durations) : undefined,
      shape: shapeFit(feed, trip, chain, geo, scenario, maxDistance),
    });
  }
  if (directions.length === 1) {
    warnings.push(`the route's trips on service "${serviceId}" all run ${directions[0]!.direction}; the line keeps bothWays: ${line?.bothWays ?? true}`);
  }

  // The written stops: the places of the direction that leaves the line's first terminal
  // (outbound), or of the only direction there is, in the line's outbound order.
  const primary = directions.find((d) => d.direction === 'outbound') ?? directions[0]!;
  let written = [...primary.placed];
  if (chains.form === 'corridor') written.sort((a, b) => a.at! - b.at!);
  else if (primary.direction === 'inbound') written = written.reverse();
  const other = directions.find((d) => d !== primary);
  if (other) {
    const linePos = (p: PlacedStopReport) => linePosition(net, chains, p);
    const primaryPos = written.map(linePos);
    for (const p of other.placed) {
      const pos = linePos(p);
      if (!primaryPos.some((q) => Math.abs(q - pos) <= SAME_STOP)) {
        warnings.push(`${other.direction} stop "${p.stopId}" (${p.name}) has no ${primary.direction} stop within ${SAME_STOP} m: the line serves its stops in both directions at the ${primary.direction} places`);
      }
    }
  }
  if (chains.form === 'corridor') {
    for (const s of written) {
      const near = scenario.network.corridor!.crossStreets.find((c) => Math.abs(c.at - s.at!) < JUNCTION_CLEARANCE);
      if (near) warnings.push(`stop "${s.stopId}" (${s.name}) at ${s.at} m is ${Math.abs(near.at - s.at!).toFixed(1)} m from cross street "${near.id}" (docs advise at least ${JUNCTION_CLEARANCE} m)`);
    }
  }
  const unplaced = directions.flatMap((d) => d.unplaced);
  if (written.length < 2) {
    const list = unplaced.map((u) => `  ${u.direction} ${u.stopId} (${u.name}): ${u.reason}`).join('\n');
    throw new ImportError(`only ${written.length} stop${written.length === 1 ? '' : 's'} of route "${route.id}" could be placed on the line's lanes; a line needs 2${list ? `\n${list}` : ''}`);
  }

  const ids = scenarioStopIds(feed, written.map((s) => s.stopId));
  const baseStops = line?.stops ?? [];
  const stops: WrittenStop[] = written.map((s, k) => {
    const gtfs = feed.stops.get(s.stopId)!;
    const parent = gtfs.parentStation !== undefined ? feed.stops.get(gtfs.parentStation) : undefined;
    const dwellFrom = baseStops.findIndex((b) => b.dwell !== undefined && sameStop(b, s));
    return {
      id: ids[k]!,
      name: parent?.name || gtfs.name,
      ...(s.at !== undefined ? { at: s.at } : { link: s.link, position: s.position! }),
      ...(dwellFrom >= 0 ? { dwellFrom } : {}),
      comment: `GTFS ${s.stopId}, ${s.distance.toFixed(1)} m from lane 0 of ${s.link}`,
    };
  });

  const stats = primary.headways;
  const kind = options.headway ?? 'peak';
  const previous = line?.headway;
  let headway: ImportReport['headway'];
  if (stats) {
    let seconds = Math.round(kind === 'peak' ? stats.peak : stats.median);
    if (seconds > 7200) {
      warnings.push(`the ${kind} headway (${seconds} s) is above the schema's 7200 s maximum; 7200 s written`);
      seconds = 7200;
    }
    headway = { seconds, kind, direction: primary.direction, previous };
  } else {
    const seconds = previous ?? 600;
    warnings.push(`the ${primary.direction} direction has a single departure: no headway to measure, ${seconds} s kept`);
    headway = { seconds, kind: 'kept', direction: undefined, previous };
  }
  const cycle = directions.reduce((a, d) => a + (d.tripDuration ?? 0), 0) + 2 * (line?.layover ?? 60);
  const vehiclesNeeded = directions.every((d) => d.tripDuration !== undefined) ? Math.max(1, Math.ceil(cycle / headway.seconds)) : undefined;

  const feedName = basename(options.feedDir.replace(/[\\/]+$/, ''));
  const dirIds = primary.directionIds.join('/');
  const text = writeImportedLine(loaded.text, {
    index,
    ...(index === undefined
      ? { create: { id: sanitiseId(`gtfs-${route.id}`), name: routeName, ...(route.color ? { color: `#${route.color.toLowerCase()}` } : {}), ...(vehiclesNeeded !== undefined ? { vehicles: Math.min(50, vehiclesNeeded) } : {}) } }
      : {}),
    stops,
    headway: headway.seconds,
    stopsComment: [
      `Imported from GTFS feed "${feedName}", route ${route.id} (${routeName}), service ${serviceId}:`,
      `stops of trip ${primary.patternTrip} (direction_id ${dirIds}); headway = ${headway.kind === 'kept' ? 'kept' : `${headway.kind} headway of that direction`} (${headway.seconds} s).`,
    ].join('\n'),
  });

  const lineId = line?.id ?? sanitiseId(`gtfs-${route.id}`);
  const issues = validate(text, options.outFile);
  const report: ImportReport = {
    feed: options.feedDir,
    route: { id: route.id, name: routeName },
    service: { id: serviceId, trips: trips.length, tripsByService },
    base: options.baseFile,
    line: { id: lineId, index: index ?? scenario.shuttles.length, created: line === undefined, form: chains.form },
    maxDistance,
    directions,
    stops: written.map((s, k) => ({ ...s, scenarioId: ids[k]! })),
    unplaced,
    headway,
    vehiclesNeeded,
    // A new line gets the vehicles its timetable needs; an existing one keeps its own.
    vehicles: line ? line.vehicles : vehiclesNeeded !== undefined ? Math.min(50, vehiclesNeeded) : undefined,
    warnings,
    issues,
  };
  return { text, report };

  function sameStop(b: ShuttleLine['stops'][number], s: PlacedStopReport): boolean {
    if (b.at !== undefined && s.at !== undefined) return Math.abs(b.at - s.at) <= KEEP_DWELL;
    return b.link !== undefined && b.link === s.link && b.position !== undefined && s.position !== undefined && Math.abs(b.position - s.position) <= KEEP_DWELL;
  }
}

function pickLine(scenario: Scenario, lineId: string | undefined): { line: ShuttleLine | undefined; index: number | undefined } {
  const lines = scenario.shuttles;
  if (lineId !== undefined) {
    const index = lines.findIndex((l) => l.id === lineId);
    if (index < 0) throw new ImportError(`the base scenario has no shuttle line "${lineId}" (lines: ${lines.map((l) => l.id).join(', ') || 'none'})`);
    return { line: lines[index], index };
  }
  if (lines.length === 0) return { line: undefined, index: undefined };
  if (lines.length > 1) throw new ImportError(`the base scenario has ${lines.length} shuttle lines (${lines.map((l) => l.id).join(', ')}): say which with --line`);
  return { line: lines[0], index: 0 };
}

type StopLookup = (id: string) => StopToPlace | undefined;

/**
 * Splits trips by the way they run along the outbound chain: each pair of consecutive stops
 * votes by whether the second one lies further along (nearest kerb lane of the outbound chain)
 * than the first. direction_id is not trusted for this (it is optional and means nothing about
 * geometry), only reported.
 */
function groupByDirection(feed: GtfsFeed, trips: readonly GtfsTrip[], chains: LineChains, stopAt: StopLookup): Map<ChainName, GtfsTrip[]> {
  const pos = new Map<string, number | undefined>();
  const along = (id: string) => {
    if (!pos.has(id)) {
      const p = stopAt(id);
      pos.set(id, p ? nearestOnChain(chains.outbound, p.x, p.y)?.pos : undefined);
    }
    return pos.get(id);
  };
  const groups = new Map<ChainName, GtfsTrip[]>([['outbound', []], ['inbound', []]]);
  for (const trip of trips) {
    const seq = feed.stopTimes.get(trip.id)!.map((st) => along(st.stopId)).filter((p): p is number => p !== undefined);
    let vote = 0;
    for (let k = 1; k < seq.length; k++) vote += Math.sign(seq[k]! - seq[k - 1]!);
    // A tie (a loop) falls back on direction_id: 0 outbound.
    const direction: ChainName = vote > 0 || (vote === 0 && trip.directionId !== 1) ? 'outbound' : 'inbound';
    groups.get(direction)!.push(trip);
  }
  return groups;
}

/** The stop pattern with the most stops, then the most trips, then the smallest trip id. */
function fullestPattern(feed: GtfsFeed, trips: readonly GtfsTrip[]): { trip: GtfsTrip; stopIds: string[] } {
  const patterns = new Map<string, { trip: GtfsTrip; stopIds: string[]; count: number }>();
  for (const t of trips) {
    const stopIds = feed.stopTimes.get(t.id)!.map((st) => st.stopId);
    const key = stopIds.join('\u0000');
    const p = patterns.get(key);
    if (p) p.count++;
    else patterns.set(key, { trip: t, stopIds, count: 1 });
  }
  return [...patterns.values()].sort((a, b) => b.stopIds.length - a.stopIds.length || b.count - a.count || (a.trip.id < b.trip.id ? -1 : 1))[0]!;
}

function firstDeparture(feed: GtfsFeed, trip: GtfsTrip): number | undefined {
  const first = feed.stopTimes.get(trip.id)![0]!;
  return first.departure ?? first.arrival;
}

function duration(feed: GtfsFeed, trip: GtfsTrip): number | undefined {
  const times = feed.stopTimes.get(trip.id)!;
  const start = times[0]!.departure ?? times[0]!.arrival;
  const last = times[times.length - 1]!;
  const end = last.arrival ?? last.departure;
  return start !== undefined && end !== undefined ? end - start : undefined;
}

function median(values: readonly number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** Where a stop placed at `s` along an element's kerb lane goes in the scenario file. */
function placedReport(stop: StopToPlace, element: ChainElement, s: number, distance: number, scenario: Scenario, chains: LineChains): PlacedStopReport {
  const link = element.link;
  const p = pointAt(element.lane.shape, s);
  const onLink = Math.min(link.length - LINK_MARGIN, Math.max(LINK_MARGIN, project(link.shape, p.x, p.y).s));
  const base = { stopId: stop.id, name: stop.name, link: link.key, distance: round1(distance) };
  if (chains.form === 'corridor') {
    const at = link.direction === 'backward' ? link.corridorFrom - onLink : link.corridorFrom + onLink;
    return { ...base, at: round1(at) };
  }
  // Explicit links count positions from their from-node; compiled links start at the junction box.
  const spec = scenario.network.explicit?.links.find((l) => l.id === link.key);
  const nodes = scenario.network.explicit?.nodes;
  const from = nodes?.find((n) => n.id === spec?.from);
  const to = nodes?.find((n) => n.id === spec?.to);
  if (!spec || !from || !to) return { ...base, position: round1(onLink) };
  const q = pointAt(link.shape, onLink);
  return { ...base, position: round1(project(polyline([from.position, ...spec.shape, to.position]), q.x, q.y).s) };
}

/** Position of a placed stop along the outbound chain: compares stops of both directions. */
function linePosition(net: Network, chains: LineChains, p: PlacedStopReport): number {
  if (p.at !== undefined) return p.at;
  const link = net.links.find((l) => l.key === p.link)!;
  const q = pointAt(link.shape, Math.min(link.length, p.position ?? 0));
  return nearestOnChain(chains.outbound, q.x, q.y)?.pos ?? 0;
}

/** How closely the trip's shape follows the chain's kerb lanes. */
function shapeFit(feed: GtfsFeed, trip: GtfsTrip, chain: readonly ChainElement[], geo: ReturnType<typeof makeGeo>, scenario: Scenario, maxDistance: number): DirectionReport['shape'] {
  if (trip.shapeId === undefined) return undefined;
  const points = feed.shapes.get(trip.shapeId);
  if (!points || points.length === 0) return undefined;
  const distances = points.map((pt) => {
    const p = geo.toLocal(pt.lat, pt.lon, scenario.origin.alt);
    return nearestOnChain(chain, p.x, p.y)?.distance ?? Infinity;
  });
  return {
    id: trip.shapeId,
    points: points.length,
    withinShare: distances.filter((d) => d <= maxDistance).length / distances.length,
    maxDistance: round1(Math.max(...distances)),
  };
}

/** Scenario ids: the stop's parent station when it has one (both platforms are one stop), unique. */
function scenarioStopIds(feed: GtfsFeed, stopIds: readonly string[]): string[] {
  const used = new Set<string>();
  return stopIds.map((id) => {
    const stop: GtfsStop = feed.stops.get(id)!;
    const raw = stop.parentStation !== undefined && feed.stops.has(stop.parentStation) ? stop.parentStation : id;
    let out = sanitiseId(raw);
    for (let k = 2; used.has(out); k++) out = `${sanitiseId(raw)}-${k}`;
    used.add(out);
    return out;
  });
}

/** Scenario ids use letters, digits and _ . : - (see scenarios/schema.ts). */
export function sanitiseId(raw: string): string {
  const s = raw.replace(/[^A-Za-z0-9_.:-]+/g, '-').replace(/^-+|-+$/g, '');
  return s === '' ? 'stop' : s;
}

function validate(text: string, file: string): string[] {
  try {
    const { scenario } = parseScenarioText(text, file);
    compileNetwork(scenario);
    return [];
  } catch (e) {
    if (e instanceof ScenarioError) return e.message.split('\n');
    if (e instanceof Error) return [`${file}: cannot build the scenario: ${e.message}`];
    throw e;
  }
}
