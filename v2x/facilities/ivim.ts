// IVI service (TS 103 301, IVI structure of ISO TS 19321), speed limits only: RSUs broadcast
// in-vehicle signage for the corridor's speed limits, and a reduced limit around roadworks.
//
// IVIs (one IVI per IVIM):
// - Corridor limits: the corridor centreline is cut into stretches of constant limit, the
//   corridor's `speedLimit` where no speed zone applies and each `speedZones[]` limit where it
//   does (the last zone holding a point wins, as in the compiled network). Each stretch is one
//   IVI, cut into equal pieces of at most `pieceLength` metres (default 1000, reduced so that
//   every delta of its polylines stays within the DeltaLatitude / DeltaLongitude range at the
//   scenario's latitude: about 880 m at 47 degrees N). Broadcast by every RSU
//   within `rsuRange` (default 500 m) of the piece; an RSU near no piece sends none of these.
// - Roadworks: while a laneClosure with a `speedLimit` is active, the RSU in range of the works
//   (rsu-coverage.ts) broadcasts an extra IVI for the reduced limit over every lane of the link,
//   from 40 m before the works to 10 m after them (the stretch where the simulated drivers slow
//   down). When the closure ends it sends the IVI once with iviStatus cancellation (management
//   container only) and stops (`cancellationRepetitions` more copies if configured).
//
// Content of a speed-limit IVI: GLC with one GlcPart per lane (zoneId 1.., laneNumber = ETSI
// lane position, 1 = innermost; a Segment along the lane centre, deltaPositions, laneWidth;
// zoneHeading of the first segment) for both directions of the corridor; GIC with one GicPart:
// relevanceZoneIds = every zone, direction sameDirection (each zone line runs with its traffic),
// iviType regulatory, and the ISO 14823 regulatory pictogram nature 5 / serial 57 ("maximum
// speed", ISO 14823 code 557) with the attribute spe {speedLimitMax km/h, unit km/h}.
// iviIdentificationNumber: corridor pieces 1, 2, 3... in order along the centreline; roadworks
// 20000 + timeline index. Stable for a scenario. Status new (0) for the lifetime of an IVI
// (its content never changes), cancellation (2) when it ends.
// Rate: each RSU repeats each of its IVIs every `repetitionInterval` (default 1 s; TS 103 301
// leaves the rate to the deployment), a new roadworks IVI goes out at once.
import type { Facility, FacilityContext, Outgoing } from '../runtime.ts';
import type { World } from '../../sim/world.ts';
import { EventState } from '../../sim/timeline.ts';
import { offsetRight, poseAt, reversed, slice, type Polyline, type Pose } from '../../sim/polyline.ts';
import { StationKind } from '../stations.ts';
import { itsMessage, TrafficSignPictogram, type GicPart, type GlcPart, type Ivim } from '../message-types.ts';
import { timestampIts, toEtsiHeading, toEtsiDeltaReferencePosition } from '../units.ts';
import { rsuInRange, rsusNearPolyline, DEFAULT_RSU_COVERAGE } from './rsu-coverage.ts';
import { GeoRef, etsiLanePosition } from './denm.ts';

/** ISO 14823 "maximum speed" pictogram: regulatory, nature 5, serial number 57. */
export const SPEED_LIMIT_PICTOGRAM = { nature: 5, serialNumber: 57 } as const;
/** iviIdentificationNumber of the roadworks IVI of timeline event k: ROADWORKS_IVI_BASE + k. */
export const ROADWORKS_IVI_BASE = 20000;
/** IviStatus values. */
export const IviStatus = { new: 0, update: 1, cancellation: 2, negation: 3 } as const;
/** Roadworks limit zone: from this far before the works to ROADWORKS_AFTER after (as sim/movement.ts). */
const ROADWORKS_BEFORE = 40;
const ROADWORKS_AFTER = 10;
/** Polyline points per zone (DeltaPositions size 1..32). */
const MAX_POINTS = 32;
/** GlcParts per GLC (1..16) and zone ids per GicPart list (0..8). */
const MAX_ZONES = 8;

export interface IvimFacilityOptions {
  /** Radius within which an RSU broadcasts a corridor IVI / originates a roadworks IVI, m. Default 500. */
  readonly rsuRange?: number;
  /** Repetition interval of every IVI, seconds. Default 1. */
  readonly repetitionInterval?: number;
  /** Longest corridor stretch described by one IVI, metres. Default 1000. */
  readonly pieceLength?: number;
  /** Provider of the IVIs (ISO 14816 country code bits, issuer id). Default 0 / 1. */
  readonly countryCode?: number;
  readonly providerIdentifier?: number;
  /** Copies of a cancellation sent after the first, at the repetition interval. Default 0. */
  readonly cancellationRepetitions?: number;
}

