// The V2X layer of a run, after each simulation tick: refresh the stations, let every facility
// decide what its stations send now, encode, put each transmission through the radio channel,
// and publish one batch of messages and one batch of deliveries per tick on rxjs subjects.
// Sinks (statistics, the shuttles' receivers, later recorders and the live server) subscribe;
// they never call into the simulation. What shuttles learn comes back as inputs of the next tick.
import { Subject } from 'rxjs';
import type { World } from '../sim/world.ts';
import type { SimEvent } from '../sim/events.ts';
import { StationTable, StationKind } from './stations.ts';
import { RadioChannel, DeliveryBuffer } from './channel/index.ts';
import { encodeItsMessage } from './codec.ts';
import type { ItsMessage } from './message-types.ts';
import { type Family, FAMILIES } from './families.ts';

/** A message a facility wants sent by one station this tick. */
export interface Outgoing {
  /** Station index in the tick's StationTable. */
  readonly sender: number;
  readonly family: Family;
  readonly message: ItsMessage;
}

export interface FacilityContext {
  readonly world: World;
  readonly stations: StationTable;
  /** Sim time at the end of the tick just simulated, seconds. */
  readonly time: number;
  readonly tick: number;
  readonly events: readonly SimEvent[];
}

/** Decides, per tick, which of its stations send which message (ETSI trigger rules live here). */
export interface Facility {
  readonly name: string;
  generate(ctx: FacilityContext, out: Outgoing[]): void;
}

/** One transmission of the tick: the message, its encoding and who sent it. */
export interface Transmission {
  readonly tick: number;
  readonly time: number;
  readonly family: Family;
  readonly senderStationId: number;
  readonly senderKind: number;
  readonly x: number;
  readonly y: number;
  readonly message: ItsMessage;
  readonly bytes: Uint8Array;
}

/** Everything sent and received during one tick (deliveries as flat arrays, see DeliveryBuffer). */
export interface TickTraffic {
  readonly tick: number;
  readonly time: number;
  readonly transmissions: readonly Transmission[];
  /** Deliveries of this tick; `tag` indexes `transmissions`; receivers index `stations`. */
  readonly deliveries: DeliveryBuffer;
  readonly stations: StationTable;
}

/**
 * A message from outside the simulation (a test rig, see v2x/injection.ts) to send this tick,
 * after the facilities' own, through the same encoding and channel.
 */
export interface InjectedOutgoing {
  readonly family: Family;
  readonly message: ItsMessage;
  /**
   * An RSU (its index in scenario.rsus, which is also its station index), or a virtual station
   * at a local position: appended to the tick's station table for this tick only, with a
   * vehicle's radio parameters (it also receives during that tick).
   */
  readonly from: { readonly rsu: number } | { readonly x: number; readonly y: number; readonly stationId: number };
}

/** Where injected messages come from: drained once per tick, after the facilities (FIFO). */
export interface InjectionSource {
  drain(tick: number): readonly InjectedOutgoing[];
}

export class V2xRuntime {
  /** One emission per tick with everything transmitted and delivered in it. */
  readonly traffic$ = new Subject<TickTraffic>();
  readonly stations = new StationTable();
  readonly channel: RadioChannel;
  private readonly deliveries = new DeliveryBuffer(4096);
  private readonly outgoing: Outgoing[] = [];
  private txPower = new Float64Array(0);
  private gain = new Float64Array(0);
  private sensitivity = new Float64Array(0);
  private isRsu = new Uint8Array(0);
  readonly generated: Record<Family, number> = Object.fromEntries(FAMILIES.map((f) => [f, 0])) as Record<Family, number>;
  /** Messages injected from outside (rigs); none when unset. */
  injections: InjectionSource | undefined = undefined;

  constructor(
    readonly world: World,
    private readonly facilities: readonly Facility[],
  ) {
    const s = world.scenario;
    // Received power per packet is not used downstream yet: skip its shadowing draw (saves time,
    // changes no delivery).
    this.channel = new RadioChannel(s.v2x.channel, s.buildings, s.run.seed, { perPacketRssi: false });
  }

