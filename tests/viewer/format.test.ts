// The inspector's and message log's readable JSON (viewer/src/format): every unit the .proto
// comments name is converted, values read in the units people use, sentinels read
// "unavailable", SPaT times read as seconds to the phase end, and every message the facilities
// send over a real run formats; the seconds to phase end match when the simulated signal changes.
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../scenarios/load.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { createWorld } from '../../sim/create.ts';
import { decodeItsMessage, itsMessageFromJson, type JsonObject, type JsonValue } from '../../v2x/codec.ts';
import type { Family } from '../../v2x/families.ts';
import { MESSAGES } from '../../v2x/generated/schema.ts';
import { decodeSnapshot, ProtoFrameSource } from '../../v2x/live/frame-builder.ts';
import type { ItsMessage } from '../../v2x/message-types.ts';
import type { TickTraffic } from '../../v2x/runtime.ts';
import { V2xSession } from '../../v2x/session.ts';
import { dSecond, minuteOfTheYear, timeMark, toEtsiHeading, toEtsiLatitude, toEtsiSpeed } from '../../v2x/units.ts';
import { QUANTITY_RULES } from '../../viewer/src/format/quantities.ts';
import { readableMessage } from '../../viewer/src/format/readable-message.ts';
import { signalNumbers, signalTiming } from '../../viewer/src/format/signal-timing.ts';
import { headingFromNorthDegrees, rsusServing } from '../../viewer/src/format/entities.ts';

const PROTO_DIR = 'v2x/proto/corridor/v2x/v1/';

/** "Message.field" of every integer field whose .proto comment states a unit (nested messages dotted). */
function fieldsWithUnits(): string[] {
  const out: string[] = [];
  for (const file of readdirSync(PROTO_DIR)) {
    const stack: { kind: string; name: string }[] = [];
    let comment: string[] = [];
    for (const raw of readFileSync(PROTO_DIR + file, 'utf8').split('\n')) {
      const line = raw.trim();
      const open = line.match(/^(message|enum|oneof) (\w+)/);
      if (open) {
        stack.push({ kind: open[1]!, name: open[2]! });
        comment = [];
        continue;
      }
      if (line.startsWith('}')) {
        stack.pop();
        comment = [];
        continue;
      }
      if (line.startsWith('//')) {
        comment.push(line.slice(2));
        continue;
      }
      const field = line.match(/^(?:optional |repeated )?(u?s?int32|uint64) (\w+) = \d+;/);
      if (field && /unit: /.test(comment.join(' '))) {
        const message = stack.filter((s) => s.kind === 'message').map((s) => s.name).join('.');
        out.push(`${message}.${field[2]}`);
      }
      comment = [];
    }
  }
  return out;
}

/** Every string leaf of a readable JSON. */
function leaves(v: JsonValue, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const e of v) leaves(e, out);
  else if (v !== null && typeof v === 'object') for (const e of Object.values(v)) leaves(e, out);
  return out;
}

const num = (s: JsonValue | undefined): number => Number.parseFloat(String(s));

