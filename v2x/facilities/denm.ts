// DEN basic service (EN 302 637-3 / TS 103 831), originating side: the DENMs of the scenario's
// timeline events, sent by the RSU in range of each event, and the DENMs a shuttle originates
// for a hazard its own sensors perceive.
//
// Lifecycle of one DENM event (identity: actionId = originating stationId + sequenceNumber, a
// fresh sequenceNumber per new event and per originator):
// - new: referenceTime = detectionTime = now, entry ACTIVE, sent at once;
// - repetition: the same message (same referenceTime) every `transmissionInterval`;
// - update: new referenceTime (and detectionTime), same actionId. An RSU event still active
//   whose validity is about to run out is renewed this way (`renew`, default on): an event
//   without `end` is described for as long as it lasts;
// - cancellation: when the timeline event ends, the originator sends one DENM with
//   `termination = isCancellation`, referenceTime = now and the management container only,
//   then stops (`cancellationRepetitions` more copies if configured);
// - expiry: at detectionTime + validityDuration without update or cancellation the entry is
//   EXPIRED and nothing more is sent.
//
// Timeline events and their DENM (cause / sub-cause codes of the CDD):
// - laneClosure, reason roadworks: 3 roadworks / 0, alacarte roadWorks {closedLanes, speedLimit}
//   and lanePosition; reason incident: 2 accident / 0 with lanePosition (closedLanes belong to
//   the roadworks container only).
// - obstacle: 10 hazardousLocation-ObstacleOnTheRoad, sub-cause from the scenario's `kind`
//   (shedLoad 1, partsOfVehicles 2, partsOfTyres 3, bigObjects 4, fallenTrees 5, hubCaps 6,
//   waitingVehicles 7, else 0), lanePosition.
// - stationaryVehicle: 94 stationaryVehicle / 2 vehicleBreakDown, alacarte stationaryVehicle
//   {stationarySince} and lanePosition.
// - signalFailure (dark signals): 99 dangerousSituation / 0. The CDD has no "traffic signal out
//   of order" cause; 98 signalViolation means a vehicle violating a signal and 1 trafficCondition
//   describes traffic flow, so the generic dangerous-situation code is the honest choice. Event
//   position = the junction node, all traffic directions, one trace per approach. Originated by
//   the RSU serving the controller if any, else the RSU in range of the node.
// - weather: rain 19 precipitation / 1 heavyRain, snow 19 / 2 heavySnowfall, fog 18 visibility /
//   1 fog, ice 6 adhesion / 5 ice. Weather has no place: every RSU originates its own DENM,
//   event position = the RSU, awareness < 1000 m, all directions.
// Lane events: event position = centre of the lane at the upstream edge of the event; event zone
// = points of the lane centre downstream to the end of the event (every 100 m at least); awareness < 500 m, upstream traffic; one trace: the
// approach along the lane (and the lanes feeding it, straight on first) up to `traceLength`.
// The validity of an RSU DENM is the remaining duration of the event plus 1 s (so the
// cancellation, not the expiry, ends it), capped at `validityDuration`; an event without `end`
// gets `validityDuration` (ETSI default 600 s).
//
// Shuttle-detected hazards: a shuttle perceiving an active obstacle, stationary vehicle or lane
// closure on any lane of its road ahead (its link, or the link after its next junction) within
// world.sensorRange (distance along the road from its front to the hazard's upstream edge)
// originates its own DENM once per hazard (stationType bus), repeats it every
// `transmissionInterval` for `shuttleRepetitionDuration`, with validity `shuttleValidityDuration`
// from the detection; if the hazard ends during the repetition it cancels it, otherwise the
// event expires at its validity. It does so whether or not an RSU already warns of the hazard.
//
// Timeline events are read from the world's timeline states each tick (pending -> active ->
// ended), which is what the eventStarted / eventEnded SimEvents of the tick report.
import type { Facility, FacilityContext, Outgoing } from '../runtime.ts';
import type { World } from '../../sim/world.ts';
import type { Network } from '../../sim/network.ts';
import type { TimelineEvent } from '../../scenarios/schema.ts';
import { EventState } from '../../sim/timeline.ts';
import { poseAt, type Pose } from '../../sim/polyline.ts';
import type { Geo } from '../../sim/geo.ts';
import { geoOf } from './position.ts';
import { StationKind } from '../stations.ts';
import {
  itsMessage,
  StationType,
  Termination,
  StandardLength3b,
  TrafficDirection,
  RoadType,
  StationarySince,
  AltitudeConfidence,
  type Denm,
  type ItsMessage,
  type PathPoint,
  type ReferencePosition,
} from '../message-types.ts';
import {
  toEtsiLatitude,
  toEtsiLongitude,
  toEtsiAltitude,
  toEtsiDeltaReferencePosition,
  timestampIts,
  ALTITUDE_UNAVAILABLE,
  type GeoDegrees,
} from '../units.ts';
import { rsuInRange, DEFAULT_RSU_COVERAGE } from './rsu-coverage.ts';

