// v2x/units.ts: SI <-> ETSI conversions round trip within one ETSI unit, clamp to the ETSI ranges,
// write the unavailable sentinels; the ITS time base (TimestampIts with leap seconds,
// GenerationDeltaTime, TimeMark, MinuteOfTheYear, DSecond) against worked examples.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALTITUDE_UNAVAILABLE,
  HEADING_UNAVAILABLE,
  ITS_EPOCH_UTC_MS,
  ITS_LEAP_SECONDS,
  LATITUDE_UNAVAILABLE,
  LONGITUDE_UNAVAILABLE,
  MINUTE_OF_THE_YEAR_INVALID,
  SPEED_UNAVAILABLE,
  TIME_MARK_BEYOND_HOUR,
  TIME_MARK_UNKNOWN,
  applyEtsiDelta,
  dSecond,
  fromEtsiAcceleration,
  fromEtsiAltitude,
  fromEtsiCartesianAngle,
  fromEtsiCurvature,
  fromEtsiHeading,
  fromEtsiLatitude,
  fromEtsiLongitude,
  fromEtsiSpeed,
  fromEtsiVehicleLength,
  fromEtsiVelocityComponent,
  fromEtsiYawRate,
  fromEtsiSemiAxisLength,
  fromNodeOffsetXy,
  generationDeltaTime,
  minuteOfTheYear,
  simTimeFromTimestampIts,
  timeMark,
  timestampIts,
  timestampItsFromGenerationDeltaTime,
  timestampItsFromUtcMs,
  toEtsiAcceleration,
  toEtsiAltitude,
  toEtsiCartesianAngle,
  toEtsiCurvature,
  toEtsiDeltaReferencePosition,
  toEtsiHeading,
  toEtsiIviLaneWidth,
  toEtsiLaneWidth,
  toEtsiSemiAxisLength,
  toEtsiLatitude,
  toEtsiLongitude,
  toEtsiSpeed,
  toEtsiVehicleLength,
  toEtsiVehicleWidth,
  toEtsiVelocityComponent,
  toEtsiYawRate,
  toNodeOffsetXy,
  utcMs,
  utcMsFromMinuteOfTheYear,
  utcMsFromTimeMark,
  utcMsFromTimestampIts,
} from '../../v2x/units.ts';

const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
/** Smallest difference between two angles in radians. */
const angleGap = (a: number, b: number) => Math.abs(Math.atan2(Math.sin(a - b), Math.cos(a - b)));
const DEG = Math.PI / 180;

