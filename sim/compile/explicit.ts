// The explicit form's nodes, links and lanes. A link's reference line runs from its from-node
// through its shape points to its to-node; its lanes lie right of it (so the two directions of
// a street, drawn between the same nodes, sit side by side). At every node with more than one
// neighbour the links are cut back by a junction box of half-size (widest incident carriageway
// + 2 m), which leaves room for the internal lanes. Scenario positions along explicit links
// still count from the from-node (place.ts projects them).
//
// Node kinds: `signal` if a controller names it, `boundary` if it touches at most one other
// node (a network end), else `priority`.
import type { ExplicitNetwork } from '../../scenarios/schema.ts';
import type { LinkId, NodeId } from '../ids.ts';
import { polyline, slice } from '../polyline.ts';
import type { NetworkBuilder } from './builder.ts';
import { MIN_LINK_LENGTH } from './corridor.ts';
import { dedupe } from './geometry.ts';
import { addCarriageway } from './lanes.ts';

const KMH = 1 / 3.6;
const BOX_MARGIN = 2;
const m = (v: number) => `${Number(v.toFixed(2))} m`;

export function buildExplicit(b: NetworkBuilder, ex: ExplicitNetwork, signalNodes: ReadonlySet<string>): LinkId[] {
  const neighbours = new Map<string, Set<string>>();
  const halfWidth = new Map<string, number>();
  for (const n of ex.nodes) {
    neighbours.set(n.id, new Set());
    halfWidth.set(n.id, 0);
  }
  for (const l of ex.links) {
    if (l.from === l.to) throw new Error(`link "${l.id}" starts and ends at the same node "${l.from}"`);
    for (const [a, z] of [[l.from, l.to], [l.to, l.from]] as const) {
      const set = neighbours.get(a);
      if (!set) throw new Error(`link "${l.id}": unknown node "${a}"`);
      set.add(z);
      halfWidth.set(a, Math.max(halfWidth.get(a)!, l.lanes * l.laneWidth));
    }
  }

  const trim = new Map<string, number>();
  const positions = new Map<string, readonly [number, number]>();
  for (const n of ex.nodes) {
    const kind = signalNodes.has(n.id) ? 'signal' : neighbours.get(n.id)!.size <= 1 ? 'boundary' : 'priority';
    b.addNode(n.id, n.position[0], n.position[1], kind);
    trim.set(n.id, kind === 'boundary' ? 0 : halfWidth.get(n.id)! + BOX_MARGIN);
    positions.set(n.id, n.position);
  }

  const ids: LinkId[] = [];
  for (const l of ex.links) {
    const full = polyline(dedupe([positions.get(l.from)!, ...l.shape, positions.get(l.to)!]));
    const a = trim.get(l.from)!;
    const z = full.length - trim.get(l.to)!;
    if (z - a < MIN_LINK_LENGTH) {
      throw new Error(
        `link "${l.id}" (${m(full.length)} node to node) is too short for the junction boxes at its ends (${m(a)} at "${l.from}", ${m(trim.get(l.to)!)} at "${l.to}")`,
      );
    }
    const shape = a === 0 && z === full.length ? full : slice(full, a, z);
    const from: NodeId = b.node(l.from);
    const to: NodeId = b.node(l.to);
    const id = b.addLink({ key: l.id, name: l.name ?? l.id, from, to, shape, direction: 'none' });
    addCarriageway(b, id, l.lanes, l.laneWidth, l.speedLimit * KMH);
    ids.push(id);
  }
  // Reverse: the first link between the same nodes the other way.
  for (const id of ids) {
    const link = b.links[id]!;
    if (link.reverse !== -1) continue;
    const r = ids.find((o) => o !== id && b.links[o]!.from === link.to && b.links[o]!.to === link.from && b.links[o]!.reverse === -1);
    if (r !== undefined) {
      link.reverse = r;
      b.links[r]!.reverse = id;
    }
  }
  return ids;
}
