// Movements through nodes: connections with their junction-internal lanes.
//
// Corridor junctions, per approach: straight (lane i → lane i for the common lanes; extra source
// lanes feed the innermost target lane), right turn (kerb lane → kerb lane of the right-hand
// exit), left turn (innermost lane → innermost lane of the left-hand exit). A corridor approach
// turns left only from its pocket if it has one; without a pocket, only at a priority junction
// (from the innermost lane), never at a signalised one. U-turns only at the corridor ends
// (kerb lane → kerb lane, minor), so shuttles can turn around.
// Internal lanes: a straight segment for straight movements, a cubic Bézier for turns, a half
// ellipse for U-turns; speed limit: the approach's for straight, 15 km/h right and U-turn,
// 25 km/h left.
import type { ExplicitNetwork } from '../../scenarios/schema.ts';
import type { ConnectionId, ControllerId, LaneId, LinkId, NodeId, SignalGroupId } from '../ids.ts';
import type { Turn } from '../network.ts';
import type { NetworkBuilder } from './builder.ts';
import type { CorridorLayout, Split } from './corridor.ts';
import { endPose, startPose, straightCurve, turnCurve, uturnCurve, wrapAngle, DEG } from './geometry.ts';
import { resolveGroup, type MovementClass, type NodeSignals } from './signals.ts';

export const RIGHT_TURN_SPEED = 15 / 3.6;
export const LEFT_TURN_SPEED = 25 / 3.6;
export const UTURN_SPEED = 15 / 3.6;

export interface Control {
  minor: boolean;
  controller: ControllerId | -1;
  group: SignalGroupId | -1;
}

const UNCONTROLLED_MINOR: Control = { minor: true, controller: -1, group: -1 };

/** Adds the connection from lane `from` to lane `to` through `node`, with its internal lane. */
export function connectLanes(b: NetworkBuilder, node: NodeId, from: LaneId, to: LaneId, turn: Turn, control: Control): ConnectionId {
  const src = b.lanes[from]!;
  const dst = b.lanes[to]!;
  const a = endPose(src.shape);
  const z = startPose(dst.shape);
  const shape = turn === 'straight' ? straightCurve(a, z) : turn === 'uturn' ? uturnCurve(a, z) : turnCurve(a, z);
  const speedLimit = turn === 'straight' ? src.speedLimit : turn === 'left' ? LEFT_TURN_SPEED : turn === 'right' ? RIGHT_TURN_SPEED : UTURN_SPEED;
  return b.addConnection({ node, from, to, turn, shape, speedLimit, width: src.width, ...control });
}

/** A U-turn from the kerb lane of `from` to the kerb lane of `to` (uncontrolled, minor). */
export function connectUturn(b: NetworkBuilder, node: NodeId, from: LinkId, to: LinkId): ConnectionId {
  return connectLanes(b, node, b.laneOf(from, 0), b.laneOf(to, 0), 'uturn', UNCONTROLLED_MINOR);
}

interface Approach {
  link: LinkId;
  /** Cross-street arm approach (all its movements share one class; minor at priority nodes). */
  side: boolean;
  cls: MovementClass;
  straight: LinkId | undefined;
  left: LinkId | undefined;
  right: LinkId | undefined;
  /** Lane left turns leave from: the pocket, the innermost lane, or none. */
  leftFrom: LaneId | undefined;
}

export function buildCorridorJunctions(b: NetworkBuilder, layout: CorridorLayout, signals: ReadonlyMap<NodeId, NodeSignals>): void {
  for (const split of layout.splits) buildSplit(b, split, signals.get(split.node));
  const last = layout.forward.length - 1;
  connectUturn(b, layout.end, layout.forward[last]!, layout.backward[last]!);
  connectUturn(b, layout.start, layout.backward[0]!, layout.forward[0]!);
}

