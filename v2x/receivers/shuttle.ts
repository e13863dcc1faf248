// The shuttles' V2X receivers: decode what each shuttle actually received this tick and turn it
// into the plain records its automation uses next tick (sim/knowledge.ts). SPATEM gives signal
// timing for GLOSA, DENM hazards beyond sensor range, CPM pedestrians on crosswalks; IVIM speed
// limits follow. Messages are decoded from their bytes, exactly as a real receiver would.
import type { Subscription } from 'rxjs';
import type { V2xRuntime, TickTraffic } from '../runtime.ts';
import type { KnowledgeUpdate } from '../../sim/knowledge.ts';
import type { World } from '../../sim/world.ts';
import { SignalState } from '../../sim/signals.ts';
import { decodeItsMessage } from '../codec.ts';
import type { ItsMessage } from '../message-types.ts';
import { applyEtsiDelta, type GeoDegrees, fromEtsiLatitude, fromEtsiLongitude, utcMs, utcMsFromTimeMark, simTimeFromTimestampIts, TIME_MARK_UNKNOWN } from '../units.ts';
import { geoOf } from '../facilities/position.ts';
import { simGroupOf } from '../facilities/intersection-ids.ts';
import { nearestCrosswalk, nearestLane } from './locate.ts';

/** MovementPhaseState (ISO 19091) to the simulation's signal state; undefined = not usable. */
function phaseToState(p: number): SignalState | undefined {
  switch (p) {
    case 1:
      return SignalState.dark;
    case 2:
    case 3:
      return SignalState.red;
    case 5:
    case 6:
      return SignalState.green;
    case 7:
    case 8:
      return SignalState.amber;
    default:
      return undefined;
  }
}

/** How long a pedestrian report from a CPM is trusted without refresh, seconds. */
const CPM_HOLD = 1.5;
/** How long an IVI speed limit is trusted without refresh (IVIs repeat every second), seconds. */
const IVI_HOLD = 3;
/** Default length given to a hazard known only by its event position, metres. */
const HAZARD_LENGTH = 8;
const DENM_DEFAULT_VALIDITY = 600;
/** DENM cause codes that describe something occupying a lane. */
const LANE_HAZARD_CAUSES = new Set([2, 3, 10, 94]);

export interface HazardWarning {
  /** DENM action id, `station:sequence`. */
  readonly hazard: string;
  readonly causeCode: number;
  readonly shuttle: number;
  readonly time: number;
  /** Straight-line distance from the shuttle to the event position when its first DENM arrived, metres. */
  readonly distance: number;
}

export class ShuttleReceivers {
  private pending: KnowledgeUpdate[] = [];
  private readonly sub: Subscription;
  private readonly startUtc: number;
  /** First DENM reception per (shuttle, hazard). */
  readonly warnings: HazardWarning[] = [];
  private readonly warned = new Set<string>();
  receptions = 0;
  decodeErrors = 0;

  constructor(private readonly runtime: V2xRuntime) {
    this.startUtc = utcMs(0, runtime.world.scenario.run.startTime);
    this.sub = runtime.traffic$.subscribe((t) => this.onTraffic(t));
  }

