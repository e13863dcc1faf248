// CAM facility: the EN 302 637-2 generation rules (4 m, 4 degree, 0.5 m/s, T_GenCamMax,
// N_GenCam), the low-frequency container spacing, path history, shuttle embarkation status,
// RSU CAMs, state clean-up, and every CAM valid and round-tripping through the codec.
import { describe, expect, it } from 'vitest';
import { corridorScenario, laneOf, makeWorld } from '../sim/helpers.ts';
import { step } from '../../sim/step.ts';
import { placeVehicle } from '../../sim/place.ts';
import type { World } from '../../sim/world.ts';
import { StationKind, StationTable, StationType } from '../../v2x/stations.ts';
import { V2xRuntime, type Outgoing } from '../../v2x/runtime.ts';
import { decodeItsMessage, encodeItsMessage, itsMessageToJson } from '../../v2x/codec.ts';
import { formatIssue, validateItsMessage } from '../../v2x/validate.ts';
import { MessageId, ProtocolVersion, VehicleRole, type Cam, type ItsMessage } from '../../v2x/message-types.ts';
import {
  YAW_RATE_UNAVAILABLE,
  applyEtsiDelta,
  fromEtsiCurvature,
  fromEtsiLatitude,
  fromEtsiLongitude,
  fromEtsiYawRate,
  generationDeltaTime,
  timestampIts,
} from '../../v2x/units.ts';
import { CamFacility, ExteriorLights } from '../../v2x/facilities/cam.ts';
import { POSITIONING, geoOf, itsHeader } from '../../v2x/facilities/position.ts';

const KMH = 1 / 3.6;

/** A StationTable of `n` hand-placed stations (vehicles by default), filled by `init`. */
function handTable(n: number): StationTable {
  const st = new StationTable();
  st.stationId = new Uint32Array(n);
  st.kind = new Uint8Array(n).fill(StationKind.vehicle);
  st.stationType = new Uint8Array(n).fill(StationType.passengerCar);
  st.ref = new Int32Array(n).fill(100_000);
  st.entity = new Int32Array(n);
  st.x = new Float64Array(n);
  st.y = new Float64Array(n);
  st.z = new Float64Array(n).fill(1.5);
  st.theta = new Float64Array(n);
  st.speed = new Float64Array(n);
  st.accel = new Float64Array(n);
  st.length = new Float64Array(n).fill(4.5);
  st.width = new Float64Array(n).fill(1.8);
  st.shuttle = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) st.stationId[i] = 100_001 + i;
  st.count = n;
  st.capacity = n;
  return st;
}

interface Sent {
  time: number;
  msg: ItsMessage;
}

const camOf = (m: ItsMessage): Cam => m.cam!;
const hfOf = (m: ItsMessage) => camOf(m).camParameters!.highFrequencyContainer!.basicVehicleContainerHighFrequency!;
const lfOf = (m: ItsMessage) => camOf(m).camParameters!.lowFrequencyContainer?.basicVehicleContainerLowFrequency ?? undefined;

/**
 * Drives one hand-made station for `seconds` (ticks of 0.1 s): `pose(t)` gives its state at
 * sim time t; returns the CAMs it sent with their times.
 */
function driveOne(
  pose: (t: number) => { x: number; y: number; theta: number; speed: number },
  seconds: number,
  facility = new CamFacility(),
): Sent[] {
  const w = makeWorld(corridorScenario(500));
  const st = handTable(1);
  const sent: Sent[] = [];
  const out: Outgoing[] = [];
  for (let k = 1; k <= Math.round(seconds * 10); k++) {
    const time = k * 0.1;
    const p = pose(time);
    st.x[0] = p.x;
    st.y[0] = p.y;
    st.theta[0] = p.theta;
    st.speed[0] = p.speed;
    out.length = 0;
    facility.generate({ world: w, stations: st, time, tick: k, events: [] }, out);
    for (const o of out) sent.push({ time: Math.round(time * 1000) / 1000, msg: o.message });
  }
  return sent;
}