describe('position', () => {
  it('latitude and longitude round trip within half a unit (0.05 microdegree)', () => {
    fc.assert(
      fc.property(finite(-90, 90), finite(-180, 180), (lat, lon) => {
        expect(Math.abs(fromEtsiLatitude(toEtsiLatitude(lat))! - lat)).toBeLessThanOrEqual(0.5e-7 + 1e-12);
        expect(Math.abs(fromEtsiLongitude(toEtsiLongitude(lon))! - lon)).toBeLessThanOrEqual(0.5e-7 + 1e-12);
      }),
    );
  });

  it('ETSI values round trip exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -900_000_000, max: 900_000_000 }), fc.integer({ min: -1_800_000_000, max: 1_800_000_000 }), (lat, lon) => {
        expect(toEtsiLatitude(fromEtsiLatitude(lat)!)).toBe(lat);
        expect(toEtsiLongitude(fromEtsiLongitude(lon)!)).toBe(lon);
      }),
    );
  });

  it('writes unavailable for NaN and wraps longitudes', () => {
    expect(toEtsiLatitude(NaN)).toBe(LATITUDE_UNAVAILABLE);
    expect(fromEtsiLatitude(LATITUDE_UNAVAILABLE)).toBeUndefined();
    expect(toEtsiLongitude(NaN)).toBe(LONGITUDE_UNAVAILABLE);
    expect(fromEtsiLongitude(LONGITUDE_UNAVAILABLE)).toBeUndefined();
    expect(toEtsiLongitude(190)).toBe(-1_700_000_000);
    expect(toEtsiLatitude(91)).toBe(900_000_000);
    expect(toEtsiLatitude(47.3712345)).toBe(473_712_345);
  });

  it('altitude in centimetres, clamped, unavailable for NaN', () => {
    expect(toEtsiAltitude(408.5)).toBe(40_850);
    expect(fromEtsiAltitude(40_850)).toBe(408.5);
    expect(toEtsiAltitude(9000)).toBe(800_000);
    expect(toEtsiAltitude(-2000)).toBe(-100_000);
    expect(toEtsiAltitude(NaN)).toBe(ALTITUDE_UNAVAILABLE);
    expect(fromEtsiAltitude(ALTITUDE_UNAVAILABLE)).toBeUndefined();
  });

  it('confidence semi-axes and lane widths in centimetres', () => {
    expect(toEtsiSemiAxisLength(1.5)).toBe(150);
    expect(fromEtsiSemiAxisLength(150)).toBe(1.5);
    expect(toEtsiSemiAxisLength(50)).toBe(4094);
    expect(toEtsiSemiAxisLength(NaN)).toBe(4095);
    expect(fromEtsiSemiAxisLength(4095)).toBeUndefined();
    expect(toEtsiLaneWidth(3.5)).toBe(350);
    expect(toEtsiIviLaneWidth(14)).toBe(1023);
    expect(() => toEtsiLaneWidth(NaN)).toThrow(RangeError);
  });

  it('chained path deltas add up exactly to the rounded end point', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(finite(-0.001, 0.001), finite(-0.001, 0.001)), { minLength: 1, maxLength: 20 }), (steps) => {
        let p = { lat: 47.37, lon: 8.54 };
        let q = { ...p };
        for (const [dLat, dLon] of steps) {
          const next = { lat: p.lat + dLat, lon: p.lon + dLon };
          q = applyEtsiDelta(q, toEtsiDeltaReferencePosition(p, next));
          p = next;
        }
        expect(toEtsiLatitude(q.lat)).toBe(toEtsiLatitude(p.lat));
        expect(toEtsiLongitude(q.lon)).toBe(toEtsiLongitude(p.lon));
      }),
    );
    expect(toEtsiDeltaReferencePosition({ lat: 47, lon: 8 }, { lat: 47.0001, lon: 8 })).toEqual({ deltaLatitude: 1000, deltaLongitude: 0, deltaAltitude: 12_800 });
    expect(toEtsiDeltaReferencePosition({ lat: 47, lon: 8, alt: 400 }, { lat: 48, lon: 8, alt: 401.5 })).toEqual({ deltaLatitude: 131_071, deltaLongitude: 0, deltaAltitude: 150 });
  });
});

describe('kinematics', () => {
  it('speed: 0.01 m/s, magnitude, 16382 from 163.82 m/s, 16383 unavailable', () => {
    fc.assert(
      fc.property(finite(0, 163.8), (v) => {
        expect(Math.abs(fromEtsiSpeed(toEtsiSpeed(v))! - v)).toBeLessThanOrEqual(0.005 + 1e-9);
      }),
    );
    expect(toEtsiSpeed(20 / 3.6)).toBe(556);
    expect(toEtsiSpeed(-2)).toBe(200);
    expect(toEtsiSpeed(500)).toBe(16_382);
    expect(toEtsiSpeed(NaN)).toBe(SPEED_UNAVAILABLE);
    expect(fromEtsiSpeed(SPEED_UNAVAILABLE)).toBeUndefined();
  });

  it('heading: local radians counter-clockwise from east to 0.1 degree clockwise from north', () => {
    expect(toEtsiHeading(0)).toBe(900); // east
    expect(toEtsiHeading(Math.PI / 2)).toBe(0); // north
    expect(toEtsiHeading(Math.PI)).toBe(2700); // west
    expect(toEtsiHeading(-Math.PI / 2)).toBe(1800); // south
    expect(toEtsiHeading(Math.PI / 4)).toBe(450); // north-east
    expect(toEtsiHeading(Math.PI / 2 + 0.00001)).toBe(0); // just west of north rounds to 0, never 3600
    expect(toEtsiHeading(NaN)).toBe(HEADING_UNAVAILABLE);
    expect(fromEtsiHeading(HEADING_UNAVAILABLE)).toBeUndefined();
    fc.assert(
      fc.property(finite(-20, 20), (theta) => {
        const v = toEtsiHeading(theta);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(3599);
        expect(angleGap(fromEtsiHeading(v)!, theta)).toBeLessThanOrEqual(0.05 * DEG + 1e-9);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3599 }), (v) => {
        expect(toEtsiHeading(fromEtsiHeading(v)!)).toBe(v);
      }),
    );
  });

  it('cartesian angle: 0.1 degree counter-clockwise from x', () => {
    expect(toEtsiCartesianAngle(Math.PI / 2)).toBe(900);
    expect(toEtsiCartesianAngle(-Math.PI / 2)).toBe(2700);
    fc.assert(
      fc.property(finite(-20, 20), (theta) => {
        expect(angleGap(fromEtsiCartesianAngle(toEtsiCartesianAngle(theta))!, theta)).toBeLessThanOrEqual(0.05 * DEG + 1e-9);
      }),
    );
  });

  it('acceleration, yaw rate, curvature, velocity components round trip within half a unit', () => {
    fc.assert(
      fc.property(finite(-15.9, 15.9), finite(-5.7, 5.7), finite(-0.1, 0.1), finite(-163, 163), (a, w, k, v) => {
        expect(Math.abs(fromEtsiAcceleration(toEtsiAcceleration(a))! - a)).toBeLessThanOrEqual(0.05 + 1e-9);
        expect(Math.abs(fromEtsiYawRate(toEtsiYawRate(w))! - w)).toBeLessThanOrEqual(0.005 * DEG + 1e-9);
        expect(Math.abs(fromEtsiCurvature(toEtsiCurvature(k))! - k)).toBeLessThanOrEqual(0.00005 + 1e-12);
        expect(Math.abs(fromEtsiVelocityComponent(toEtsiVelocityComponent(v))! - v)).toBeLessThanOrEqual(0.005 + 1e-9);
      }),
    );
    expect(toEtsiAcceleration(-30)).toBe(-160);
    expect(toEtsiAcceleration(NaN)).toBe(161);
    expect(toEtsiYawRate(100)).toBe(32_766);
    expect(toEtsiCurvature(1)).toBe(1022);
    expect(toEtsiCurvature(NaN)).toBe(1023);
  });

  it('vehicle dimensions in 0.1 m with out-of-range values', () => {
    expect(toEtsiVehicleLength(4.75)).toBe(48);
    expect(fromEtsiVehicleLength(48)).toBe(4.8);
    expect(toEtsiVehicleLength(200)).toBe(1022);
    expect(toEtsiVehicleLength(NaN)).toBe(1023);
    expect(toEtsiVehicleWidth(2.11)).toBe(21);
    expect(toEtsiVehicleWidth(7)).toBe(61);
    expect(toEtsiVehicleWidth(NaN)).toBe(62);
  });
});

