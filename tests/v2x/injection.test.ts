// The injection path (v2x/injection.ts), no sockets: a DENM injected through an RSU is sent at the
// next tick through the channel, received by the shuttle, which stops short of a hazard that does
// not physically exist; bad input is refused with its reason; the uplink format round-trips.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corridorScenario, makeWorld } from '../sim/helpers.ts';
import { parseScenarioText } from '../../scenarios/load.ts';
import { createWorld } from '../../sim/create.ts';
import { poseAt } from '../../sim/polyline.ts';
import type { World } from '../../sim/world.ts';
import { V2xSession } from '../../v2x/session.ts';
import { geoOf } from '../../v2x/facilities/position.ts';
import { decodeItsMessage, encodeItsMessage, itsMessageFromJson, itsMessageToJson } from '../../v2x/codec.ts';
import { itsMessage, type ItsMessage } from '../../v2x/message-types.ts';
import { fromEtsiLatitude, fromEtsiLongitude, timestampIts, toEtsiLatitude, toEtsiLongitude } from '../../v2x/units.ts';
import { nearestLane } from '../../v2x/receivers/locate.ts';
import { rsuStationId } from '../../v2x/stations.ts';
import {
  InjectionError,
  InjectionQueue,
  decodeUplink,
  encodeUplink,
  parseInjectedMessage,
  receivedBy,
  resolveSender,
  type AcceptedInjection,
} from '../../v2x/injection.ts';
import type { TickTraffic } from '../../v2x/runtime.ts';

const HAZARD_X = 800;

/** A 1,500 m two-way corridor, one lane each way, an RSU at 700 m and one shuttle; no timeline event. */
function shuttleWorld(): World {
  return makeWorld(
    corridorScenario(1500, {
      rsus: [{ id: 'R', position: [700, 12] }],
      shuttles: [{ id: 'N', name: 'N', vehicles: 1, maxSpeed: 25, stops: [{ id: 'A', name: 'A', at: 100 }, { id: 'B', name: 'B', at: 1400 }] }],
    }),
  );
}

/** Index of the shuttle's station in this tick's table. */
function shuttleStation(s: V2xSession): number {
  const st = s.runtime.stations;
  for (let k = 0; k < st.count; k++) if (st.shuttle[k] === 0) return k;
  return -1;
}

/** An obstacle DENM (cause 10) at the forward lane centre, `x` metres along. */
function obstacleDenm(w: World, x: number, sequenceNumber = 7, causeCode = 10): ItsMessage {
  const forward = w.net.links.find((l) => l.direction === 'forward' && l.corridorFrom <= x && l.corridorTo > x)!;
  const pose = { x: 0, y: 0, theta: 0 };
  poseAt(w.net.lanes[forward.lanes[0]!]!.shape, x - forward.corridorFrom, pose);
  const g = geoOf(w).toGeo(pose.x, pose.y);
  const now = timestampIts(w.time, w.scenario.run.startTime);
  return itsMessage('denm', 424242, {
    management: {
      actionId: { originatingStationId: 424242, sequenceNumber },
      detectionTime: now,
      referenceTime: now,
      eventPosition: {
        latitude: toEtsiLatitude(g.lat),
        longitude: toEtsiLongitude(g.lon),
        positionConfidenceEllipse: { semiMajorConfidence: 100, semiMinorConfidence: 100, semiMajorOrientation: 3601 },
        altitude: { altitudeValue: 800001, altitudeConfidence: 15 },
      },
      validityDuration: 600,
      stationType: 15,
    },
    situation: { informationQuality: 6, eventType: { causeCode, subCauseCode: 0 } },
    location: { detectionZonesToEventPosition: [{ items: [] }] },
  });
}

