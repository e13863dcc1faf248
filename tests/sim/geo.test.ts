import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeGeo } from '../../sim/geo.ts';

describe('geo', () => {
  it('origin maps to (0, 0, 0) and back', () => {
    const g = makeGeo({ lat: 47.3769, lon: 8.5417, alt: 408 });
    const p = g.toLocal(47.3769, 8.5417, 408);
    expect(Math.hypot(p.x, p.y, p.z)).toBeLessThan(1e-6);
    const q = g.toGeo(0, 0, 0);
    expect(q.lat).toBeCloseTo(47.3769, 10);
    expect(q.lon).toBeCloseTo(8.5417, 10);
    expect(q.alt).toBeCloseTo(408, 6);
  });

  it('one degree of latitude near 47° is about 111.19 km, due north', () => {
    const g = makeGeo({ lat: 46.5, lon: 7, alt: 0 });
    const north = g.toLocal(47.5, 7, 0);
    const south = g.toLocal(46.5, 7, 0);
    const d = Math.hypot(north.x - south.x, north.y - south.y, north.z - south.z);
    // Meridian arc 46.5°..47.5° on WGS84 is 111 186 m; the chord is shorter by ~1.3 m.
    expect(d / 1000).toBeCloseTo(111.19, 1);
    expect(Math.abs(north.x)).toBeLessThan(1e-6);
    expect(north.y).toBeGreaterThan(111_000);
    expect(north.z).toBeLessThan(0); // the Earth curves away below the tangent plane
  });

  it('east is +x, north is +y', () => {
    const g = makeGeo({ lat: 47, lon: 8, alt: 0 });
    expect(g.toLocal(47, 8.001).x).toBeGreaterThan(70);
    expect(Math.abs(g.toLocal(47, 8.001).y)).toBeLessThan(0.01);
    expect(g.toLocal(47.001, 8).y).toBeGreaterThan(110);
  });

  it('round trip local → geo → local within 1 mm for points within 100 km', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -100, max: 3000, noNaN: true }),
        fc.double({ min: -100_000, max: 100_000, noNaN: true }),
        fc.double({ min: -100_000, max: 100_000, noNaN: true }),
        fc.double({ min: -500, max: 500, noNaN: true }),
        (lat, lon, alt, x, y, z) => {
          const g = makeGeo({ lat, lon, alt });
          const p = g.toGeo(x, y, z);
          const q = g.toLocal(p.lat, p.lon, p.alt);
          return Math.hypot(q.x - x, q.y - y, q.z - z) < 1e-3;
        },
      ),
      { numRuns: 500 },
    );
  });

  it('round trip geo → local → geo within 1 mm', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: -179, max: 179, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: -50, max: 500, noNaN: true }),
        (lat, lon, dlat, dlon, alt) => {
          const g = makeGeo({ lat, lon, alt: 0 });
          const p = g.toLocal(lat + dlat, lon + dlon, alt);
          const q = g.toGeo(p.x, p.y, p.z);
          const back = g.toLocal(q.lat, q.lon, q.alt);
          return Math.hypot(back.x - p.x, back.y - p.y, back.z - p.z) < 1e-3 && Math.abs(q.alt - alt) < 1e-3;
        },
      ),
      { numRuns: 300 },
    );
  });
});
