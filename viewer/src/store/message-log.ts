// What the V2X layer said: every transmission of the frames, kept in a bounded log (newest
// last) and, per station, the last messages it sent and received, for the message log panel
// and the inspector. Entries keep the encoded bytes; decoding happens only when shown.
import type { LiveFrame } from '../../../v2x/live/live-types.ts';
import { familyOfMessageFamily } from '../../../v2x/live/live-types.ts';
import type { Family } from '../../../v2x/families.ts';
import { Ring } from './ring.ts';

export interface LoggedMessage {
  /** Number of the message in this session (monotonic; restarts and seeks reset it). */
  readonly seq: number;
  readonly tick: number;
  /** Simulation time of the frame that carried it, s. */
  readonly simTime: number;
  readonly family: Family;
  readonly sender: number;
  readonly x: number;
  readonly y: number;
  /** Station ids that received it. */
  readonly receivers: readonly number[];
  /** Mean latency of its deliveries, ms (NaN when nobody received it). */
  readonly meanLatencyMs: number;
  /** The encoded corridor.v2x.v1.ItsMessage. */
  readonly bytes: Uint8Array;
}

export interface StationHistory {
  readonly sent: Ring<LoggedMessage>;
  readonly received: Ring<LoggedMessage>;
  /** The last few messages sent per family: a 10 Hz family cannot push a 1 Hz one out of view. */
  readonly sentByFamily: Map<Family, Ring<LoggedMessage>>;
}

/** Messages kept per station and family (an RSU's SPATEMs for each intersection it serves). */
const PER_FAMILY = 4;

export class MessageLog {
  readonly all: Ring<LoggedMessage>;
  private readonly stations = new Map<number, StationHistory>();
  private seq = 0;

  constructor(
    capacity = 5000,
    private readonly perStation = 8,
  ) {
    this.all = new Ring(capacity);
  }

  clear(): void {
    this.all.clear();
    this.stations.clear();
    this.seq = 0;
  }

  /** The station's history, or undefined when it has neither sent nor received anything yet. */
  station(stationId: number): StationHistory | undefined {
    return this.stations.get(stationId);
  }

  private history(stationId: number): StationHistory {
    let h = this.stations.get(stationId);
    if (!h) {
      h = { sent: new Ring(this.perStation), received: new Ring(this.perStation), sentByFamily: new Map() };
      this.stations.set(stationId, h);
    }
    return h;
  }

  /** Logs a frame's transmissions with their receivers; returns how many were logged. */
  add(frame: LiveFrame): number {
    const tx = frame.transmissions;
    if (tx.length === 0) return 0;
    const d = frame.deliveries;
    const receivers: number[][] = tx.map(() => []);
    const latency = new Float64Array(tx.length);
    for (let k = 0; k < d.transmissions.length; k++) {
      const t = d.transmissions[k]!;
      const r = receivers[t];
      if (r === undefined) continue;
      r.push(d.receiverStationIds[k]!);
      latency[t]! += d.latencyMs[k]!;
    }
    let logged = 0;
    for (let t = 0; t < tx.length; t++) {
      const m = tx[t]!;
      const family = familyOfMessageFamily(m.family);
      if (family === undefined) continue;
      logged++;
      const rx = receivers[t]!;
      const entry: LoggedMessage = {
        seq: ++this.seq,
        tick: m.tick,
        simTime: frame.simTime,
        family,
        sender: m.senderStationId,
        x: m.x,
        y: m.y,
        receivers: rx,
        meanLatencyMs: rx.length > 0 ? latency[t]! / rx.length : Number.NaN,
        bytes: m.message,
      };
      this.all.push(entry);
      const h = this.history(m.senderStationId);
      h.sent.push(entry);
      let byFamily = h.sentByFamily.get(family);
      if (!byFamily) h.sentByFamily.set(family, (byFamily = new Ring(PER_FAMILY)));
      byFamily.push(entry);
      for (const r of rx) this.history(r).received.push(entry);
    }
    return logged;
  }
}
