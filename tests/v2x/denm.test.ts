// DENM facility: the originating lifecycle of timeline events (new, repetition, update,
// cancellation, expiry) sent by the RSU in range, and hazards a shuttle detects itself.
import { describe, expect, it } from 'vitest';
import { corridorScenario, laneOf, makeWorld, shuttleLine as line } from '../sim/helpers.ts';
import { runFacility, type Sent } from './harness.ts';
import { makeGeo } from '../../sim/geo.ts';
import { poseAt } from '../../sim/polyline.ts';
import type { World } from '../../sim/world.ts';
import { vehicleStationId } from '../../v2x/stations.ts';
import type { Facility, Outgoing } from '../../v2x/runtime.ts';
import { StationType, Termination, TrafficDirection } from '../../v2x/message-types.ts';
import { fromEtsiLatitude, fromEtsiLongitude, timestampIts } from '../../v2x/units.ts';
import { DenmFacility, causeOf, etsiLanePosition, upstreamPoints } from '../../v2x/facilities/denm.ts';
import { rsuInRange, rsusInRange } from '../../v2x/facilities/rsu-coverage.ts';

const run = (w: World, f: Facility, seconds: number, sent: Sent[] = [], each?: (out: Outgoing[]) => void): Sent[] =>
  runFacility(w, f, 'denm', seconds, sent, each);

const mgmt = (s: Sent) => s.message.denm!.management!;
const isTermination = (s: Sent) => mgmt(s).termination !== undefined && mgmt(s).termination !== null;


describe('rsu coverage', () => {
  it('picks the nearest RSU within range, ties by index, none beyond range', () => {
    const w = makeWorld(
      corridorScenario(2000, {
        rsus: [
          { id: 'a', position: [400, 20] },
          { id: 'b', position: [600, 20] },
          { id: 'c', position: [1850, 0] },
        ],
      }),
    );
    expect(rsuInRange(w.net, 450, 0)).toBe(0);
    expect(rsuInRange(w.net, 500, 0)).toBe(0); // equidistant from a and b: lowest index
    expect(rsuInRange(w.net, 560, 0)).toBe(1);
    expect(rsuInRange(w.net, 1200, 0)).toBe(-1); // 600 m from b, 650 m from c
    expect(rsuInRange(w.net, 1200, 0, 700)).toBe(1);
    expect(rsusInRange(w.net, 500, 0)).toEqual([0, 1]);
  });
});