function buildSplit(b: NetworkBuilder, s: Split, ns: NodeSignals | undefined): void {
  const node = b.nodes[s.node]!;
  const priority = node.kind === 'priority';
  const innermost = (link: LinkId) => {
    const lanes = b.normalLanes(link);
    return lanes[lanes.length - 1]!;
  };
  const corridorLeft = (pocket: LaneId | undefined, link: LinkId, exit: LinkId | undefined) =>
    exit === undefined ? undefined : (pocket ?? (priority ? innermost(link) : undefined));
  const approaches: Approach[] = [];
  if (!s.crossStreet) {
    approaches.push({ link: s.fwdIn, side: false, cls: 'main', straight: s.fwdOut, left: undefined, right: undefined, leftFrom: undefined });
    approaches.push({ link: s.bwdIn, side: false, cls: 'main', straight: s.bwdOut, left: undefined, right: undefined, leftFrom: undefined });
  } else {
    const L = s.left;
    const R = s.right;
    approaches.push({ link: s.fwdIn, side: false, cls: 'main', straight: s.fwdOut, left: L?.out, right: R?.out, leftFrom: corridorLeft(s.pocketF, s.fwdIn, L?.out) });
    approaches.push({ link: s.bwdIn, side: false, cls: 'main', straight: s.bwdOut, left: R?.out, right: L?.out, leftFrom: corridorLeft(s.pocketB, s.bwdIn, R?.out) });
    if (L) approaches.push({ link: L.in, side: true, cls: 'sideL', straight: R?.out, left: s.fwdOut, right: s.bwdOut, leftFrom: innermost(L.in) });
    if (R) approaches.push({ link: R.in, side: true, cls: 'sideR', straight: L?.out, left: s.bwdOut, right: s.fwdOut, leftFrom: innermost(R.in) });
  }
  for (const a of approaches) {
    const control = (cls: MovementClass): Control => {
      if (ns) return { minor: false, controller: ns.controller, group: resolveGroup(ns, cls, s.key) };
      return { minor: priority && a.side, controller: -1, group: -1 };
    };
    const src = b.normalLanes(a.link);
    if (a.straight !== undefined) {
      const dst = b.normalLanes(a.straight);
      const c = control(a.cls);
      src.forEach((lane, i) => connectLanes(b, s.node, lane, dst[Math.min(i, dst.length - 1)]!, 'straight', c));
    }
    if (a.right !== undefined) connectLanes(b, s.node, src[0]!, b.laneOf(a.right, 0), 'right', control(a.cls));
    if (a.left !== undefined && a.leftFrom !== undefined) {
      const dst = b.normalLanes(a.left);
      connectLanes(b, s.node, a.leftFrom, dst[dst.length - 1]!, 'left', control(a.side ? a.cls : 'left'));
    }
  }
}

/** Turn of a movement from the heading change between the two lanes. */
export function classifyTurn(b: NetworkBuilder, from: LaneId, to: LaneId): Turn {
  const a = endPose(b.lanes[from]!.shape);
  const z = startPose(b.lanes[to]!.shape);
  const fromLink = b.links[b.lanes[from]!.link as LinkId]!;
  if (fromLink.reverse === b.lanes[to]!.link) return 'uturn';
  const d = wrapAngle(z.theta - a.theta);
  if (Math.abs(d) > 150 * DEG) return 'uturn';
  if (Math.abs(d) < 35 * DEG) return 'straight';
  return d > 0 ? 'left' : 'right';
}

export function buildExplicitConnections(b: NetworkBuilder, ex: ExplicitNetwork, signals: ReadonlyMap<NodeId, NodeSignals>): void {
  const seen = new Set<string>();
  ex.connections.forEach((c, k) => {
    const what = `connection ${c.from}[${c.fromLane}] → ${c.to}[${c.toLane}] (network.explicit.connections[${k}])`;
    const fromLink = b.link(c.from);
    const toLink = b.link(c.to);
    const f = b.links[fromLink]!;
    const t = b.links[toLink]!;
    if (f.to !== t.from) {
      throw new Error(`${what}: link "${f.key}" ends at node "${b.nodes[f.to]!.key}" but "${t.key}" starts at "${b.nodes[t.from]!.key}"`);
    }
    const dup = `${c.from}\u0000${c.fromLane}\u0000${c.to}\u0000${c.toLane}`;
    if (seen.has(dup)) throw new Error(`${what} is listed twice`);
    seen.add(dup);
    const from = b.laneOf(fromLink, c.fromLane);
    const to = b.laneOf(toLink, c.toLane);
    const node = f.to;
    const ns = signals.get(node);
    let control: Control;
    if (ns) {
      if (c.signalGroup === undefined) throw new Error(`${what}: node "${b.nodes[node]!.key}" is signalised (controller "${ns.key}"), so the connection needs a signalGroup`);
      const g = ns.groups.get(c.signalGroup);
      if (g === undefined) {
        throw new Error(`${what}: controller "${ns.key}" has no signal group "${c.signalGroup}" (its groups: ${[...ns.groups.keys()].join(', ')})`);
      }
      control = { minor: c.priority === 'minor', controller: ns.controller, group: g };
    } else {
      if (c.signalGroup !== undefined) throw new Error(`${what}: node "${b.nodes[node]!.key}" has no signal controller, so signalGroup "${c.signalGroup}" means nothing`);
      control = { minor: c.priority === 'minor', controller: -1, group: -1 };
    }
    connectLanes(b, node, from, to, classifyTurn(b, from, to), control);
  });
}