  /** Knowledge updates for the next tick (and forgets them). */
  drain(): KnowledgeUpdate[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  private onTraffic(t: TickTraffic): void {
    const w = this.runtime.world;
    const st = t.stations;
    const d = t.deliveries;
    const decoded = new Map<number, ItsMessage | null>();
    for (let k = 0; k < d.count; k++) {
      const r = d.receiver[k]!;
      const sh = st.shuttle[r]!;
      if (sh < 0) continue;
      const tag = d.tag[k]!;
      let msg = decoded.get(tag);
      if (msg === undefined) {
        try {
          msg = decodeItsMessage(t.transmissions[tag]!.bytes);
        } catch {
          msg = null;
          this.decodeErrors++;
        }
        decoded.set(tag, msg);
      }
      if (!msg) continue;
      this.receptions++;
      const vehicle = st.entity[r]!;
      if (msg.spatem) this.onSpat(w, vehicle, msg);
      else if (msg.denm) this.onDenm(w, vehicle, sh, st.x[r]!, st.y[r]!, msg);
      else if (msg.cpm) this.onCpm(w, vehicle, msg);
      else if (msg.ivim) this.onIvim(w, vehicle, sh, msg);
    }
  }

  private onSpat(w: World, vehicle: number, msg: ItsMessage): void {
    const nowUtc = this.startUtc + w.time * 1000;
    for (const is of msg.spatem?.intersections ?? []) {
      const iid = is.id?.id ?? 0;
      for (const ms of is.states ?? []) {
        const group = simGroupOf(w.net, iid, ms.signalGroup ?? 0);
        const ev = ms.stateTimeSpeed?.[0];
        if (group < 0 || !ev) continue;
        const state = phaseToState(Number(ev.eventState ?? 0));
        if (state === undefined) continue;
        const toSim = (mark: number | null | undefined): number => {
          if (mark === undefined || mark === null || mark === TIME_MARK_UNKNOWN) return NaN;
          const u = utcMsFromTimeMark(mark, nowUtc);
          return u === undefined ? NaN : (u - this.startUtc) / 1000;
        };
        const minEnd = toSim(ev.timing?.minEndTime);
        const likely = toSim(ev.timing?.likelyTime ?? ev.timing?.minEndTime);
        const maxEnd = toSim(ev.timing?.maxEndTime ?? ev.timing?.minEndTime);
        this.pending.push({ vehicle, kind: 'signal', group, advice: { state, minEnd, likelyEnd: likely, maxEnd, receivedAt: w.time } });
      }
    }
  }

  private onDenm(w: World, vehicle: number, sh: number, x: number, y: number, msg: ItsMessage): void {
    const m = msg.denm?.management;
    const id = m?.actionId;
    if (!m || !id) return;
    const key = `${id.originatingStationId}:${id.sequenceNumber}`;
    if (m.termination !== undefined && m.termination !== null) {
      this.pending.push({ vehicle, kind: 'hazard', key, notice: null });
      return;
    }
    const lat = fromEtsiLatitude(m.eventPosition?.latitude ?? 900_000_001);
    const lon = fromEtsiLongitude(m.eventPosition?.longitude ?? 1_800_000_001);
    if (lat === undefined || lon === undefined) return;
    const p = geoOf(w).toLocal(lat, lon);
    const cause = msg.denm?.situation?.eventType?.causeCode ?? 0;
    const slot = w.shuttles[sh]!.slot;
    const place = nearestLane(w.net, w.routes[w.vehicles.route[slot]!]!, p.x, p.y);
    const detection = simTimeFromTimestampIts(Number(m.detectionTime ?? 0), w.scenario.run.startTime);
    const expires = detection + (m.validityDuration ?? DENM_DEFAULT_VALIDITY);
    const wkey = `${sh}/${key}`;
    if (!this.warned.has(wkey)) {
      this.warned.add(wkey);
      this.warnings.push({ hazard: key, causeCode: cause, shuttle: sh, time: w.time, distance: Math.hypot(p.x - x, p.y - y) });
    }
    // Only events that block a lane become hazards on a lane: roadworks, accident, obstacle,
    // stationary vehicle (weather or a dark signal is not something to stop in front of).
    if (!place || !LANE_HAZARD_CAUSES.has(cause)) return;
    // The event position marks the hazard; stop short of it by a couple of metres.
    const position = Math.max(0, place.position - 2);
    this.pending.push({
      vehicle,
      kind: 'hazard',
      key,
      notice: { lane: place.lane, position, length: HAZARD_LENGTH, causeCode: cause, expires, receivedAt: w.time },
    });
  }

  private onCpm(w: World, vehicle: number, msg: ItsMessage): void {
    const ref = msg.cpm?.managementContainer?.referencePosition;
    if (!ref) return;
    const lat = fromEtsiLatitude(ref.latitude ?? 900_000_001);
    const lon = fromEtsiLongitude(ref.longitude ?? 1_800_000_001);
    if (lat === undefined || lon === undefined) return;
    const origin = geoOf(w).toLocal(lat, lon);
    for (const c of msg.cpm?.cpmContainers ?? []) {
      for (const o of c.perceivedObjectContainer?.perceivedObjects ?? []) {
        const isVru = (o.classification ?? []).some((k) => k.objectClass?.vruSubClass);
        if (!isVru || !o.position) continue;
        const x = origin.x + (o.position.xCoordinate?.value ?? 0) / 100;
        const y = origin.y + (o.position.yCoordinate?.value ?? 0) / 100;
        const cw = nearestCrosswalk(w.net, x, y, 3);
        if (cw >= 0) this.pending.push({ vehicle, kind: 'pedestrians', crosswalk: cw, notice: { crosswalk: cw, expires: w.time + CPM_HOLD } });
      }
    }
  }

  /**
   * IVIM speed limits: each relevance zone (a lane-following polyline) is placed on the links of
   * the shuttle's route; the limit applies over the stretch of each link the zone covers. A
   * cancelled IVI is simply not refreshed: its notices lapse after IVI_HOLD seconds.
   */
  private onIvim(w: World, vehicle: number, sh: number, msg: ItsMessage): void {
    const ivi = msg.ivim;
    const id = ivi?.mandatory?.iviIdentificationNumber;
    if (!ivi || id === undefined || id === null) return;
    const status = ivi.mandatory?.iviStatus ?? 0;
    if (status === 2 || status === 3) return;
    let kmh: number | undefined;
    for (const o of ivi.optional ?? []) {
      for (const gic of o.giv?.items ?? []) {
        for (const rs of gic.roadSignCodes ?? []) {
          for (const a of rs.code?.iso14823?.attributes ?? []) if (a.spe?.speedLimitMax) kmh = a.spe.speedLimitMax;
        }
      }
    }
    if (kmh === undefined) return;
    const geo = geoOf(w);
    const slot = w.shuttles[sh]!.slot;
    const route = w.routes[w.vehicles.route[slot]!]!;
    const stretch = new Map<number, [number, number]>();
    for (const o of ivi.optional ?? []) {
      const glc = o.glc;
      const lat0 = fromEtsiLatitude(glc?.referencePosition?.latitude ?? 900_000_001);
      const lon0 = fromEtsiLongitude(glc?.referencePosition?.longitude ?? 1_800_000_001);
      if (!glc || lat0 === undefined || lon0 === undefined) continue;
      for (const part of glc.parts ?? []) {
        let g: GeoDegrees = { lat: lat0, lon: lon0 };
        for (const d of part.zone?.segment?.line?.deltaPositions?.items ?? []) {
          g = applyEtsiDelta(g, d);
          const p = geo.toLocal(g.lat, g.lon);
          const place = nearestLane(w.net, route, p.x, p.y, 2);
          if (!place) continue;
          const L = w.net.lanes[place.lane]!;
          const x = place.position + L.offset;
          const s = stretch.get(L.link);
          if (s) {
            s[0] = Math.min(s[0], x);
            s[1] = Math.max(s[1], x);
          } else stretch.set(L.link, [x, x]);
        }
      }
    }
    for (const [link, [from, to]] of stretch) {
      this.pending.push({ vehicle, kind: 'speedLimit', key: `${id}/${link}`, notice: { link, from, to, limit: kmh / 3.6, expires: w.time + IVI_HOLD } });
    }
  }

  dispose(): void {
    this.sub.unsubscribe();
  }
}
