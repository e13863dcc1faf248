// CPM facility: objects in an RSU sensor's field (pedestrians on a crosswalk, obstacles,
// vehicles) with positions relative to the RSU, stable object ids and the R2 generation rules.
import { describe, expect, it } from 'vitest';
import { corridorScenario, makeWorld } from '../sim/helpers.ts';
import { runFacility, type Sent } from './harness.ts';
import { pedestrianPosition } from '../../sim/pose.ts';
import type { World } from '../../sim/world.ts';
import type { ScenarioInput } from '../../scenarios/schema.ts';
import type { Facility, Outgoing } from '../../v2x/runtime.ts';
import type { ItsMessage, PerceivedObject } from '../../v2x/message-types.ts';
import { StationType } from '../../v2x/message-types.ts';
import { CpmFacility, inSensorZone } from '../../v2x/facilities/cpm.ts';

const run = (w: World, f: Facility, seconds: number, sent: Sent[] = [], each?: (out: Outgoing[]) => void): Sent[] =>
  runFacility(w, f, 'cpm', seconds, sent, each);

const objectsOf = (m: ItsMessage): PerceivedObject[] =>
  m.cpm!.cpmContainers!.find((c) => c.perceivedObjectContainer)?.perceivedObjectContainer?.perceivedObjects ?? [];
const hasSensorInfo = (m: ItsMessage) => m.cpm!.cpmContainers!.some((c) => c.sensorInformationContainer);

/** Corridor with a zebra at 500 m and an RSU 15 m north of it, its camera looking `heading`. */
function scenario(heading: number, extra: Partial<ScenarioInput> = {}): ScenarioInput {
  return corridorScenario(1000, {
    crosswalks: [{ id: 'Z', at: 500, control: 'zebra', width: 4 }],
    rsus: [{ id: 'r1', position: [500, 15], sensors: [{ id: 'cam', kind: 'camera', heading, fov: 90, range: 60 }] }],
    ...extra,
  });
}

/** A pedestrian arriving at the kerb of crosswalk 0 (walks as soon as nothing comes). */
function addPedestrian(w: World, forward: boolean): number {
  const id = w.nextPedestrianId++;
  w.pedestrians.push({ id, crosswalk: 0, forward, speed: 1.3, equipped: false, progress: 0, walking: false, arrivedTick: w.tick, startedTick: -1 });
  return id;
}

describe('sensor zone', () => {
  it('is the sector of the given range and field of view around the boresight', () => {
    const s = { x: 0, y: 0, theta: -Math.PI / 2, halfFov: Math.PI / 4, range: 50 };
    expect(inSensorZone(s, 0, -20)).toBe(true);
    expect(inSensorZone(s, 10, -20)).toBe(true);
    expect(inSensorZone(s, 30, -20)).toBe(false);
    expect(inSensorZone(s, 0, 20)).toBe(false);
    expect(inSensorZone(s, 0, -51)).toBe(false);
  });
});