describe('MAP node offsets', () => {
  it('uses the smallest NodeOffsetPointXY alternative and round trips within half a centimetre', () => {
    expect(toNodeOffsetXy(5.11, -5.12)).toEqual({ nodeXy1: { x: 511, y: -512 } });
    expect(toNodeOffsetXy(5.12, 0)).toEqual({ nodeXy2: { x: 512, y: 0 } });
    expect(toNodeOffsetXy(0, 81.91)).toEqual({ nodeXy5: { x: 0, y: 8191 } });
    expect(toNodeOffsetXy(-327.68, 327.67)).toEqual({ nodeXy6: { x: -32_768, y: 32_767 } });
    expect(() => toNodeOffsetXy(327.68, 0)).toThrow(RangeError);
    fc.assert(
      fc.property(finite(-327, 327), finite(-327, 327), (x, y) => {
        const back = fromNodeOffsetXy(toNodeOffsetXy(x, y))!;
        expect(Math.abs(back.x - x)).toBeLessThanOrEqual(0.005 + 1e-9);
        expect(Math.abs(back.y - y)).toBeLessThanOrEqual(0.005 + 1e-9);
      }),
    );
  });
});

describe('time', () => {
  it('TimestampIts counts ms since 2004-01-01 UTC plus the leap seconds since (CDD example)', () => {
    expect(ITS_EPOCH_UTC_MS).toBe(1_072_915_200_000);
    expect(ITS_LEAP_SECONDS).toBe(5);
    expect(timestampItsFromUtcMs(Date.UTC(2004, 0, 1))).toBe(0);
    expect(timestampItsFromUtcMs(Date.UTC(2007, 0, 1))).toBe(94_694_401_000);
    expect(timestampIts(0, '2007-01-01T00:00:00Z')).toBe(94_694_401_000);
    expect(timestampIts(1.5, '2025-06-02T10:00:00+02:00')).toBe(Date.UTC(2025, 5, 2, 8, 0, 1, 500) - ITS_EPOCH_UTC_MS + 5000);
    // 2016-12-31T23:59:59.999Z and the instant after the leap second inserted before 2017.
    expect(timestampItsFromUtcMs(Date.UTC(2017, 0, 1)) - timestampItsFromUtcMs(Date.UTC(2016, 11, 31, 23, 59, 59, 999))).toBe(1001);
  });

  it('TimestampIts and UTC round trip to the millisecond; sim time too', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2004, 0, 1), max: Date.UTC(2100, 0, 1) }), (t) => {
        expect(utcMsFromTimestampIts(timestampItsFromUtcMs(t))).toBe(t);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_400_000 }), (ms) => {
        const sim = ms / 1000;
        expect(simTimeFromTimestampIts(timestampIts(sim, '2025-06-02T08:00:00Z'), '2025-06-02T08:00:00Z')).toBeCloseTo(sim, 6);
      }),
    );
    // Sim times that are not exact in binary still land on the right millisecond.
    expect(timestampIts(2.3, '2025-06-02T08:00:00Z') - timestampIts(0, '2025-06-02T08:00:00Z')).toBe(2300);
  });

  it('start times need an explicit offset', () => {
    expect(() => utcMs(0, '2025-06-02T08:00:00')).toThrow(/explicit UTC offset/);
    expect(() => utcMs(0, 'yesterdayZ')).toThrow(/not an ISO 8601 time/);
  });

  it('GenerationDeltaTime is TimestampIts mod 65536, and resolves back near a reference', () => {
    const ts = timestampIts(0, '2007-01-01T00:00:00Z');
    expect(generationDeltaTime(ts)).toBe(94_694_401_000 % 65_536);
    fc.assert(
      fc.property(fc.integer({ min: 100_000, max: 4_000_000_000_000 }), fc.integer({ min: -32_000, max: 32_000 }), (t, skew) => {
        expect(timestampItsFromGenerationDeltaTime(generationDeltaTime(t), t + skew)).toBe(t);
      }),
    );
  });

  it('TimeMark: tenths of a second in the UTC hour, 36000 beyond the hour, 36001 unknown', () => {
    const t = Date.UTC(2025, 5, 2, 10, 15, 30, 250);
    expect(timeMark(t)).toBe((15 * 60 + 30) * 10 + 2);
    expect(timeMark(Date.UTC(2025, 5, 2, 10, 59, 59, 999))).toBe(35_999);
    expect(timeMark(Date.UTC(2025, 5, 2, 11, 0, 0, 0))).toBe(0);
    expect(timeMark(t + 3_600_000, t)).toBe(TIME_MARK_BEYOND_HOUR);
    expect(timeMark(NaN)).toBe(TIME_MARK_UNKNOWN);
    expect(utcMsFromTimeMark(TIME_MARK_UNKNOWN, t)).toBeUndefined();
    expect(utcMsFromTimeMark(TIME_MARK_BEYOND_HOUR, t)).toBe(Number.POSITIVE_INFINITY);
    // 10:59:50 seen at 10:59:40 is 10 s ahead; 00:05 of the next hour likewise.
    const now = Date.UTC(2025, 5, 2, 10, 59, 40);
    expect(utcMsFromTimeMark(timeMark(Date.UTC(2025, 5, 2, 11, 0, 5)), now)).toBe(Date.UTC(2025, 5, 2, 11, 0, 5));
    expect(utcMsFromTimeMark(timeMark(Date.UTC(2025, 5, 2, 10, 59, 50)), now)).toBe(Date.UTC(2025, 5, 2, 10, 59, 50));
  });

  it('TimeMark round trips within one unit inside [now - 15 min, now + 45 min - 0.1 s)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), fc.integer({ min: -15 * 60_000, max: 45 * 60_000 - 101 }), (now, offset) => {
        const t = now + offset;
        const back = utcMsFromTimeMark(timeMark(t, now), now)!;
        expect(t - back).toBeGreaterThanOrEqual(0);
        expect(t - back).toBeLessThan(100);
      }),
    );
  });

  it('MinuteOfTheYear and DSecond date an instant; they resolve back near now across year ends', () => {
    expect(minuteOfTheYear(Date.UTC(2025, 0, 1))).toBe(0);
    expect(minuteOfTheYear(Date.UTC(2024, 11, 31, 23, 59, 59))).toBe(527_039); // leap year
    expect(minuteOfTheYear(NaN)).toBe(MINUTE_OF_THE_YEAR_INVALID);
    expect(dSecond(Date.UTC(2025, 0, 1, 0, 0, 42, 17))).toBe(42_017);
    expect(utcMsFromMinuteOfTheYear(MINUTE_OF_THE_YEAR_INVALID, 0, Date.now())).toBeUndefined();
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), fc.integer({ min: -3_600_000, max: 3_600_000 }), (t, skew) => {
        expect(utcMsFromMinuteOfTheYear(minuteOfTheYear(t), dSecond(t), t + skew)).toBe(t);
      }),
    );
    const newYear = Date.UTC(2026, 0, 1);
    expect(utcMsFromMinuteOfTheYear(minuteOfTheYear(newYear - 1000), dSecond(newYear - 1000), newYear + 5000)).toBe(newYear - 1000);
  });
});
