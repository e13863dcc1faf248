// The stable numbering shared by SPATEM, MAPEM and every receiver: how a simulated signal
// controller, its signal groups, the link lanes around its node and its connections are named
// on the air (ISO TS 19091 IntersectionReferenceID, SignalGroupID, LaneID, LaneConnectionID),
// and the inverse lookups a receiver uses to turn those numbers back into network ids.
//
// Scheme (pure functions of the compiled network, so sender and receiver agree without talking):
// - IntersectionReferenceID.id = controller index + 1; `region` is omitted (ids are unique
//   within a scenario).
// - SignalGroupID = 1 + index of the group in its controller's `groups` (vehicle and pedestrian
//   groups alike). 0 ("unknown") and 255 ("permanent green") are never used.
// - LaneID (per intersection): first the ingress lanes (every lane of the links ending at the
//   controller's node: all of them reach the link's end, turn pockets included), then the egress
//   lanes (the lanes of the links starting at it that begin at the link's start, i.e. not a turn
//   pocket at the link's far end); links in increasing link id, the lanes of a link in
//   `link.lanes` order (kerb first, a turn pocket last). Numbered 1, 2, 3, ...
// - ApproachID: 1 + index of the ingress link among the node's ingress links; an egress link
//   whose reverse link is one of those ingress links shares its approach (one arm, one number),
//   other egress links get the next numbers. Omitted when above 15.
// - LaneConnectionID = 1 + index of the connection in the node's `connections`.
// - Revision (MsgCount, 0..127): a hash of the intersection's lanes, their shapes (cm), its
//   connections and groups. The compiled network never changes during a run, so MAPEM and SPATEM
//   carry the same constant revision; a scenario with different geometry gets a different one.
import type { Network } from '../../sim/network.ts';

/** Largest LaneID / SignalGroupID / LaneConnectionID (ISO TS 19091: 0..255, 0 = unknown). */
const MAX_ID = 255;
/** ApproachID is 0..15 (0 = unknown). */
const MAX_APPROACH = 15;

/** One MAP lane of an intersection. */
export interface IntersectionLane {
  /** MAP LaneID, 1-based. */
  readonly laneId: number;
  /** Sim lane id (index into Network.lanes, a link lane). */
  readonly lane: number;
  readonly link: number;
  readonly ingress: boolean;
  /** ApproachID (1..15), or 0 when the node has too many arms to number. */
  readonly approach: number;
}

/** The numbering of one signalised intersection (one controller). */
export interface IntersectionNumbering {
  /** IntersectionReferenceID.id. */
  readonly intersectionId: number;
  readonly controller: number;
  readonly node: number;
  /** MsgCount shared by MAPEM and SPATEM. */
  readonly revision: number;
  /** All MAP lanes, ingress first; `lanes[k].laneId === k + 1`. */
  readonly lanes: readonly IntersectionLane[];
  readonly ingressCount: number;
  /** Sim lane id -> LaneID (0 when the lane is not part of this intersection). */
  readonly laneIdBySimLane: ReadonlyMap<number, number>;
  /** Sim group ids of the controller: SignalGroupID k is `groups[k - 1]`. */
  readonly groups: readonly number[];
  /** Sim connection ids at the node: LaneConnectionID k is `connections[k - 1]`. */
  readonly connections: readonly number[];
}

export interface IntersectionTable {
  /** Per controller index. */
  readonly intersections: readonly IntersectionNumbering[];
  /** Per sim group id: its SignalGroupID (1-based). */
  readonly signalGroupOfGroup: Int32Array;
  /** Per sim connection id: its LaneConnectionID at its node (0 at unsignalised nodes). */
  readonly connectionIdOfConnection: Int32Array;
}

const tables = new WeakMap<Network, IntersectionTable>();

/** The numbering of every signalised intersection of `net` (computed once per network, cached). */
export function intersectionTable(net: Network): IntersectionTable {
  let t = tables.get(net);
  if (!t) {
    t = buildTable(net);
    tables.set(net, t);
  }
  return t;
}

/** IntersectionReferenceID.id of a controller. */
export function intersectionIdOf(controller: number): number {
  return controller + 1;
}

/** Controller index of an IntersectionReferenceID.id, or -1 if `net` has no such intersection. */
export function controllerOfIntersection(net: Network, intersectionId: number): number {
  const c = intersectionId - 1;
  return Number.isInteger(c) && c >= 0 && c < net.controllers.length ? c : -1;
}

/** The numbering of the intersection with this IntersectionReferenceID.id, or undefined. */
export function intersectionById(net: Network, intersectionId: number): IntersectionNumbering | undefined {
  const c = controllerOfIntersection(net, intersectionId);
  return c < 0 ? undefined : intersectionTable(net).intersections[c];
}

/** SignalGroupID of a sim signal group (1 + its index in its controller's groups). */
export function signalGroupIdOf(net: Network, group: number): number {
  return intersectionTable(net).signalGroupOfGroup[group] ?? 0;
}

/** Sim group id of (intersection id, SignalGroupID), or -1 if unknown. */
export function simGroupOf(net: Network, intersectionId: number, signalGroup: number): number {
  const n = intersectionById(net, intersectionId);
  if (!n || !Number.isInteger(signalGroup) || signalGroup < 1) return -1;
  return n.groups[signalGroup - 1] ?? -1;
}