const intervals = (sent: Sent[]) => sent.slice(1).map((s, k) => Math.round((s.time - sent[k]!.time) * 1000) / 1000);
const straight = (speed: number) => (t: number) => ({ x: speed * t, y: 0, theta: 0, speed });

function expectValidRoundTrip(msg: ItsMessage): void {
  const issues = validateItsMessage(msg);
  expect(issues.map(formatIssue)).toEqual([]);
  const back = decodeItsMessage(encodeItsMessage(msg));
  expect(itsMessageToJson(back)).toEqual(itsMessageToJson(msg));
}

describe('CAM generation rules (hand-made stations, 100 ms check period)', () => {
  it('at a constant 50 km/h on a straight road the 4 m rule sends every 0.3 s', () => {
    const sent = driveOne(straight(50 * KMH), 20);
    expect(sent[0]!.time).toBe(0.1);
    // 13.9 m/s: 4.17 m after 0.3 s, 2.78 m after 0.2 s.
    expect(new Set(intervals(sent))).toEqual(new Set([0.3]));
    expect(sent.length).toBe(Math.floor((20 - 0.1) / 0.3) + 1);
  });

  it('at 20 km/h the 4 m rule sends every 0.8 s', () => {
    const sent = driveOne(straight(20 * KMH), 20);
    // 5.56 m/s: 3.89 m after 0.7 s, 4.44 m after 0.8 s.
    expect(new Set(intervals(sent))).toEqual(new Set([0.8]));
  });

  it('at standstill it sends exactly every T_GenCamMax = 1 s', () => {
    const sent = driveOne(() => ({ x: 10, y: 5, theta: 1, speed: 0 }), 20);
    expect(sent.map((s) => s.time)).toEqual(Array.from({ length: 20 }, (_, k) => Math.round((0.1 + k) * 10) / 10));
  });

  it('on a circle the heading rule fires before the position rule; yaw rate and curvature follow the turn', () => {
    // 6 m/s on a 20 m radius, anticlockwise: 17.2 degree/s (5.2 degree in 0.3 s, 3.4 in 0.2 s),
    // 1.8 m in 0.3 s.
    const r = 20;
    const v = 6;
    const circle = (t: number) => ({ x: r * Math.sin((v * t) / r), y: r - r * Math.cos((v * t) / r), theta: (v * t) / r, speed: v });
    const sent = driveOne(circle, 10);
    expect(new Set(intervals(sent))).toEqual(new Set([0.3]));
    // A straight drive at the same speed would send every 0.7 s (4.2 m).
    expect(new Set(intervals(driveOne(straight(v), 10)))).toEqual(new Set([0.7]));
    // First CAM: no previous tick, so no yaw rate and no curvature.
    expect(hfOf(sent[0]!.msg).yawRate!.yawRateValue).toBe(YAW_RATE_UNAVAILABLE);
    for (const s of sent.slice(1)) {
      const hf = hfOf(s.msg);
      expect(fromEtsiYawRate(hf.yawRate!.yawRateValue!)).toBeCloseTo(v / r, 3);
      expect(fromEtsiCurvature(hf.curvature!.curvatureValue!)).toBeCloseTo(1 / r, 3);
    }
  });

  it('the speed rule fires on a change above 0.5 m/s', () => {
    // Standing, then creeping from 1.55 s (too slow for the 4 m rule): at 0.6 m/s the speed rule
    // sends at 1.6 s (T_GenCam becomes 0.5 s for the next 3 CAMs); at 0.4 m/s nothing changes.
    const creep = (v: number) => (t: number) => (t < 1.55 ? { x: 0, y: 0, theta: 0, speed: 0 } : { x: v * (t - 1.55), y: 0, theta: 0, speed: v });
    expect(driveOne(creep(0.6), 3).map((s) => s.time)).toEqual([0.1, 1.1, 1.6, 2.1, 2.6]);
    expect(driveOne(creep(0.4), 3).map((s) => s.time)).toEqual([0.1, 1.1, 2.1]);
  });

  it('N_GenCam: after a dynamic CAM, T_GenCam = the elapsed time for 3 CAMs, then 1 s again', () => {
    // 50 km/h until 2.2 s (a CAM instant: 0.1, 0.4, ... 1.9, 2.2), standing from then on.
    const v = 50 * KMH;
    const sent = driveOne((t) => (t < 2.2 - 1e-9 ? { x: v * t, y: 0, theta: 0, speed: v } : { x: v * 2.2, y: 0, theta: 0, speed: 0 }), 8);
    const times = sent.map((s) => s.time);
    expect(times.filter((t) => t > 1.8)).toEqual([1.9, 2.2, 2.5, 2.8, 3.1, 4.1, 5.1, 6.1, 7.1]);
  });

  it('a facility handed a new world (a new run) starts afresh', () => {
    const f = new CamFacility();
    expect(driveOne(straight(0), 0.5, f).map((s) => s.time)).toEqual([0.1]);
    // Same station id, new world: its first CAM again at once.
    expect(driveOne(straight(0), 0.5, f).map((s) => s.time)).toEqual([0.1]);
    expect(f.trackedStations).toBe(1);
  });

  it('a DCC restriction (T_GenCamDcc) holds back dynamic CAMs', () => {
    const sent = driveOne(straight(50 * KMH), 10, new CamFacility({ genCamDcc: 0.5 }));
    expect(new Set(intervals(sent))).toEqual(new Set([0.5]));
  });

  it('the low-frequency container is in the first CAM, then in the first CAM at least 500 ms after the last one with it', () => {
    for (const speed of [50 * KMH, 30 * KMH, 0]) {
      const sent = driveOne(straight(speed), 15);
      expect(lfOf(sent[0]!.msg)).toBeDefined();
      let lastLf = sent[0]!.time;
      for (const s of sent.slice(1)) {
        const due = s.time - lastLf >= 0.5 - 1e-9;
        expect(lfOf(s.msg) !== undefined).toBe(due);
        if (due) lastLf = s.time;
      }
    }
    // At 50 km/h (0.3 s) every other CAM carries it; standing (1 s) every CAM.
    const fast = driveOne(straight(50 * KMH), 3);
    expect(fast.map((s) => lfOf(s.msg) !== undefined)).toEqual(fast.map((_, k) => k % 2 === 0));
    expect(driveOne(straight(0), 5).every((s) => lfOf(s.msg) !== undefined)).toBe(true);
  });

  it('every CAM is a valid ETSI CAM and round-trips through the binary codec', () => {
    const r = 20;
    const sent = [
      ...driveOne(straight(50 * KMH), 10),
      ...driveOne((t) => ({ x: r * Math.sin(t / 4), y: r - r * Math.cos(t / 4), theta: t / 4, speed: 5 }), 10),
    ];
    expect(sent.length).toBeGreaterThan(40);
    for (const s of sent) {
      expect(s.msg.header).toEqual(itsHeader(MessageId.cam, 100_001));
      expect(s.msg.header!.protocolVersion).toBe(ProtocolVersion.cam);
      expectValidRoundTrip(s.msg);
    }
  });

  it('the reference position, heading and generationDeltaTime are those of the station at the end of the tick', () => {
    const w = makeWorld(corridorScenario(500));
    const geo = geoOf(w);
    const st = handTable(1);
    st.x[0] = 120;
    st.y[0] = -35;
    st.theta[0] = Math.PI / 2;
    st.speed[0] = 8;
    st.accel[0] = -1.2;
    const out: Outgoing[] = [];
    new CamFacility().generate({ world: w, stations: st, time: 12.3, tick: 123, events: [] }, out);
    expect(out).toHaveLength(1);
    const cam = camOf(out[0]!.message);
    const ref = cam.camParameters!.basicContainer!.referencePosition!;
    const g = geo.toLocal(fromEtsiLatitude(ref.latitude!)!, fromEtsiLongitude(ref.longitude!)!);
    expect(g.x).toBeCloseTo(120, 1);
    expect(g.y).toBeCloseTo(-35, 1);
    expect(cam.generationDeltaTime).toBe(generationDeltaTime(timestampIts(12.3, w.scenario.run.startTime)));
    const hf = hfOf(out[0]!.message);
    expect(hf.heading!.headingValue).toBe(0); // north
    expect(hf.speed!.speedValue).toBe(800);
    expect(hf.longitudinalAcceleration!.value).toBe(-12);
    expect(hf.vehicleLength!.vehicleLengthValue).toBe(45);
    expect(hf.vehicleWidth).toBe(18);
    expect(ref.positionConfidenceEllipse!.semiMajorAxisLength).toBe(POSITIONING.gnss.semiMajor);
    expect(ref.positionConfidenceEllipse!.semiMajorAxisOrientation).toBe(0);
    expect(cam.camParameters!.basicContainer!.stationType).toBe(StationType.passengerCar);
    expect(lfOf(out[0]!.message)!.vehicleRole).toBe(VehicleRole.VEHICLE_ROLE_DEFAULT);
  });
});