describe('injection: a DENM through an RSU', () => {
  it('is sent at the next tick by the RSU, received by the shuttle, which stops before a hazard that does not exist', () => {
    const w = shuttleWorld();
    expect(w.timeline.length).toBe(0);
    const s = new V2xSession(w);
    const queue = new InjectionQueue(s.runtime);
    const accepted: AcceptedInjection[] = [];
    queue.injected$.subscribe((a) => accepted.push(a));
    const traffic: TickTraffic[] = [];
    s.runtime.traffic$.subscribe((t) => traffic.push(t));
    // Drive until the shuttle is within 200 m of the RSU, short of the hazard.
    const near = () => {
      const k = shuttleStation(s);
      return k >= 0 && Math.hypot(s.runtime.stations.x[k]! - 700, s.runtime.stations.y[k]! - 12) < 200;
    };
    while (w.time < 300 && !near()) s.step();
    expect(near()).toBe(true);
    const before = shuttleStation(s);
    expect(s.runtime.stations.x[before]!).toBeLessThan(HAZARD_X - 50);

    const message = obstacleDenm(w, HAZARD_X);
    const source = resolveSender(w, { rsuId: 'R' }, message);
    expect(source).toEqual({ rsu: 0 });
    const generated = s.runtime.generated.denm;
    const ack = queue.enqueue({ source, message, rig: 'test' });
    expect(ack).toEqual({ id: 1, tick: w.tick + 1 });
    expect(accepted).toEqual([expect.objectContaining({ id: 1, tick: ack.tick, rig: 'test', family: 'denm' })]);
    expect(queue.size).toBe(1);

    traffic.length = 0;
    s.step();
    expect(w.tick).toBe(ack.tick);
    expect(queue.size).toBe(0);
    const t = traffic[0]!;
    const k = t.transmissions.findIndex((x) => x.family === 'denm' && decodeItsMessage(x.bytes).denm?.management?.actionId?.originatingStationId === 424242);
    expect(k).toBeGreaterThanOrEqual(0);
    const tx = t.transmissions[k]!;
    expect(tx.senderStationId).toBe(rsuStationId(0));
    expect(tx.senderKind).toBe(0);
    expect(s.runtime.generated.denm).toBe(generated + 1);
    // Delivered by the channel to the shuttle's station.
    const sh = shuttleStation(s);
    let delivered = false;
    for (let d = 0; d < t.deliveries.count; d++) if (t.deliveries.tag[d] === k && t.deliveries.receiver[d] === sh) delivered = true;
    expect(delivered).toBe(true);
    expect(s.receivers.warnings).toContainEqual(expect.objectContaining({ hazard: '424242:7', causeCode: 10, shuttle: 0 }));

    // The shuttle knows the hazard from the next tick on, and stops short of it.
    s.step();
    const hazard = w.knowledge[0]!.hazards.get('424242:7');
    expect(hazard).toBeDefined();
    const slot = w.shuttles[0]!.slot;
    let minV = Infinity;
    let maxX = -Infinity;
    for (let k2 = 0; k2 < 1200; k2++) {
      s.step();
      const i = shuttleStation(s);
      maxX = Math.max(maxX, s.runtime.stations.x[i]!);
      if (s.runtime.stations.x[i]! > HAZARD_X - 40) minV = Math.min(minV, w.vehicles.v[slot]!);
    }
    // Slowed to caution speed on reception, then stopped short of the event position and stays there.
    expect(maxX).toBeLessThan(HAZARD_X);
    expect(maxX).toBeGreaterThan(HAZARD_X - 40);
    expect(minV).toBeLessThan(0.1);
    expect(w.vehicles.v[slot]!).toBeLessThan(0.1);
    s.dispose();
  });

  it('from a virtual station: appended for that tick with its station id, heard by the RSU', () => {
    const w = shuttleWorld();
    const s = new V2xSession(w);
    const queue = new InjectionQueue(s.runtime);
    for (let k = 0; k < 10; k++) s.step();
    const message = obstacleDenm(w, 650, 8, 99);
    const g = geoOf(w).toGeo(650, -1.6);
    const source = resolveSender(w, { position: { lat: g.lat, lon: g.lon }, stationId: 777 }, message);
    expect('x' in source && Math.abs(source.x - 650) < 0.01 && source.stationId === 777).toBe(true);
    expect(resolveSender(w, { position: { x: 650, y: -1.6 } }, message)).toEqual({ x: 650, y: -1.6, stationId: 424242 });
    const traffic: TickTraffic[] = [];
    s.runtime.traffic$.subscribe((t) => traffic.push(t));
    const ack = queue.enqueue({ source, message, rig: 'test' });
    s.step();
    const t = traffic[0]!;
    expect(t.tick).toBe(ack.tick);
    const tx = t.transmissions.find((x) => x.senderStationId === 777)!;
    expect(tx).toBeDefined();
    expect(tx.x).toBeCloseTo(650, 2);
    // The RSU (station 0) hears it: the uplink of this tick holds its bytes.
    const heard = receivedBy(t, 0);
    expect(heard.some((b) => decodeItsMessage(b).denm?.management?.actionId?.sequenceNumber === 8)).toBe(true);
    // The virtual station is gone the tick after.
    s.step();
    const st = s.runtime.stations;
    expect([...st.stationId.subarray(0, st.count)]).not.toContain(777);
    s.dispose();
  });

  it('keeps FIFO order within a tick', () => {
    const w = shuttleWorld();
    const s = new V2xSession(w);
    const queue = new InjectionQueue(s.runtime);
    s.step();
    const ids = [1, 2, 3].map((n) => queue.enqueue({ source: { rsu: 0 }, message: obstacleDenm(w, 300 + n * 100, n), rig: 'r' }).id);
    expect(ids).toEqual([1, 2, 3]);
    let seqs: number[] = [];
    s.runtime.traffic$.subscribe((t) => {
      seqs = t.transmissions.filter((x) => x.message.denm?.management?.actionId?.originatingStationId === 424242).map((x) => x.message.denm!.management!.actionId!.sequenceNumber!);
    });
    s.step();
    expect(seqs).toEqual([1, 2, 3]);
    queue.dispose();
    expect(s.runtime.injections).toBeUndefined();
    s.dispose();
  });
});