type EventPoint = NonNullable<NonNullable<Denm['situation']>['eventZone']>[number];

/** CDD cause codes used by Corridor's DENMs. */
export const CauseCode = {
  accident: 2,
  roadworks: 3,
  adhesion: 6,
  obstacleOnTheRoad: 10,
  visibility: 18,
  precipitation: 19,
  stationaryVehicle: 94,
  dangerousSituation: 99,
} as const;

/** Obstacle sub-causes (CDD HazardousLocation-ObstacleOnTheRoadSubCauseCode) by scenario `kind`. */
const OBSTACLE_SUB_CAUSE: Readonly<Record<string, number>> = {
  shedLoad: 1,
  partsOfVehicles: 2,
  partsOfTyres: 3,
  bigObjects: 4,
  fallenTrees: 5,
  hubCaps: 6,
  waitingVehicles: 7,
};

const WEATHER_CAUSE: Readonly<Record<string, readonly [number, number]>> = {
  rain: [CauseCode.precipitation, 1],
  snow: [CauseCode.precipitation, 2],
  fog: [CauseCode.visibility, 1],
  ice: [CauseCode.adhesion, 5],
};

/** (causeCode, subCauseCode) of a timeline event's DENM. */
export function causeOf(e: TimelineEvent): { causeCode: number; subCauseCode: number } {
  switch (e.type) {
    case 'laneClosure':
      return e.reason === 'incident' ? { causeCode: CauseCode.accident, subCauseCode: 0 } : { causeCode: CauseCode.roadworks, subCauseCode: 0 };
    case 'obstacle':
      return { causeCode: CauseCode.obstacleOnTheRoad, subCauseCode: OBSTACLE_SUB_CAUSE[e.kind] ?? 0 };
    case 'stationaryVehicle':
      return { causeCode: CauseCode.stationaryVehicle, subCauseCode: 2 };
    case 'signalFailure':
      return { causeCode: CauseCode.dangerousSituation, subCauseCode: 0 };
    case 'weather': {
      const c = WEATHER_CAUSE[e.condition] ?? [CauseCode.precipitation, 0];
      return { causeCode: c[0], subCauseCode: c[1] };
    }
  }
}

export interface DenmFacilityOptions {
  /** Radius within which an RSU originates DENMs for an event, metres. Default 500. */
  readonly rsuRange?: number;
  /** Repetition interval (transmissionInterval), seconds. Default 1. */
  readonly transmissionInterval?: number;
  /** Validity of a DENM for an event without `end`, and cap of any RSU DENM's validity, s. Default 600. */
  readonly validityDuration?: number;
  /** Renew (update) an RSU DENM whose event is still active when its validity runs out. Default true. */
  readonly renew?: boolean;
  /** How long a shuttle repeats the DENM of a hazard it detected, seconds. Default 10. */
  readonly shuttleRepetitionDuration?: number;
  /** Validity of a shuttle's DENM, seconds. Default 60. */
  readonly shuttleValidityDuration?: number;
  /** Copies of a cancellation DENM sent after the first, at the transmission interval. Default 0. */
  readonly cancellationRepetitions?: number;
  /** Length of the approach trace upstream of a lane event, metres. Default 200. */
  readonly traceLength?: number;
}

export type DenmEntryState = 'active' | 'cancelled' | 'expired';

/** What a DENM is about: the timeline event, its cause and where it is. */
export interface DenmSubject {
  /** Index into world.timeline / scenario.timeline, and the event's key. */
  readonly timelineIndex: number;
  readonly timelineKey: string;
  readonly causeCode: number;
  readonly subCauseCode: number;
  /** Lane events: lane, upstream edge (m along the lane) and length; lane -1 otherwise. */
  readonly lane: number;
  readonly position: number;
  readonly length: number;
  /** Event position, local metres. */
  readonly x: number;
  readonly y: number;
}

