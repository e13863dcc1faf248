// The protobuf frames of the live stream (v2x/live/frame-builder.ts): the snapshot's network and
// MAP data, vehicle state against the simulation's own poses, V2X bytes that decode as
// ItsMessage, coalescing of several ticks into one frame, the family filter, and the size.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../scenarios/load.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { createWorld } from '../../sim/create.ts';
import { vehiclePose } from '../../sim/pose.ts';
import type { Pose } from '../../sim/polyline.ts';
import { decodeItsMessage } from '../../v2x/codec.ts';
import { FAMILIES } from '../../v2x/families.ts';
import type { TickTraffic } from '../../v2x/runtime.ts';
import { V2xSession } from '../../v2x/session.ts';
import { ProtoFrameSource, decodeFrame, decodeSnapshot } from '../../v2x/live/frame-builder.ts';
import { expectedPdr, vehicleRadio } from '../../v2x/channel/model.ts';
import { MessageFamily, familyOfMessageFamily, messageFamilyOf, type LiveFrame } from '../../v2x/live/live-types.ts';

let scenario: Scenario;
beforeAll(async () => {
  scenario = (await loadScenarioFile('scenarios/examples/single-intersection.yaml')).scenario;
});

/** A session whose every tick's traffic is fed to the given sources. */
function run(sources: ProtoFrameSource[], sc: Scenario = scenario): { session: V2xSession; tick: () => TickTraffic } {
  const session = new V2xSession(createWorld(sc));
  let last: TickTraffic | undefined;
  session.runtime.traffic$.subscribe((t) => (last = t));
  const tick = () => {
    const events = session.step();
    const traffic = last!;
    for (const s of sources) s.addTick(session.world, events, traffic);
    return traffic;
  };
  return { session, tick };
}

/** Every alive vehicle's id and pose, in slot order (the frame's order). */
function expectVehiclesMatch(frame: LiveFrame, session: V2xSession): void {
  const w = session.world;
  const V = w.vehicles;
  const pose: Pose = { x: 0, y: 0, theta: 0 };
  expect(frame.vehicles.ids.length).toBe(V.count);
  for (const key of ['types', 'x', 'y', 'heading', 'speed', 'accel', 'laneIds', 'stationIds'] as const) {
    expect(frame.vehicles[key].length).toBe(V.count);
  }
  let k = 0;
  for (let i = 0; i < V.top; i++) {
    if (!V.alive[i]) continue;
    vehiclePose(w, i, pose);
    expect(frame.vehicles.ids[k]).toBe(V.id[i]);
    expect(frame.vehicles.types[k]).toBe(V.type[i]);
    expect(frame.vehicles.x[k]).toBe(Math.fround(pose.x));
    expect(frame.vehicles.y[k]).toBe(Math.fround(pose.y));
    expect(frame.vehicles.heading[k]).toBe(Math.fround(pose.theta));
    expect(frame.vehicles.speed[k]).toBe(Math.fround(V.v[i]!));
    expect(frame.vehicles.laneIds[k]).toBe(V.lane[i]);
    k++;
  }
}

describe('snapshot', () => {
  it('carries the network, RSUs, MAP data and the current state', () => {
    const { session, tick } = run([]);
    for (let i = 0; i < 50; i++) tick();
    const w = session.world;
    const snap = decodeSnapshot(new ProtoFrameSource().snapshot(w));
    expect(snap.scenario.name).toBe(scenario.name);
    expect(snap.scenario.tickSeconds).toBe(scenario.run.tick);
    expect(snap.scenario.seed).toBe(scenario.run.seed);
    expect(snap.lanes).toHaveLength(w.net.lanes.length);
    expect(snap.links).toHaveLength(w.net.links.length);
    expect(snap.nodes).toHaveLength(w.net.nodes.length);
    expect(snap.controllers).toHaveLength(w.net.controllers.length);
    expect(snap.signalGroups).toHaveLength(w.net.groups.length);
    expect(snap.crosswalks).toHaveLength(w.net.crosswalks.length);
    expect(snap.rsus).toHaveLength(w.net.rsus.length);
    expect(snap.rsus.length).toBeGreaterThan(0);
    expect(snap.rsus[0]!.serves.length).toBeGreaterThan(0);
    expect(snap.signalHeads.length).toBeGreaterThan(0);
    for (const l of snap.lanes) {
      const lane = w.net.lanes[l.id]!;
      expect(l.xs).toHaveLength(lane.shape.xs.length);
      expect(l.ys[l.ys.length - 1]).toBe(Math.fround(lane.shape.ys[lane.shape.ys.length - 1]!));
    }
    // One MAPEM per RSU serving controllers, decoding as an ItsMessage with intersections.
    expect(snap.mapems.length).toBeGreaterThan(0);
    for (const bytes of snap.mapems) {
      const msg = decodeItsMessage(bytes);
      expect(msg.mapem?.intersections?.length).toBeGreaterThan(0);
      expect(snap.rsus.map((r) => r.stationId)).toContain(msg.header!.stationId);
    }
    // The full current state, without V2X traffic.
    expect(snap.state.firstTick).toBe(w.tick);
    expect(snap.state.lastTick).toBe(w.tick);
    expect(snap.state.signalStates).toEqual([...w.groupState]);
    expect(snap.state.transmissions).toEqual([]);
    expectVehiclesMatch(snap.state, session);
  });
});

