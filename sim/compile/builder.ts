// A mutable network under construction. Hands out dense ids in creation order (so the same
// scenario always compiles to the same ids), keeps key → id maps for scenario references,
// and wires lanes and connections together. `build()` returns the immutable Network.
import {
  asConnection,
  asController,
  asGroup,
  asLane,
  asLink,
  asNode,
  type ConnectionId,
  type ControllerId,
  type LaneId,
  type LinkId,
  type NodeId,
  type SignalGroupId,
} from '../ids.ts';
import type {
  Connection,
  Controller,
  Crosswalk,
  Direction,
  Lane,
  Link,
  Network,
  Node,
  NodeKind,
  PlanPhase,
  Rsu,
  ShuttleRoute,
  SignalGroup,
  Terminal,
  Turn,
} from '../network.ts';
import type { Polyline } from '../polyline.ts';

/** T with readonly fields and readonly arrays made writable (only while building). */
export type Mut<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
export type MLane = Mut<Lane>;
export type MLink = Mut<Link>;
export type MNode = Mut<Node>;
export type MConnection = Mut<Connection>;

export interface LinkSpec {
  key: string;
  name: string;
  from: NodeId;
  to: NodeId;
  shape: Polyline;
  direction: Direction;
  corridorFrom?: number;
  corridorTo?: number;
}

export interface LaneSpec {
  index: number;
  offset: number;
  width: number;
  speedLimit: number;
  shape: Polyline;
}

export interface ConnectionSpec {
  node: NodeId;
  from: LaneId;
  to: LaneId;
  turn: Turn;
  minor: boolean;
  controller: ControllerId | -1;
  group: SignalGroupId | -1;
  /** Shape of the junction-internal lane. */
  shape: Polyline;
  speedLimit: number;
  width: number;
}

export class NetworkBuilder {
  readonly lanes: MLane[] = [];
  readonly links: MLink[] = [];
  readonly nodes: MNode[] = [];
  readonly connections: MConnection[] = [];
  readonly controllers: Controller[] = [];
  readonly groups: SignalGroup[] = [];
  readonly crosswalks: Crosswalk[] = [];
  readonly entries: Terminal[] = [];
  readonly exits: Terminal[] = [];
  readonly shuttleRoutes: ShuttleRoute[] = [];
  readonly rsus: Rsu[] = [];
  centreline: Polyline | undefined;

  private readonly nodeKeys = new Map<string, NodeId>();
  private readonly linkKeys = new Map<string, LinkId>();
  private readonly controllerKeys = new Map<string, ControllerId>();

  addNode(key: string, x: number, y: number, kind: NodeKind): NodeId {
    if (this.nodeKeys.has(key)) throw new Error(`network: two nodes are both called "${key}"`);
    const id = asNode(this.nodes.length);
    this.nodes.push({ id, key, x, y, kind, controller: -1, connections: [] });
    this.nodeKeys.set(key, id);
    return id;
  }

  findNode(key: string): NodeId | undefined {
    return this.nodeKeys.get(key);
  }

  node(key: string): NodeId {
    const id = this.nodeKeys.get(key);
    if (id === undefined) throw new Error(`network: unknown node "${key}"`);
    return id;
  }

  addLink(spec: LinkSpec): LinkId {
    if (this.linkKeys.has(spec.key)) throw new Error(`network: two links are both called "${spec.key}"`);
    const id = asLink(this.links.length);
    this.links.push({
      id,
      key: spec.key,
      name: spec.name,
      from: spec.from,
      to: spec.to,
      lanes: [],
      length: spec.shape.length,
      shape: spec.shape,
      reverse: -1,
      direction: spec.direction,
      corridorFrom: spec.corridorFrom ?? NaN,
      corridorTo: spec.corridorTo ?? NaN,
    });
    this.linkKeys.set(spec.key, id);
    return id;
  }

  findLink(key: string): LinkId | undefined {
    return this.linkKeys.get(key);
  }

  link(key: string): LinkId {
    const id = this.linkKeys.get(key);
    if (id === undefined) throw new Error(`network: unknown link "${key}"`);
    return id;
  }

  /** Adds a lane at the end of the link's lane list (kerb first, pocket last); neighbours are not wired. */
  addLane(link: LinkId, spec: LaneSpec): LaneId {
    const id = asLane(this.lanes.length);
    this.lanes.push({
      id,
      link,
      connection: -1,
      index: spec.index,
      offset: spec.offset,
      length: spec.shape.length,
      width: spec.width,
      speedLimit: spec.speedLimit,
      shape: spec.shape,
      left: -1,
      right: -1,
      out: [],
      next: -1,
      prev: [],
    });
    this.links[link]!.lanes.push(id);
    return id;
  }