describe('injection: bad input is refused with its reason', () => {
  const w = shuttleWorld();
  const good = obstacleDenm(w, HAZARD_X);
  const code = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      if (e instanceof InjectionError) return `${e.code}: ${e.message}`;
      throw e;
    }
    return 'accepted';
  };

  it('accepts binary, JSON text and JSON objects', () => {
    const bytes = encodeItsMessage(good);
    expect(parseInjectedMessage(bytes).denm?.situation?.eventType?.causeCode).toBe(10);
    expect(parseInjectedMessage(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).denm).toBeTruthy();
    expect(parseInjectedMessage(JSON.stringify(itsMessageToJson(good))).denm).toBeTruthy();
    expect(parseInjectedMessage(itsMessageToJson(good)).denm).toBeTruthy();
  });

  it('bytes that are not protobuf', () => {
    expect(code(() => parseInjectedMessage(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2])))).toMatch(/^not-protobuf: decode: malformed protobuf/);
  });

  it('valid protobuf with an unknown or an empty payload', () => {
    // Header (field 1) + an unknown field 99 (varint): decodes, but no payload.
    const unknown = new Uint8Array([0x0a, 0x06, 0x08, 0x02, 0x10, 0x01, 0x18, 0x07, 0x98, 0x06, 0x01]);
    expect(code(() => parseInjectedMessage(unknown))).toMatch(/^no-payload: .*without payload/);
    expect(code(() => parseInjectedMessage(new Uint8Array([0x0a, 0x06, 0x08, 0x02, 0x10, 0x01, 0x18, 0x07])))).toMatch(/^no-payload/);
    expect(code(() => parseInjectedMessage({ header: { protocolVersion: 2, messageId: 1, stationId: 1 } }))).toMatch(/^no-payload/);
    expect(code(() => parseInjectedMessage({ header: { protocolVersion: 2, messageId: 1, stationId: 1 }, foo: {} }))).toMatch(/^bad-json: /);
  });

  it('ETSI out-of-range fields: latitude beyond 90 degrees, negative speed', () => {
    const json = itsMessageToJson(good) as { denm: { management: { eventPosition: { latitude: number } } } };
    json.denm.management.eventPosition.latitude = 910_000_000;
    expect(code(() => parseInjectedMessage(json))).toMatch(/^out-of-range: invalid ItsMessage: denm\.management\.eventPosition\.latitude: 910000000 out of range/);
    const cam = readCam();
    (cam.cam as { camParameters: { highFrequencyContainer: { basicVehicleContainerHighFrequency: { speed: { speedValue: number } } } } }).camParameters.highFrequencyContainer.basicVehicleContainerHighFrequency.speed.speedValue = -5;
    expect(code(() => parseInjectedMessage(cam))).toMatch(/^out-of-range: .*speedValue: -5 does not fit uint32/);
    // The queue re-checks what it is given directly.
    const s = new V2xSession(shuttleWorld());
    const q = new InjectionQueue(s.runtime);
    expect(code(() => q.enqueue({ source: { rsu: 0 }, message: itsMessageFromJson(json), rig: 't' }))).toMatch(/^out-of-range/);
    expect(q.size).toBe(0);
    s.dispose();
  });

  it('an unknown RSU, a bad position', () => {
    expect(code(() => resolveSender(w, { rsuId: 'nope' }, good))).toBe('unknown-rsu: unknown RSU "nope"; RSUs: R');
    expect(code(() => resolveSender(w, { position: { lat: 95, lon: 2 } }, good))).toMatch(/^bad-position/);
    expect(code(() => resolveSender(w, { position: { x: 'a', y: 1 } }, good))).toMatch(/^bad-position/);
    expect(code(() => resolveSender(w, {}, good))).toMatch(/^bad-request/);
    const s = new V2xSession(shuttleWorld());
    const q = new InjectionQueue(s.runtime);
    expect(code(() => q.enqueue({ source: { rsu: 3 }, message: good, rig: 't' }))).toMatch(/^unknown-rsu/);
    s.dispose();
  });

  it('a message over the size limit', () => {
    expect(code(() => parseInjectedMessage(new Uint8Array(64 * 1024 + 1)))).toBe('oversize: message: 65537 bytes, over the 65536-byte limit');
    expect(code(() => parseInjectedMessage('x'.repeat(2000), 1000))).toMatch(/^oversize/);
    expect(code(() => parseInjectedMessage(42))).toMatch(/^bad-request/);
  });
});

