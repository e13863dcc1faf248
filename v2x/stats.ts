// V2X statistics of a run, as a sink of the runtime's per-tick traffic: messages generated,
// transmitted and received per family, packet delivery ratio by distance bin, latency
// percentiles and the peak channel busy ratio per RSU.
import type { Subscription } from 'rxjs';
import type { V2xRuntime, TickTraffic } from './runtime.ts';
import { FAMILIES, type Family } from './families.ts';
import { DISTANCE_BIN } from './channel/index.ts';

const BIN = DISTANCE_BIN;
/** Latency histogram: 0.1 ms bins up to 200 ms. */
const LAT_BIN = 1e-4;
const LAT_BINS = 2000;
const INV_BIN = 1 / BIN;
const INV_LAT_BIN = 1 / LAT_BIN;

export interface FamilyCounts {
  generated: number;
  transmissions: number;
  receptions: number;
}

export interface V2xSummary {
  stations: { rsus: number; vehicles: number; pedestrians: number };
  messages: Record<Family, FamilyCounts>;
  /** Delivery ratio per 100 m bin of sender-receiver distance: `0-100`, `100-200`, ... */
  deliveryRatioByDistance: { bin: string; attempts: number; delivered: number; ratio: number | null }[];
  latencyMs: { p50: number | null; p99: number | null };
  peakChannelBusyRatioByRsu: Record<string, number>;
}

export class V2xStats {
  private readonly counts: Record<Family, FamilyCounts> = Object.fromEntries(
    FAMILIES.map((f) => [f, { generated: 0, transmissions: 0, receptions: 0 }]),
  ) as Record<Family, FamilyCounts>;
  private readonly delivered: Float64Array;
  private readonly latency = new Float64Array(LAT_BINS + 1);
  private readonly sub: Subscription;
  private maxStations = { rsus: 0, vehicles: 0, pedestrians: 0 };

  constructor(private readonly runtime: V2xRuntime) {
    this.delivered = new Float64Array(runtime.channel.attemptsByDistance.length);
    this.sub = runtime.traffic$.subscribe((t) => this.onTraffic(t));
  }

  private onTraffic(t: TickTraffic): void {
    const st = t.stations;
    let r = 0, v = 0, p = 0;
    for (let i = 0; i < st.count; i++) {
      const k = st.kind[i]!;
      if (k === 0) r++;
      else if (k === 1) v++;
      else p++;
    }
    this.maxStations = { rsus: Math.max(this.maxStations.rsus, r), vehicles: Math.max(this.maxStations.vehicles, v), pedestrians: Math.max(this.maxStations.pedestrians, p) };
    for (const tx of t.transmissions) {
      const c = this.counts[tx.family];
      c.generated++;
      c.transmissions++;
    }
    const d = t.deliveries;
    const n = d.count;
    // Deliveries of one transmission are contiguous (the channel appends them per call).
    const tag = d.tag;
    for (let k = 0; k < n; ) {
      const x = tag[k]!;
      let e = k + 1;
      while (e < n && tag[e] === x) e++;
      this.counts[t.transmissions[x]!.family].receptions += e - k;
      k = e;
    }
    const dist = d.distance;
    const lat = d.latency;
    const delivered = this.delivered;
    const latency = this.latency;
    const last = delivered.length - 1;
    for (let k = 0; k < n; k++) {
      const b = (dist[k]! * INV_BIN) | 0;
      delivered[b < last ? b : last]!++;
      const lb = (lat[k]! * INV_LAT_BIN) | 0;
      latency[lb < LAT_BINS ? lb : LAT_BINS]!++;
    }
  }

  summary(): V2xSummary {
    const total = this.latency.reduce((a, b) => a + b, 0);
    const pct = (q: number): number | null => {
      if (total === 0) return null;
      let acc = 0;
      for (let k = 0; k <= LAT_BINS; k++) {
        acc += this.latency[k]!;
        if (acc >= q * total) return Math.round((k + 0.5) * LAT_BIN * 1e4) / 10;
      }
      return null;
    };
    const rsuKeys = this.runtime.world.net.rsus.map((r) => r.key);
    const peak: Record<string, number> = {};
    for (const r of this.runtime.channel.rsuBusyRatios()) peak[rsuKeys[r.station] ?? String(r.station)] = Math.round(r.peak * 1000) / 1000;
    return {
      stations: this.maxStations,
      messages: this.counts,
      // Attempts are counted by the channel itself, over every pair within range it examined.
      deliveryRatioByDistance: Array.from(this.runtime.channel.attemptsByDistance.subarray(0, this.delivered.length - 1), (a, k) => ({
        bin: `${k * BIN}-${(k + 1) * BIN}`,
        attempts: a,
        delivered: this.delivered[k]!,
        ratio: a > 0 ? Math.round((this.delivered[k]! / a) * 1000) / 1000 : null,
      })),
      latencyMs: { p50: pct(0.5), p99: pct(0.99) },
      peakChannelBusyRatioByRsu: peak,
    };
  }

  dispose(): void {
    this.sub.unsubscribe();
  }
}
