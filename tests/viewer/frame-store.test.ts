// The viewer's frame store without React or a browser: real snapshots and frames from the live
// frame builder (encoded and decoded like on the wire) go through a fake player into the store,
// and what the scene and panels read from it is checked: counts, interpolation, the message log
// and station histories, hazard zones from a DENM, KPI samples, resets on a new snapshot.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../scenarios/load.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { createWorld } from '../../sim/create.ts';
import { encodeItsMessage, itsMessageFromJson } from '../../v2x/codec.ts';
import type { TickTraffic } from '../../v2x/runtime.ts';
import { V2xSession } from '../../v2x/session.ts';
import { ProtoFrameSource, decodeFrame, decodeSnapshot } from '../../v2x/live/frame-builder.ts';
import { MessageFamily, type LiveFrame } from '../../v2x/live/live-types.ts';
import { FakePlayer } from '../../viewer/src/player/fake-player.ts';
import { FrameStore } from '../../viewer/src/store/frame-store.ts';

let scenario: Scenario;
beforeAll(async () => {
  scenario = (await loadScenarioFile('scenarios/examples/shuttle-line.yaml')).scenario;
});

/** A session, its frame source (all families) and a clock the store reads. */
function setup() {
  const session = new V2xSession(createWorld(scenario));
  const source = new ProtoFrameSource({ channel: session.runtime.channel });
  let traffic: TickTraffic | undefined;
  session.runtime.traffic$.subscribe((t) => (traffic = t));
  const clock = { now: 0 };
  const store = new FrameStore(() => clock.now);
  const player = new FakePlayer();
  player.start(store);
  player.emitSnapshot(decodeSnapshot(source.snapshot(session.world)));
  /** Simulates n ticks and delivers them as one frame at render time `at`. */
  const frame = (n: number, at: number): LiveFrame => {
    for (let i = 0; i < n; i++) source.addTick(session.world, session.step(), traffic);
    const f = decodeFrame(source.flush(session.world)!);
    clock.now = at;
    player.emitFrame(f);
    return f;
  };
  return { session, store, player, clock, frame };
}

