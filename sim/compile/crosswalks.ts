// Crosswalks: which lanes each one crosses and where (the distance along the lane of its
// upstream edge), its kerb points and its signal group.
//   `at` on the corridor: every corridor lane of both directions there (a turn pocket too, if
//     it has begun); `a` = the kerb right of the forward direction, `b` = the left one.
//     It must lie wholly on one link per direction (not in a junction box), except at a
//     mid-block signalised crosswalk, which is itself a node: there it crosses the internal
//     lanes of the straight movements through that node.
//   `link` + `position` (the crosswalk's centre): every lane of that link and of its reverse
//     link; `a` = the kerb right of the link, `b` = the far kerb of its reverse (or the link's
//     left edge if it has none).
import type { Crosswalk as CrosswalkSpec, Scenario } from '../../scenarios/schema.ts';
import { asCrosswalk, type LinkId, type SignalGroupId } from '../ids.ts';
import type { CrosswalkLane, Link } from '../network.ts';
import { project } from '../polyline.ts';
import type { NetworkBuilder } from './builder.ts';
import type { CorridorLayout } from './corridor.ts';
import { pointAt } from './geometry.ts';
import { corridorLinkAt, lanePosition, linkPosition } from './place.ts';

const EPS = 1e-6;
const m = (v: number) => `${Number(v.toFixed(2))} m`;

export function buildCrosswalks(b: NetworkBuilder, scenario: Scenario, layout: CorridorLayout | undefined): void {
  scenario.crosswalks.forEach((cw, k) => {
    const group: SignalGroupId | -1 = cw.control === 'signal' && cw.signal !== undefined && cw.group !== undefined ? b.group(cw.signal, cw.group) : -1;
    const base = { id: asCrosswalk(k), key: cw.id, name: cw.name ?? cw.id, zebra: cw.control === 'zebra', group, width: cw.width };
    const geo = cw.at !== undefined ? alongCorridor(b, cw, cw.at, layout) : onLink(b, scenario, cw);
    b.crosswalks.push({ ...base, ...geo });
  });
}

interface CrosswalkGeometry {
  length: number;
  a: readonly [number, number];
  b: readonly [number, number];
  lanes: CrosswalkLane[];
}

/** Sum of the widths of a link's full-length lanes. */
function carriagewayWidth(b: NetworkBuilder, link: LinkId): number {
  return b.normalLanes(link).reduce((s, l) => s + b.lanes[l]!.width, 0);
}

function kerbs(shape: Link['shape'], s: number, right: number, left: number): Pick<CrosswalkGeometry, 'a' | 'b' | 'length'> {
  const p = pointAt(shape, s);
  const nx = Math.sin(p.theta);
  const ny = -Math.cos(p.theta);
  return { a: [p.x + nx * right, p.y + ny * right], b: [p.x - nx * left, p.y - ny * left], length: right + left };
}

function alongCorridor(b: NetworkBuilder, cw: CrosswalkSpec, at: number, layout: CorridorLayout | undefined): CrosswalkGeometry {
  if (!layout) throw new Error(`crosswalk "${cw.id}": \`at\` is along the corridor, but there is no corridor`);
  const half = cw.width / 2;
  const H = layout.lanes * layout.laneWidth;
  const geo = kerbs(layout.centreline, at, H, H);
  const lanes: CrosswalkLane[] = [];
  const split = layout.splits.find((s) => s.key === cw.id);
  if (split) {
    // A mid-block signal node: the crosswalk lies on the straight internal lanes.
    for (const c of b.nodes[split.node]!.connections) {
      const conn = b.connections[c]!;
      const forward = b.links[conn.fromLink]!.direction === 'forward';
      const u = pointAt(layout.centreline, forward ? at - half : at + half);
      lanes.push({ lane: conn.via, position: project(b.lanes[conn.via]!.shape, u.x, u.y).s });
    }
    return { ...geo, lanes };
  }
  for (const direction of ['forward', 'backward'] as const) {
    const upstream = direction === 'forward' ? at - half : at + half;
    const downstream = direction === 'forward' ? at + half : at - half;
    let link: Link;
    try {
      link = corridorLinkAt(b, upstream, direction).link;
      const far = corridorLinkAt(b, downstream, direction).link;
      if (far !== link) throw new Error(`it spans the junction box of "${b.nodes[link.to]!.key}"`);
    } catch (e) {
      throw new Error(`crosswalk "${cw.id}" (${m(at - half)} to ${m(at + half)} along the corridor) must lie between junction boxes: ${(e as Error).message}`);
    }
    const s = Math.abs(upstream - link.corridorFrom);
    for (const l of link.lanes) {
      const lane = b.lanes[l]!;
      if (s + cw.width <= lane.offset + EPS) continue; // a pocket that begins after the crosswalk
      lanes.push({ lane: l, position: lanePosition(b, l, Math.max(s, lane.offset)) });
    }
  }
  return { ...geo, lanes };
}

function onLink(b: NetworkBuilder, scenario: Scenario, cw: CrosswalkSpec): CrosswalkGeometry {
  if (cw.link === undefined || cw.position === undefined) throw new Error(`crosswalk "${cw.id}" needs \`at\`, or \`link\` and \`position\``);
  const id = b.link(cw.link);
  const link = b.links[id]!;
  const half = cw.width / 2;
  let s: number;
  try {
    s = linkPosition(b, scenario, link, cw.position);
  } catch (e) {
    throw new Error(`crosswalk "${cw.id}": ${(e as Error).message}`);
  }
  if (s - half < -EPS || s + half > link.length + EPS) {
    throw new Error(`crosswalk "${cw.id}" (${m(cw.width)} wide, centred ${m(s)} along the compiled link "${link.key}" of ${m(link.length)}) runs into a junction box`);
  }
  const lanes: CrosswalkLane[] = [];
  const addLanes = (l: Link, upstream: number) => {
    for (const lane of l.lanes) {
      if (upstream + cw.width <= b.lanes[lane]!.offset + EPS) continue;
      lanes.push({ lane, position: lanePosition(b, lane, Math.max(upstream, b.lanes[lane]!.offset)) });
    }
  };
  addLanes(link, Math.max(0, s - half));
  let left = 0;
  if (link.reverse !== -1) {
    const r = b.links[link.reverse]!;
    const q = pointAt(link.shape, Math.min(link.length, s + half));
    const pr = project(r.shape, q.x, q.y);
    addLanes(r, pr.s);
    left = carriagewayWidth(b, r.id);
  }
  return { ...kerbs(link.shape, s, carriagewayWidth(b, id), left), lanes };
}