/** One event of the originating table. Times in sim seconds; the ETSI values are in `message`. */
export interface DenmEntry extends DenmSubject {
  /** `originatingStationId:sequenceNumber`, the key receivers use. */
  readonly key: string;
  readonly originatingStationId: number;
  readonly sequenceNumber: number;
  readonly origin: 'rsu' | 'shuttle';
  /** RSU index (rsu origin) or vehicle id (shuttle origin). */
  readonly originator: number;
  state: DenmEntryState;
  detectionTime: number;
  referenceTime: number;
  /** Seconds from detectionTime. */
  validityDuration: number;
  readonly transmissionInterval: number;
  /** Repetitions stop after this sim time (Infinity: until terminated or expired). */
  repetitionEnd: number;
  /** Sim time of the next repetition. */
  nextSend: number;
  /** Number of updates sent (0 = only the new DENM so far). */
  updates: number;
  /** Sim time of the cancellation, NaN if none. */
  terminatedAt: number;
  /** Transmissions so far (new, repetitions, updates, cancellations). */
  sent: number;
  /** The DENM currently repeated (new / update / cancellation). */
  message: ItsMessage;
  /** Cancellation copies still to send. */
  cancellationsLeft: number;
  /** Content that may change while the event lasts (internal; a change triggers an update). */
  signature: string;
}

/**
 * Local metres to the R1 ReferencePosition and Path of DENM, IVIM and CPM (position.ts covers
 * the R2 ReferencePositionWithConfidence of CAM / VAM); geodesy through the world's converter.
 */
export class GeoRef {
  readonly geo: Geo;
  constructor(world: World) {
    this.geo = geoOf(world);
  }
  degrees(x: number, y: number): GeoDegrees {
    const g = this.geo.toGeo(x, y, 0);
    return { lat: g.lat, lon: g.lon };
  }
  /**
   * ReferencePosition of a point of the local plane, with a circular 95 % confidence of
   * `semiAxis` metres. Altitude: at height `z` above the plane with `altitudeConfidence`, or
   * unavailable when `z` is omitted.
   */
  referencePosition(x: number, y: number, semiAxis = 1, z?: number, altitudeConfidence?: AltitudeConfidence): ReferencePosition {
    const g = this.geo.toGeo(x, y, z ?? 0);
    const axis = Math.min(4094, Math.max(0, Math.round(semiAxis * 100)));
    return {
      latitude: toEtsiLatitude(g.lat),
      longitude: toEtsiLongitude(g.lon),
      positionConfidenceEllipse: { semiMajorConfidence: axis, semiMinorConfidence: axis, semiMajorOrientation: 0 },
      altitude:
        z === undefined
          ? { altitudeValue: ALTITUDE_UNAVAILABLE, altitudeConfidence: AltitudeConfidence.ALTITUDE_CONFIDENCE_UNAVAILABLE }
          : { altitudeValue: toEtsiAltitude(g.alt), altitudeConfidence: altitudeConfidence ?? AltitudeConfidence.ALTITUDE_CONFIDENCE_UNAVAILABLE },
    };
  }
  /** Path points for local points (first relative to `start`, each next relative to the previous). */
  path(startX: number, startY: number, pts: readonly (readonly [number, number])[]): PathPoint[] {
    let prev = this.degrees(startX, startY);
    const out: PathPoint[] = [];
    for (const [x, y] of pts) {
      const g = this.degrees(x, y);
      out.push({ pathPosition: toEtsiDeltaReferencePosition(prev, g) });
      prev = g;
    }
    return out;
  }
}

/**
 * ETSI LanePosition of a link lane at `position` metres along it: 1 = innermost driving lane,
 * counting outwards (the sim counts from the kerb). Junction-internal lanes give 1.
 */
export function etsiLanePosition(net: Network, lane: number, position: number): number {
  const L = net.lanes[lane]!;
  if (L.link < 0) return 1;
  const at = L.offset + position;
  let count = 0;
  for (const l of net.links[L.link]!.lanes) {
    const o = net.lanes[l]!;
    if (o.offset <= at + 1e-9 && at <= o.offset + o.length + 1e-9) count++;
  }
  return Math.min(13, Math.max(1, count - L.index));
}

/**
 * Points upstream of (lane, position): along the lane back to its start, then along the lane
 * feeding it (straight on first), every `step` metres and at shape vertices, up to `length`
 * metres. The start point itself is not included.
 */
