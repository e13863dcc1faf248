// VAM facility: the TS 103 300-3 triggers (4 m, 0.5 m/s, 4 degree, T_GenVamMax 5 s), the
// low-frequency container spacing (2 s), the containers of a pedestrian, state clean-up, and
// every VAM valid and round-tripping through the codec.
import { describe, expect, it } from 'vitest';
import { corridorScenario, makeWorld } from '../sim/helpers.ts';
import { step } from '../../sim/step.ts';
import { StationKind, StationTable, StationType } from '../../v2x/stations.ts';
import type { Outgoing } from '../../v2x/runtime.ts';
import { decodeItsMessage, encodeItsMessage, itsMessageToJson } from '../../v2x/codec.ts';
import { formatIssue, validateItsMessage } from '../../v2x/validate.ts';
import { MessageId, ProtocolVersion, VruEnvironment, type ItsMessage, type Vam } from '../../v2x/message-types.ts';
import { applyEtsiDelta, fromEtsiLatitude, fromEtsiLongitude, fromEtsiSpeed, generationDeltaTime, timestampIts } from '../../v2x/units.ts';
import { VamFacility } from '../../v2x/facilities/vam.ts';
import { CamFacility } from '../../v2x/facilities/cam.ts';
import { POSITIONING, geoOf } from '../../v2x/facilities/position.ts';

/** A StationTable holding one hand-placed pedestrian station. */
function pedestrianTable(): StationTable {
  const st = new StationTable();
  st.stationId = Uint32Array.of(5_000_001);
  st.kind = Uint8Array.of(StationKind.pedestrian);
  st.stationType = Uint8Array.of(StationType.pedestrian);
  st.ref = Int32Array.of(100_000);
  st.entity = Int32Array.of(1);
  st.x = new Float64Array(1);
  st.y = new Float64Array(1);
  st.z = Float64Array.of(1.2);
  st.theta = new Float64Array(1);
  st.speed = new Float64Array(1);
  st.accel = new Float64Array(1);
  st.length = Float64Array.of(0.5);
  st.width = Float64Array.of(0.5);
  st.shuttle = Int32Array.of(-1);
  st.count = 1;
  st.capacity = 1;
  return st;
}

interface Sent {
  time: number;
  msg: ItsMessage;
}

const vamOf = (m: ItsMessage): Vam => m.vam!;

/** Moves one hand-made pedestrian for `seconds` (ticks of 0.1 s) and returns its VAMs. */
function walk(pose: (t: number) => { x: number; y: number; theta: number; speed: number }, seconds: number, facility = new VamFacility()): Sent[] {
  const w = makeWorld(corridorScenario(500));
  const st = pedestrianTable();
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
    for (const o of out) {
      expect(o.family).toBe('vam');
      sent.push({ time: Math.round(time * 1000) / 1000, msg: o.message });
    }
  }
  return sent;
}

const intervals = (sent: Sent[]) => sent.slice(1).map((s, k) => Math.round((s.time - sent[k]!.time) * 1000) / 1000);
const straight = (speed: number, theta = Math.PI / 2) => (t: number) => ({ x: speed * t * Math.cos(theta), y: speed * t * Math.sin(theta), theta, speed });

function expectValidRoundTrip(msg: ItsMessage): void {
  expect(validateItsMessage(msg).map(formatIssue)).toEqual([]);
  expect(itsMessageToJson(decodeItsMessage(encodeItsMessage(msg)))).toEqual(itsMessageToJson(msg));
}