describe('readable messages: units', () => {
  it('has a conversion for every field whose .proto comment gives a unit', () => {
    const fields = fieldsWithUnits();
    expect(fields.length).toBeGreaterThan(100);
    for (const f of fields) expect(MESSAGES[f.slice(0, f.lastIndexOf('.'))], f).toBeDefined();
    expect(fields.filter((f) => !(f in QUANTITY_RULES))).toEqual([]);
  });

  it('reads the docs example DENM: ISO times, degrees, enum and cause names, unavailable altitude', () => {
    const msg = itsMessageFromJson({
      header: { protocolVersion: 2, messageId: 1, stationId: 15001 },
      denm: {
        management: {
          actionId: { originatingStationId: 15001, sequenceNumber: 3 },
          detectionTime: '675936005000',
          referenceTime: '675936035000',
          termination: 'TERMINATION_IS_CANCELLATION',
          eventPosition: {
            latitude: 473700000,
            longitude: 85400000,
            positionConfidenceEllipse: { semiMajorConfidence: 4095, semiMinorConfidence: 250, semiMajorOrientation: 900 },
            altitude: { altitudeValue: 800001, altitudeConfidence: 'ALTITUDE_CONFIDENCE_UNAVAILABLE' },
          },
          stationType: 'STATION_TYPE_ROAD_SIDE_UNIT',
          validityDuration: 120,
        },
        situation: { informationQuality: 3, eventType: { causeCode: 3, subCauseCode: 0 } },
      },
    });
    const r = readableMessage(msg);
    const m = (r['denm'] as JsonObject)['management'] as JsonObject;
    // The docs: "the cancellation, at 08:00:30 UTC on 2 June 2025, of an event detected 30 s earlier".
    expect(m['referenceTime']).toBe('2025-06-02T08:00:30.000Z');
    expect(m['detectionTime']).toBe('2025-06-02T08:00:00.000Z');
    expect(m['termination']).toBe('cancellation');
    expect(m['stationType']).toBe('road side unit');
    expect(m['validityDuration']).toBe('120 s');
    const pos = m['eventPosition'] as JsonObject;
    expect(pos['latitude']).toBe('47.3700000°');
    expect(pos['longitude']).toBe('8.5400000°');
    expect((pos['altitude'] as JsonObject)['altitudeValue']).toBe('unavailable');
    const ellipse = pos['positionConfidenceEllipse'] as JsonObject;
    expect(ellipse).toEqual({ semiMajorConfidence: 'unavailable', semiMinorConfidence: '2.50 m', semiMajorOrientation: '90.0° from north' });
    const cause = ((r['denm'] as JsonObject)['situation'] as JsonObject)['eventType'] as JsonObject;
    expect(cause['causeCode']).toBe('roadworks (3)');
    expect(cause['subCauseCode']).toBe('unavailable');
  });

  it('reads CAM speeds in km/h and headings in degrees from north, for any value', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 60, noNaN: true }), fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }), (mps, theta) => {
        const msg = camWith(toEtsiSpeed(mps), toEtsiHeading(theta));
        const hf = highFrequency(readableMessage(msg));
        const speed = (hf['speed'] as JsonObject)['speedValue'] as string;
        expect(speed.endsWith(' km/h')).toBe(true);
        expect(Math.abs(num(speed) - mps * 3.6)).toBeLessThan(0.05 + 0.005 * 3.6 + 1e-9);
        const heading = (hf['heading'] as JsonObject)['headingValue'] as string;
        expect(heading.endsWith('° from north')).toBe(true);
        expect(num(heading)).toBeCloseTo(headingFromNorthDegrees(theta)!, 6);
      }),
    );
  });

  it('shows speeds at standstill and the unavailable sentinels as such', () => {
    const hf = highFrequency(readableMessage(camWith(0, 3601)));
    expect((hf['speed'] as JsonObject)['speedValue']).toBe('0.0 km/h');
    expect((hf['heading'] as JsonObject)['headingValue']).toBe('unavailable');
    expect(highFrequency(readableMessage(camWith(16383, 0)))['speed']).toMatchObject({ speedValue: 'unavailable' });
  });

  it('reads any latitude in degrees', () => {
    fc.assert(
      fc.property(fc.double({ min: -90, max: 90, noNaN: true }), (lat) => {
        const msg = camWith(0, 0, toEtsiLatitude(lat));
        const r = readableMessage(msg);
        const basic = ((r['cam'] as JsonObject)['camParameters'] as JsonObject)['basicContainer'] as JsonObject;
        expect(num((basic['referencePosition'] as JsonObject)['latitude'])).toBeCloseTo(lat, 6);
      }),
    );
  });

  it('reads SPaT TimeMarks as seconds to the phase end from the message instant, across the hour', () => {
    // Message at 08:59:55.0 UTC; the phase ends at 09:00:05.0 (TimeMark 50), started at 08:59:30.
    const at = Date.UTC(2025, 5, 2, 8, 59, 55);
    const msg = spatWith(at, [{ eventState: 'MOVEMENT_PHASE_STATE_STOP_AND_REMAIN', start: at - 25_000, end: at + 10_000 }]);
    const r = readableMessage(msg, { year: 2025 });
    const is = ((r['spatem'] as JsonObject)['intersections'] as JsonObject[])[0]!;
    expect(is['moy']).toBe('2025-06-02T08:59Z');
    expect(is['timeStamp']).toBe('55.000 s in the minute');
    const ev = ((is['states'] as JsonObject[])[0]!['stateTimeSpeed'] as JsonObject[])[0]!;
    expect(ev['eventState']).toBe('stop and remain');
    const timing = ev['timing'] as JsonObject;
    expect(timing['minEndTime']).toBe('in 10.0 s');
    expect(timing['likelyTime']).toBe('in 10.0 s');
    expect(timing['startTime']).toBe('25.0 s ago');
    expect(signalTiming(msg, 1, 1)?.phases[0]).toEqual({ state: 'stop and remain', endsIn: 10, minEndIn: 10, maxEndIn: 10 });
    expect(signalTiming(msg, 1, 2)).toBeUndefined();
    expect(signalTiming(msg, 2, 1)).toBeUndefined();
  });

  it('reads unknown and beyond-the-hour TimeMarks', () => {
    const at = Date.UTC(2025, 5, 2, 8, 0, 0);
    const msg = spatWith(at, [{ eventState: 'MOVEMENT_PHASE_STATE_DARK', start: Number.NaN, end: Number.NaN }]);
    const timing = firstTiming(readableMessage(msg));
    expect(timing['minEndTime']).toBe('unavailable');
    expect(signalTiming(msg, 1, 1)?.phases[0]?.endsIn).toBeUndefined();
    const far = spatWith(at, [{ eventState: 'MOVEMENT_PHASE_STATE_STOP_AND_REMAIN', start: at, end: at + 2 * 3_600_000 }]);
    expect(firstTiming(readableMessage(far))['minEndTime']).toBe('more than an hour away');
  });
});

