// MAPEM (ETSI TS 103 301, MapData of ISO TS 19091): every RSU broadcasts, about once a second,
// the geometry of the signalised intersections it `serves`, built from the compiled lane graph.
//
// One MAPEM per RSU per second holding one IntersectionGeometry per served controller (up to 32
// per message; more are split over several MAPEMs). Numbering (intersection id, LaneIDs,
// SignalGroupIDs, connection ids, revision) comes from ./intersection-ids.ts, so MAP lanes point
// at the SPATEM signal groups of the same intersection.
//
// IntersectionGeometry:
// - name: the controller key (ASCII, at most 63 characters); id and revision as SPATEM.
// - refPoint: the junction node, WGS84 in 0.1 microdegree (elevation omitted: it is OPTIONAL and
//   v2x/units.ts has no DSRC Elevation conversion yet).
// - laneWidth: the most common width of the intersection's lanes (cm).
// - laneSet: one vehicle GenericLane per ingress lane (link lanes ending at the node) and per
//   egress lane (link lanes starting at it). nodeList: points of the lane's centre line from the
//   stop line (ingress: the lane's end; egress: its start) outwards, over at most `nodeLength`
//   metres (default 60, at most 250): that end point, the shape's vertices in between and the far point.
//   Offsets are x east / y north in cm in the tangent plane at the (rounded) refPoint, computed
//   through WGS84, so `laneNodesToLocal` gives the local points back exactly up to the cm.
//   Ingress lanes carry `maneuvers` (the turns of their connections) and one Connection per sim
//   connection leaving the lane: connectingLane = the egress LaneID of the connection's target
//   lane with its maneuver bit, signalGroup = the SignalGroupID of the connection's group
//   (absent for an unsignalled movement), connectionId = the LaneConnectionID.
//   approaches: ingressApproach / egressApproach from intersection-ids.ts.
// - Omitted: pedestrian crosswalks (their signal groups are in SPATEM but no crosswalk lanes are
//   described), speed limits, junction-internal lanes (implied by the connections).
import type { Network } from '../../sim/network.ts';
import { makeGeo, type Geo } from '../../sim/geo.ts';
import { poseAt, type Pose } from '../../sim/polyline.ts';
import type { Facility, FacilityContext, Outgoing } from '../runtime.ts';
import {
  itsMessage,
  type Connection,
  type GenericLane,
  type IntersectionGeometry,
  type Mapem,
  type NodeXy,
} from '../message-types.ts';
import {
  fromEtsiLatitude,
  fromEtsiLongitude,
  fromNodeOffsetXy,
  minuteOfTheYear,
  toEtsiLaneWidth,
  toEtsiLatitude,
  toEtsiLongitude,
  toNodeOffsetXy,
  utcMs,
} from '../units.ts';
import { connectionIdOf, intersectionTable, signalGroupIdOf } from './intersection-ids.ts';
import { rsuStationIndex } from './spatem.ts';

/** LaneDirection bits. */
export const LaneDirection = { ingressPath: 1 << 0, egressPath: 1 << 1 } as const;
/** AllowedManeuvers bits used here. */
export const Maneuver = { straight: 1 << 0, left: 1 << 1, right: 1 << 2, uTurn: 1 << 3 } as const;
/** LaneSharing bit: individualMotorizedVehicleTraffic (the shuttles share the lanes with cars). */
export const SHARED_WITH_MOTOR_VEHICLES = 1 << 3;

const TURN_BIT = { straight: Maneuver.straight, left: Maneuver.left, right: Maneuver.right, uturn: Maneuver.uTurn } as const;

/** IntersectionGeometryList size limit; ConnectsToList; NodeSetXY. */
const MAX_INTERSECTIONS = 32;
const MAX_CONNECTIONS = 16;
const MAX_NODES = 63;
/** Longest node reach: every node stays within the +-327.67 m of a node-XY6 offset from the refPoint. */
const MAX_REACH = 250;

export interface MapGeometryOptions {
  /** How far from the stop line lane node lists reach, metres (default 60). */
  readonly nodeLength?: number;
}

/** A point on the centimetre grid of node offsets (metres, rounded as NodeOffsetPointXY rounds). */
function snap(x: number, y: number): { x: number; y: number } {
  return fromNodeOffsetXy(toNodeOffsetXy(x, y))!;
}

export interface MapemOptions extends MapGeometryOptions {
  /** Interval between two MAPEMs of an RSU, seconds (default 1). */
  readonly period?: number;
}