/** One lane-following zone of an IVI, local metres. */
export interface IviLaneZone {
  readonly zoneId: number;
  /** ETSI lane position (1 = innermost). */
  readonly laneNumber: number;
  readonly width: number;
  readonly line: Polyline;
}

export type IviState = 'active' | 'cancelled' | 'pending';

/** One IVI the facility manages. */
export interface IviEntry {
  readonly id: number;
  readonly kind: 'corridor' | 'roadworks';
  /** km/h */
  readonly limit: number;
  /** Corridor IVIs: centreline distances; roadworks: metres along the closed lane. */
  readonly from: number;
  readonly to: number;
  /** Roadworks: timeline index and the link; -1 otherwise. */
  readonly timelineIndex: number;
  readonly link: number;
  readonly zones: readonly IviLaneZone[];
  /** RSU indices broadcasting it. */
  readonly rsus: readonly number[];
  state: IviState;
  /** Sim times it became active / was cancelled (NaN before). */
  startedAt: number;
  cancelledAt: number;
  nextSend: number;
  cancellationsLeft: number;
  sent: number;
  /** The IVI currently broadcast (new or cancellation); each RSU wraps it in its own header. */
  payload: Ivim | undefined;
}

/** Corridor stretches of constant limit (km/h), from the corridor's limit and its speed zones. */
export function corridorLimitStretches(
  length: number,
  speedLimit: number,
  zones: readonly { from: number; to: number; limit: number }[],
): { from: number; to: number; limit: number }[] {
  const cuts = new Set<number>([0, length]);
  for (const z of zones) {
    if (z.from > 0 && z.from < length) cuts.add(z.from);
    if (z.to > 0 && z.to < length) cuts.add(z.to);
  }
  const xs = [...cuts].sort((a, b) => a - b);
  const limitAt = (s: number) => {
    let l = speedLimit;
    for (const z of zones) if (s >= z.from && s <= z.to) l = z.limit;
    return l;
  };
  const out: { from: number; to: number; limit: number }[] = [];
  for (let i = 0; i + 1 < xs.length; i++) {
    const a = xs[i]!;
    const b = xs[i + 1]!;
    if (b - a < 1e-6) continue;
    const limit = limitAt((a + b) / 2);
    const last = out[out.length - 1];
    if (last && last.limit === limit && Math.abs(last.to - a) < 1e-6) last.to = b;
    else out.push({ from: a, to: b, limit });
  }
  return out;
}

/**
 * Longest offset, metres, that a DeltaLatitude / DeltaLongitude (+-131071 x 0.1 microdegree)
 * holds in every direction at latitude `lat` degrees, with a 10 % margin: about 895 m at 47 N.
 */
export function maxDeltaMetres(lat: number): number {
  const deg = 131_071e-7;
  return 0.9 * Math.min(deg * 110_574, deg * 111_320 * Math.cos((Math.abs(lat) * Math.PI) / 180));
}

/**
 * At most `max` points of a polyline, no two consecutive ones more than `maxSegment` apart:
 * its vertices with long segments split, or, if that makes too many, points evenly spaced
 * along it.
 */
export function linePoints(p: Polyline, maxSegment: number, max = MAX_POINTS): [number, number][] {
  const n = p.xs.length;
  const pts: [number, number][] = [[p.xs[0]!, p.ys[0]!]];
  for (let i = 1; i < n && pts.length <= max; i++) {
    const seg = p.cum[i]! - p.cum[i - 1]!;
    const parts = Math.max(1, Math.ceil(seg / maxSegment - 1e-9));
    for (let k = 1; k <= parts; k++) {
      const f = k / parts;
      pts.push([p.xs[i - 1]! + (p.xs[i]! - p.xs[i - 1]!) * f, p.ys[i - 1]! + (p.ys[i]! - p.ys[i - 1]!) * f]);
    }
  }
  if (pts.length <= max) return pts;
  const out: [number, number][] = [];
  const pose: Pose = { x: 0, y: 0, theta: 0 };
  for (let k = 0; k < max; k++) {
    poseAt(p, (p.length * k) / (max - 1), pose);
    out.push([pose.x, pose.y]);
  }
  return out;
}

export class IvimFacility implements Facility {
  readonly name = 'ivim';
  /** Every IVI: the corridor pieces (built at the first tick), then roadworks IVIs as they start. */
  readonly entries: IviEntry[] = [];
  private readonly roadworks = new Map<number, IviEntry>();
  private world: World | undefined;
  private geoRef: GeoRef | undefined;
  private readonly rsuRange: number;
  private readonly interval: number;
  private readonly pieceLength: number;
  /** Longest delta a PolygonalLine may hold at the scenario's latitude, metres. */
  private maxDelta = 800;
  private readonly countryCode: number;
  private readonly providerIdentifier: number;
  private readonly cancellationRepetitions: number;