describe('readable messages: what the facilities send', () => {
  let scenario: Scenario;
  beforeAll(async () => {
    scenario = (await loadScenarioFile('scenarios/examples/shuttle-line.yaml')).scenario;
  });

  it('formats every message of a run (all families), with no NaN and units on every quantity', () => {
    const session = new V2xSession(createWorld(scenario));
    const seen = new Map<Family, number>();
    const last: { traffic?: TickTraffic } = {};
    session.runtime.traffic$.subscribe((t) => (last.traffic = t));
    const year = new Date(Date.parse(scenario.run.startTime)).getUTCFullYear();
    const ticks = Math.round(130 / session.world.dt);
    for (let k = 0; k < ticks; k++) {
      last.traffic = undefined;
      session.step();
      for (const t of (last.traffic as TickTraffic | undefined)?.transmissions ?? []) {
        // Only every 20th CAM and SPATEM: they are many and alike.
        const n = (seen.get(t.family) ?? 0) + 1;
        seen.set(t.family, n);
        if ((t.family === 'cam' || t.family === 'spatem') && n % 20 !== 1) continue;
        const decoded = decodeItsMessage(t.bytes);
        const r = readableMessage(decoded, { year });
        const text = JSON.stringify(r);
        expect(text).not.toMatch(/NaN|undefined|Infinity/);
        expect(r['header']).toMatchObject({ stationId: t.senderStationId });
        for (const s of leaves(r)) expect(s, `${t.family}: ${s}`).not.toMatch(/^-?\d+(\.\d+)?$/);
      }
    }
    session.dispose();
    for (const f of ['cam', 'spatem', 'mapem', 'denm', 'ivim', 'cpm'] as const) expect(seen.get(f) ?? 0, f).toBeGreaterThan(0);
  });

  it("gives each signal's seconds to phase end from its RSU's SPATEM, as the simulated signal then changes", () => {
    const session = new V2xSession(createWorld(scenario));
    const source = new ProtoFrameSource({ channel: session.runtime.channel });
    const snapshot = decodeSnapshot(source.snapshot(session.world));
    let traffic: TickTraffic | undefined;
    session.runtime.traffic$.subscribe((t) => (traffic = t));
    const w = session.world;
    // Run a while, keep the last SPATEM of the RSU serving controller 0.
    const rsu = snapshot.rsus[rsusServing(snapshot, 0)[0]!]!;
    let spatem: { msg: ItsMessage; time: number } | undefined;
    for (let k = 0; k < 400; k++) {
      session.step();
      for (const t of traffic?.transmissions ?? []) if (t.family === 'spatem' && t.senderStationId === rsu.stationId) spatem = { msg: decodeItsMessage(t.bytes), time: t.time };
    }
    expect(spatem).toBeDefined();
    const groups = snapshot.controllers[0]!.groups;
    const endsIn = groups.map((g) => {
      const ids = signalNumbers(snapshot, g)!;
      return signalTiming(spatem!.msg, ids.intersectionId, ids.signalGroupId)?.phases[0]?.endsIn;
    });
    // When does each simulated signal change, counted from the SPATEM's instant?
    const initial = groups.map((g) => w.groupState[g]);
    const changedAfter: (number | undefined)[] = groups.map(() => undefined);
    while (changedAfter.some((c) => c === undefined) && w.time - spatem!.time < 300) {
      session.step();
      groups.forEach((g, i) => {
        if (changedAfter[i] === undefined && w.groupState[g] !== initial[i]) changedAfter[i] = w.time - spatem!.time;
      });
    }
    const checked = groups.map((g, i) => {
      expect(endsIn[i], `group ${g}`).toBeDefined();
      expect(changedAfter[i], `group ${g}`).toBeDefined();
      // States are computed at the start of a tick: the change shows up to one tick after the plan's instant.
      expect(Math.abs(changedAfter[i]! - endsIn[i]!), `group ${g}: SPaT says ${endsIn[i]} s, the signal changed after ${changedAfter[i]} s`).toBeLessThanOrEqual(w.dt + 0.1 + 1e-6);
      return g;
    });
    expect(checked.length).toBeGreaterThan(1);
    session.dispose();
  });
});