/** Arc lengths (along the lane, in travel direction) of the lane's MAP nodes, stop line first. */
function nodeArcLengths(cum: Float64Array, length: number, ingress: boolean, reach: number): number[] {
  const span = Math.min(reach, length);
  const near = ingress ? length : 0;
  const far = ingress ? length - span : span;
  const inner: number[] = [];
  for (let i = 0; i < cum.length; i++) {
    const s = cum[i]!;
    if (s > Math.min(near, far) + 1e-6 && s < Math.max(near, far) - 1e-6) inner.push(s);
  }
  if (ingress) inner.reverse();
  // Keep at most MAX_NODES - 2 inner vertices (evenly picked) so the list fits a NodeSetXY.
  const keep = MAX_NODES - 2;
  const picked = inner.length <= keep ? inner : Array.from({ length: keep }, (_, k) => inner[Math.floor(((k + 0.5) * inner.length) / keep)]!);
  return [near, ...picked, far];
}

/** The tangent-plane frame at a refPoint (as sent: rounded to 0.1 microdegree). */
function refFrame(lat: number, lon: number, alt: number): Geo {
  return makeGeo({ lat: fromEtsiLatitude(lat) ?? 0, lon: fromEtsiLongitude(lon) ?? 0, alt });
}

function asciiName(s: string): string | undefined {
  const a = s.replace(/[^\x20-\x7e]/g, '').slice(0, 63);
  return a.length > 0 ? a : undefined;
}

/** The IntersectionGeometry of controller `controller` (local metres converted through `geo`). */
export function buildIntersectionGeometry(net: Network, geo: Geo, controller: number, options: MapGeometryOptions = {}): IntersectionGeometry {
  const reach = Math.min(options.nodeLength ?? 60, MAX_REACH);
  const num = intersectionTable(net).intersections[controller]!;
  const c = net.controllers[controller]!;
  const node = net.nodes[num.node]!;
  const ref = geo.toGeo(node.x, node.y, 0);
  const refLat = toEtsiLatitude(ref.lat);
  const refLon = toEtsiLongitude(ref.lon);
  const frame = refFrame(refLat, refLon, ref.alt);

  // Most common lane width (ties: the smaller).
  const widths = new Map<number, number>();
  for (const l of num.lanes) {
    const w = toEtsiLaneWidth(net.lanes[l.lane]!.width);
    widths.set(w, (widths.get(w) ?? 0) + 1);
  }
  let laneWidth = 0;
  let best = 0;
  for (const [w, n] of widths) if (n > best || (n === best && w < laneWidth)) [laneWidth, best] = [w, n];

  const pose: Pose = { x: 0, y: 0, theta: 0 };
  const laneSet: GenericLane[] = num.lanes.map((ml) => {
    const lane = net.lanes[ml.lane]!;
    // Node positions on the cm grid of the refPoint's tangent plane; offsets are differences of
    // the rounded positions, so the chain adds up without drift.
    let px = 0;
    let py = 0;
    const nodes: NodeXy[] = nodeArcLengths(lane.shape.cum, lane.shape.length, ml.ingress, reach).map((s) => {
      poseAt(lane.shape, s, pose);
      const g = geo.toGeo(pose.x, pose.y, 0);
      const p = frame.toLocal(g.lat, g.lon, g.alt);
      const { x, y } = snap(p.x, p.y);
      const delta = toNodeOffsetXy(x - px, y - py);
      px = x;
      py = y;
      return { delta };
    });
    const gl: GenericLane = {
      laneId: ml.laneId,
      laneAttributes: {
        directionalUse: ml.ingress ? LaneDirection.ingressPath : LaneDirection.egressPath,
        sharedWith: SHARED_WITH_MOTOR_VEHICLES,
        laneType: { vehicle: 0 },
      },
      nodeList: { nodes: { items: nodes } },
      connectsTo: [],
    };
    if (ml.approach > 0) {
      if (ml.ingress) gl.ingressApproach = ml.approach;
      else gl.egressApproach = ml.approach;
    }
    if (ml.ingress) {
      let maneuvers = 0;
      const connectsTo: Connection[] = [];
      for (const k of lane.out) {
        const conn = net.connections[k]!;
        const to = num.laneIdBySimLane.get(conn.to);
        if (conn.node !== num.node || to === undefined || num.lanes[to - 1]!.ingress) continue;
        const bit = TURN_BIT[conn.turn];
        maneuvers |= bit;
        if (connectsTo.length >= MAX_CONNECTIONS) continue;
        const cx: Connection = { connectingLane: { lane: to, maneuver: bit }, connectionId: connectionIdOf(net, k) };
        if (conn.group >= 0 && conn.controller === c.id) cx.signalGroup = signalGroupIdOf(net, conn.group);
        connectsTo.push(cx);
      }
      gl.maneuvers = maneuvers;
      gl.connectsTo = connectsTo;
    }
    return gl;
  });

  const g: IntersectionGeometry = {
    id: { id: num.intersectionId },
    revision: num.revision,
    refPoint: { lat: refLat, long: refLon },
    laneWidth,
    laneSet,
  };
  const name = asciiName(c.key);
  if (name !== undefined) g.name = name;
  return g;
}