export function upstreamPoints(net: Network, lane: number, position: number, length: number, step = 50): [number, number][] {
  const out: [number, number][] = [];
  const pose: Pose = { x: 0, y: 0, theta: 0 };
  let l = lane;
  let s = position;
  let left = length;
  for (let guard = 0; guard < 16 && left > 1e-6; guard++) {
    const L = net.lanes[l]!;
    const shape = L.shape;
    // Targets on this lane: vertices below s, and every `step` metres of the remaining length.
    const stops: number[] = [];
    const lowest = Math.max(0, s - left);
    for (let d = step; s - d >= lowest - 1e-9; d += step) stops.push(s - d);
    for (let i = shape.cum.length - 2; i >= 1; i--) {
      const c = shape.cum[i]!;
      if (c < s - 1e-6 && c > lowest + 1e-6) stops.push(c);
    }
    if (lowest > 0) stops.push(lowest);
    else stops.push(0);
    const uniq = [...new Set(stops.map((v) => Math.round(v * 1000) / 1000))].filter((v) => v < s - 1e-6).sort((a, b) => b - a);
    for (const v of uniq) {
      poseAt(shape, v, pose);
      out.push([pose.x, pose.y]);
    }
    left -= s;
    if (left <= 1e-6 || L.prev.length === 0) break;
    let next = L.prev[0]!;
    for (const p of L.prev) {
      const c = net.lanes[p]!.connection;
      if (c >= 0 && net.connections[c]!.turn === 'straight') {
        next = p;
        break;
      }
    }
    l = next;
    s = net.lanes[l]!.length;
  }
  // Drop points closer than 1 m to their predecessor (lane joints).
  const clean: [number, number][] = [];
  let px = NaN;
  let py = NaN;
  if (out.length > 0) {
    const L = net.lanes[lane]!;
    poseAt(L.shape, position, pose);
    px = pose.x;
    py = pose.y;
  }
  for (const p of out) {
    if (Math.hypot(p[0] - px, p[1] - py) < 1) continue;
    clean.push(p);
    px = p[0];
    py = p[1];
  }
  return clean;
}

const EPS = 1e-6;

export class DenmFacility implements Facility {
  readonly name = 'denm';
  /** Every DENM event originated so far (active, cancelled, expired), in creation order. */
  readonly table: DenmEntry[] = [];
  private readonly byKey = new Map<string, DenmEntry>();
  /** Next sequence number per originating station id. */
  private readonly sequence = new Map<number, number>();
  /** Timeline index -> RSU entries handling it. */
  private readonly rsuEntries = new Map<number, DenmEntry[]>();
  /** `vehicleId:timelineIndex` of hazards a shuttle has already reported. */
  private readonly reported = new Set<string>();
  private readonly lastState: number[] = [];
  /** Sim time each timeline event was seen becoming active. */
  private readonly activatedAt: number[] = [];
  private geoRef: GeoRef | undefined;
  private world: World | undefined;
  private readonly rsuRange: number;
  private readonly interval: number;
  private readonly validity: number;
  private readonly renew: boolean;
  private readonly shuttleRepetition: number;
  private readonly shuttleValidity: number;
  private readonly cancellationRepetitions: number;
  private readonly traceLength: number;

  constructor(options: DenmFacilityOptions = {}) {
    this.rsuRange = options.rsuRange ?? DEFAULT_RSU_COVERAGE;
    this.interval = options.transmissionInterval ?? 1;
    this.validity = options.validityDuration ?? 600;
    this.renew = options.renew ?? true;
    this.shuttleRepetition = options.shuttleRepetitionDuration ?? 10;
    this.shuttleValidity = options.shuttleValidityDuration ?? 60;
    this.cancellationRepetitions = options.cancellationRepetitions ?? 0;
    this.traceLength = options.traceLength ?? 200;
    if (!(this.interval >= 0.001 && this.interval <= 10)) throw new RangeError(`DENM transmissionInterval must be within 0.001..10 s, got ${this.interval}`);
    if (!(this.validity > 0 && this.validity <= 86400)) throw new RangeError(`DENM validityDuration must be within 0..86400 s, got ${this.validity}`);
  }

  /** The entry of an action id (`station:sequence`). */
  entry(key: string): DenmEntry | undefined {
    return this.byKey.get(key);
  }

  /** Active entries (being repeated or within their validity). */
  active(): DenmEntry[] {
    return this.table.filter((e) => e.state === 'active');
  }