// ---- message builders -------------------------------------------------------------------------

function camWith(speedValue: number, headingValue: number, latitude = 473700000): ItsMessage {
  return itsMessageFromJson({
    header: { protocolVersion: 2, messageId: 2, stationId: 100001 },
    cam: {
      generationDeltaTime: 1234,
      camParameters: {
        basicContainer: {
          stationType: 'STATION_TYPE_BUS',
          referencePosition: {
            latitude,
            longitude: 85400000,
            positionConfidenceEllipse: { semiMajorAxisLength: 100, semiMinorAxisLength: 100, semiMajorAxisOrientation: 0 },
            altitude: { altitudeValue: 800001, altitudeConfidence: 'ALTITUDE_CONFIDENCE_UNAVAILABLE' },
          },
        },
        highFrequencyContainer: {
          basicVehicleContainerHighFrequency: {
            heading: { headingValue, headingConfidence: 10 },
            speed: { speedValue, speedConfidence: 10 },
          },
        },
      },
    },
  });
}

function highFrequency(r: JsonObject): JsonObject {
  const p = (r['cam'] as JsonObject)['camParameters'] as JsonObject;
  return (p['highFrequencyContainer'] as JsonObject)['basicVehicleContainerHighFrequency'] as JsonObject;
}

function spatWith(atUtcMs: number, events: { eventState: string; start: number; end: number }[]): ItsMessage {
  return itsMessageFromJson({
    header: { protocolVersion: 2, messageId: 4, stationId: 1001 },
    spatem: {
      intersections: [
        {
          id: { id: 1 },
          revision: 3,
          status: 32,
          moy: minuteOfTheYear(atUtcMs),
          timeStamp: dSecond(atUtcMs),
          states: [
            {
              signalGroup: 1,
              stateTimeSpeed: events.map((e) => ({
                eventState: e.eventState,
                timing: {
                  startTime: timeMark(e.start, atUtcMs),
                  minEndTime: timeMark(e.end, atUtcMs),
                  maxEndTime: timeMark(e.end, atUtcMs),
                  likelyTime: timeMark(e.end, atUtcMs),
                  confidence: 15,
                },
              })),
            },
          ],
        },
      ],
    },
  });
}

function firstTiming(r: JsonObject): JsonObject {
  const is = ((r['spatem'] as JsonObject)['intersections'] as JsonObject[])[0]!;
  return ((is['states'] as JsonObject[])[0]!['stateTimeSpeed'] as JsonObject[])[0]!['timing'] as JsonObject;
}
