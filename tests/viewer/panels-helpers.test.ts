// The panels' pure helpers with real frames: the message log filters (family, station, newest
// first, row limit), the inspector's views of a vehicle, an RSU and a signal (with its time to
// phase end from the RSU's SPATEM in the log), and the sparkline layout.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../scenarios/load.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { createWorld } from '../../sim/create.ts';
import type { TickTraffic } from '../../v2x/runtime.ts';
import { V2xSession } from '../../v2x/session.ts';
import { ProtoFrameSource, decodeFrame, decodeSnapshot } from '../../v2x/live/frame-builder.ts';
import { LiveVehicleType } from '../../v2x/live/live-types.ts';
import { FAMILIES } from '../../v2x/families.ts';
import { FakePlayer } from '../../viewer/src/player/fake-player.ts';
import { FrameStore } from '../../viewer/src/store/frame-store.ts';
import { filterMessages, parseStationFilter } from '../../viewer/src/panels/message-filter.ts';
import { heardTiming, rsuView, signalView, vehicleView } from '../../viewer/src/panels/inspector-model.ts';
import { sparklineGeometry } from '../../viewer/src/panels/sparkline.ts';
import { stationLabel, stationName } from '../../viewer/src/format/entities.ts';

let scenario: Scenario;
beforeAll(async () => {
  scenario = (await loadScenarioFile('scenarios/examples/shuttle-line.yaml')).scenario;
});

/** A store fed `ticks` ticks of the scenario, one frame per 2 ticks; returns the session too. */
function run(ticks: number) {
  const session = new V2xSession(createWorld(scenario));
  const source = new ProtoFrameSource({ channel: session.runtime.channel });
  const last: { traffic?: TickTraffic } = {};
  session.runtime.traffic$.subscribe((t) => (last.traffic = t));
  const store = new FrameStore(() => 0);
  const player = new FakePlayer();
  player.start(store);
  player.emitSnapshot(decodeSnapshot(source.snapshot(session.world)));
  for (let k = 0; k < ticks; k++) {
    source.addTick(session.world, session.step(), last.traffic);
    if (k % 2 === 1) player.emitFrame(decodeFrame(source.flush(session.world)!));
  }
  return { session, store };
}

describe('message log filters', () => {
  it('keeps the newest messages of the chosen families and station, newest first, up to the limit', () => {
    const { store, session } = run(120);
    const all = store.log.all.toArray();
    expect(all.length).toBeGreaterThan(50);
    const spat = filterMessages(store.log.all, { families: new Set(['spatem']) }, 1000);
    expect(spat.length).toBe(all.filter((m) => m.family === 'spatem').length);
    expect(spat.every((m) => m.family === 'spatem')).toBe(true);
    for (let i = 1; i < spat.length; i++) expect(spat[i]!.seq).toBeLessThan(spat[i - 1]!.seq);
    // A station: what it sent or received.
    const rsu = store.snapshot!.rsus[0]!.stationId;
    const rows = filterMessages(store.log.all, { families: new Set(FAMILIES), station: rsu }, 1000);
    expect(rows.length).toBe(all.filter((m) => m.sender === rsu || m.receivers.includes(rsu)).length);
    expect(rows.some((m) => m.sender !== rsu)).toBe(true);
    // Limit: the newest ones.
    const five = filterMessages(store.log.all, { families: new Set(FAMILIES) }, 5);
    expect(five.map((m) => m.seq)).toEqual(all.slice(-5).reverse().map((m) => m.seq));
    expect(filterMessages(store.log.all, { families: new Set() }, 10)).toEqual([]);
    session.dispose();
  });

  it('reads the station box: blank = any, a number, or a clear error', () => {
    expect(parseStationFilter('  ')).toEqual({});
    expect(parseStationFilter(' 1001 ')).toEqual({ station: 1001 });
    expect(parseStationFilter('abc').error).toMatch(/not a station id/);
    expect(parseStationFilter('-3').error).toMatch(/not a station id/);
  });
});