describe('frame store', () => {
  it('holds the current frame: vehicle count and sim time as the server sent them', () => {
    const { store, frame, session } = setup();
    let f = frame(1, 0);
    for (let k = 0; k < 300; k++) f = frame(1, k * 100);
    expect(f.vehicles.ids.length).toBeGreaterThan(0);
    expect(store.cur?.vehicles.ids.length).toBe(session.world.vehicles.count);
    expect(store.cur?.simTime).toBeCloseTo(session.world.time, 6);
    expect(store.vehiclePoses(30_000).count).toBe(f.vehicles.ids.length);
  });

  it('interpolates each vehicle between the last two frames by the render clock', () => {
    const { store, frame } = setup();
    for (let k = 0; k < 200; k++) frame(1, k * 100);
    const prev = frame(2, 20_000);
    const cur = frame(2, 20_100);
    const mid = store.vehiclePoses(20_150);
    let moving = 0;
    for (let k = 0; k < mid.count; k++) {
      const id = mid.ids[k]!;
      const j = prev.vehicles.ids.indexOf(id);
      const i = cur.vehicles.ids.indexOf(id);
      expect(i).toBe(k);
      if (j < 0) {
        // New in this frame: drawn where it is.
        expect(mid.x[k]).toBeCloseTo(cur.vehicles.x[i]!, 4);
        continue;
      }
      expect(mid.x[k]).toBeCloseTo((prev.vehicles.x[j]! + cur.vehicles.x[i]!) / 2, 3);
      expect(mid.y[k]).toBeCloseTo((prev.vehicles.y[j]! + cur.vehicles.y[i]!) / 2, 3);
      if (cur.vehicles.x[i] !== prev.vehicles.x[j]) moving++;
    }
    expect(moving).toBeGreaterThan(0);
    // Past the frame interval the poses are the current frame's.
    const late = store.vehiclePoses(21_000);
    for (let k = 0; k < late.count; k++) expect(late.x[k]).toBe(cur.vehicles.x[k]);
  });

  it('logs every transmission with its receivers, and per station what it sent and received', () => {
    const { store, frame } = setup();
    let sent = 0;
    let delivered = 0;
    for (let k = 0; k < 100; k++) {
      const f = frame(1, k * 100);
      sent += f.transmissions.length;
      delivered += f.deliveries.transmissions.length;
    }
    expect(sent).toBeGreaterThan(0);
    expect(store.log.all.length).toBe(Math.min(sent, store.log.all.capacity));
    const all = store.log.all.toArray();
    expect(all.reduce((s, m) => s + m.receivers.length, 0)).toBe(delivered);
    const last = all.at(-1)!;
    expect(store.log.station(last.sender)?.sent.last()).toBe(last);
    const withRx = [...all].reverse().find((m) => m.receivers.length > 0)!;
    expect(store.log.station(withRx.receivers[0]!)?.received.toArray()).toContain(withRx);
    expect(store.radio.length).toBeGreaterThan(0);
    // Per family, the last messages of each sender stay reachable whatever the other families send.
    const lastSpatem = [...all].reverse().find((m) => m.family === 'spatem');
    if (lastSpatem) expect(store.log.station(lastSpatem.sender)?.sentByFamily.get('spatem')?.last()).toBe(lastSpatem);
    const lastMapem = [...all].reverse().find((m) => m.family === 'mapem')!;
    expect(store.log.station(lastMapem.sender)?.sentByFamily.get('mapem')?.last()).toBe(lastMapem);
  });

  it('samples the KPIs once per simulated second', () => {
    const { store, frame } = setup();
    for (let k = 0; k < 100; k++) frame(1, k * 100);
    const samples = store.kpis.samples.toArray();
    const t = store.cur!.simTime;
    expect(samples.length).toBe(Math.floor(t) - Math.floor(store.snapshot!.state.simTime));
    expect(samples.map((s) => s.simTime)).toEqual([...samples.keys()].map((i) => samples[0]!.simTime + i));
  });

  it('draws a DENM relevance area while it is valid and drops it on cancellation', () => {
    const { store, frame, player } = setup();
    const base = frame(1, 0);
    const json = JSON.parse(readFileSync('scenarios/messages/obstacle-denm.json', 'utf8')) as Record<string, unknown>;
    const denm = itsMessageFromJson(json);
    const withDenm = (msg: typeof denm, tick: number): LiveFrame => ({
      ...base,
      firstTick: tick,
      lastTick: tick,
      simTime: base.simTime + (tick - base.lastTick) * 0.1,
      transmissions: [{ family: MessageFamily.MESSAGE_FAMILY_DENM, senderStationId: 1002, x: 0, y: 0, tick, message: encodeItsMessage(msg) }],
      deliveries: { transmissions: [], receiverStationIds: [], latencyMs: [], distances: [] },
    });
    const denms = () => [...store.hazards.zones.values()].filter((z) => z.kind === 'denm');
    expect(denms()).toHaveLength(0);
    player.emitFrame(withDenm(denm, base.lastTick + 1));
    expect(denms()).toHaveLength(1);
    const zone = denms()[0]!;
    expect(zone.key).toBe('denm:1002:901');
    expect(zone.radius).toBe(500);
    const cancelled = itsMessageFromJson({ ...json, denm: { ...(json.denm as object), management: { ...((json.denm as { management: object }).management), termination: 'TERMINATION_IS_CANCELLATION' } } });
    player.emitFrame(withDenm(cancelled, base.lastTick + 2));
    expect(denms()).toHaveLength(0);
  });

  it('draws IVIM zones on the lanes they apply to', () => {
    const { store, frame } = setup();
    for (let k = 0; k < 30; k++) frame(1, k * 100);
    const ivims = [...store.hazards.zones.values()].filter((z) => z.kind === 'ivim');
    expect(ivims.length).toBeGreaterThan(0);
    const lanes = store.snapshot!.lanes;
    const distanceToLanes = (x: number, y: number) => {
      let best = Infinity;
      for (const l of lanes) {
        for (let k = 0; k + 1 < l.xs.length; k++) {
          const ax = l.xs[k]!, ay = l.ys[k]!, dx = l.xs[k + 1]! - ax, dy = l.ys[k + 1]! - ay;
          const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
          best = Math.min(best, Math.hypot(ax + dx * t - x, ay + dy * t - y));
        }
      }
      return best;
    };
    for (const z of ivims) {
      for (const line of z.lines) {
        // Points along every segment, not only its ends: a zone drawn from a wrong origin cuts across.
        for (let i = 0; i + 3 < line.length; i += 2) {
          for (let f = 0; f <= 1; f += 0.125) {
            const x = line[i]! + (line[i + 2]! - line[i]!) * f;
            const y = line[i + 1]! + (line[i + 3]! - line[i + 1]!) * f;
            expect(distanceToLanes(x, y)).toBeLessThan(1);
          }
        }
      }
    }
  });

  it('a new snapshot (restart, seek, reconnect) resets what was derived from the old stream', () => {
    const { store, frame, player, session } = setup();
    for (let k = 0; k < 50; k++) frame(1, k * 100);
    store.select({ kind: 'vehicle', id: 999_999 });
    expect(store.log.all.length).toBeGreaterThan(0);
    const before = store.snapshotVersion;
    player.emitSnapshot(decodeSnapshot(new ProtoFrameSource({}).snapshot(createWorld(scenario))));
    expect(store.snapshotVersion).toBe(before + 1);
    expect(store.log.all.length).toBe(0);
    expect(store.kpis.samples.length).toBe(0);
    expect(store.selection).toBeNull();
    expect(store.cur?.lastTick).toBe(0);
    void session;
  });

  it('ignores frames that arrive before any snapshot', () => {
    const store = new FrameStore(() => 0);
    const { frame } = setup();
    store.onFrame(frame(1, 0));
    expect(store.cur).toBeNull();
  });
});