describe('CAM path history', () => {
  /** Positions the path history describes, oldest last, in local metres. */
  function pathPositions(w: World, msg: ItsMessage): { x: number; y: number }[] {
    const geo = geoOf(w);
    const ref = camOf(msg).camParameters!.basicContainer!.referencePosition!;
    let at = { lat: fromEtsiLatitude(ref.latitude!)!, lon: fromEtsiLongitude(ref.longitude!)! };
    const out: { x: number; y: number }[] = [];
    for (const p of lfOf(msg)!.pathHistory!) {
      at = applyEtsiDelta(at, p.pathPosition!);
      const l = geo.toLocal(at.lat, at.lon);
      out.push({ x: l.x, y: l.y });
    }
    return out;
  }

  it('on a straight drive: a few points on the road behind the vehicle, about 200 m, times matching the speed', () => {
    const w = makeWorld(corridorScenario(500));
    const v = 50 * KMH;
    const sent = driveOne(straight(v), 60);
    const last = sent.filter((s) => lfOf(s.msg)).at(-1)!;
    const pts = pathPositions(w, last.msg);
    const path = lfOf(last.msg)!.pathHistory!;
    expect(pts.length).toBeGreaterThanOrEqual(2);
    expect(pts.length).toBeLessThanOrEqual(5);
    let x = v * last.time;
    let t = last.time;
    for (let k = 0; k < pts.length; k++) {
      expect(Math.abs(pts[k]!.y)).toBeLessThan(0.05);
      expect(pts[k]!.x).toBeLessThan(x);
      // pathDeltaTime: travel time from this point to the previous one (0.01 s).
      const dt = path[k]!.pathDeltaTime! / 100;
      expect(pts[k]!.x).toBeCloseTo(x - v * dt, 0);
      x = pts[k]!.x;
      t -= dt;
    }
    // At most 200 m through the points, plus the stretch since the newest one (< 100 m).
    const covered = v * last.time - pts.at(-1)!.x;
    expect(covered).toBeGreaterThan(120);
    expect(covered).toBeLessThan(300);
    expect(pts[0]!.x - pts.at(-1)!.x).toBeLessThanOrEqual(200);
    expect(t).toBeGreaterThan(0);
  });

  it('on a circle: more points, each on the travelled circle, the chords within 1 m of it, at most 23', () => {
    const w = makeWorld(corridorScenario(500));
    const r = 30;
    const v = 8;
    const sent = driveOne((t) => ({ x: r * Math.sin((v * t) / r), y: r - r * Math.cos((v * t) / r), theta: (v * t) / r, speed: v }), 60);
    const last = sent.filter((s) => lfOf(s.msg)).at(-1)!;
    const pts = pathPositions(w, last.msg);
    expect(pts.length).toBeGreaterThan(8);
    expect(pts.length).toBeLessThanOrEqual(23);
    for (const p of pts) expect(Math.hypot(p.x, p.y - r)).toBeCloseTo(r, 1);
    // Consecutive points subtend a chord whose sagitta stays at the 1 m error bound (the
    // positions checked are the 2.4 m apart CAM positions, hence a few cm of slack).
    for (let k = 1; k < pts.length; k++) {
      const c = Math.hypot(pts[k]!.x - pts[k - 1]!.x, pts[k]!.y - pts[k - 1]!.y);
      expect(r - Math.sqrt(r * r - (c * c) / 4)).toBeLessThan(1.05);
    }
  });

  it('a standing vehicle does not fill its path history', () => {
    const sent = driveOne(() => ({ x: 0, y: 0, theta: 0, speed: 0 }), 30);
    for (const s of sent) expect(lfOf(s.msg)!.pathHistory).toEqual([]);
  });
});

