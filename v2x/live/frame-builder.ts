// The protobuf FrameSource of the live stream (package corridor.live.v1, docs/live-frames.md):
// a Snapshot on connect, then one Frame per flush with the state at the last tick added and the
// V2X traffic of every tick added since the previous flush. The server coalesces (e.g. to 20 Hz)
// by calling `flush` less often than `addTick`.
//
// Per-entity state travels as packed parallel arrays filled from preallocated typed arrays (the
// generated encoder writes packed fields straight from them), V2X messages as the bytes the
// runtime already encoded. One source per subscription profile (`includeV2x`, `families`).
import type { World } from '../../sim/world.ts';
import type { SimEvent } from '../../sim/events.ts';
import type { Pose } from '../../sim/polyline.ts';
import { poseAt } from '../../sim/polyline.ts';
import { pedestrianPosition, vehiclePose } from '../../sim/pose.ts';
import { EventState } from '../../sim/timeline.ts';
import type { RsuBusyRatio } from '../channel/channel.ts';
import { expectedPdr, vehicleRadio, type ChannelParams, type TxRadio } from '../channel/model.ts';
import { encodeItsMessage } from '../codec.ts';
import { FAMILIES, type Family } from '../families.ts';
import { MapemFacility } from '../facilities/mapem.ts';
import type { Outgoing, TickTraffic } from '../runtime.ts';
import { StationKind, StationTable, rsuStationId } from '../stations.ts';
import type { FrameSource } from './frames.ts';
import { writeFrameState } from './frame-state-encoder.ts';
import { PackedWriter, writeDeliveries, writeTransmissions, writeVehicles, type DeliveryArrays, type TransmissionFields, type VehicleArrays } from './packed-encoder.ts';
import { LiveProto, type FrameMessage, type LiveFrame, type LiveSnapshot, type SnapshotMessage } from './live-types.ts';

export interface ProtoFrameSourceOptions {
  /** Send transmissions and deliveries (default true). */
  readonly includeV2x?: boolean;
  /** Only these V2X families (default: all). Deliveries follow their transmissions. */
  readonly families?: readonly Family[];
  /** Send deliveries (default true; they dominate the volume in dense scenes). */
  readonly includeDeliveries?: boolean;
  /** Where per-RSU channel busy ratios come from (the session's `runtime.channel`); none: empty. */
  readonly channel?: { rsuBusyRatios(): RsuBusyRatio[] };
  /** Written into Snapshot.scenario.projectVersion. */
  readonly projectVersion?: string;
}

/** A pooled Transmission message (the generated encoder reads these fields). */
/** A transmission of the pending frame (pooled; the packed encoder writes it). */
type TxRecord = TransmissionFields;

const NODE_KINDS = { signal: 1, priority: 2, boundary: 3, crosswalk: 4 } as const;
const GROUP_KINDS = { vehicle: 1, pedestrian: 2 } as const;

/** The generated encoder takes number[] for packed fields; it only reads `length` and `[i]`. */
const list = (a: ArrayLike<number>): number[] => a as unknown as number[];

function grownU32(a: Uint32Array, need: number): Uint32Array {
  if (need <= a.length) return a;
  const b = new Uint32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}