/**
 * The local points (scenario metres) of a MAP lane's node list, stop line first: the inverse of
 * the encoding above, for receivers and tests. Node-LatLon nodes are read as absolute positions.
 */
export function laneNodesToLocal(geometry: IntersectionGeometry, lane: GenericLane, geo: Geo): { x: number; y: number }[] {
  const rp = geometry.refPoint;
  const lat = rp?.lat ?? 0;
  const lon = rp?.long ?? 0;
  // The frame's height does not move its x / y axes: any altitude gives the same plane offsets.
  const frame = refFrame(lat, lon, 0);
  const items = lane.nodeList?.nodes?.items ?? [];
  const out: { x: number; y: number }[] = [];
  let x = 0;
  let y = 0;
  for (const n of items) {
    const d = n.delta;
    if (!d) continue;
    const xy = fromNodeOffsetXy(d);
    if (xy) {
      x += xy.x;
      y += xy.y;
      const g = frame.toGeo(x, y, 0);
      const p = geo.toLocal(g.lat, g.lon, g.alt);
      out.push({ x: p.x, y: p.y });
    } else if (d.nodeLatLon) {
      const la = fromEtsiLatitude(d.nodeLatLon.lat ?? 0) ?? 0;
      const lo = fromEtsiLongitude(d.nodeLatLon.lon ?? 0) ?? 0;
      const p = geo.toLocal(la, lo, 0);
      const q = frame.toLocal(la, lo, 0);
      x = q.x;
      y = q.y;
      out.push({ x: p.x, y: p.y });
    }
  }
  return out;
}

/** MsgCount of a MapData: the intersection's revision, or a fold of several. */
function issueRevision(intersections: readonly IntersectionGeometry[]): number {
  if (intersections.length === 1) return intersections[0]!.revision ?? 0;
  let h = 0;
  for (const i of intersections) h = (Math.imul(h, 31) + (i.revision ?? 0) + (i.id?.id ?? 0)) | 0;
  return (h >>> 0) % 128;
}

/** Sends each RSU's MAPEM every `period` seconds (the first at the first tick). */
export class MapemFacility implements Facility {
  readonly name = 'mapem';
  private readonly period: number;
  private readonly options: MapGeometryOptions;
  private net: Network | undefined;
  /** Per RSU: the MapData payloads without timeStamp (the network is immutable). */
  private payloads: Mapem[][] = [];
  private lastTime: number[] = [];

  constructor(options: MapemOptions = {}) {
    this.period = options.period ?? 1;
    if (!(this.period > 0)) throw new RangeError(`MAPEM period must be positive: ${this.period}`);
    this.options = { nodeLength: options.nodeLength ?? 60 };
  }

  generate(ctx: FacilityContext, out: Outgoing[]): void {
    const w = ctx.world;
    const net = w.net;
    if (this.net !== net) {
      this.net = net;
      const geo = makeGeo(w.scenario.origin);
      this.payloads = net.rsus.map((rsu) => {
        const list: Mapem[] = [];
        for (let k = 0; k < rsu.serves.length; k += MAX_INTERSECTIONS) {
          const intersections = rsu.serves.slice(k, k + MAX_INTERSECTIONS).map((c) => buildIntersectionGeometry(net, geo, c, this.options));
          list.push({ msgIssueRevision: issueRevision(intersections), intersections });
        }
        return list;
      });
      this.lastTime = net.rsus.map(() => -Infinity);
    }
    const moy = minuteOfTheYear(Math.round(utcMs(ctx.time, w.scenario.run.startTime)));
    for (let r = 0; r < net.rsus.length; r++) {
      const payloads = this.payloads[r]!;
      if (payloads.length === 0) continue;
      if (ctx.time - this.lastTime[r]! < this.period - 1e-9) continue;
      const sender = rsuStationIndex(ctx.stations, r);
      if (sender < 0) continue;
      const stationId = ctx.stations.stationId[sender]!;
      for (const p of payloads) out.push({ sender, family: 'mapem', message: itsMessage('mapem', stationId, { ...p, timeStamp: moy }) });
      this.lastTime[r] = ctx.time;
    }
  }
}