describe('frames', () => {
  it('decode to the world state, with station ids and V2X bytes that decode as ItsMessage', () => {
    const src = new ProtoFrameSource();
    const { session, tick } = run([src]);
    for (let i = 0; i < 100; i++) {
      tick();
      if (i < 99) src.flush(session.world);
    }
    const traffic = tick();
    // Two ticks pending now: flush and compare with the world.
    void traffic;
    const f = decodeFrame(src.flush(session.world)!);
    expect(session.world.vehicles.count).toBeGreaterThan(0);
    expectVehiclesMatch(f, session);
    expect(f.lastTick).toBe(session.world.tick);
    expect(f.firstTick).toBe(session.world.tick - 1);
    expect(f.simTime).toBeCloseTo(session.world.time, 9);
    // Station ids: the equipped vehicles of this tick.
    const st = session.runtime.stations;
    const equipped = new Set<number>();
    for (let i = 0; i < st.count; i++) if (st.kind[i] === 1) equipped.add(st.stationId[i]!);
    expect(f.vehicles.stationIds.filter((s) => s !== 0).sort()).toEqual([...equipped].sort());
    expect(f.transmissions.length).toBeGreaterThan(0);
    for (const t of f.transmissions) {
      const msg = decodeItsMessage(t.message);
      expect(msg.header!.stationId).toBe(t.senderStationId);
      const family = familyOfMessageFamily(t.family)!;
      expect(msg[family]).toBeTruthy();
    }
    const d = f.deliveries;
    expect(d.transmissions.length).toBeGreaterThan(0);
    expect(d.receiverStationIds).toHaveLength(d.transmissions.length);
    for (const k of d.transmissions) expect(k).toBeLessThan(f.transmissions.length);
    expect(f.signalStates).toEqual([...session.world.groupState]);
    expect(f.counters.enteredByType).toEqual(session.world.counters.enteredByType);
    expect(src.flush(session.world)).toBeNull();
  });

  it('coalesces 5 ticks into one frame covering [a, a+4] with all their transmissions and deliveries', () => {
    const src = new ProtoFrameSource();
    const { session, tick } = run([src]);
    for (let i = 0; i < 30; i++) tick();
    src.flush(session.world);
    const a = session.world.tick + 1;
    const sent: { tick: number; bytes: Uint8Array }[] = [];
    let delivered = 0;
    for (let i = 0; i < 5; i++) {
      const t = tick();
      for (const x of t.transmissions) sent.push({ tick: x.tick, bytes: x.bytes });
      delivered += t.deliveries.count;
    }
    const f = decodeFrame(src.flush(session.world)!);
    expect(f.firstTick).toBe(a);
    expect(f.lastTick).toBe(a + 4);
    expect(new Set(sent.map((s) => s.tick)).size).toBeGreaterThan(1);
    expect(f.transmissions.map((t) => t.tick)).toEqual(sent.map((s) => s.tick));
    expect(f.transmissions.map((t) => [...t.message])).toEqual(sent.map((s) => [...s.bytes]));
    expect(f.deliveries.transmissions).toHaveLength(delivered);
    expectVehiclesMatch(f, session);
  });

  it('filters by family and leaves V2X out on request', () => {
    const all = new ProtoFrameSource();
    const camOnly = new ProtoFrameSource({ families: ['cam'] });
    const spatOnly = new ProtoFrameSource({ families: ['spatem', 'mapem'], includeDeliveries: false });
    const none = new ProtoFrameSource({ includeV2x: false });
    const { session, tick } = run([all, camOnly, spatOnly, none]);
    for (let i = 0; i < 20; i++) tick();
    const [fa, fc, fs, fn] = [all, camOnly, spatOnly, none].map((s) => decodeFrame(s.flush(session.world)!)) as [LiveFrame, LiveFrame, LiveFrame, LiveFrame];
    const count = (f: LiveFrame, fam: number) => f.transmissions.filter((t) => t.family === fam).length;
    expect(count(fa, MessageFamily.MESSAGE_FAMILY_CAM)).toBeGreaterThan(0);
    expect(count(fa, MessageFamily.MESSAGE_FAMILY_SPATEM)).toBeGreaterThan(0);
    expect(fc.transmissions.length).toBe(count(fa, MessageFamily.MESSAGE_FAMILY_CAM));
    expect(fc.transmissions.every((t) => t.family === messageFamilyOf('cam'))).toBe(true);
    // Deliveries follow their transmissions, re-indexed into the filtered list.
    const camDeliveries = fa.deliveries.transmissions.filter((k) => fa.transmissions[k]!.family === MessageFamily.MESSAGE_FAMILY_CAM).length;
    expect(fc.deliveries.transmissions).toHaveLength(camDeliveries);
    for (const k of fc.deliveries.transmissions) expect(k).toBeLessThan(fc.transmissions.length);
    expect(fs.transmissions.length).toBe(count(fa, MessageFamily.MESSAGE_FAMILY_SPATEM) + count(fa, MessageFamily.MESSAGE_FAMILY_MAPEM));
    expect(fs.deliveries.transmissions).toEqual([]);
    expect(fn.transmissions).toEqual([]);
    expect(fn.deliveries.transmissions).toEqual([]);
    expect(fn.vehicles.ids).toEqual(fa.vehicles.ids);
    expect(FAMILIES.map((f) => familyOfMessageFamily(messageFamilyOf(f)))).toEqual([...FAMILIES]);
  });

  it('is small without V2X: under 60 bytes per vehicle', async () => {
    const bench = (await loadScenarioFile('scenarios/bench/bench-100.yaml')).scenario;
    const src = new ProtoFrameSource({ includeV2x: false });
    const { session, tick } = run([src], bench);
    for (let i = 0; i < 300; i++) {
      tick();
      src.flush(session.world);
    }
    tick();
    const bytes = src.flush(session.world)!;
    const n = session.world.vehicles.count;
    expect(n).toBeGreaterThan(50);
    expect(bytes.length / n).toBeLessThan(60);
    expect(decodeFrame(bytes).vehicles.ids).toHaveLength(n);
  });
});

