// The lanes a shuttle line drives, as two chains of kerb lanes in driving order: outbound and
// inbound. On a corridor without a `route` (the compact form) outbound is every forward link
// from the start of the centreline, inbound every backward link from its end, as the compiler
// builds the line's loop (sim/compile/shuttle-routes.ts). With a `route` of link ids, outbound
// is the route and inbound its reverse links in reverse order. Stops are served at the kerb
// lane (lane 0), so that is the lane GTFS stops are placed on.
import type { Lane, Link, Network } from '../../sim/network.ts';
import { project } from '../../sim/polyline.ts';
import type { ShuttleLine } from '../schema.ts';

export interface ChainElement {
  readonly link: Link;
  /** The kerb lane of `link`. */
  readonly lane: Lane;
  /** Length of the kerb lanes before this one in the chain, metres: orders places along it. */
  readonly start: number;
}

export interface LineChains {
  readonly form: 'corridor' | 'route';
  readonly outbound: readonly ChainElement[];
  readonly inbound: readonly ChainElement[];
}

export type ChainName = 'outbound' | 'inbound';

function kerbLane(net: Network, link: Link): Lane {
  const lane = link.lanes.map((id) => net.lanes[id]!).find((l) => l.index === 0);
  if (!lane) throw new Error(`link "${link.key}" has no kerb lane`);
  return lane;
}

function chainOf(net: Network, links: readonly Link[]): ChainElement[] {
  let start = 0;
  return links.map((link) => {
    const lane = kerbLane(net, link);
    const e = { link, lane, start };
    start += lane.length;
    return e;
  });
}

/** The line's two chains on the compiled base network (compiled without shuttle lines). */
export function lineChains(net: Network, line: Pick<ShuttleLine, 'id' | 'route'> | undefined): LineChains {
  if (line?.route) {
    const out = line.route.map((key) => {
      const link = net.links.find((l) => l.key === key);
      if (!link) throw new Error(`shuttle line "${line.id}": route link "${key}" is not in the network`);
      return link;
    });
    const back = [...out]
      .reverse()
      .filter((l) => l.reverse !== -1)
      .map((l) => net.links[l.reverse]!);
    return { form: 'route', outbound: chainOf(net, out), inbound: chainOf(net, back) };
  }
  const forward = net.links.filter((l) => l.direction === 'forward').sort((a, b) => a.corridorFrom - b.corridorFrom);
  const backward = net.links.filter((l) => l.direction === 'backward').sort((a, b) => b.corridorFrom - a.corridorFrom);
  if (forward.length === 0) {
    throw new Error(line ? `shuttle line "${line.id}" has no route and the network has no corridor to run along` : 'the network has no corridor: give the shuttle line a route (--line) in the base scenario');
  }
  return { form: 'corridor', outbound: chainOf(net, forward), inbound: chainOf(net, backward) };
}

export interface ChainPoint {
  readonly element: ChainElement;
  /** Metres along the kerb lane. */
  readonly s: number;
  /** Position along the whole chain (element start + s). */
  readonly pos: number;
  /** Distance from the point to the lane's centre line, metres. */
  readonly distance: number;
}

/** The nearest point of each element's kerb lane to (x, y). */
export function pointsOnChain(chain: readonly ChainElement[], x: number, y: number): ChainPoint[] {
  return chain.map((element) => {
    const p = project(element.lane.shape, x, y);
    return { element, s: p.s, pos: element.start + p.s, distance: p.distance };
  });
}

/** The nearest point of the whole chain to (x, y), or undefined for an empty chain. */
export function nearestOnChain(chain: readonly ChainElement[], x: number, y: number): ChainPoint | undefined {
  let best: ChainPoint | undefined;
  for (const p of pointsOnChain(chain, x, y)) if (!best || p.distance < best.distance) best = p;
  return best;
}