describe('sample messages (scenarios/messages/)', () => {
  const f = 'scenarios/default.yaml';
  const { scenario } = parseScenarioText(readFileSync(f, 'utf8'), f, []);
  const w = createWorld(scenario);

  it('obstacle-denm.json: a valid obstacle DENM whose event lies on the N1 route, eastbound kerb lane near 1,000 m', () => {
    const msg = parseInjectedMessage(readFileSync('scenarios/messages/obstacle-denm.json', 'utf8'));
    expect(msg.denm?.situation?.eventType?.causeCode).toBe(10);
    const m = msg.denm!.management!;
    const p = geoOf(w).toLocal(fromEtsiLatitude(m.eventPosition!.latitude!)!, fromEtsiLongitude(m.eventPosition!.longitude!)!);
    const slot = w.shuttles.find((x) => x.line === 0)!.slot;
    const place = nearestLane(w.net, w.routes[w.vehicles.route[slot]!]!, p.x, p.y);
    const lane = w.net.lanes[place!.lane]!;
    const link = w.net.links[lane.link]!;
    expect(link.direction).toBe('forward');
    expect(link.lanes[0]).toBe(place!.lane);
    expect(Math.abs(link.corridorFrom + place!.position - 1000)).toBeLessThan(1);
    expect(resolveSender(w, { rsuId: 'rsu-hotel-de-ville' }, msg)).toEqual({ rsu: 1 });
  });

  it('speed-limit-ivim.json: a valid IVIM with a 20 km/h limit', () => {
    const msg = parseInjectedMessage(readFileSync('scenarios/messages/speed-limit-ivim.json', 'utf8'));
    expect(msg.ivim?.optional?.[1]?.giv?.items?.[0]?.roadSignCodes?.[0]?.code?.iso14823?.attributes?.[0]?.spe?.speedLimitMax).toBe(20);
  });
});

describe('uplink wire format', () => {
  it('round-trips length-prefixed messages', () => {
    const a = new Uint8Array([1, 2, 3]);
    const b = new Uint8Array(0);
    const c = new Uint8Array(300).fill(7);
    const enc = encodeUplink([a, b, c]);
    expect(enc.byteLength).toBe(12 + 303);
    expect([...enc.subarray(0, 4)]).toEqual([3, 0, 0, 0]);
    expect(decodeUplink(enc).map((x) => [...x])).toEqual([[...a], [], [...c]]);
    expect(decodeUplink(new Uint8Array(0))).toEqual([]);
    expect(() => decodeUplink(enc.subarray(0, 10))).toThrow(RangeError);
  });
});

function readCam(): Record<string, unknown> {
  // A CAM as the facility sends it, from the default scenario's first tick.
  const w = shuttleWorld();
  const s = new V2xSession(w);
  let cam: ItsMessage | undefined;
  s.runtime.traffic$.subscribe((t) => {
    cam ??= t.transmissions.find((x) => x.family === 'cam' && x.message.cam?.camParameters?.highFrequencyContainer?.basicVehicleContainerHighFrequency)?.message;
  });
  for (let k = 0; k < 50 && !cam; k++) s.step();
  s.dispose();
  return itsMessageToJson(cam!);
}