  /** The lane of `link` with lane index `index` (the pocket has index = number of normal lanes). */
  laneOf(link: LinkId, index: number): LaneId {
    const l = this.links[link]!;
    for (const id of l.lanes) if (this.lanes[id]!.index === index) return id;
    throw new Error(`network: link "${l.key}" has no lane ${index} (it has ${l.lanes.length})`);
  }

  /** Lanes of a link that run its whole length (no pockets), kerb first. */
  normalLanes(link: LinkId): LaneId[] {
    return this.links[link]!.lanes.filter((l) => this.lanes[l]!.offset === 0);
  }

  /** Creates a connection and its junction-internal lane, and wires out/prev/next. */
  addConnection(spec: ConnectionSpec): ConnectionId {
    const id = asConnection(this.connections.length);
    const via = asLane(this.lanes.length);
    const from = this.lanes[spec.from]!;
    const to = this.lanes[spec.to]!;
    const fromLink = from.link;
    const toLink = to.link;
    if (fromLink === -1 || toLink === -1) throw new Error('network: connections join link lanes only');
    this.lanes.push({
      id: via,
      link: -1,
      connection: id,
      index: 0,
      offset: 0,
      length: spec.shape.length,
      width: spec.width,
      speedLimit: spec.speedLimit,
      shape: spec.shape,
      left: -1,
      right: -1,
      out: [],
      next: spec.to,
      prev: [spec.from],
    });
    this.connections.push({
      id,
      node: spec.node,
      from: spec.from,
      to: spec.to,
      via,
      fromLink,
      toLink,
      turn: spec.turn,
      controller: spec.controller,
      group: spec.group,
      minor: spec.minor,
      foes: [],
    });
    from.out.push(id);
    to.prev.push(via);
    this.nodes[spec.node]!.connections.push(id);
    return id;
  }

  /** Connections from any lane of link `a` to any lane of link `b`. */
  connectionsBetween(a: LinkId, b: LinkId): ConnectionId[] {
    const out: ConnectionId[] = [];
    for (const l of this.links[a]!.lanes) {
      for (const c of this.lanes[l]!.out) if (this.connections[c]!.toLink === b) out.push(c);
    }
    return out;
  }

  addGroup(controller: ControllerId, name: string, kind: SignalGroup['kind']): SignalGroupId {
    const id = asGroup(this.groups.length);
    this.groups.push({ id, controller, name, kind });
    return id;
  }

  nextControllerId(): ControllerId {
    return asController(this.controllers.length);
  }

  addController(c: { key: string; node: NodeId; groups: SignalGroupId[]; phases: PlanPhase[]; offset: number }): ControllerId {
    if (this.controllerKeys.has(c.key)) throw new Error(`network: two signal controllers are both called "${c.key}"`);
    const id = asController(this.controllers.length);
    const node = this.nodes[c.node]!;
    if (node.controller !== -1) throw new Error(`network: node "${node.key}" has two signal controllers`);
    const cycle = c.phases.reduce((s, p) => s + p.green + p.amber + p.allRed, 0);
    if (!(cycle > 0)) throw new Error(`signal controller "${c.key}": the cycle must be longer than 0 s`);
    this.controllers.push({ id, key: c.key, node: c.node, groups: c.groups, phases: c.phases, cycle, offset: c.offset });
    this.controllerKeys.set(c.key, id);
    node.controller = id;
    return id;
  }

  controller(key: string): ControllerId {
    const id = this.controllerKeys.get(key);
    if (id === undefined) throw new Error(`network: unknown signal controller "${key}"`);
    return id;
  }

  /** Group id of `name` in controller `key`. */
  group(controllerKey: string, name: string): SignalGroupId {
    const c = this.controllers[this.controller(controllerKey)]!;
    for (const g of c.groups) if (this.groups[g]!.name === name) return g;
    const names = c.groups.map((g) => this.groups[g]!.name).join(', ');
    throw new Error(`signal controller "${controllerKey}" has no signal group "${name}" (its groups: ${names})`);
  }

  build(): Network {
    const net: Network = {
      lanes: this.lanes,
      links: this.links,
      nodes: this.nodes,
      connections: this.connections,
      controllers: this.controllers,
      groups: this.groups,
      crosswalks: this.crosswalks,
      entries: this.entries,
      exits: this.exits,
      shuttleRoutes: this.shuttleRoutes,
      rsus: this.rsus,
      ...(this.centreline ? { centreline: this.centreline } : {}),
    };
    return net;
  }
}