describe('DENM of a timeline obstacle sent by the RSU in range', () => {
  const scenario = () =>
    corridorScenario(1000, {
      rsus: [{ id: 'r1', position: [400, 20] }],
      timeline: [{ type: 'obstacle', id: 'box', at: 420, direction: 'forward', lane: 0, length: 3, start: 60, end: 200 }],
    });

  it('new at the start, repeated every second with the same referenceTime, cancelled at the end, then silent', () => {
    const w = makeWorld(scenario());
    const f = new DenmFacility();
    const sent = run(w, f, 230);
    expect(sent.length).toBeGreaterThan(100);
    const first = sent[0]!;
    expect(first.time).toBeGreaterThanOrEqual(60);
    expect(first.time).toBeLessThanOrEqual(60 + 2 * w.dt + 1e-9);
    expect(first.sender).toBe(0);
    expect(first.stationId).toBe(1001);
    const m0 = mgmt(first);
    expect(m0.actionId).toEqual({ originatingStationId: 1001, sequenceNumber: 0 });
    expect(m0.stationType).toBe(StationType.STATION_TYPE_ROAD_SIDE_UNIT);
    expect(m0.trafficDirection).toBe(TrafficDirection.TRAFFIC_DIRECTION_SAME_AS_REFERENCE_DIRECTION_UPSTREAM_OF_REFERENCE_POSITION);
    expect(m0.transmissionInterval).toBe(1000);
    expect(m0.referenceTime).toBe(timestampIts(first.time, w.scenario.run.startTime));
    expect(m0.detectionTime).toBe(m0.referenceTime);
    // Validity: the remaining duration of the event (plus 1 s), not the 600 s default.
    expect(m0.validityDuration).toBeGreaterThanOrEqual(140);
    expect(m0.validityDuration).toBeLessThanOrEqual(142);
    expect(first.message.denm!.situation!.eventType).toEqual({ causeCode: 10, subCauseCode: 4 });
    expect(first.message.denm!.location!.detectionZonesToEventPosition!.length).toBe(1);
    expect(first.message.denm!.location!.detectionZonesToEventPosition![0]!.items!.length).toBeGreaterThanOrEqual(3);
    expect(first.message.denm!.alacarte!.lanePosition).toBe(1);
    // Event position: the lane centre at the obstacle's upstream edge.
    const geo = makeGeo(w.scenario.origin);
    const p = geo.toLocal(fromEtsiLatitude(m0.eventPosition!.latitude!)!, fromEtsiLongitude(m0.eventPosition!.longitude!)!);
    const rt = w.timeline[0]!;
    const pose = poseAt(w.net.lanes[rt.lane]!.shape, rt.pos, { x: 0, y: 0, theta: 0 });
    expect(Math.hypot(p.x - pose.x, p.y - pose.y)).toBeLessThan(0.05);

    const live = sent.filter((s) => !isTermination(s));
    const ends = sent.filter(isTermination);
    for (let k = 1; k < live.length; k++) {
      expect(live[k]!.time - live[k - 1]!.time).toBeCloseTo(1, 6);
      expect(mgmt(live[k]!).referenceTime).toBe(m0.referenceTime);
      expect(mgmt(live[k]!).actionId).toEqual(m0.actionId);
    }
    expect(live[live.length - 1]!.time).toBeLessThan(200);
    // Cancellation: once, at the end, management container only, after which nothing is sent.
    expect(ends.length).toBe(1);
    const end = ends[0]!;
    expect(end.time).toBeGreaterThanOrEqual(200);
    expect(end.time).toBeLessThanOrEqual(200 + 2 * w.dt + 1e-9);
    expect(mgmt(end).termination).toBe(Termination.TERMINATION_IS_CANCELLATION);
    expect(mgmt(end).actionId).toEqual(m0.actionId);
    expect(mgmt(end).referenceTime).toBe(timestampIts(end.time, w.scenario.run.startTime));
    expect(end.message.denm!.situation ?? null).toBeNull();
    expect(end.message.denm!.location ?? null).toBeNull();
    expect(end.message.denm!.alacarte ?? null).toBeNull();
    expect(sent[sent.length - 1]).toBe(end);
    const e = f.table[0]!;
    expect(f.table.length).toBe(1);
    expect(e.state).toBe('cancelled');
    expect(e.key).toBe('1001:0');
    expect(e.timelineKey).toBe('box');
    expect(e.sent).toBe(sent.length);
  });

  it('expires at its validity when the event has no end and renewal is off', () => {
    const w = makeWorld(
      corridorScenario(1000, {
        rsus: [{ id: 'r1', position: [400, 20] }],
        timeline: [{ type: 'obstacle', at: 420, direction: 'forward', lane: 0, start: 10 }],
      }),
    );
    const f = new DenmFacility({ validityDuration: 5, renew: false });
    const sent = run(w, f, 40);
    expect(mgmt(sent[0]!).validityDuration).toBe(5);
    const t0 = sent[0]!.time;
    expect(sent.every((s) => !isTermination(s))).toBe(true);
    expect(sent.every((s) => s.time < t0 + 5)).toBe(true);
    expect(sent.length).toBe(5);
    expect(f.table[0]!.state).toBe('expired');
  });

  it('an event outliving its validity is renewed by an update: same actionId, new referenceTime', () => {
    const w = makeWorld(
      corridorScenario(1000, {
        rsus: [{ id: 'r1', position: [400, 20] }],
        timeline: [{ type: 'obstacle', at: 420, direction: 'forward', lane: 0, start: 10 }],
      }),
    );
    const f = new DenmFacility({ validityDuration: 5 });
    const sent = run(w, f, 40);
    const refs = [...new Set(sent.map((s) => mgmt(s).referenceTime))];
    expect(refs.length).toBeGreaterThanOrEqual(6);
    expect(new Set(sent.map((s) => `${mgmt(s).actionId!.originatingStationId}:${mgmt(s).actionId!.sequenceNumber}`)).size).toBe(1);
    // No gap: repetitions every second throughout, and each DENM valid when sent.
    for (let k = 1; k < sent.length; k++) expect(sent[k]!.time - sent[k - 1]!.time).toBeCloseTo(1, 6);
    for (const s of sent) {
      const m = mgmt(s);
      expect(timestampIts(s.time, w.scenario.run.startTime)).toBeLessThan(m.detectionTime! + m.validityDuration! * 1000);
    }
    expect(f.table[0]!.state).toBe('active');
    expect(f.table[0]!.updates).toBeGreaterThanOrEqual(5);
  });

  it('allocates sequence numbers per originator; a far event gets no RSU DENM', () => {
    const w = makeWorld(
      corridorScenario(2000, {
        rsus: [
          { id: 'r1', position: [400, 20] },
          { id: 'r2', position: [1000, 20] },
        ],
        timeline: [
          { type: 'obstacle', at: 350, direction: 'forward', lane: 0, start: 5, end: 30 },
          { type: 'stationaryVehicle', at: 450, direction: 'backward', lane: 0, start: 8, end: 30 },
          { type: 'laneClosure', at: 1000, direction: 'forward', lane: 0, length: 60, start: 10, end: 30, speedLimit: 30 },
          { type: 'obstacle', at: 1900, direction: 'forward', lane: 0, start: 12, end: 30 },
        ],
      }),
    );
    const f = new DenmFacility();
    const sent = run(w, f, 35);
    expect(f.table.map((e) => [e.key, e.timelineIndex, e.causeCode, e.subCauseCode])).toEqual([
      ['1001:0', 0, 10, 4],
      ['1001:1', 1, 94, 2],
      ['1002:0', 2, 3, 0],
    ]);
    // The obstacle at 1900 m is 900 m from the nearest RSU: nobody warns of it.
    expect(sent.some((s) => s.message.denm!.situation?.eventType?.causeCode === 10 && mgmt(s).actionId!.sequenceNumber !== 0)).toBe(false);
    const works = sent.find((s) => s.stationId === 1002)!;
    expect(works.message.denm!.alacarte!.roadWorks!.speedLimit).toBe(30);
    expect(works.message.denm!.alacarte!.roadWorks!.closedLanes!.drivingLaneStatus).toBe(1 << 1);
    const stopped = sent.find((s) => mgmt(s).actionId!.sequenceNumber === 1 && s.stationId === 1001)!;
    expect(stopped.message.denm!.alacarte!.stationaryVehicle!.stationarySince).toBe(0);
    expect(f.table.every((e) => e.state === 'cancelled')).toBe(true);
  });

  it('dark signals and weather have their documented causes', () => {
    const w = makeWorld(
      corridorScenario(1000, {
        corridor: { crossStreets: [{ id: 'X', at: 500 }] },
        signals: [{ id: 'S', node: 'X' }],
        rsus: [
          { id: 'r1', position: [510, 15], serves: ['S'] },
          { id: 'r2', position: [100, 15] },
        ],
        timeline: [
          { type: 'signalFailure', signal: 'S', start: 5, end: 20 },
          { type: 'weather', speedFactor: 0.8, condition: 'fog', start: 6, end: 20 },
        ],
      }),
    );
    const f = new DenmFacility();
    run(w, f, 25);
    expect(f.table.map((e) => [e.originatingStationId, e.causeCode, e.subCauseCode])).toEqual([
      [1001, 99, 0],
      [1001, 18, 1],
      [1002, 18, 1],
    ]);
    expect(causeOf({ type: 'weather', start: 0, speedFactor: 0.8, condition: 'rain' })).toEqual({ causeCode: 19, subCauseCode: 1 });
  });
});