  generate(ctx: FacilityContext, out: Outgoing[]): void {
    const w = ctx.world;
    if (this.world !== w) {
      // A new run: start from an empty table.
      if (this.world !== undefined) {
        this.table.length = 0;
        this.byKey.clear();
        this.sequence.clear();
        this.rsuEntries.clear();
        this.reported.clear();
        this.lastState.length = 0;
        this.activatedAt.length = 0;
      }
      this.world = w;
      this.geoRef = new GeoRef(w);
    }
    const now = ctx.time;
    const halfTick = w.dt / 2;
    // 1. Timeline transitions: new DENMs for events that became active, cancellations for ended.
    for (let k = 0; k < w.timeline.length; k++) {
      const e = w.timeline[k]!;
      const prev = this.lastState[k] ?? EventState.pending;
      if (e.state === prev) continue;
      this.lastState[k] = e.state;
      if (e.state === EventState.active) {
        this.activatedAt[k] = now;
        this.startTimelineEvent(ctx, k, out);
      }
      else if (e.state === EventState.ended) this.endTimelineEvent(ctx, k, out);
    }
    // 2. Shuttles perceiving hazards ahead.
    const shuttleStations = this.detectByShuttles(ctx, out);
    // 3. Repetitions, renewals and expiries.
    for (const d of this.table) {
      if (d.state === 'cancelled') {
        if (d.cancellationsLeft > 0 && now >= d.nextSend - halfTick) {
          const sender = this.senderIndex(ctx, d, shuttleStations);
          if (sender >= 0) out.push({ sender, family: 'denm', message: d.message });
          d.cancellationsLeft--;
          d.sent++;
          d.nextSend += d.transmissionInterval;
        }
        continue;
      }
      if (d.state !== 'active') continue;
      const expiry = d.detectionTime + d.validityDuration;
      if (now >= expiry - EPS) {
        d.state = 'expired';
        continue;
      }
      if (now < d.nextSend - halfTick) continue;
      if (now > d.repetitionEnd + halfTick) continue;
      const sender = this.senderIndex(ctx, d, shuttleStations);
      if (sender < 0) continue;
      // Update an RSU event whose description changed, or that outlives this validity (renewal
      // before receivers drop it).
      if (d.origin === 'rsu') {
        const endOfEvent = w.timeline[d.timelineIndex]!.end;
        const renewal = this.renew && now + d.transmissionInterval >= expiry - EPS && endOfEvent > expiry;
        if (renewal || this.signature(w, d, now) !== d.signature) this.update(ctx, d);
      }
      out.push({ sender, family: 'denm', message: d.message });
      d.sent++;
      d.nextSend += d.transmissionInterval;
      if (d.nextSend < now) d.nextSend = now + d.transmissionInterval;
    }
  }

  // ---- Origination -----------------------------------------------------------------------------

  private subjectOf(w: World, k: number): DenmSubject {
    const e = w.timeline[k]!;
    const spec = w.scenario.timeline[k]!;
    const { causeCode, subCauseCode } = causeOf(spec);
    const pose: Pose = { x: 0, y: 0, theta: 0 };
    let x = NaN;
    let y = NaN;
    if (e.lane >= 0) {
      poseAt(w.net.lanes[e.lane]!.shape, e.pos, pose);
      x = pose.x;
      y = pose.y;
    } else if (e.controller >= 0) {
      const node = w.net.nodes[w.net.controllers[e.controller]!.node]!;
      x = node.x;
      y = node.y;
    }
    return { timelineIndex: k, timelineKey: e.key, causeCode, subCauseCode, lane: e.lane, position: e.pos, length: e.length, x, y };
  }

  private startTimelineEvent(ctx: FacilityContext, k: number, out: Outgoing[]): void {
    const w = ctx.world;
    const e = w.timeline[k]!;
    const subject = this.subjectOf(w, k);
    const rsus: { rsu: number; x: number; y: number }[] = [];
    if (e.kind === 'weather') {
      for (const r of w.net.rsus) rsus.push({ rsu: r.id, x: r.x, y: r.y });
    } else if (e.controller >= 0) {
      const serving = w.net.rsus.find((r) => (r.serves as readonly number[]).includes(e.controller));
      const rsu = serving ? serving.id : rsuInRange(w.net, subject.x, subject.y, this.rsuRange);
      if (rsu >= 0) rsus.push({ rsu, x: subject.x, y: subject.y });
    } else {
      const rsu = rsuInRange(w.net, subject.x, subject.y, this.rsuRange);
      if (rsu >= 0) rsus.push({ rsu, x: subject.x, y: subject.y });
    }
    const list: DenmEntry[] = [];
    for (const r of rsus) {
      const station = rsu(ctx, r.rsu);
      if (station < 0) continue;
      const s = e.kind === 'weather' ? { ...subject, x: r.x, y: r.y } : subject;
      const end = e.end;
      const validity = Number.isFinite(end) ? Math.min(this.validity, Math.ceil(end - ctx.time - EPS) + 1) : this.validity;
      const d = this.create(ctx, station, 'rsu', r.rsu, s, validity, Infinity);
      list.push(d);
      out.push({ sender: station, family: 'denm', message: d.message });
      d.sent++;
    }
    if (list.length > 0) this.rsuEntries.set(k, list);
  }