describe('CPM from RSU sensors', () => {
  it('a pedestrian crossing in the camera field is reported at its position relative to the RSU under one objectId', () => {
    const w = makeWorld(scenario(180));
    const f = new CpmFacility();
    const pid = addPedestrian(w, true);
    const rsu = w.net.rsus[0]!;
    const checks: number[] = [];
    const sent: Sent[] = [];
    run(w, f, 12, sent, (out) => {
      const k = w.pedestrians.findIndex((p) => p.id === pid);
      for (const o of out) {
        for (const obj of objectsOf(o.message)) {
          expect(k).toBeGreaterThanOrEqual(0);
          const p = pedestrianPosition(w, k, { x: 0, y: 0 });
          expect(Math.abs(obj.position!.xCoordinate!.value! / 100 - (p.x - rsu.x))).toBeLessThan(0.5);
          expect(Math.abs(obj.position!.yCoordinate!.value! / 100 - (p.y - rsu.y))).toBeLessThan(0.5);
          checks.push(obj.objectId!);
        }
      }
    });
    // Several reports (first detection, then at least once a second), all with the same id.
    expect(checks.length).toBeGreaterThanOrEqual(5);
    expect(new Set(checks).size).toBe(1);
    expect(f.objectId(0, `p:${pid}`) ?? checks[0]).toBe(checks[0]);
    const first = sent.find((s) => objectsOf(s.message).length > 0)!;
    const obj = objectsOf(first.message)[0]!;
    expect(obj.classification![0]!.objectClass).toEqual({ vruSubClass: { pedestrian: 1 } });
    expect(obj.sensorIdList).toEqual([0]);
    expect(first.message.cpm!.cpmContainers!.find((c) => c.originatingRsuContainer)!.containerId).toBe(2);
    // Gaps between CPMs: never below 100 ms, never above 1 s.
    for (let k = 1; k < sent.length; k++) {
      const gap = sent[k]!.time - sent[k - 1]!.time;
      expect(gap).toBeGreaterThan(0.1 - 1e-6);
      expect(gap).toBeLessThan(1 + 1e-6);
    }
    // A walking pedestrian (1.3 m/s) is re-included by the 1 s rule: about once a second.
    const withPed = sent.filter((s) => objectsOf(s.message).length > 0);
    for (let k = 1; k < withPed.length; k++) expect(withPed[k]!.time - withPed[k - 1]!.time).toBeCloseTo(1, 6);
  });

  it('outside the field of view nothing is reported, yet a CPM goes out every second', () => {
    const w = makeWorld(scenario(0));
    const f = new CpmFacility();
    addPedestrian(w, true);
    const sent = run(w, f, 10);
    expect(sent.length).toBe(10);
    expect(sent.every((s) => objectsOf(s.message).length === 0)).toBe(true);
    for (let k = 1; k < sent.length; k++) expect(sent[k]!.time - sent[k - 1]!.time).toBeCloseTo(1, 6);
    // Sensor information at most once a second: here in every CPM.
    expect(sent.every((s) => hasSensorInfo(s.message))).toBe(true);
    const info = sent[0]!.message.cpm!.cpmContainers!.find((c) => c.sensorInformationContainer)!.sensorInformationContainer!.items![0]!;
    expect(info.sensorType).toBe(3);
    expect(info.perceptionRegionShape!.radial!.range).toBe(600);
    // Heading 0 (north) is 90 degrees counter-clockwise from east: opening 45..135 degrees.
    expect(info.perceptionRegionShape!.radial!.horizontalOpeningAngleStart).toBe(450);
    expect(info.perceptionRegionShape!.radial!.horizontalOpeningAngleEnd).toBe(1350);
  });

  it('an obstacle is reported once a second, passing vehicles as soon as they move 4 m', () => {
    const w = makeWorld(
      scenario(180, {
        demand: { flows: [{ entry: 'corridor:start', vehPerHour: 900, mix: { car: 1, bus: 0, truck: 0 } }] },
        timeline: [{ type: 'obstacle', at: 508, direction: 'backward', lane: 0, length: 2, start: 1 }],
      }),
    );
    const f = new CpmFacility();
    const sent = run(w, f, 120);
    const obstacleTimes: number[] = [];
    const carIds = new Map<number, number[]>();
    for (const s of sent) {
      for (const o of objectsOf(s.message)) {
        const cls = o.classification![0]!.objectClass!;
        if (cls.otherSubClass === 1) obstacleTimes.push(s.time);
        if (cls.vehicleSubClass === StationType.STATION_TYPE_PASSENGER_CAR) {
          const list = carIds.get(o.objectId!) ?? [];
          list.push(s.time);
          carIds.set(o.objectId!, list);
        }
      }
    }
    expect(obstacleTimes.length).toBeGreaterThan(100);
    for (let k = 1; k < obstacleTimes.length; k++) expect(obstacleTimes[k]! - obstacleTimes[k - 1]!).toBeCloseTo(1, 6);
    expect(carIds.size).toBeGreaterThan(5);
    // A car at 50 km/h (13.9 m/s) moves 4 m in about 0.3 s: reported several times a second.
    const busiest = [...carIds.values()].sort((a, b) => b.length - a.length)[0]!;
    expect(busiest.length).toBeGreaterThanOrEqual(5);
    expect((busiest[busiest.length - 1]! - busiest[0]!) / (busiest.length - 1)).toBeLessThan(0.5);
    for (const times of carIds.values()) for (let k = 1; k < times.length; k++) expect(times[k]! - times[k - 1]!).toBeLessThanOrEqual(1 + 1e-6);
    // Sensor information no more than once a second.
    const info = sent.filter((s) => hasSensorInfo(s.message)).map((s) => s.time);
    for (let k = 1; k < info.length; k++) expect(info[k]! - info[k - 1]!).toBeGreaterThanOrEqual(1 - 1e-6);
  });

  it('RSUs without sensors send no CPM', () => {
    const w = makeWorld(corridorScenario(1000, { rsus: [{ id: 'r1', position: [500, 15] }] }));
    expect(run(w, new CpmFacility(), 5).length).toBe(0);
  });
});