describe('DENM originated by a shuttle that perceives a hazard', () => {
  it('without an RSU, the obstacle is reported only once a shuttle has it within sensor range', () => {
    const w = makeWorld(
      corridorScenario(2000, {
        corridor: { lanesPerDirection: 1 },
        shuttles: [line([{ id: 'A', at: 100 }, { id: 'B', at: 1900 }])],
        timeline: [{ type: 'obstacle', at: 900, direction: 'forward', lane: 0, length: 3, start: 1 }],
      }),
    );
    const f = new DenmFacility();
    const sh = w.shuttles[0]!;
    const lane = laneOf(w, 'corridor:f0');
    let gapAtFirst = NaN;
    const sent: Sent[] = [];
    run(w, f, 300, sent, () => {
      if (sent.length > 0 && Number.isNaN(gapAtFirst)) gapAtFirst = w.timeline[0]!.pos - w.vehicles.s[sh.slot]!;
    });
    expect(sent.length).toBeGreaterThan(0);
    expect(w.vehicles.lane[sh.slot]).toBe(lane);
    // Reported when the obstacle came within the 50 m sensor range, not before.
    expect(gapAtFirst).toBeLessThanOrEqual(w.sensorRange);
    expect(gapAtFirst).toBeGreaterThan(w.sensorRange - 2);
    const vid = w.vehicles.id[sh.slot]!;
    expect(f.table.length).toBe(1);
    const e = f.table[0]!;
    expect(e.origin).toBe('shuttle');
    expect(e.originatingStationId).toBe(vehicleStationId(vid));
    const m0 = mgmt(sent[0]!);
    expect(m0.stationType).toBe(StationType.STATION_TYPE_BUS);
    expect(m0.actionId).toEqual({ originatingStationId: vehicleStationId(vid), sequenceNumber: 0 });
    // Once per hazard, repeated for 10 s with the same referenceTime, then silent.
    expect(new Set(sent.map((s) => mgmt(s).referenceTime)).size).toBe(1);
    expect(sent.length).toBe(11);
    expect(sent[sent.length - 1]!.time - sent[0]!.time).toBeCloseTo(10, 6);
    // Its validity (60 s) elapses: expired.
    expect(e.state).toBe('expired');
  });

  it('its sensors cover every lane of the road ahead, not the opposite carriageway', () => {
    const w = makeWorld(
      corridorScenario(2000, {
        corridor: { lanesPerDirection: 2 },
        shuttles: [line([{ id: 'A', at: 100 }, { id: 'B', at: 1900 }])],
        timeline: [
          { type: 'stationaryVehicle', id: 'inner', at: 900, direction: 'forward', lane: 1, start: 1 },
          { type: 'obstacle', id: 'opposite', at: 1000, direction: 'backward', lane: 0, start: 1 },
        ],
      }),
    );
    const f = new DenmFacility();
    const sh = w.shuttles[0]!;
    let gap = NaN;
    run(w, f, 200, [], () => {
      if (f.table.length > 0 && Number.isNaN(gap)) gap = 900 - w.vehicles.s[sh.slot]! - w.net.lanes[w.vehicles.lane[sh.slot]!]!.offset;
    });
    expect(f.table.map((e) => [e.origin, e.timelineKey, e.causeCode])).toEqual([['shuttle', 'inner', 94]]);
    expect(gap).toBeLessThanOrEqual(w.sensorRange + 1);
  });

  it('with an RSU in range, both the RSU and the shuttle report the obstacle under their own action ids', () => {
    const w = makeWorld(
      corridorScenario(2000, {
        corridor: { lanesPerDirection: 1 },
        shuttles: [line([{ id: 'A', at: 100 }, { id: 'B', at: 1900 }])],
        rsus: [{ id: 'r1', position: [900, 20] }],
        timeline: [{ type: 'obstacle', at: 900, direction: 'forward', lane: 0, length: 3, start: 1, end: 400 }],
      }),
    );
    const f = new DenmFacility();
    run(w, f, 300);
    expect(f.table.map((e) => [e.origin, e.sequenceNumber])).toEqual([
      ['rsu', 0],
      ['shuttle', 0],
    ]);
  });
});

describe('lane helpers', () => {
  it('numbers lanes from the inside and traces the approach upstream', () => {
    const w = makeWorld(corridorScenario(1000, { corridor: { lanesPerDirection: 3 } }));
    expect(etsiLanePosition(w.net, laneOf(w, 'corridor:f0', 0), 100)).toBe(3);
    expect(etsiLanePosition(w.net, laneOf(w, 'corridor:f0', 2), 100)).toBe(1);
    const lane = laneOf(w, 'corridor:f0', 0);
    const pts = upstreamPoints(w.net, lane, 500, 200);
    expect(pts.length).toBe(4);
    const L = w.net.lanes[lane]!;
    const at = poseAt(L.shape, 300, { x: 0, y: 0, theta: 0 });
    expect(Math.hypot(pts[3]![0] - at.x, pts[3]![1] - at.y)).toBeLessThan(1e-6);
  });
});