  private endTimelineEvent(ctx: FacilityContext, k: number, out: Outgoing[]): void {
    for (const d of this.rsuEntries.get(k) ?? []) {
      if (d.state !== 'active') continue;
      this.cancel(ctx, d);
      const sender = rsu(ctx, d.originator);
      if (sender < 0) continue;
      out.push({ sender, family: 'denm', message: d.message });
      d.sent++;
    }
    // Shuttles still repeating a report of this hazard cancel it too.
    const now = ctx.time;
    let stations: Map<number, number> | undefined;
    for (const d of this.table) {
      if (d.origin !== 'shuttle' || d.timelineIndex !== k || d.state !== 'active' || now > d.repetitionEnd + ctx.world.dt / 2) continue;
      stations ??= shuttleStationIndex(ctx);
      const sender = stations.get(d.originatingStationId);
      if (sender === undefined) continue;
      this.cancel(ctx, d);
      out.push({ sender, family: 'denm', message: d.message });
      d.sent++;
    }
  }

  /** Shuttles perceiving an active lane hazard ahead within sensor range; returns stationId -> station index. */
  private detectByShuttles(ctx: FacilityContext, out: Outgoing[]): Map<number, number> {
    const w = ctx.world;
    const st = ctx.stations;
    const V = w.vehicles;
    const net = w.net;
    const map = new Map<number, number>();
    let anyActive = false;
    for (const e of w.timeline) if (e.lane >= 0 && e.state === EventState.active) anyActive = true;
    for (let i = 0; i < st.count; i++) {
      if (st.kind[i] !== StationKind.vehicle || st.shuttle[i]! < 0) continue;
      map.set(st.stationId[i]!, i);
      if (!anyActive) continue;
      const slot = st.ref[i]!;
      const lane = V.lane[slot]!;
      const s = V.s[slot]!;
      const L = net.lanes[lane]!;
      const vehicleId = st.entity[i]!;
      const range = w.sensorRange;
      // Hazards on any lane of `link`, `offset` being the distance from the shuttle's front to
      // the link's position 0.
      const consider = (link: number, offset: number) => {
        for (let k = 0; k < w.timeline.length; k++) {
          const e = w.timeline[k]!;
          if (e.lane < 0 || e.state !== EventState.active) continue;
          if (e.kind !== 'obstacle' && e.kind !== 'stationaryVehicle' && e.kind !== 'laneClosure') continue;
          const HL = net.lanes[e.lane]!;
          if (HL.link !== link) continue;
          const dist = offset + HL.offset + e.pos;
          if (dist < 0 || dist > range) continue;
          const tag = `${vehicleId}:${k}`;
          if (this.reported.has(tag)) continue;
          this.reported.add(tag);
          const subject = this.subjectOf(w, k);
          const d = this.create(ctx, i, 'shuttle', vehicleId, subject, this.shuttleValidity, ctx.time + this.shuttleRepetition);
          out.push({ sender: i, family: 'denm', message: d.message });
          d.sent++;
        }
      };
      if (L.link < 0) {
        // On a junction: the road ahead is the link the internal lane leads into.
        if (L.next >= 0) {
          const T = net.lanes[L.next]!;
          if (T.link >= 0) consider(T.link, L.length - s - T.offset);
        }
        continue;
      }
      consider(L.link, -(s + L.offset));
      const remaining = L.length - s;
      if (remaining < range) {
        const c = V.nextConn[slot]!;
        if (c >= 0) {
          const conn = net.connections[c]!;
          const T = net.lanes[conn.to]!;
          consider(conn.toLink, remaining + net.lanes[conn.via]!.length - T.offset);
        }
      }
    }
    return map;
  }

  private senderIndex(ctx: FacilityContext, d: DenmEntry, shuttleStations: Map<number, number>): number {
    if (d.origin === 'rsu') return rsu(ctx, d.originator);
    return shuttleStations.get(d.originatingStationId) ?? -1;
  }