  constructor(options: IvimFacilityOptions = {}) {
    this.rsuRange = options.rsuRange ?? DEFAULT_RSU_COVERAGE;
    this.interval = options.repetitionInterval ?? 1;
    this.pieceLength = options.pieceLength ?? 1000;
    this.countryCode = options.countryCode ?? 0;
    this.providerIdentifier = options.providerIdentifier ?? 1;
    this.cancellationRepetitions = options.cancellationRepetitions ?? 0;
    if (!(this.pieceLength >= 10 && this.pieceLength <= 1000)) throw new RangeError(`IVIM pieceLength must be within 10..1000 m, got ${this.pieceLength}`);
    if (!(this.interval > 0)) throw new RangeError(`IVIM repetitionInterval must be positive, got ${this.interval}`);
  }

  /** The IVI with this iviIdentificationNumber. */
  entry(id: number): IviEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  generate(ctx: FacilityContext, out: Outgoing[]): void {
    const w = ctx.world;
    if (this.world !== w) this.setup(w, ctx.time);
    const now = ctx.time;
    const halfTick = w.dt / 2;
    // Roadworks IVIs follow their closure.
    for (const [k, e] of this.roadworks) {
      const state = w.timeline[k]!.state;
      if (e.state === 'pending' && state === EventState.active) {
        e.state = 'active';
        e.startedAt = now;
        e.nextSend = now;
        e.payload = this.build(w, e, IviStatus.new);
      } else if (e.state === 'active' && state === EventState.ended) {
        e.state = 'cancelled';
        e.cancelledAt = now;
        e.nextSend = now;
        e.cancellationsLeft = 1 + this.cancellationRepetitions;
        e.payload = this.build(w, e, IviStatus.cancellation);
      }
    }
    for (const e of this.entries) {
      if (e.state === 'pending') continue;
      if (e.state === 'cancelled' && e.cancellationsLeft <= 0) continue;
      if (now < e.nextSend - halfTick) continue;
      for (const r of e.rsus) {
        const st = ctx.stations;
        if (r < st.count && st.kind[r] === StationKind.rsu) out.push({ sender: r, family: 'ivim', message: itsMessage('ivim', st.stationId[r]!, e.payload!) });
      }
      e.sent++;
      if (e.state === 'cancelled') e.cancellationsLeft--;
      e.nextSend += this.interval;
      if (e.nextSend < now) e.nextSend = now + this.interval;
    }
  }

  private setup(w: World, now: number): void {
    this.world = w;
    this.geoRef = new GeoRef(w);
    this.entries.length = 0;
    this.roadworks.clear();
    const net = w.net;
    const corridor = w.scenario.network.corridor;
    const centre = net.centreline;
    this.maxDelta = maxDeltaMetres(w.scenario.origin.lat);
    let id = 1;
    if (corridor && centre) {
      const n = corridor.lanesPerDirection;
      const lw = corridor.laneWidth;
      // A zone of the backward carriageway starts at the piece's far end: its first delta from
      // the reference position (the start of zone 1) spans the piece and the road's width.
      const pieceLength = Math.max(10, Math.min(this.pieceLength, this.maxDelta - 2 * n * lw));
      for (const st of corridorLimitStretches(centre.length, corridor.speedLimit, corridor.speedZones)) {
        const pieces = Math.max(1, Math.ceil((st.to - st.from) / pieceLength - 1e-9));
        const step = (st.to - st.from) / pieces;
        for (let p = 0; p < pieces; p++) {
          const a = st.from + p * step;
          const b = p + 1 === pieces ? st.to : a + step;
          const ref = slice(centre, a, b);
          const rsus = rsusNearPolyline(net, ref.xs, ref.ys, this.rsuRange);
          const zones: IviLaneZone[] = [];
          const lanes = Math.min(n, MAX_ZONES / 2);
          for (const dir of [ref, reversed(ref)]) {
            for (let k = 0; k < lanes; k++) {
              // Lane k (0 = kerb) lies (n - k - 0.5) lane widths right of the centreline.
              zones.push({ zoneId: zones.length + 1, laneNumber: n - k, width: lw, line: offsetRight(dir, (n - k - 0.5) * lw) });
            }
          }
          const e = this.entry0(id++, 'corridor', st.limit, a, b, -1, -1, zones, rsus);
          if (rsus.length > 0) {
            e.state = 'active';
            e.startedAt = now;
            e.nextSend = now;
            e.payload = this.build(w, e, IviStatus.new);
          }
          this.entries.push(e);
        }
      }
    }
    w.scenario.timeline.forEach((spec, k) => {
      if (spec.type !== 'laneClosure' || spec.speedLimit === undefined) return;
      const rt = w.timeline[k]!;
      const L = net.lanes[rt.lane]!;
      if (L.link < 0) return;
      const pose: Pose = { x: 0, y: 0, theta: 0 };
      poseAt(L.shape, rt.pos, pose);
      const rsu = rsuInRange(net, pose.x, pose.y, this.rsuRange);
      const zones: IviLaneZone[] = [];
      for (const l of net.links[L.link]!.lanes) {
        if (zones.length >= MAX_ZONES) break;
        const O = net.lanes[l]!;
        const off = L.offset - O.offset;
        const a = Math.max(0, rt.pos + off - ROADWORKS_BEFORE);
        const b = Math.min(O.length, rt.pos + off + rt.length + ROADWORKS_AFTER);
        if (b - a < 1) continue;
        zones.push({ zoneId: zones.length + 1, laneNumber: etsiLanePosition(net, l, (a + b) / 2), width: O.width, line: slice(O.shape, a, b) });
      }
      if (zones.length === 0) return;
      const e = this.entry0(ROADWORKS_IVI_BASE + k, 'roadworks', spec.speedLimit, rt.pos, rt.pos + rt.length, k, L.link, zones, rsu >= 0 ? [rsu] : []);
      this.entries.push(e);
      if (rsu >= 0) this.roadworks.set(k, e);
    });
  }

