// The compiled network: what the simulation drives on. Produced once from a scenario by
// `compileNetwork` (sim/compile/), immutable afterwards. Everything is indexed by dense
// integer ids (sim/ids.ts) so per-tick code uses array lookups, never maps or strings.
import type {
  ConnectionId,
  ControllerId,
  CrosswalkId,
  LaneId,
  LinkId,
  NodeId,
  RsuId,
  SignalGroupId,
} from './ids.ts';
import type { Polyline } from './polyline.ts';

export type Turn = 'straight' | 'left' | 'right' | 'uturn';
export type Direction = 'forward' | 'backward' | 'none';

export interface Lane {
  readonly id: LaneId;
  /** Link it belongs to, or -1 for a junction-internal lane. */
  readonly link: LinkId | -1;
  /** For a junction-internal lane: the connection it realises; -1 otherwise. */
  readonly connection: ConnectionId | -1;
  /** 0 = kerb-side lane of its link, increasing towards the centre. Internal lanes: 0. */
  readonly index: number;
  /** Distance from the link's start where the lane begins (> 0 for turn pockets). */
  readonly offset: number;
  readonly length: number;
  readonly width: number;
  /** Metres per second. */
  readonly speedLimit: number;
  /** Centre line of the lane, in the direction of travel. */
  readonly shape: Polyline;
  /** Neighbour lane of the same link towards the centre / the kerb (-1 if none). */
  readonly left: LaneId | -1;
  readonly right: LaneId | -1;
  /** Link lanes: connections leaving this lane's end. Internal lanes: empty. */
  readonly out: readonly ConnectionId[];
  /** Internal lanes: the link lane they lead into. Link lanes: -1. */
  readonly next: LaneId | -1;
  /** Lanes whose end leads straight into this one (internal lanes into a link lane; a link lane into an internal lane). */
  readonly prev: readonly LaneId[];
}

export interface Connection {
  readonly id: ConnectionId;
  readonly node: NodeId;
  readonly from: LaneId;
  readonly to: LaneId;
  /** The junction-internal lane a vehicle drives on between `from`'s end and `to`'s start. */
  readonly via: LaneId;
  readonly fromLink: LinkId;
  readonly toLink: LinkId;
  readonly turn: Turn;
  /** Controller and signal group governing it at a signalised node, else -1. */
  readonly controller: ControllerId | -1;
  readonly group: SignalGroupId | -1;
  /** Yields to its foes: at a priority junction, and at a signalised one whose signals are dark. */
  readonly minor: boolean;
  /** Connections at the same node whose internal lanes cross or merge with this one's. */
  readonly foes: readonly ConnectionId[];
}

export interface Link {
  readonly id: LinkId;
  /** Scenario-visible key: an explicit link id, or `<corridorId>:f<k>` / `:b<k>`, `<crossStreetId>:<arm>:in|out`. */
  readonly key: string;
  readonly name: string;
  readonly from: NodeId;
  readonly to: NodeId;
  /** Lanes kerb first; a turn pocket (offset > 0) comes last. */
  readonly lanes: readonly LaneId[];
  readonly length: number;
  /** Reference line (the road centre side edge is not needed: lanes carry their own shapes). */
  readonly shape: Polyline;
  /** The link between the same nodes in the opposite direction, or -1. */
  readonly reverse: LinkId | -1;
  readonly direction: Direction;
  /** For corridor links: centreline distance of the link's start and end (decreasing for backward links). NaN otherwise. */
  readonly corridorFrom: number;
  readonly corridorTo: number;
}

export type NodeKind = 'signal' | 'priority' | 'boundary' | 'crosswalk';

export interface Node {
  readonly id: NodeId;
  /** Scenario-visible key: cross-street id, explicit node id, crosswalk id, `<corridorId>:start|end`. */
  readonly key: string;
  readonly x: number;
  readonly y: number;
  readonly kind: NodeKind;
  readonly controller: ControllerId | -1;
  readonly connections: readonly ConnectionId[];
}

export interface SignalGroup {
  readonly id: SignalGroupId;
  readonly controller: ControllerId;
  /** Name in the plan, e.g. `main`, `sideL`, `pedMain`. */
  readonly name: string;
  readonly kind: 'vehicle' | 'pedestrian';
}

export interface PlanPhase {
  readonly name: string;
  /** Groups green in this phase. */
  readonly groups: readonly SignalGroupId[];
  readonly green: number;
  readonly amber: number;
  readonly allRed: number;
  readonly pedestrianClearance: number;
}

export interface Controller {
  readonly id: ControllerId;
  readonly key: string;
  readonly node: NodeId;
  readonly groups: readonly SignalGroupId[];
  readonly phases: readonly PlanPhase[];
  /** Sum over phases of green + amber + allRed, seconds. */
  readonly cycle: number;
  readonly offset: number;
}

/** Where a crosswalk crosses one lane: the distance along that lane of its upstream edge. */
export interface CrosswalkLane {
  readonly lane: LaneId;
  readonly position: number;
}

export interface Crosswalk {
  readonly id: CrosswalkId;
  readonly key: string;
  readonly name: string;
  readonly zebra: boolean;
  /** Pedestrian signal group for a signalised crosswalk, else -1. */
  readonly group: SignalGroupId | -1;
  readonly width: number;
  /** Kerb-to-kerb walking distance, metres. */
  readonly length: number;
  /** Kerb points at either end of the walk, local metres. */
  readonly a: readonly [number, number];
  readonly b: readonly [number, number];
  /** Every lane it crosses. */
  readonly lanes: readonly CrosswalkLane[];
}

export interface Place {
  readonly lane: LaneId;
  /** Metres along the lane. */
  readonly position: number;
}

export interface ShuttleStopVisit extends Place {
  readonly stopKey: string;
  readonly name: string;
  /** Index into the route's `links` of the link holding `lane`. */
  readonly routeIndex: number;
  readonly direction: Direction;
  readonly terminal: boolean;
}

export interface ShuttleRoute {
  readonly lineKey: string;
  /** Links of one full round trip, in order; the last link connects back to the first (U-turns at the ends). */
  readonly links: readonly LinkId[];
  /** Stop visits in the order the route meets them. */
  readonly visits: readonly ShuttleStopVisit[];
  readonly length: number;
}

export interface Terminal {
  /** Entry/exit name used by flows: `<corridorId>:start`, `<crossStreetId>:left`, or an explicit link id. */
  readonly key: string;
  /** Entering: the link vehicles are inserted on. Leaving: the link whose end is the exit. */
  readonly link: LinkId;
}

export interface Rsu {
  readonly id: RsuId;
  readonly key: string;
  readonly x: number;
  readonly y: number;
  readonly mastHeight: number;
  readonly serves: readonly ControllerId[];
}

export interface Network {
  readonly lanes: readonly Lane[];
  readonly links: readonly Link[];
  readonly nodes: readonly Node[];
  readonly connections: readonly Connection[];
  readonly controllers: readonly Controller[];
  readonly groups: readonly SignalGroup[];
  readonly crosswalks: readonly Crosswalk[];
  readonly entries: readonly Terminal[];
  readonly exits: readonly Terminal[];
  readonly shuttleRoutes: readonly ShuttleRoute[];
  readonly rsus: readonly Rsu[];
  /** Corridor centreline (absent for purely explicit networks), to place things by `at`. */
  readonly centreline?: Polyline;
}