  private create(ctx: FacilityContext, station: number, origin: 'rsu' | 'shuttle', originator: number, s: DenmSubject, validity: number, repetitionEnd: number): DenmEntry {
    const stationId = ctx.stations.stationId[station]!;
    const seq = this.sequence.get(stationId) ?? 0;
    this.sequence.set(stationId, (seq + 1) % 65536);
    const now = ctx.time;
    const d: DenmEntry = {
      key: `${stationId}:${seq}`,
      originatingStationId: stationId,
      sequenceNumber: seq,
      origin,
      originator,
      timelineIndex: s.timelineIndex,
      timelineKey: s.timelineKey,
      causeCode: s.causeCode,
      subCauseCode: s.subCauseCode,
      lane: s.lane,
      position: s.position,
      length: s.length,
      x: s.x,
      y: s.y,
      state: 'active',
      detectionTime: now,
      referenceTime: now,
      validityDuration: Math.max(1, Math.round(validity)),
      transmissionInterval: this.interval,
      repetitionEnd,
      nextSend: now + this.interval,
      updates: 0,
      terminatedAt: NaN,
      sent: 0,
      message: undefined as unknown as ItsMessage,
      cancellationsLeft: 0,
      signature: '',
    };
    d.signature = this.signature(ctx.world, d, now);
    d.message = this.buildDenm(ctx.world, d, origin === 'rsu' ? StationType.STATION_TYPE_ROAD_SIDE_UNIT : StationType.STATION_TYPE_BUS);
    this.table.push(d);
    this.byKey.set(d.key, d);
    return d;
  }

  /** Update: new detection and reference times, validity renewed; same actionId. */
  private update(ctx: FacilityContext, d: DenmEntry): void {
    const w = ctx.world;
    const now = ctx.time;
    const end = w.timeline[d.timelineIndex]!.end;
    d.detectionTime = now;
    d.referenceTime = now;
    d.validityDuration = Math.max(1, Math.round(Number.isFinite(end) ? Math.min(this.validity, Math.ceil(end - now - EPS) + 1) : this.validity));
    d.updates++;
    d.signature = this.signature(w, d, now);
    d.message = this.buildDenm(w, d, StationType.STATION_TYPE_ROAD_SIDE_UNIT);
  }

  private cancel(ctx: FacilityContext, d: DenmEntry): void {
    const now = ctx.time;
    d.state = 'cancelled';
    d.terminatedAt = now;
    d.referenceTime = now;
    d.cancellationsLeft = this.cancellationRepetitions;
    d.nextSend = now + d.transmissionInterval;
    const header = d.message.denm!.management!;
    const w = ctx.world;
    const start = w.scenario.run.startTime;
    const payload: Denm = {
      management: {
        actionId: { originatingStationId: d.originatingStationId, sequenceNumber: d.sequenceNumber },
        detectionTime: timestampIts(d.detectionTime, start),
        referenceTime: timestampIts(now, start),
        termination: Termination.TERMINATION_IS_CANCELLATION,
        eventPosition: header.eventPosition ?? null,
        awarenessDistance: header.awarenessDistance ?? null,
        trafficDirection: header.trafficDirection ?? null,
        validityDuration: d.validityDuration,
        transmissionInterval: Math.round(d.transmissionInterval * 1000),
        stationType: header.stationType ?? StationType.STATION_TYPE_UNKNOWN,
      },
    };
    d.message = itsMessage('denm', d.originatingStationId, payload);
  }

  // ---- Message content -------------------------------------------------------------------------

  /** StationarySince of a stationary-vehicle event at sim time t (counted from its activation). */
  private stationarySince(k: number, t: number): StationarySince {
    const since = t - (this.activatedAt[k] ?? t);
    return since < 60
      ? StationarySince.STATIONARY_SINCE_LESS_THAN_1_MINUTE
      : since < 120
        ? StationarySince.STATIONARY_SINCE_LESS_THAN_2_MINUTES
        : since < 900
          ? StationarySince.STATIONARY_SINCE_LESS_THAN_15_MINUTES
          : StationarySince.STATIONARY_SINCE_EQUAL_OR_GREATER_15_MINUTES;
  }

  /** What may change in an event's description while it lasts (an update is sent when it does). */
  private signature(w: World, d: DenmEntry, t: number): string {
    return w.timeline[d.timelineIndex]!.kind === 'stationaryVehicle' ? `since:${this.stationarySince(d.timelineIndex, t)}` : '';
  }