describe('VAM generation rules (hand-made pedestrian, 100 ms check period)', () => {
  it('a pedestrian walking at 1.3 m/s triggers on position: every 3.1 s (4.03 m)', () => {
    const sent = walk(straight(1.3), 30);
    expect(sent[0]!.time).toBe(0.1);
    expect(new Set(intervals(sent))).toEqual(new Set([3.1]));
  });

  it('a standing pedestrian sends every T_GenVamMax = 5 s', () => {
    const sent = walk(() => ({ x: 3, y: 4, theta: 0.3, speed: 0 }), 30);
    expect(sent.map((s) => s.time)).toEqual([0.1, 5.1, 10.1, 15.1, 20.1, 25.1]);
  });

  it('starting to walk (speed change > 0.5 m/s) and turning (> 4 degree) trigger at once', () => {
    // Waits at the kerb, starts walking at 2.05 s: a VAM at the next tick.
    const start = walk((t) => (t < 2.05 ? { x: 0, y: 0, theta: 0, speed: 0 } : { x: 1.3 * (t - 2.05), y: 0, theta: 0, speed: 1.3 }), 4);
    expect(start.map((s) => s.time)).toEqual([0.1, 2.1]);
    // Walking north, turns 10 degree at 1.05 s.
    const turn = walk((t) => ({ x: 0, y: 1.3 * t, theta: t < 1.05 ? Math.PI / 2 : Math.PI / 2 + 0.17, speed: 1.3 }), 2);
    expect(turn.map((s) => s.time)).toEqual([0.1, 1.1]);
    // 0.4 m/s more or 3 degree do not.
    expect(walk((t) => ({ x: 0, y: 0, theta: t < 1.05 ? 0 : 0.05, speed: t < 1.05 ? 0 : 0.4 }), 4).map((s) => s.time)).toEqual([0.1]);
  });

  it('no VAM sooner than T_GenVamMin = 100 ms apart, and the minimum is configurable', () => {
    // Zig-zagging by 10 degree every tick: a VAM every tick, then every 0.5 s with T_GenVamMin 0.5 s.
    const zigzag = (t: number) => ({ x: 0, y: 0, theta: Math.round(t * 10) % 2 === 0 ? 0 : 0.17, speed: 0 });
    expect(new Set(intervals(walk(zigzag, 3)))).toEqual(new Set([0.1]));
    expect(new Set(intervals(walk(zigzag, 3, new VamFacility({ genVamMin: 0.5 }))))).toEqual(new Set([0.5]));
  });

  it('containers: header, basic, high frequency; low frequency in the first VAM and then at least 2 s apart; path history once walked', () => {
    const w = makeWorld(corridorScenario(500));
    const sent = walk(straight(1.3), 40);
    let lastLf = -Infinity;
    for (const [k, s] of sent.entries()) {
      expectValidRoundTrip(s.msg);
      expect(s.msg.header).toEqual({ protocolVersion: ProtocolVersion.vam, messageId: MessageId.vam, stationId: 5_000_001 });
      expect(s.msg.header!.protocolVersion).toBe(3);
      const vam = vamOf(s.msg);
      expect(vam.generationDeltaTime).toBe(generationDeltaTime(timestampIts(s.time, w.scenario.run.startTime)));
      const p = vam.vamParameters!;
      expect(p.basicContainer!.stationType).toBe(StationType.pedestrian);
      expect(p.basicContainer!.referencePosition!.positionConfidenceEllipse!.semiMajorAxisLength).toBe(POSITIONING.phone.semiMajor);
      const hf = p.vruHighFrequencyContainer!;
      expect(hf.heading!.value).toBe(0); // walking north
      expect(fromEtsiSpeed(hf.speed!.speedValue!)).toBeCloseTo(1.3, 5);
      const lf = p.vruLowFrequencyContainer ?? undefined;
      expect(lf !== undefined).toBe(k === 0 || s.time - lastLf >= 2 - 1e-9);
      if (lf) {
        lastLf = s.time;
        expect(lf.profileAndSubprofile!.pedestrian).toBe(1);
      }
      // Path history: the earlier positions, on the line walked, south of the current one.
      const ph = p.vruMotionPredictionContainer?.pathHistory ?? [];
      expect(ph.length > 0).toBe(k > 0);
      const ref = p.basicContainer!.referencePosition!;
      let at = { lat: fromEtsiLatitude(ref.latitude!)!, lon: fromEtsiLongitude(ref.longitude!)! };
      for (const pt of ph) {
        at = applyEtsiDelta(at, pt.pathPosition!);
        const l = geoOf(w).toLocal(at.lat, at.lon);
        expect(Math.abs(l.x)).toBeLessThan(0.05);
        expect(l.y).toBeLessThan(1.3 * s.time);
        expect(l.y).toBeGreaterThan(-0.05);
      }
    }
  });
});

describe('VAM in a simulated corridor', () => {
  it('equipped pedestrians at a zebra send valid VAMs, zebraCrossing while walking; state is dropped once they have crossed', () => {
    const w = makeWorld(
      corridorScenario(600, {
        crosswalks: [{ id: 'Z', at: 300, control: 'zebra', width: 4 }],
        demand: { flows: [{ entry: 'corridor:start', vehPerHour: 400 }], pedestrians: [{ crosswalk: 'Z', perHour: 600, equipped: 1 }] },
      } as never),
    );
    const st = new StationTable();
    const vamFacility = new VamFacility();
    const camFacility = new CamFacility();
    const out: Outgoing[] = [];
    let vams = 0;
    let walking = 0;
    let waiting = 0;
    let cams = 0;
    for (let k = 0; k < 3000; k++) {
      const events = step(w);
      st.refresh(w, { car: 1, bus: 1, truck: 1 });
      out.length = 0;
      const ctx = { world: w, stations: st, time: w.time, tick: w.tick, events };
      vamFacility.generate(ctx, out);
      camFacility.generate(ctx, out);
      for (const o of out) {
        expectValidRoundTrip(o.message);
        if (o.family === 'cam') {
          cams++;
          expect(st.kind[o.sender]).not.toBe(StationKind.pedestrian);
          continue;
        }
        vams++;
        expect(st.kind[o.sender]).toBe(StationKind.pedestrian);
        const ped = w.pedestrians[st.ref[o.sender]!]!;
        const env = vamOf(o.message).vamParameters!.vruHighFrequencyContainer!.environment;
        expect(env).toBe(ped.walking ? VruEnvironment.VRU_ENVIRONMENT_ZEBRA_CROSSING : VruEnvironment.VRU_ENVIRONMENT_SIDEWALK);
        if (ped.walking) walking++;
        else waiting++;
      }
      let pedestrians = 0;
      for (let i = 0; i < st.count; i++) if (st.kind[i] === StationKind.pedestrian) pedestrians++;
      expect(vamFacility.trackedStations).toBe(pedestrians);
      expect(camFacility.trackedStations).toBe(st.count - pedestrians);
    }
    expect(w.counters.pedestriansCrossed).toBeGreaterThan(20);
    expect(walking).toBeGreaterThan(20);
    expect(waiting).toBeGreaterThan(0);
    expect(vams).toBeGreaterThan(w.counters.pedestriansCrossed);
    expect(cams).toBeGreaterThan(100);
  });
});