  /** Runs the V2X layer for the tick the world has just completed. */
  afterTick(events: readonly SimEvent[]): TickTraffic {
    const w = this.world;
    const st = this.stations;
    st.refresh(w, w.scenario.v2x.equipment);
    this.updateRadios();
    const ctx: FacilityContext = { world: w, stations: st, time: w.time, tick: w.tick, events };
    const out = this.outgoing;
    out.length = 0;
    for (const f of this.facilities) f.generate(ctx, out);
    if (this.injections) this.addInjected(this.injections.drain(w.tick), out);
    const transmissions: Transmission[] = [];
    const buf = this.deliveries;
    buf.reset();
    for (let k = 0; k < out.length; k++) {
      const o = out[k]!;
      const bytes = encodeItsMessage(o.message);
      this.generated[o.family]++;
      transmissions.push({
        tick: w.tick,
        time: w.time,
        family: o.family,
        senderStationId: st.stationId[o.sender]!,
        senderKind: st.kind[o.sender]!,
        x: st.x[o.sender]!,
        y: st.y[o.sender]!,
        message: o.message,
        bytes,
      });
      this.channel.transmit(o.sender, bytes.length, w.time, buf, k);
    }
    this.channel.endTick(w.time);
    const traffic: TickTraffic = { tick: w.tick, time: w.time, transmissions, deliveries: buf, stations: st };
    this.traffic$.next(traffic);
    return traffic;
  }

  /**
   * Appends injected messages to the tick's outgoing list: from their RSU's station, or from a
   * virtual station added at the end of the table (kind vehicle, ref and entity -1, no shuttle).
   */
  private addInjected(list: readonly InjectedOutgoing[], out: Outgoing[]): void {
    if (list.length === 0) return;
    const st = this.stations;
    const rsus = this.world.net.rsus.length;
    let added = false;
    for (const inj of list) {
      const from = inj.from;
      if ('rsu' in from) {
        if (!(Number.isInteger(from.rsu) && from.rsu >= 0 && from.rsu < rsus)) continue;
        out.push({ sender: from.rsu, family: inj.family, message: inj.message });
        continue;
      }
      const i = st.count;
      // StationTable.ensure is private; growing here keeps stations.ts untouched.
      (st as unknown as { ensure(n: number): void }).ensure(i + 1);
      st.stationId[i] = from.stationId;
      st.kind[i] = StationKind.vehicle;
      st.stationType[i] = 0;
      st.ref[i] = -1;
      st.entity[i] = -1;
      st.x[i] = from.x;
      st.y[i] = from.y;
      st.z[i] = 1.5;
      st.theta[i] = 0;
      st.speed[i] = 0;
      st.accel[i] = 0;
      st.length[i] = 0;
      st.width[i] = 0;
      st.shuttle[i] = -1;
      st.count = i + 1;
      added = true;
      out.push({ sender: i, family: inj.family, message: inj.message });
    }
    if (added) this.updateRadios();
  }

  /** Radio parameters per station: RSUs from the scenario, vehicles and pedestrians from the channel block. */
  private updateRadios(): void {
    const st = this.stations;
    const n = st.count;
    if (this.txPower.length < n) {
      const cap = Math.max(64, n * 2);
      this.txPower = new Float64Array(cap);
      this.gain = new Float64Array(cap);
      this.sensitivity = new Float64Array(cap);
      this.isRsu = new Uint8Array(cap);
    }
    const sc = this.world.scenario;
    const ch = sc.v2x.channel;
    for (let i = 0; i < n; i++) {
      if (st.kind[i] === StationKind.rsu) {
        const radio = sc.rsus[st.ref[i]!]!.radio;
        this.txPower[i] = radio.txPowerDbm;
        this.gain[i] = radio.antennaGainDbi;
        this.sensitivity[i] = radio.sensitivityDbm;
        this.isRsu[i] = 1;
      } else {
        this.txPower[i] = ch.vehicleTxPowerDbm;
        this.gain[i] = ch.vehicleAntennaGainDbi;
        this.sensitivity[i] = ch.sensitivityDbm;
        this.isRsu[i] = 0;
      }
    }
    this.channel.setStations({
      count: n,
      x: st.x,
      y: st.y,
      z: st.z,
      txPowerDbm: this.txPower,
      antennaGainDbi: this.gain,
      sensitivityDbm: this.sensitivity,
      isRsu: this.isRsu,
    });
  }
}
