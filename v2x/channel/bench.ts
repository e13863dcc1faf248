// Channel throughput bench: 10,000 equipped stations spread over a 45 km × 30 m corridor, ticks
// of 100 ms, every station sending one CAM per second (10,000 transmissions per simulated second,
// ~440 stations within the 1 km search range of each). Run: npx tsx v2x/channel/bench.ts
import { pathToFileURL } from 'node:url';
import { DeliveryBuffer, RadioChannel } from './channel.ts';
import type { BuildingInput } from './buildings.ts';
import { DEFAULT_CHANNEL_PARAMS, type ChannelParams } from './model.ts';
import { Rng } from '../../sim/rng.ts';

export interface ChannelBenchOptions {
  stations?: number;
  /** Corridor length and width, metres. */
  length?: number;
  width?: number;
  /** Simulated seconds (ticks of 0.1 s). */
  seconds?: number;
  /** CAMs per station per second. */
  camHz?: number;
  camBytes?: number;
  /** Blocks of buildings along both sides of the corridor (every 60 m, 40 × 20 m, 15 m high). */
  buildings?: boolean;
  params?: Partial<ChannelParams>;
  seed?: number;
}

export interface ChannelBenchResult {
  /** Transmissions handled per wall-clock second. */
  transmissionsPerSecond: number;
  /** (transmission, receiver within maxRange) pairs handled per wall-clock second. */
  pairsPerSecond: number;
  nsPerPair: number;
  /** Simulated seconds per wall-clock second for the channel alone (≥ 1: faster than real time). */
  realTimeFactor: number;
  transmissions: number;
  pairs: number;
  deliveriesPerTransmission: number;
  wallSeconds: number;
}

export function benchChannel(options: ChannelBenchOptions = {}): ChannelBenchResult {
  const n = options.stations ?? 10_000;
  const length = options.length ?? 45_000;
  const width = options.width ?? 30;
  const seconds = options.seconds ?? 3;
  const camHz = options.camHz ?? 1;
  const bytes = options.camBytes ?? 300;
  const dt = 0.1;
  const params: ChannelParams = { ...DEFAULT_CHANNEL_PARAMS, ...options.params };
  const buildings: BuildingInput[] = [];
  if (options.buildings) {
    for (let x = 0; x < length; x += 60) {
      buildings.push({ height: 15, footprint: [[x, width + 5], [x + 40, width + 5], [x + 40, width + 25], [x, width + 25]] });
      buildings.push({ height: 15, footprint: [[x, -25], [x + 40, -25], [x + 40, -5], [x, -5]] });
    }
  }
  const rng = new Rng(options.seed ?? 1);
  const channel = new RadioChannel(params, buildings, options.seed ?? 1);
  const st = {
    count: n,
    x: new Float64Array(n),
    y: new Float64Array(n),
    z: new Float64Array(n).fill(1.5),
    txPowerDbm: new Float64Array(n).fill(params.vehicleTxPowerDbm),
    antennaGainDbi: new Float64Array(n).fill(params.vehicleAntennaGainDbi),
    sensitivityDbm: new Float64Array(n).fill(params.sensitivityDbm),
    isRsu: new Uint8Array(n),
  };
  const speed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    st.x[i] = rng.uniform(0, length);
    st.y[i] = rng.uniform(0, width);
    speed[i] = (st.y[i]! < width / 2 ? 1 : -1) * rng.uniform(8, 30);
  }
  const out = new DeliveryBuffer(1 << 16);
  const ticks = Math.round(seconds / dt);
  const perTick = Math.round(n * camHz * dt);
  const run = (nTicks: number): void => {
    for (let k = 0; k < nTicks; k++) {
      const t = k * dt;
      for (let i = 0; i < n; i++) {
        let x = st.x[i]! + speed[i]! * dt;
        if (x < 0) x += length;
        else if (x >= length) x -= length;
        st.x[i] = x;
      }
      channel.setStations(st);
      out.reset();
      // Senders of this tick: a tenth of the stations (each one once per second), by index.
      const phase = k % Math.round(1 / (camHz * dt));
      for (let s = 0, sent = 0; s < n && sent < perTick; s++) {
        if (s % Math.round(1 / (camHz * dt)) !== phase) continue;
        channel.transmit(s, bytes, t, out);
        sent++;
      }
      channel.endTick(t + dt);
    }
  };
  run(3); // warm-up (JIT)
  const tx0 = channel.transmissions, pairs0 = channel.pairsExamined, del0 = channel.deliveries;
  const t0 = performance.now();
  run(ticks);
  const wall = (performance.now() - t0) / 1000;
  const transmissions = channel.transmissions - tx0;
  const pairs = channel.pairsExamined - pairs0;
  return {
    transmissionsPerSecond: transmissions / wall,
    pairsPerSecond: pairs / wall,
    nsPerPair: (wall * 1e9) / pairs,
    realTimeFactor: (ticks * dt) / wall,
    transmissions,
    pairs,
    deliveriesPerTransmission: (channel.deliveries - del0) / transmissions,
    wallSeconds: wall,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const fmt = (r: ChannelBenchResult) =>
    `${Math.round(r.transmissionsPerSecond).toLocaleString('en')} tx/s, ${(r.pairsPerSecond / 1e6).toFixed(1)} M pairs/s ` +
    `(${r.nsPerPair.toFixed(1)} ns/pair), ${r.realTimeFactor.toFixed(1)}x real time, ` +
    `${r.deliveriesPerTransmission.toFixed(1)} deliveries/tx, ${(r.pairs / r.transmissions).toFixed(0)} candidates/tx`;
  console.log('open corridor:       ', fmt(benchChannel()));
  console.log('with 1,500 buildings:', fmt(benchChannel({ buildings: true })));
}
