// Shuttle lines as closed loops of links with their stop visits in driving order.
//   Corridor form (no `route`): every forward link in order, then every backward link in
//     driving order; the U-turns at the corridor ends close the loop.
//   Explicit `route`: the outbound links, then (with bothWays, or whenever the route is not
//     itself a loop) the reverse links in reverse order; U-turn connections are added at the
//     two turning nodes if the network has none there. Every other step of the loop needs an
//     existing connection.
// Stops: `at` → the kerb lane of the forward link there, and (bothWays) of the backward link;
// `link` + `position` → the kerb lane of that link, and (bothWays) of its reverse link.
// Visits are sorted by route index then position; the terminals are the stop of the first
// visit and the stop of the last outbound visit. `length` is the kerb-lane length of one
// loop, internal lanes included.
import type { Scenario, ShuttleLine, Stop } from '../../scenarios/schema.ts';
import type { LinkId } from '../ids.ts';
import type { Direction, Place, ShuttleStopVisit } from '../network.ts';
import { project } from '../polyline.ts';
import type { NetworkBuilder } from './builder.ts';
import type { CorridorLayout } from './corridor.ts';
import { pointAt } from './geometry.ts';
import { connectUturn } from './junctions.ts';
import { corridorLinkAt, lanePosition, linkPosition } from './place.ts';

export function buildShuttleRoutes(b: NetworkBuilder, scenario: Scenario, layout: CorridorLayout | undefined): void {
  for (const line of scenario.shuttles) {
    const { links, outbound } = routeLinks(b, line, layout);
    checkLoop(b, line, links);
    const raw: (Omit<ShuttleStopVisit, 'terminal'> & { order: number })[] = [];
    line.stops.forEach((stop, order) => {
      for (const v of stopPlaces(b, scenario, line, stop)) {
        const link = b.lanes[v.lane]!.link as LinkId;
        const routeIndex = links.indexOf(link);
        if (routeIndex < 0) {
          throw new Error(`shuttle line "${line.id}": stop "${stop.id}" is on link "${b.links[link]!.key}", which the line's route does not use`);
        }
        raw.push({ stopKey: stop.id, name: stop.name, lane: v.lane, position: v.position, routeIndex, direction: v.direction, order });
      }
    });
    raw.sort((x, y) => x.routeIndex - y.routeIndex || x.position - y.position || x.order - y.order);
    const first = raw[0];
    const lastOut = raw.filter((v) => v.routeIndex < outbound).pop();
    if (!first || !lastOut) throw new Error(`shuttle line "${line.id}" has no stop on its outbound route`);
    const terminals = new Set([first.stopKey, lastOut.stopKey]);
    const visits: ShuttleStopVisit[] = raw.map(({ order: _order, ...v }) => ({ ...v, terminal: terminals.has(v.stopKey) }));
    b.shuttleRoutes.push({ lineKey: line.id, links, visits, length: loopLength(b, links) });
  }
}

function routeLinks(b: NetworkBuilder, line: ShuttleLine, layout: CorridorLayout | undefined): { links: LinkId[]; outbound: number } {
  if (!line.route) {
    if (!layout) throw new Error(`shuttle line "${line.id}" needs a route (a list of link ids): there is no corridor`);
    return { links: [...layout.forward, ...[...layout.backward].reverse()], outbound: layout.forward.length };
  }
  const out = line.route.map((key) => b.link(key));
  if (out.length === 0) throw new Error(`shuttle line "${line.id}": the route is empty`);
  for (let k = 1; k < out.length; k++) {
    const a = b.links[out[k - 1]!]!;
    const z = b.links[out[k]!]!;
    if (a.to !== z.from) {
      throw new Error(`shuttle line "${line.id}": route link "${z.key}" does not start where "${a.key}" ends (node "${b.nodes[a.to]!.key}")`);
    }
  }
  const firstLink = b.links[out[0]!]!;
  const lastLink = b.links[out[out.length - 1]!]!;
  const closed = lastLink.to === firstLink.from;
  if (!line.bothWays && closed) return { links: out, outbound: out.length };
  const back = [...out].reverse().map((id) => {
    const r = b.links[id]!.reverse;
    if (r === -1) throw new Error(`shuttle line "${line.id}": route link "${b.links[id]!.key}" has no reverse link to drive back on`);
    return r;
  });
  // Turn around at both ends unless the network already has a way.
  if (b.connectionsBetween(out[out.length - 1]!, back[0]!).length === 0) connectUturn(b, lastLink.to, out[out.length - 1]!, back[0]!);
  if (b.connectionsBetween(back[back.length - 1]!, out[0]!).length === 0) connectUturn(b, firstLink.from, back[back.length - 1]!, out[0]!);
  return { links: [...out, ...back], outbound: out.length };
}

function checkLoop(b: NetworkBuilder, line: ShuttleLine, links: readonly LinkId[]): void {
  for (let k = 0; k < links.length; k++) {
    const a = links[k]!;
    const z = links[(k + 1) % links.length]!;
    if (b.connectionsBetween(a, z).length === 0) {
      throw new Error(`shuttle line "${line.id}": no connection from link "${b.links[a]!.key}" to "${b.links[z]!.key}" (add one to network.explicit.connections)`);
    }
  }
}

interface StopPlace extends Place {
  direction: Direction;
}

function stopPlaces(b: NetworkBuilder, scenario: Scenario, line: ShuttleLine, stop: Stop): StopPlace[] {
  const what = `shuttle line "${line.id}", stop "${stop.id}"`;
  try {
    if (stop.at !== undefined) {
      const dirs = line.bothWays ? (['forward', 'backward'] as const) : (['forward'] as const);
      return dirs.map((direction) => {
        const { link, s } = corridorLinkAt(b, stop.at!, direction);
        const lane = b.laneOf(link.id, 0);
        return { lane, position: lanePosition(b, lane, s), direction };
      });
    }
    if (stop.link === undefined) throw new Error('needs `at`, or `link` and `position`');
    const link = b.links[b.link(stop.link)]!;
    const s = linkPosition(b, scenario, link, stop.position ?? 0);
    const lane = b.laneOf(link.id, 0);
    const places: StopPlace[] = [{ lane, position: lanePosition(b, lane, s), direction: link.direction }];
    if (line.bothWays && link.reverse !== -1) {
      const r = b.links[link.reverse]!;
      const p = pointAt(link.shape, s);
      const rl = b.laneOf(r.id, 0);
      places.push({ lane: rl, position: lanePosition(b, rl, project(r.shape, p.x, p.y).s), direction: r.direction });
    }
    return places;
  } catch (e) {
    throw new Error(`${what}: ${(e as Error).message}`);
  }
}

/** Kerb-lane length of the loop plus the internal lanes between consecutive links. */
function loopLength(b: NetworkBuilder, links: readonly LinkId[]): number {
  let total = 0;
  for (let k = 0; k < links.length; k++) {
    const a = links[k]!;
    const z = links[(k + 1) % links.length]!;
    total += b.lanes[b.laneOf(a, 0)]!.length;
    const conns = b.connectionsBetween(a, z);
    const kerb = b.laneOf(a, 0);
    const c = conns.find((x) => b.connections[x]!.from === kerb) ?? conns[0]!;
    total += b.lanes[b.connections[c]!.via]!.length;
  }
  return total;
}