describe('RSU coverage radius', () => {
  it('is where the channel model expects a 90 % delivery ratio in line of sight', () => {
    const snap = decodeSnapshot(new ProtoFrameSource({}).snapshot(createWorld(scenario)));
    const params = scenario.v2x.channel;
    const rx = vehicleRadio(params);
    expect(snap.rsus.length).toBe(scenario.rsus.length);
    snap.rsus.forEach((r, k) => {
      const tx = scenario.rsus[k]!.radio;
      expect(r.coverageRadius).toBeGreaterThan(20);
      expect(expectedPdr(r.coverageRadius - 1, params, tx, rx)).toBeGreaterThanOrEqual(0.9);
      expect(expectedPdr(r.coverageRadius + 1, params, tx, rx)).toBeLessThan(0.9);
    });
  });
});

describe('shuttle line route', () => {
  it('lists the links of the round trip in driving order, each starting where the previous ends', async () => {
    const line = (await loadScenarioFile('scenarios/examples/shuttle-line.yaml')).scenario;
    const snap = decodeSnapshot(new ProtoFrameSource({}).snapshot(createWorld(line)));
    expect(snap.shuttleLines.length).toBeGreaterThan(0);
    for (const l of snap.shuttleLines) {
      const links = l.routeLinks.map((i) => snap.links[i]!);
      expect(links.length).toBeGreaterThan(1);
      links.forEach((k, i) => expect(links[(i + 1) % links.length]!.from).toBe(k.to));
      // Every stop of the line lies on a link of its route.
      const onRoute = new Set(l.routeLinks.flatMap((i) => snap.links[i]!.laneIds));
      for (const s of snap.shuttleStops.filter((s) => snap.shuttleLines[s.line] === l)) expect(onRoute.has(s.laneId)).toBe(true);
    }
  });
});
