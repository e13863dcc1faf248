// Records scenarios in memory for the recording tests.
import { loadScenarioFile } from '../../scenarios/load.ts';
import { createWorld } from '../../sim/create.ts';
import { step } from '../../sim/step.ts';
import { V2xSession } from '../../v2x/session.ts';
import type { TickTraffic } from '../../v2x/runtime.ts';
import { Recorder } from '../../v2x/record/recorder.ts';
import { MemorySink } from '../../v2x/record/memory-sink.ts';
import { ProtoFrameSource } from '../../v2x/live/frame-builder.ts';
import type { Family } from '../../v2x/families.ts';

export const SMALL = 'scenarios/examples/shuttle-line.yaml';

export interface Recorded {
  bytes: Uint8Array;
  ticks: number;
  /** Transmissions per family, as the runtime emitted them. */
  sent: Map<Family, number>;
  deliveries: number;
  ticksWithDeliveries: number;
  /** Sim time after each tick. */
  times: number[];
  /** Vehicles on the network after each tick. */
  vehicles: number[];
  /** The frame a live server would have sent after each tick (one tick per frame). */
  liveFrames: Uint8Array[];
}

/** Runs `file` headless for `seconds` with a recorder, in memory. */
export async function recordInMemory(file: string, overrides: readonly string[], seconds: number, chunkBytes?: number, foxglove = false): Promise<Recorded> {
  const { scenario, text } = await loadScenarioFile(file, [...overrides]);
  const world = createWorld(scenario);
  const session = scenario.v2x.enabled ? new V2xSession(world) : undefined;
  // Filled by the runtime during session.step().
  const last: { traffic?: TickTraffic | undefined } = {};
  session?.runtime.traffic$.subscribe((t) => (last.traffic = t));
  const sink = new MemorySink();
  const recorder = new Recorder({ sink, scenarioText: text, scenarioFile: file, overrides, projectVersion: '0.1.0-test', source: 'headless', foxglove, ...(chunkBytes ? { chunkBytes } : {}) });
  recorder.start(world, session);
  const live = new ProtoFrameSource(session ? { channel: session.runtime.channel } : {});
  const liveFrames: Uint8Array[] = [];
  const sent = new Map<Family, number>();
  let deliveries = 0;
  let ticksWithDeliveries = 0;
  const times: number[] = [];
  const vehicles: number[] = [];
  const ticks = Math.round(seconds / world.dt);
  for (let k = 0; k < ticks; k++) {
    last.traffic = undefined;
    const events = session ? session.step() : step(world);
    const traffic = last.traffic as TickTraffic | undefined;
    for (const t of traffic?.transmissions ?? []) sent.set(t.family, (sent.get(t.family) ?? 0) + 1);
    deliveries += traffic?.deliveries.count ?? 0;
    if ((traffic?.deliveries.count ?? 0) > 0) ticksWithDeliveries++;
    recorder.tick(world, events, traffic);
    live.addTick(world, events, traffic);
    liveFrames.push(live.flush(world)!);
    times.push(world.time);
    vehicles.push(world.vehicles.count);
  }
  recorder.close();
  return { bytes: sink.bytes(), ticks, sent, deliveries, ticksWithDeliveries, times, vehicles, liveFrames };
}
