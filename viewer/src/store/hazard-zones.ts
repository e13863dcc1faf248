// DENM relevance areas and IVIM zones while they are valid, decoded from the transmissions of
// the frames (only DENM and IVIM are decoded; they are rare). A DENM lives until its
// cancellation/negation or its validity duration after it was last heard; an IVIM until its
// cancellation, its validTo, or 10 s without a repetition.
import type { LiveFrame, LiveSnapshot } from '../../../v2x/live/live-types.ts';
import { MessageFamily } from '../../../v2x/live/live-types.ts';
import { decodeItsMessage } from '../../../v2x/codec.ts';
import type { ItsMessage } from '../../../v2x/message-types.ts';
import { makeGeo, type Geo } from '../../../sim/geo.ts';

export interface HazardZone {
  readonly kind: 'denm' | 'ivim';
  /** Stable while the event lives: "denm:station:seq" or "ivim:provider:id". */
  readonly key: string;
  /** Centre of the relevance area (DENM event position, IVIM reference position), local m. */
  readonly x: number;
  readonly y: number;
  /** Relevance radius, m (DENM awareness distance; 0 for IVIM). */
  readonly radius: number;
  /** Traces and zones as polylines [x0, y0, x1, y1, ...], local m. */
  readonly lines: readonly Float32Array[];
  /** Lane width of the zone polylines, m (IVIM segments), 0 for plain lines. */
  readonly width: number;
  /** Sim time after which it is dropped, s. */
  readonly expires: number;
}

/** Upper bounds of ETSI StandardLength3b, m (the drawn radius). */
const STANDARD_LENGTH_3B = [50, 100, 200, 500, 1000, 5000, 10000, 20000];
/** ETSI ITS epoch, ms since 1970 (2004-01-01T00:00:00Z). */
const ITS_EPOCH_MS = Date.UTC(2004, 0, 1);
/** IVIM without repetition for this long is dropped, s. */
const IVIM_SILENCE = 10;

export class HazardZones {
  readonly zones = new Map<string, HazardZone>();
  version = 0;
  private geo: Geo = makeGeo({ lat: 0, lon: 0, alt: 0 });
  /** ITS time (ms since 2004) at sim time 0. */
  private itsAtZero = 0;

  reset(snapshot: LiveSnapshot): void {
    const s = snapshot.scenario;
    this.geo = makeGeo({ lat: s.originLat, lon: s.originLon, alt: s.originAlt });
    const start = Date.parse(s.startTime);
    this.itsAtZero = Number.isFinite(start) ? start - ITS_EPOCH_MS : 0;
    this.zones.clear();
    this.version++;
  }

  /** Adds the DENMs and IVIMs of a frame and drops what expired; `problem` gets undecodable ones. */
  add(frame: LiveFrame, problem: (message: string) => void): void {
    let changed = false;
    for (const t of frame.transmissions) {
      if (t.family !== MessageFamily.MESSAGE_FAMILY_DENM && t.family !== MessageFamily.MESSAGE_FAMILY_IVIM) continue;
      let msg: ItsMessage;
      try {
        msg = decodeItsMessage(t.message);
      } catch (e) {
        problem(`tick ${t.tick}: message from station ${t.senderStationId}: ${(e as Error).message}`);
        continue;
      }
      changed = (msg.denm ? this.denm(msg, frame.simTime) : this.ivim(msg, frame.simTime)) || changed;
    }
    for (const [k, z] of this.zones) {
      if (z.expires < frame.simTime) {
        this.zones.delete(k);
        changed = true;
      }
    }
    if (changed) this.version++;
  }

  private local(lat: number | null | undefined, lon: number | null | undefined): { x: number; y: number } | undefined {
    if (lat == null || lon == null || Math.abs(lat) > 900_000_000 || Math.abs(lon) > 1_800_000_000) return undefined;
    const p = this.geo.toLocal(lat / 1e7, lon / 1e7);
    return { x: p.x, y: p.y };
  }