  private entry0(id: number, kind: IviEntry['kind'], limit: number, from: number, to: number, timelineIndex: number, link: number, zones: IviLaneZone[], rsus: number[]): IviEntry {
    return { id, kind, limit, from, to, timelineIndex, link, zones, rsus, state: 'pending', startedAt: NaN, cancelledAt: NaN, nextSend: Infinity, cancellationsLeft: 0, sent: 0, payload: undefined };
  }

  private build(w: World, e: IviEntry, status: number): Ivim {
    const geo = this.geoRef!;
    const start = w.scenario.run.startTime;
    const changed = status === IviStatus.cancellation ? e.cancelledAt : e.startedAt;
    return {
      mandatory: {
        serviceProviderId: { countryCode: this.countryCode, providerIdentifier: this.providerIdentifier },
        iviIdentificationNumber: e.id,
        timeStamp: timestampIts(changed, start),
        validFrom: timestampIts(e.startedAt, start),
        ...(status === IviStatus.cancellation ? { validTo: timestampIts(e.cancelledAt, start) } : {}),
        iviStatus: status,
      },
      optional: status === IviStatus.cancellation ? [] : [{ glc: this.glc(geo, e, timestampIts(e.startedAt, start)) }, { giv: { items: [this.gic(e)] } }],
    };
  }

  private glc(geo: GeoRef, e: IviEntry, time: number): NonNullable<NonNullable<Ivim['optional']>[number]['glc']> {
    const first = e.zones[0]!.line;
    const rx = first.xs[0]!;
    const ry = first.ys[0]!;
    const parts: GlcPart[] = e.zones.map((z) => {
      const pts = linePoints(z.line, this.maxDelta);
      let prev = geo.degrees(rx, ry);
      const items = pts.map(([x, y]) => {
        const g = geo.degrees(x, y);
        const d = toEtsiDeltaReferencePosition(prev, g);
        prev = g;
        return { deltaLatitude: d.deltaLatitude ?? 0, deltaLongitude: d.deltaLongitude ?? 0 };
      });
      const theta = Math.atan2(z.line.ys[1]! - z.line.ys[0]!, z.line.xs[1]! - z.line.xs[0]!);
      return {
        zoneId: z.zoneId,
        laneNumber: z.laneNumber,
        zoneHeading: toEtsiHeading(theta),
        zone: { segment: { line: { deltaPositions: { items } }, laneWidth: Math.min(1023, Math.round(z.width * 100)) } },
      };
    });
    return { referencePosition: geo.referencePosition(rx, ry, 1), referencePositionTime: time, parts };
  }

  private gic(e: IviEntry): GicPart {
    return {
      relevanceZoneIds: e.zones.map((z) => z.zoneId),
      direction: 0,
      iviType: 1,
      roadSignCodes: [
        {
          code: {
            iso14823: {
              pictogramCode: {
                serviceCategoryCode: { trafficSignPictogram: TrafficSignPictogram.TRAFFIC_SIGN_PICTOGRAM_REGULATORY },
                pictogramCategoryCode: { nature: SPEED_LIMIT_PICTOGRAM.nature, serialNumber: SPEED_LIMIT_PICTOGRAM.serialNumber },
              },
              attributes: [{ spe: { speedLimitMax: Math.min(250, Math.round(e.limit)), unit: 0 } }],
            },
          },
        },
      ],
    };
  }
}