/** Runs a world with the CAM facility on every station for `seconds`, calling `each` per tick. */
function runWorld(w: World, seconds: number, each: (out: Outgoing[], st: StationTable, time: number, f: CamFacility) => void, f = new CamFacility()): void {
  const st = new StationTable();
  const out: Outgoing[] = [];
  for (let k = 0; k < Math.round(seconds / w.dt); k++) {
    const events = step(w);
    st.refresh(w, { car: 1, bus: 1, truck: 1 });
    out.length = 0;
    f.generate({ world: w, stations: st, time: w.time, tick: w.tick, events }, out);
    each(out, st, w.time, f);
  }
}

const line = {
  id: 'N1',
  name: 'Navette',
  vehicles: 1,
  maxSpeed: 25,
  dwell: { distribution: 'fixed' as const, mean: 15, sd: 0, min: 15, max: 15 },
  stops: [
    { id: 'A', name: 'A', at: 100 },
    { id: 'B', name: 'B', at: 600 },
  ],
};

describe('CAM in a simulated corridor', () => {
  it('a vehicle placed at the 50 km/h limit on a straight road sends every 0.3 s', () => {
    const w = makeWorld(corridorScenario(3000));
    const slot = placeVehicle(w, { lane: laneOf(w, 'corridor:f0'), s: 50, v: 50 * KMH, speedFactor: 1 });
    const id = 100_000 + w.vehicles.id[slot]!;
    const times: number[] = [];
    runWorld(w, 30, (out, st, time) => {
      for (const o of out) if (st.stationId[o.sender] === id) times.push(Math.round(time * 1000) / 1000);
    });
    const gaps = times.slice(1).map((t, k) => Math.round((t - times[k]!) * 1000) / 1000);
    expect(gaps.length).toBeGreaterThan(90);
    expect(new Set(gaps)).toEqual(new Set([0.3]));
  });

  it('a vehicle turning left at a junction triggers CAMs by the heading rule', () => {
    /** CAMs of a vehicle turning left from the corridor into the cross street, with its state when each was sent. */
    const turn = (facility: CamFacility) => {
      const w = makeWorld(corridorScenario(400, { corridor: { crossStreets: [{ id: 'X', at: 200, control: 'priority' }] } }));
      const slot = placeVehicle(w, { lane: laneOf(w, 'corridor:f0'), s: 120, v: 8, exit: 'X:left' });
      const id = 100_000 + w.vehicles.id[slot]!;
      const cams: { time: number; x: number; y: number; theta: number; speed: number }[] = [];
      runWorld(
        w,
        40,
        (out, st) => {
          for (const o of out) {
            const i = o.sender;
            if (st.stationId[i] === id) cams.push({ time: w.time, x: st.x[i]!, y: st.y[i]!, theta: st.theta[i]!, speed: st.speed[i]! });
          }
        },
        facility,
      );
      return cams;
    };
    const cams = turn(new CamFacility());
    // It did turn: its heading went from east to north.
    expect(cams[0]!.theta).toBeCloseTo(0, 3);
    expect(cams.at(-1)!.theta).toBeCloseTo(Math.PI / 2, 1);
    // Some CAMs were sent with less than 4 m driven and less than 0.5 m/s speed change since the
    // previous one, but more than 4 degree of heading change.
    const headingOnly = cams.slice(1).filter((b, k) => {
      const a = cams[k]!;
      let dh = Math.abs(b.theta - a.theta) % (2 * Math.PI);
      if (dh > Math.PI) dh = 2 * Math.PI - dh;
      return Math.hypot(b.x - a.x, b.y - a.y) <= 4 && Math.abs(b.speed - a.speed) <= 0.5 && dh > (4 * Math.PI) / 180;
    });
    expect(headingOnly.length).toBeGreaterThan(0);
    // Without the heading rule the same drive sends fewer CAMs.
    expect(turn(new CamFacility({ headingThreshold: 360 })).length).toBeLessThan(cams.length);
  });

  it('the shuttle sends stationType bus, vehicleRole publicTransport and embarkationStatus true while dwelling; every CAM is valid', () => {
    const w = makeWorld(
      corridorScenario(800, {
        shuttles: [line],
        rsus: [{ id: 'R', position: [400, -12] }],
        demand: { flows: [{ entry: 'corridor:start', vehPerHour: 600 }, { entry: 'corridor:end', vehPerHour: 600 }] },
      } as never),
    );
    const sh = w.shuttles[0]!;
    const shuttleId = 100_000 + w.vehicles.id[sh.slot]!;
    let dwelling = 0;
    let driving = 0;
    let all = 0;
    let lastRsu = -1;
    const rsuGaps = new Set<number>();
    runWorld(w, 120, (out, st) => {
      for (const o of out) {
        all++;
        expectValidRoundTrip(o.message);
        const params = camOf(o.message).camParameters!;
        if (st.kind[o.sender] === StationKind.rsu) {
          expect(params.highFrequencyContainer!.rsuContainerHighFrequency).toBeDefined();
          expect(params.basicContainer!.stationType).toBe(StationType.roadSideUnit);
          expect(params.lowFrequencyContainer ?? undefined).toBeUndefined();
          if (lastRsu >= 0) rsuGaps.add(Math.round((w.time - lastRsu) * 1000) / 1000);
          lastRsu = w.time;
          continue;
        }
        if (st.stationId[o.sender] !== shuttleId) continue;
        expect(params.basicContainer!.stationType).toBe(StationType.bus);
        expect(params.basicContainer!.referencePosition!.positionConfidenceEllipse!.semiMajorAxisLength).toBe(POSITIONING.rtk.semiMajor);
        const lf = params.lowFrequencyContainer?.basicVehicleContainerLowFrequency;
        if (!lf) {
          expect(params.specialVehicleContainer ?? undefined).toBeUndefined();
          continue;
        }
        expect(lf.vehicleRole).toBe(VehicleRole.VEHICLE_ROLE_PUBLIC_TRANSPORT);
        expect(lf.exteriorLights! & ExteriorLights.daytimeRunningLightsOn).toBeTruthy();
        const embarking = params.specialVehicleContainer!.publicTransportContainer!.embarkationStatus;
        expect(embarking).toBe(sh.dwellLeft > 0);
        if (embarking) dwelling++;
        else driving++;
      }
    });
    expect(all).toBeGreaterThan(500);
    // A 15 s dwell at 1 Hz: about 15 CAMs with doors open.
    expect(dwelling).toBeGreaterThan(12);
    expect(driving).toBeGreaterThan(10);
    expect(rsuGaps).toEqual(new Set([1]));
  });

  it('drops the state of vehicles that left, and works inside the V2X runtime', () => {
    const w = makeWorld(corridorScenario(300, { demand: { flows: [{ entry: 'corridor:start', vehPerHour: 1200 }] } } as never));
    const cam = new CamFacility();
    const runtime = new V2xRuntime(w, [cam]);
    let sent = 0;
    let maxTracked = 0;
    for (let k = 0; k < 1200; k++) {
      const traffic = runtime.afterTick(step(w));
      for (const t of traffic.transmissions) {
        expect(t.family).toBe('cam');
        expect(itsMessageToJson(decodeItsMessage(t.bytes))).toEqual(itsMessageToJson(t.message));
        sent++;
      }
      let vehicles = 0;
      for (let i = 0; i < runtime.stations.count; i++) if (runtime.stations.kind[i] !== StationKind.pedestrian) vehicles++;
      expect(cam.trackedStations).toBe(vehicles);
      maxTracked = Math.max(maxTracked, cam.trackedStations);
    }
    expect(w.counters.exitedCount).toBeGreaterThan(10);
    expect(sent).toBeGreaterThan(100);
    expect(maxTracked).toBeGreaterThan(1);
  });
});