  private buildDenm(w: World, d: DenmEntry, stationType: StationType): ItsMessage {
    const geo = this.geoRef!;
    const net = w.net;
    const start = w.scenario.run.startTime;
    const e = w.timeline[d.timelineIndex]!;
    const spec = w.scenario.timeline[d.timelineIndex]!;
    const laneEvent = d.lane >= 0;
    const eventPosition = geo.referencePosition(d.x, d.y, laneEvent ? 1 : 5);
    let awareness: StandardLength3b = StandardLength3b.STANDARD_LENGTH3B_LESS_THAN_500M;
    let direction: TrafficDirection = TrafficDirection.TRAFFIC_DIRECTION_SAME_AS_REFERENCE_DIRECTION_UPSTREAM_OF_REFERENCE_POSITION;
    const traces: { items: PathPoint[] }[] = [];
    const eventZone: EventPoint[] = [];
    const alacarte: NonNullable<Denm['alacarte']> = {};
    if (laneEvent) {
      traces.push({ items: geo.path(d.x, d.y, upstreamPoints(net, d.lane, d.position, this.traceLength)) });
      // Event zone: the lane centre along the event, downstream, at most 22 points past the
      // event position (a point every 100 m or more), each relative to the previous one.
      const L = net.lanes[d.lane]!;
      const pose: Pose = { x: 0, y: 0, theta: 0 };
      const end = Math.min(L.length, d.position + d.length);
      const stepLen = Math.max(100, (end - d.position) / 22);
      const zone: [number, number][] = [];
      for (let a = d.position + stepLen; a < end - 1e-6; a += stepLen) {
        poseAt(L.shape, a, pose);
        zone.push([pose.x, pose.y]);
      }
      poseAt(L.shape, end, pose);
      zone.push([pose.x, pose.y]);
      for (const zp of geo.path(d.x, d.y, zone)) eventZone.push({ eventPosition: zp.pathPosition ?? null, informationQuality: d.origin === 'rsu' ? 6 : 5 });
      const lanePos = etsiLanePosition(net, d.lane, d.position);
      alacarte.lanePosition = lanePos;
      if (spec.type === 'laneClosure' && spec.reason === 'roadworks') {
        alacarte.roadWorks = {
          closedLanes: { drivingLaneStatus: (1 << lanePos) & 8191 },
          ...(spec.speedLimit !== undefined ? { speedLimit: Math.round(spec.speedLimit) } : {}),
        };
      } else if (spec.type === 'stationaryVehicle') {
        alacarte.stationaryVehicle = { stationarySince: this.stationarySince(d.timelineIndex, d.referenceTime) };
      }
    } else if (e.controller >= 0) {
      awareness = StandardLength3b.STANDARD_LENGTH3B_LESS_THAN_200M;
      direction = TrafficDirection.TRAFFIC_DIRECTION_ALL_TRAFFIC_DIRECTIONS;
      const node = net.controllers[e.controller]!.node;
      for (const link of net.links) {
        if (link.to !== node || traces.length >= 7) continue;
        const lane = link.lanes[0]!;
        const L = net.lanes[lane]!;
        const pts = upstreamPoints(net, lane, L.length, this.traceLength);
        const pose: Pose = { x: 0, y: 0, theta: 0 };
        poseAt(L.shape, L.length, pose);
        traces.push({ items: geo.path(d.x, d.y, [[pose.x, pose.y], ...pts]) });
      }
      if (traces.length === 0) traces.push({ items: [] });
    } else {
      awareness = StandardLength3b.STANDARD_LENGTH3B_LESS_THAN_1000M;
      direction = TrafficDirection.TRAFFIC_DIRECTION_ALL_TRAFFIC_DIRECTIONS;
      traces.push({ items: [] });
    }
    const payload: Denm = {
      management: {
        actionId: { originatingStationId: d.originatingStationId, sequenceNumber: d.sequenceNumber },
        detectionTime: timestampIts(d.detectionTime, start),
        referenceTime: timestampIts(d.referenceTime, start),
        eventPosition,
        awarenessDistance: awareness,
        trafficDirection: direction,
        validityDuration: Math.min(86400, d.validityDuration),
        transmissionInterval: Math.min(10000, Math.max(1, Math.round(d.transmissionInterval * 1000))),
        stationType,
      },
      situation: {
        informationQuality: d.origin === 'rsu' ? 6 : 5,
        eventType: { causeCode: d.causeCode, subCauseCode: d.subCauseCode },
        eventZone,
      },
      location: {
        detectionZonesToEventPosition: traces,
        roadType: RoadType.ROAD_TYPE_URBAN_NO_STRUCTURAL_SEPARATION_TO_OPPOSITE_LANES,
      },
      ...(Object.keys(alacarte).length > 0 ? { alacarte } : {}),
    };
    return itsMessage('denm', d.originatingStationId, payload);
  }
}

/** Station index of RSU `k` (RSUs come first in the StationTable), or -1. */
function rsu(ctx: FacilityContext, k: number): number {
  return k < ctx.stations.count && ctx.stations.kind[k] === StationKind.rsu ? k : -1;
}

function shuttleStationIndex(ctx: FacilityContext): Map<number, number> {
  const st = ctx.stations;
  const map = new Map<number, number>();
  for (let i = 0; i < st.count; i++) if (st.kind[i] === StationKind.vehicle && st.shuttle[i]! >= 0) map.set(st.stationId[i]!, i);
  return map;
}
