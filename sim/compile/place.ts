// Placing things on the compiled network: along the corridor (`at` + direction) or on a link
// (`link` + `position`), in a given lane. Used by the compiler (stops, crosswalks) and by the
// world builder for timeline events. Works on any network-shaped object, so it runs on the
// builder while compiling and on the final Network afterwards.
//
// Positions on explicit links count from the link's from-node, as in the scenario file; the
// compiled link starts at the edge of the junction box, so the point is projected onto it.
import type { Scenario } from '../../scenarios/schema.ts';
import type { LaneId } from '../ids.ts';
import type { Lane, Link, Node, Place } from '../network.ts';
import { polyline, project, type Polyline } from '../polyline.ts';
import { dedupe, pointAt } from './geometry.ts';

export interface NetLike {
  readonly lanes: readonly Lane[];
  readonly links: readonly Link[];
  readonly nodes: readonly Node[];
  readonly centreline?: Polyline | undefined;
}

export interface PlaceRequest {
  at?: number | undefined;
  direction?: 'forward' | 'backward' | undefined;
  link?: string | undefined;
  position?: number | undefined;
  lane: number;
}

const EPS = 1e-6;
const m = (v: number) => `${Number(v.toFixed(2))} m`;

export function linkByKey(net: NetLike, key: string): Link {
  const link = net.links.find((l) => l.key === key);
  if (!link) throw new Error(`unknown link "${key}"`);
  return link;
}

/** The lane of link `linkKey` with lane index `laneIndex` (0 = kerb; a pocket has the highest index). */
export function laneAt(net: NetLike, linkKey: string, laneIndex: number): LaneId {
  return laneOfLink(net, linkByKey(net, linkKey), laneIndex);
}

function laneOfLink(net: NetLike, link: Link, laneIndex: number): LaneId {
  for (const l of link.lanes) if (net.lanes[l]!.index === laneIndex) return l;
  throw new Error(`link "${link.key}" has no lane ${laneIndex} (lanes 0 to ${link.lanes.length - 1})`);
}

/**
 * Position along `lane` of the point `s` metres along its link's reference line (projected, so
 * it stays right in bends, where offset lanes are shorter or longer than the reference line).
 */
export function lanePosition(net: NetLike, lane: LaneId, s: number): number {
  const l = net.lanes[lane]!;
  const link = net.links[l.link as number]!;
  if (s < l.offset - EPS) {
    throw new Error(`lane ${l.index} of link "${link.key}" (a turn pocket) only starts ${m(l.offset)} along the link, not at ${m(s)}`);
  }
  const p = pointAt(link.shape, s);
  return project(l.shape, p.x, p.y).s;
}

/** The link of `direction` on the corridor holding centreline distance `at`, and the distance along it. */
export function corridorLinkAt(net: NetLike, at: number, direction: 'forward' | 'backward'): { link: Link; s: number } {
  if (!net.centreline) throw new Error(`\`at\` ${m(at)} places something along the corridor, but this network has no corridor`);
  const L = net.centreline.length;
  if (at < -EPS || at > L + EPS) throw new Error(`at ${m(at)} is beyond the corridor (0 to ${m(L)})`);
  let before: Link | undefined;
  for (const link of net.links) {
    if (link.direction !== direction) continue;
    const lo = Math.min(link.corridorFrom, link.corridorTo);
    const hi = Math.max(link.corridorFrom, link.corridorTo);
    if (at >= lo - EPS && at <= hi + EPS) {
      const s = Math.min(link.length, Math.max(0, Math.abs(at - link.corridorFrom)));
      return { link, s };
    }
    if (hi < at && (!before || hi > Math.max(before.corridorFrom, before.corridorTo))) before = link;
  }
  const node = before ? net.nodes[direction === 'forward' ? before.to : before.from] : undefined;
  throw new Error(`at ${m(at)} is inside the junction box of "${node?.key ?? '?'}", not on a ${direction} link`);
}

/** Where `position` metres from its from-node lands on the compiled link `link` (see the header). */
export function linkPosition(net: NetLike, scenario: Scenario | undefined, link: Link, position: number): number {
  const ex = scenario?.network.explicit;
  const spec = ex?.links.find((l) => l.id === link.key);
  if (!ex || !spec || !Number.isNaN(link.corridorFrom)) {
    if (position < -EPS || position > link.length + EPS) throw new Error(`position ${m(position)} is beyond link "${link.key}" (0 to ${m(link.length)})`);
    return position;
  }
  const from = ex.nodes.find((n) => n.id === spec.from);
  const to = ex.nodes.find((n) => n.id === spec.to);
  if (!from || !to) throw new Error(`link "${link.key}": unknown end node`);
  const full = polyline(dedupe([from.position, ...spec.shape, to.position]));
  if (position < -EPS || position > full.length + EPS) throw new Error(`position ${m(position)} is beyond link "${link.key}" (0 to ${m(full.length)})`);
  const p = pointAt(full, position);
  const pr = project(link.shape, p.x, p.y);
  if (pr.distance > 0.01) {
    const atStart = pr.s < link.length / 2;
    const box = atStart ? link.from : link.to;
    throw new Error(`position ${m(position)} on link "${link.key}" is inside the junction box of node "${net.nodes[box]!.key}", not on the link (it runs ${m(full.length - link.length)} shorter than node to node)`);
  }
  return pr.s;
}

/**
 * Lane and position of a timeline event's place: `at` (+ `direction`, default forward) along the
 * corridor, or `link` + `position`; in lane `lane` (0 = kerb). Throws if not on a link.
 */
export function placeOnNetwork(net: NetLike, scenario: Scenario | undefined, p: PlaceRequest): Place {
  if (p.link !== undefined) {
    const link = linkByKey(net, p.link);
    const s = linkPosition(net, scenario, link, p.position ?? 0);
    const lane = laneOfLink(net, link, p.lane);
    return { lane, position: lanePosition(net, lane, s) };
  }
  if (p.at !== undefined) {
    const { link, s } = corridorLinkAt(net, p.at, p.direction ?? 'forward');
    const lane = laneOfLink(net, link, p.lane);
    return { lane, position: lanePosition(net, lane, s) };
  }
  throw new Error('a place needs `at` (along the corridor) or `link` and `position`');
}