/** MAP LaneID of a sim lane in the intersection of `controller`, or 0 if not one of its lanes. */
export function mapLaneIdOf(net: Network, controller: number, simLane: number): number {
  return intersectionTable(net).intersections[controller]?.laneIdBySimLane.get(simLane) ?? 0;
}

/** Sim lane id of (intersection id, LaneID), or -1 if unknown. */
export function simLaneOf(net: Network, intersectionId: number, laneId: number): number {
  const n = intersectionById(net, intersectionId);
  if (!n || !Number.isInteger(laneId) || laneId < 1) return -1;
  return n.lanes[laneId - 1]?.lane ?? -1;
}

/** LaneConnectionID of a sim connection (0 if its node is not signalised). */
export function connectionIdOf(net: Network, connection: number): number {
  return intersectionTable(net).connectionIdOfConnection[connection] ?? 0;
}

/** Sim connection id of (intersection id, LaneConnectionID), or -1 if unknown. */
export function simConnectionOf(net: Network, intersectionId: number, connectionId: number): number {
  const n = intersectionById(net, intersectionId);
  if (!n || !Number.isInteger(connectionId) || connectionId < 1) return -1;
  return n.connections[connectionId - 1] ?? -1;
}

function buildTable(net: Network): IntersectionTable {
  const signalGroupOfGroup = new Int32Array(net.groups.length);
  const connectionIdOfConnection = new Int32Array(net.connections.length);
  const intersections = net.controllers.map((c) => {
    if (c.groups.length > MAX_ID) throw new Error(`controller "${c.key}" has ${c.groups.length} signal groups; SignalGroupID allows ${MAX_ID}`);
    c.groups.forEach((g, k) => (signalGroupOfGroup[g] = k + 1));
    const node = net.nodes[c.node]!;
    const ingressLinks = net.links.filter((l) => l.to === c.node).map((l) => l.id as number);
    const egressLinks = net.links.filter((l) => l.from === c.node).map((l) => l.id as number);
    const approachOfIngress = new Map<number, number>();
    ingressLinks.forEach((l, k) => approachOfIngress.set(l, k + 1));
    let nextApproach = ingressLinks.length + 1;
    const approachOfEgress = new Map<number, number>();
    for (const l of egressLinks) {
      const rev = net.links[l]!.reverse;
      const shared = rev >= 0 ? approachOfIngress.get(rev) : undefined;
      approachOfEgress.set(l, shared ?? nextApproach++);
    }
    const lanes: IntersectionLane[] = [];
    const laneIdBySimLane = new Map<number, number>();
    const add = (link: number, ingress: boolean, approach: number) => {
      for (const lane of net.links[link]!.lanes) {
        if (!ingress && net.lanes[lane]!.offset > 1e-6) continue;
        const laneId = lanes.length + 1;
        lanes.push({ laneId, lane, link, ingress, approach: approach <= MAX_APPROACH ? approach : 0 });
        laneIdBySimLane.set(lane, laneId);
      }
    };
    for (const l of ingressLinks) add(l, true, approachOfIngress.get(l)!);
    const ingressCount = lanes.length;
    for (const l of egressLinks) add(l, false, approachOfEgress.get(l)!);
    if (lanes.length > MAX_ID) throw new Error(`intersection "${c.key}" has ${lanes.length} lanes; LaneID allows ${MAX_ID}`);
    if (node.connections.length > MAX_ID) {
      throw new Error(`intersection "${c.key}" has ${node.connections.length} connections; LaneConnectionID allows ${MAX_ID}`);
    }
    node.connections.forEach((k, i) => (connectionIdOfConnection[k] = i + 1));
    const numbering: IntersectionNumbering = {
      intersectionId: intersectionIdOf(c.id),
      controller: c.id,
      node: c.node,
      revision: 0,
      lanes,
      ingressCount,
      laneIdBySimLane,
      groups: [...c.groups],
      connections: [...node.connections],
    };
    return { ...numbering, revision: revisionOf(net, numbering) };
  });
  return { intersections, signalGroupOfGroup, connectionIdOfConnection };
}

const TURNS = ['straight', 'left', 'right', 'uturn'];

/** FNV-1a over what MAPEM describes, folded to a MsgCount (0..127). */
function revisionOf(net: Network, n: IntersectionNumbering): number {
  let h = 0x811c9dc5;
  const mix = (v: number) => {
    h = Math.imul(h ^ (v | 0), 0x01000193);
  };
  const node = net.nodes[n.node]!;
  mix(Math.round(node.x * 100));
  mix(Math.round(node.y * 100));
  for (const l of n.lanes) {
    const lane = net.lanes[l.lane]!;
    mix(l.lane);
    mix(l.ingress ? 1 : 2);
    mix(Math.round(lane.width * 100));
    const s = lane.shape;
    for (let i = 0; i < s.xs.length; i++) {
      mix(Math.round(s.xs[i]! * 100));
      mix(Math.round(s.ys[i]! * 100));
    }
  }
  for (const k of n.connections) {
    const c = net.connections[k]!;
    mix(c.from);
    mix(c.to);
    mix(c.group);
    mix(TURNS.indexOf(c.turn));
  }
  for (const g of n.groups) mix(g);
  return ((h >>> 0) ^ (h >>> 7) ^ (h >>> 14) ^ (h >>> 21)) & 127;
}