function grownF32(a: Float32Array, need: number): Float32Array {
  if (need <= a.length) return a;
  const b = new Float32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

export class ProtoFrameSource implements FrameSource {
  private readonly includeV2x: boolean;
  private readonly includeDeliveries: boolean;
  /** Per MessageFamily number: 1 if sent. */
  private readonly familyOn = new Uint8Array(FAMILIES.length + 1);
  private readonly channel: ProtoFrameSourceOptions['channel'];
  private readonly projectVersion: string;

  // Vehicle state, by frame row.
  private cap = 0;
  private vIds = new Uint32Array(0);
  private vTypes = new Uint8Array(0);
  private vX = new Float32Array(0);
  private vY = new Float32Array(0);
  private vHeading = new Float32Array(0);
  private vSpeed = new Float32Array(0);
  private vAccel = new Float32Array(0);
  private vLanes = new Uint32Array(0);
  private vStations = new Uint32Array(0);
  /** Station id by vehicle slot (0 = not equipped). */
  private stationBySlot = new Uint32Array(0);
  /** Row + 1 of each vehicle slot in `posedBy` (0: not a station there); `posedBy`: the table whose poses are the vehicles' at this tick. */
  private rowBySlot = new Uint32Array(0);
  private posedBy: StationTable | undefined;
  private readonly pose: Pose = { x: 0, y: 0, theta: 0 };
  private readonly point = { x: 0, y: 0 };
  /** The StationTable of the last tick added and its tick; `own` when there was none. */
  private stations: StationTable | undefined;
  private stationsTick = -1;
  private readonly ownStations = new StationTable();

  // The pending interval.
  private firstTick = -1;
  private lastTick = -1;
  private readonly txPool: TxRecord[] = [];
  private txCount = 0;
  private readonly txList: TxRecord[] = [];
  /** Frame transmission index of each transmission of the tick being added (-1: filtered out). */
  private txMap = new Int32Array(256);
  private dCount = 0;
  private dTx: Uint32Array = new Uint32Array(1024);
  private dReceiver: Uint32Array = new Uint32Array(1024);
  private dLatency: Float32Array = new Float32Array(1024);
  private dDistance: Float32Array = new Float32Array(1024);
  /** Vehicles and deliveries of the frame last built (buildFrame), for the packed encoder. */
  private vehicleViews!: VehicleArrays;
  private deliveryViews!: DeliveryArrays;
  private readonly outer = new PackedWriter();
  private readonly inner = new PackedWriter();
  /** Where the last frame's state ends and its Deliveries message starts (in `outer`). */
  private stateSize = 0;
  private deliveriesStart = 0;

  constructor(options: ProtoFrameSourceOptions = {}) {
    this.includeV2x = options.includeV2x ?? true;
    this.includeDeliveries = options.includeDeliveries ?? true;
    const families = options.families ?? FAMILIES;
    for (const f of families) this.familyOn[FAMILIES.indexOf(f) + 1] = 1;
    this.channel = options.channel;
    this.projectVersion = options.projectVersion ?? '';
  }

  snapshot(world: World): Uint8Array {
    return LiveProto.Snapshot.encode(this.buildSnapshot(world)).finish();
  }

  addTick(world: World, _events: readonly SimEvent[], traffic: TickTraffic | undefined): void {
    if (this.firstTick < 0) this.firstTick = world.tick;
    this.lastTick = world.tick;
    if (!traffic) return;
    this.stations = traffic.stations;
    this.stationsTick = traffic.tick;
    if (!this.includeV2x) return;
    const txs = traffic.transmissions;
    if (this.txMap.length < txs.length) this.txMap = new Int32Array(txs.length * 2);
    for (let k = 0; k < txs.length; k++) {
      const t = txs[k]!;
      const family = FAMILIES.indexOf(t.family) + 1;
      if (!this.familyOn[family]) {
        this.txMap[k] = -1;
        continue;
      }
      let r = this.txPool[this.txCount];
      if (!r) {
        r = { family: 0, senderStationId: 0, x: 0, y: 0, tick: 0, message: t.bytes };
        this.txPool.push(r);
      }
      r.family = family;
      r.senderStationId = t.senderStationId;
      r.x = t.x;
      r.y = t.y;
      r.tick = t.tick;
      r.message = t.bytes;
      this.txMap[k] = this.txCount++;
    }
    if (!this.includeDeliveries) return;
    const d = traffic.deliveries;
    const n = d.count;
    const need = this.dCount + n;
    if (need > this.dTx.length) {
      this.dTx = grownU32(this.dTx, need);
      this.dReceiver = grownU32(this.dReceiver, need);
      this.dLatency = grownF32(this.dLatency, need);
      this.dDistance = grownF32(this.dDistance, need);
    }
    const stationId = traffic.stations.stationId;
    const map = this.txMap;
    let c = this.dCount;
    for (let i = 0; i < n; i++) {
      const tx = map[d.tag[i]!]!;
      if (tx < 0) continue;
      this.dTx[c] = tx;
      this.dReceiver[c] = stationId[d.receiver[i]!]!;
      this.dLatency[c] = d.latency[i]! * 1000;
      this.dDistance[c] = d.distance[i]!;
      c++;
    }
    this.dCount = c;
  }

  flush(world: World): Uint8Array | null {
    return this.flushView(world)?.slice() ?? null;
  }

  /**
   * `flush` without the copy: the frame's bytes in a buffer this source reuses, valid until its
   * next flush (the live server keeps frames while socket.io sends them, so it takes `flush`).
   */
  flushView(world: World): Uint8Array | null {
    if (this.firstTick < 0) return null;
    return this.encode(world, true);
  }

  /**
   * The pending frame in two parts, for recordings: the state (the frame without its
   * transmissions and deliveries: a valid Frame message itself) and the encoded Deliveries
   * message. The full frame is state ++ transmissions ++ deliveries (v2x/record/frame-assembly.ts
   * puts it back together from the recorded V2X topics). Views, valid until the next flush.
   */
  flushParts(world: World): { state: Uint8Array; deliveries: Uint8Array } | null {
    if (this.firstTick < 0) return null;
    const bytes = this.encode(world, false);
    return { state: bytes.subarray(0, this.stateSize), deliveries: bytes.subarray(this.deliveriesStart) };
  }

  /**
   * Encodes the pending frame into the reused `outer` writer: the state fields, then the
   * transmissions (when `transmissions`), then the deliveries, last, so that the state is a prefix
   * and the deliveries a suffix (field order does not matter on the wire). Hand-encoded throughout
   * (packed-encoder.ts, frame-state-encoder.ts): no protobufjs and no allocation per field.
   */
  private encode(world: World, transmissions: boolean): Uint8Array {
    const msg = this.buildFrame(world, true);
    const txs = msg.transmissions as TxRecord[];
    const outer = this.outer;
    const inner = this.inner;
    outer.reset();
    inner.reset();
    writeFrameState(outer, msg);
    writeVehicles(inner, this.vehicleViews);
    outer.message(4, inner.view());
    const stateSize = outer.length;
    if (transmissions) writeTransmissions(outer, 9, txs, txs.length);
    inner.reset();
    writeDeliveries(inner, this.deliveryViews);
    outer.message(10, inner.view());
    this.stateSize = stateSize;
    this.deliveriesStart = outer.length - inner.length;
    this.firstTick = -1;
    this.lastTick = -1;
    this.txCount = 0;
    this.dCount = 0;
    return outer.view();
  }

  /** The pending frame's message (state now, interval since the last flush when `interval`). */
  buildFrame(world: World, interval: boolean): FrameMessage {
    const w = world;
    const V = w.vehicles;
    this.fillStationIds(w);
    if (V.count > this.cap) this.allocate(Math.max(V.count * 2, 256));
    // Arrays in locals: the loop calls vehiclePose, after which V8 would reload every field.
    const { alive, id, type, v, acc, lane } = V;
    const { vX, vY, vHeading, vIds, vTypes, vSpeed, vAccel, vLanes, vStations, stationBySlot, rowBySlot } = this;
    const pose = this.pose;
    const posed = this.posedBy;
    const px = posed?.x;
    const py = posed?.y;
    const pt = posed?.theta;
    const top = V.top;
    let n = 0;
    for (let i = 0; i < top; i++) {
      if (alive[i] === 0) continue;
      // An equipped vehicle's pose is already in the tick's station table (the same vehiclePose).
      const row = posed ? rowBySlot[i]! : 0;
      if (row > 0) {
        vX[n] = px![row - 1]!;
        vY[n] = py![row - 1]!;
        vHeading[n] = pt![row - 1]!;
      } else {
        vehiclePose(w, i, pose);
        vX[n] = pose.x;
        vY[n] = pose.y;
        vHeading[n] = pose.theta;
      }
      vIds[n] = id[i]!;
      vTypes[n] = type[i]!;
      vSpeed[n] = v[i]!;
      vAccel[n] = acc[i]!;
      vLanes[n] = lane[i]!;
      vStations[n] = stationBySlot[i]!;
      n++;
    }
    const peds = w.pedestrians;
    const pIds: number[] = [];
    const pX: number[] = [];
    const pY: number[] = [];
    const pWalking: boolean[] = [];
    const pCrosswalks: number[] = [];
    for (let k = 0; k < peds.length; k++) {
      const p = peds[k]!;
      pedestrianPosition(w, k, this.point);
      pIds.push(p.id);
      pX.push(this.point.x);
      pY.push(this.point.y);
      pWalking.push(p.walking);
      pCrosswalks.push(p.crosswalk);
    }
    const events: FrameMessage['events'] = [];
    for (const e of w.timeline) {
      if (e.state !== EventState.active) continue;
      let x = 0;
      let y = 0;
      if (e.lane >= 0) {
        poseAt(w.net.lanes[e.lane]!.shape, e.pos, pose);
        x = pose.x;
        y = pose.y;
      }
      events.push({ key: e.key, kind: e.kind, laneId: e.lane, x, y, length: e.lane >= 0 ? e.length : 0 });
    }
    const shuttles: FrameMessage['shuttles'] = [];
    for (const sh of w.shuttles) {
      if (V.alive[sh.slot] === 0) continue;
      const line = w.shuttleLines[sh.line]!;
      shuttles.push({
        vehicleId: V.id[sh.slot]!,
        line: sh.line,
        nextStop: line.route.visits[sh.visit]?.stopKey ?? '',
        doorsOpen: sh.dwellLeft > 0,
        dwellLeft: Math.max(0, sh.dwellLeft),
      });
    }
    let busy: number[] = [];
    if (this.channel) {
      busy = w.net.rsus.map(() => 0);
      for (const r of this.channel.rsuBusyRatios()) if (r.station < busy.length) busy[r.station] = r.last;
    }
    const withV2x = interval && this.includeV2x;
    if (withV2x) {
      this.txList.length = this.txCount;
      for (let k = 0; k < this.txCount; k++) this.txList[k] = this.txPool[k]!;
    }
    const dn = withV2x ? this.dCount : 0;
    // The views the message and the packed encoder (encode) share.
    const vv = (this.vehicleViews = {
      ids: this.vIds.subarray(0, n),
      types: this.vTypes.subarray(0, n),
      x: this.vX.subarray(0, n),
      y: this.vY.subarray(0, n),
      heading: this.vHeading.subarray(0, n),
      speed: this.vSpeed.subarray(0, n),
      accel: this.vAccel.subarray(0, n),
      laneIds: this.vLanes.subarray(0, n),
      stationIds: this.vStations.subarray(0, n),
    });
    const dv = (this.deliveryViews = {
      transmissions: this.dTx.subarray(0, dn),
      receiverStationIds: this.dReceiver.subarray(0, dn),
      latencyMs: this.dLatency.subarray(0, dn),
      distances: this.dDistance.subarray(0, dn),
    });
    return {
      firstTick: interval ? this.firstTick : w.tick,
      lastTick: interval ? this.lastTick : w.tick,
      simTime: w.time,
      vehicles: {
        ids: list(vv.ids),
        types: list(vv.types),
        x: list(vv.x),
        y: list(vv.y),
        heading: list(vv.heading),
        speed: list(vv.speed),
        accel: list(vv.accel),
        laneIds: list(vv.laneIds),
        stationIds: list(vv.stationIds),
      },
      pedestrians: { ids: pIds, x: pX, y: pY, walking: pWalking, crosswalks: pCrosswalks },
      signalStates: list(w.groupState),
      events,
      shuttles,
      transmissions: withV2x ? this.txList : [],
      deliveries: {
        transmissions: list(dv.transmissions),
        receiverStationIds: list(dv.receiverStationIds),
        latencyMs: list(dv.latencyMs),
        distances: list(dv.distances),
      },
      counters: {
        enteredByType: w.counters.enteredByType,
        exitedByType: w.counters.exitedByType,
        pedestriansCrossed: w.counters.pedestriansCrossed,
        insertionBacklog: w.counters.insertionBacklog,
      },
      rsuBusyRatios: busy,
    };
  }

  /** The snapshot's message: network, MAP data, scenario metadata and the current state. */
  buildSnapshot(world: World): SnapshotMessage {
    const w = world;
    const net = w.net;
    const sc = w.scenario;
    const f32 = (v: number) => Math.fround(v);
    const pose = this.pose;
    const signalHeads: SnapshotMessage['signalHeads'] = [];
    const seen = new Set<string>();
    for (const c of net.connections) {
      if (c.controller < 0 || c.group < 0) continue;
      const key = `${c.group}:${c.from}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const lane = net.lanes[c.from]!;
      poseAt(lane.shape, lane.length, pose);
      signalHeads.push({ controller: c.controller, group: c.group, laneId: c.from, x: pose.x, y: pose.y, heading: pose.theta });
    }
    const lineIndex = new Map(sc.shuttles.map((l, k) => [l.id, k]));
    const shuttleStops: SnapshotMessage['shuttleStops'] = [];
    for (const route of net.shuttleRoutes) {
      const line = lineIndex.get(route.lineKey) ?? 0;
      for (const v of route.visits) {
        poseAt(net.lanes[v.lane]!.shape, v.position, pose);
        shuttleStops.push({ line, stopKey: v.stopKey, name: v.name, x: pose.x, y: pose.y, laneId: v.lane, direction: v.direction, terminal: v.terminal });
      }
    }
    return {
      scenario: {
        name: sc.name,
        description: sc.description ?? '',
        town: sc.town ?? '',
        originLat: sc.origin.lat,
        originLon: sc.origin.lon,
        originAlt: sc.origin.alt,
        tickSeconds: sc.run.tick,
        durationSeconds: sc.run.duration,
        seed: sc.run.seed,
        startTime: sc.run.startTime,
        projectVersion: this.projectVersion,
      },
      lanes: net.lanes.map((l) => ({
        id: l.id,
        link: l.link,
        linkKey: l.link >= 0 ? net.links[l.link]!.key : '',
        index: l.index,
        width: l.width,
        speedLimit: l.speedLimit,
        length: l.length,
        xs: list(l.shape.xs),
        ys: list(l.shape.ys),
      })),
      links: net.links.map((l) => ({ key: l.key, name: l.name, laneIds: [...l.lanes], from: l.from, to: l.to })),
      nodes: net.nodes.map((n) => ({ key: n.key, kind: NODE_KINDS[n.kind], x: n.x, y: n.y, controller: n.controller })),
      controllers: net.controllers.map((c) => ({ key: c.key, node: c.node, groups: [...c.groups], cycle: c.cycle })),
      signalGroups: net.groups.map((g) => ({ controller: g.controller, name: g.name, kind: GROUP_KINDS[g.kind] })),
      signalHeads,
      crosswalks: net.crosswalks.map((c) => ({
        key: c.key,
        name: c.name,
        ax: c.a[0],
        ay: c.a[1],
        bx: c.b[0],
        by: c.b[1],
        width: c.width,
        zebra: c.zebra,
        group: c.group,
      })),
      rsus: net.rsus.map((r, k) => {
        const cfg = sc.rsus[k];
        return {
          key: r.key,
          name: cfg?.name ?? '',
          stationId: rsuStationId(r.id),
          x: r.x,
          y: r.y,
          mastHeight: r.mastHeight,
          coverageRadius: cfg ? coverageRadius(sc.v2x.channel, cfg.radio) : 0,
          serves: r.serves.map((c) => net.controllers[c]!.key),
          sensors: (cfg?.sensors ?? []).map((s) => ({
            key: s.id,
            kind: s.kind,
            x: s.position?.[0] ?? r.x,
            y: s.position?.[1] ?? r.y,
            heading: s.heading,
            fov: s.fov,
            range: s.range,
          })),
        };
      }),
      shuttleLines: sc.shuttles.map((l) => ({
        key: l.id,
        name: l.name,
        color: l.color,
        length: net.shuttleRoutes.find((r) => r.lineKey === l.id)?.length ?? 0,
        routeLinks: [...(net.shuttleRoutes.find((r) => r.lineKey === l.id)?.links ?? [])],
      })),
      shuttleStops,
      buildings: sc.buildings.map((b) => ({ xs: b.footprint.map((p) => f32(p[0])), ys: b.footprint.map((p) => f32(p[1])), height: b.height })),
      mapems: this.mapems(w),
      state: this.buildFrame(w, false),
    };
  }

  /** The MAPEMs the RSUs send (the MAPEM facility's own output, encoded), RSU order. */
  private mapems(w: World): Uint8Array[] {
    const stations = new StationTable();
    stations.refresh(w, w.scenario.v2x.equipment);
    const out: Outgoing[] = [];
    new MapemFacility().generate({ world: w, stations, time: w.time, tick: w.tick, events: [] }, out);
    return out.map((o) => encodeItsMessage(o.message));
  }

  private allocate(cap: number): void {
    this.cap = cap;
    this.vIds = new Uint32Array(cap);
    this.vTypes = new Uint8Array(cap);
    this.vX = new Float32Array(cap);
    this.vY = new Float32Array(cap);
    this.vHeading = new Float32Array(cap);
    this.vSpeed = new Float32Array(cap);
    this.vAccel = new Float32Array(cap);
    this.vLanes = new Uint32Array(cap);
    this.vStations = new Uint32Array(cap);
  }

  /**
   * Station id of every vehicle slot, and its row in the station table, from the stations of the
   * current tick (refreshed here if none): the table holds the equipped vehicles' poses of this tick.
   */
  private fillStationIds(w: World): void {
    const V = w.vehicles;
    if (this.stationBySlot.length < V.capacity) {
      this.stationBySlot = new Uint32Array(V.capacity);
      this.rowBySlot = new Uint32Array(V.capacity);
    }
    const bySlot = this.stationBySlot;
    const rowBySlot = this.rowBySlot;
    bySlot.fill(0, 0, V.top);
    rowBySlot.fill(0, 0, V.top);
    this.posedBy = undefined;
    if (!w.scenario.v2x.enabled) return;
    let st = this.stations;
    if (!st || this.stationsTick !== w.tick) {
      st = this.ownStations;
      st.refresh(w, w.scenario.v2x.equipment);
    }
    for (let i = 0; i < st.count; i++) {
      if (st.kind[i] !== StationKind.vehicle) continue;
      bySlot[st.ref[i]!] = st.stationId[i]!;
      rowBySlot[st.ref[i]!] = i + 1;
    }
    this.posedBy = st;
  }
}

/** Coverage threshold of Rsu.coverageRadius: the evaluation's "covered" delivery ratio. */
const COVERED_PDR = 0.9;

/** Largest line-of-sight distance (m) at which a vehicle is expected to get COVERED_PDR of an RSU's messages. */
export function coverageRadius(params: ChannelParams, tx: TxRadio): number {
  const rx = vehicleRadio(params);
  if (expectedPdr(1, params, tx, rx) < COVERED_PDR) return 0;
  // expectedPdr falls with distance: bisect on [1, maxRange] to a decimetre.
  let lo = 1;
  let hi = params.maxRange;
  if (expectedPdr(hi, params, tx, rx) >= COVERED_PDR) return hi;
  while (hi - lo > 0.1) {
    const mid = (lo + hi) / 2;
    if (expectedPdr(mid, params, tx, rx) >= COVERED_PDR) lo = mid;
    else hi = mid;
  }
  return lo;
}

// Decoding lives in frame-decode.ts (isomorphic: the browser viewer uses it too).
export { decodeFrame, decodeSnapshot } from './frame-decode.ts';