describe('inspector views', () => {
  it('shows a shuttle with its line, next stop, doors, lane and link, and a car without V2X as such', () => {
    const { store, session } = run(300);
    const f = store.cur!;
    const k = f.vehicles.types.findIndex((t) => t === LiveVehicleType.VEHICLE_TYPE_SHUTTLE);
    expect(k).toBeGreaterThanOrEqual(0);
    const id = f.vehicles.ids[k]!;
    const v = vehicleView(store.snapshot!, f, id)!;
    expect(v.type).toBe('shuttle');
    expect(v.stationId).toBe(100_000 + id);
    expect(v.speedKmh).toBeCloseTo(f.vehicles.speed[k]! * 3.6, 4);
    expect(v.linkKey).toBe(store.snapshot!.lanes[f.vehicles.laneIds[k]!]!.linkKey);
    expect(v.shuttle?.line).toBe(store.snapshot!.shuttleLines[0]!.name);
    expect(v.shuttle?.nextStop.length).toBeGreaterThan(0);
    expect(Math.abs(v.place.lat - scenario.origin.lat)).toBeLessThan(0.05);
    expect(v.headingDeg).toBeGreaterThanOrEqual(0);
    expect(v.headingDeg).toBeLessThan(360);
    expect(vehicleView(store.snapshot!, f, 987654321)).toBeUndefined();
    // A vehicle without a V2X unit has station id 0, shown as "not equipped".
    const bare = f.vehicles.stationIds.findIndex((s) => s === 0);
    expect(bare).toBeGreaterThanOrEqual(0);
    expect(vehicleView(store.snapshot!, f, f.vehicles.ids[bare]!)!.stationId).toBe(0);
    expect(stationLabel(0)).toBe('not equipped');
    expect(stationLabel(100_042)).toBe('100042');
    session.dispose();
  });

  it('shows an RSU with its served intersections, sensors and channel busy ratio', () => {
    const { store, session } = run(40);
    const r = rsuView(store.snapshot!, store.cur, 0)!;
    expect(r.stationId).toBeGreaterThanOrEqual(1001);
    expect(r.serves.length).toBeGreaterThan(0);
    expect(r.sensors.length).toBeGreaterThan(0);
    expect(r.busyRatio).toBe(store.cur!.rsuBusyRatios[0]);
    expect(rsuView(store.snapshot!, store.cur, 99)).toBeUndefined();
    // Senders by name: the RSU's, else by Corridor's station numbering.
    const rsu = store.snapshot!.rsus[0]!;
    expect(stationName(store.snapshot, rsu.stationId)).toBe(rsu.name || rsu.key);
    expect(stationName(store.snapshot, 100_042)).toBe('vehicle 42');
    expect(stationName(store.snapshot, 5_000_007)).toBe('pedestrian 7');
    session.dispose();
  });

  it("gives a signal's state and its time to phase end from the serving RSU's latest SPATEM", () => {
    const { store, session } = run(200);
    const snap = store.snapshot!;
    const group = snap.controllers[0]!.groups[0]!;
    const s = signalView(snap, store.cur, 0, group)!;
    expect(s.controllerKey).toBe(snap.controllers[0]!.key);
    expect(s.rsus.map((r) => r.key)).toEqual(snap.rsus.filter((r) => r.serves.includes(s.controllerKey)).map((r) => r.key));
    const heard = heardTiming(store.log, s, snap.scenario.tickSeconds)!;
    expect(heard).toBeDefined();
    expect(heard.message.family).toBe('spatem');
    expect(heard.message.sender).toBe(s.rsus[0]!.stationId);
    // The latest one: sent within the last frame or two.
    expect(store.cur!.simTime - heard.sentAt).toBeLessThanOrEqual(2 * snap.scenario.tickSeconds + 1e-9);
    expect(heard.phases[0]!.endsIn).toBeGreaterThanOrEqual(0);
    const words: Record<string, string> = { red: 'stop and remain', green: 'protected movement allowed' };
    if (words[s.state]) expect(heard.phases[0]!.state).toBe(words[s.state]);
    session.dispose();
  });
});

describe('sparklines', () => {
  it('maps values into the box, oldest left, and breaks the line at gaps', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(Number.NaN)), { maxLength: 300 }), (values) => {
        const g = sparklineGeometry(values, 200, 40, {}, 2);
        const points = g.runs.reduce((n, r) => n + r.length / 2, 0);
        expect(points).toBe(values.filter((v) => !Number.isNaN(v)).length);
        const gaps = values.filter((v, i) => !Number.isNaN(v) && (i === 0 || Number.isNaN(values[i - 1]!))).length;
        expect(g.runs.length).toBe(gaps);
        for (const r of g.runs) {
          for (let i = 0; i < r.length; i += 2) {
            expect(r[i]).toBeGreaterThanOrEqual(0);
            expect(r[i]).toBeLessThanOrEqual(200 + 1e-9);
            expect(r[i + 1]).toBeGreaterThanOrEqual(2 - 1e-9);
            expect(r[i + 1]).toBeLessThanOrEqual(38 + 1e-9);
          }
        }
      }),
    );
    // Higher values are drawn higher (smaller y); a fixed axis clamps.
    const g = sparklineGeometry([0, 50, 100, 150], 30, 40, { min: 0, max: 100 }, 0);
    expect(g.runs[0]).toEqual([0, 40, 10, 20, 20, 0, 30, 0]);
  });
});