  /**
   * A polyline of chained deltas (0.1 µdeg; the first from the origin, each next from the
   * previous point). `withOrigin`: the origin is the line's first point (a DENM trace starts at
   * the event); an IVIM zone starts at its first delta, not at the reference position.
   */
  private deltas(lat0: number, lon0: number, items: readonly { deltaLatitude?: number | null; deltaLongitude?: number | null }[], withOrigin: boolean): Float32Array {
    const first = withOrigin ? 1 : 0;
    const out = new Float32Array((items.length + first) * 2);
    let lat = lat0;
    let lon = lon0;
    if (withOrigin) {
      const p0 = this.local(lat, lon)!;
      out[0] = p0.x;
      out[1] = p0.y;
    }
    items.forEach((d, i) => {
      lat += d.deltaLatitude ?? 0;
      lon += d.deltaLongitude ?? 0;
      const p = this.local(lat, lon)!;
      out[2 * (i + first)] = p.x;
      out[2 * (i + first) + 1] = p.y;
    });
    return out;
  }

  private denm(msg: ItsMessage, now: number): boolean {
    const m = msg.denm?.management;
    if (!m?.actionId || !m.eventPosition) return false;
    const key = `denm:${m.actionId.originatingStationId ?? 0}:${m.actionId.sequenceNumber ?? 0}`;
    if (m.termination != null) return this.zones.delete(key);
    const lat = m.eventPosition.latitude ?? 0;
    const lon = m.eventPosition.longitude ?? 0;
    const at = this.local(lat, lon);
    if (!at) return false;
    const lines: Float32Array[] = [];
    const zone = msg.denm?.situation?.eventZone ?? [];
    if (zone.length > 0) lines.push(this.deltas(lat, lon, zone.map((p) => p.eventPosition ?? {}), true));
    for (const path of msg.denm?.location?.detectionZonesToEventPosition ?? []) {
      const items = (path.items ?? []).map((p) => p.pathPosition ?? {});
      if (items.length > 0) lines.push(this.deltas(lat, lon, items, true));
    }
    this.zones.set(key, {
      kind: 'denm',
      key,
      x: at.x,
      y: at.y,
      radius: STANDARD_LENGTH_3B[m.awarenessDistance ?? 0] ?? 50,
      lines,
      width: 0,
      expires: now + (m.validityDuration ?? 600),
    });
    return true;
  }

  private ivim(msg: ItsMessage, now: number): boolean {
    const ivi = msg.ivim;
    const mand = ivi?.mandatory;
    if (!ivi || !mand) return false;
    const key = `ivim:${mand.serviceProviderId?.countryCode ?? 0}.${mand.serviceProviderId?.providerIdentifier ?? 0}:${mand.iviIdentificationNumber ?? 0}`;
    if (mand.iviStatus === 2 || mand.iviStatus === 3) return this.zones.delete(key);
    const lines: Float32Array[] = [];
    let width = 0;
    let centre: { x: number; y: number } | undefined;
    for (const c of ivi.optional ?? []) {
      const glc = c.glc;
      if (glc?.referencePosition) {
        const lat0 = glc.referencePosition.latitude ?? 0;
        const lon0 = glc.referencePosition.longitude ?? 0;
        centre ??= this.local(lat0, lon0);
        for (const part of glc.parts ?? []) {
          const seg = part.zone?.segment;
          const line = seg?.line ?? part.zone?.area;
          if (seg?.laneWidth != null) width = Math.max(width, seg.laneWidth / 100);
          const d = line?.deltaPositions?.items;
          if (d && d.length > 0) lines.push(this.deltas(lat0, lon0, d, false));
          const abs = line?.absolutePositions?.items;
          if (abs && abs.length > 0) {
            const pts = abs.map((p) => this.local(p.latitude, p.longitude)).filter((p) => p !== undefined);
            lines.push(Float32Array.from(pts.flatMap((p) => [p.x, p.y])));
          }
        }
      }
    }
    if (!centre) return false;
    const validTo = mand.validTo != null ? (Number(mand.validTo) - this.itsAtZero) / 1000 : Number.POSITIVE_INFINITY;
    this.zones.set(key, {
      kind: 'ivim',
      key,
      x: centre.x,
      y: centre.y,
      radius: 0,
      lines,
      width,
      expires: Math.min(validTo, now + IVIM_SILENCE),
    });
    return true;
  }
}
