// IVIM facility: the corridor's speed limits and zones broadcast by nearby RSUs, and the reduced
// limit around active roadworks (new IVI while the closure lasts, cancelled when it ends).
import { describe, expect, it } from 'vitest';
import { corridorScenario, makeWorld } from '../sim/helpers.ts';
import { runFacility, type Sent } from './harness.ts';
import { makeGeo } from '../../sim/geo.ts';
import { polyline, project } from '../../sim/polyline.ts';
import type { World } from '../../sim/world.ts';
import type { Facility, Outgoing } from '../../v2x/runtime.ts';
import { fromEtsiLatitude, fromEtsiLongitude } from '../../v2x/units.ts';
import { IvimFacility, ROADWORKS_IVI_BASE, corridorLimitStretches, linePoints, maxDeltaMetres } from '../../v2x/facilities/ivim.ts';

const run = (w: World, f: Facility, seconds: number, sent: Sent[] = [], each?: (out: Outgoing[]) => void): Sent[] =>
  runFacility(w, f, 'ivim', seconds, sent, each);

const iviId = (s: Sent) => s.message.ivim!.mandatory!.iviIdentificationNumber!;
const limitOf = (s: Sent) => {
  const giv = s.message.ivim!.optional!.find((c) => c.giv)!.giv!;
  const code = giv.items![0]!.roadSignCodes![0]!.code!.iso14823!;
  expect(code.pictogramCode!.pictogramCategoryCode).toEqual({ nature: 5, serialNumber: 57 });
  return code.attributes![0]!.spe!.speedLimitMax;
};

/** Every zone's points in local metres. */
function zonePoints(w: World, s: Sent): { laneNumber: number; pts: [number, number][] }[] {
  const geo = makeGeo(w.scenario.origin);
  const glc = s.message.ivim!.optional!.find((c) => c.glc)!.glc!;
  const ref = glc.referencePosition!;
  return glc.parts!.map((p) => {
    let lat = ref.latitude!;
    let lon = ref.longitude!;
    const pts: [number, number][] = [];
    for (const d of p.zone!.segment!.line!.deltaPositions!.items!) {
      lat += d.deltaLatitude ?? 0;
      lon += d.deltaLongitude ?? 0;
      const q = geo.toLocal(fromEtsiLatitude(lat)!, fromEtsiLongitude(lon)!);
      pts.push([q.x, q.y]);
    }
    return { laneNumber: p.laneNumber!, pts };
  });
}

describe('corridor limit stretches', () => {
  it('cuts the corridor where zones start and end, the last zone holding a point winning', () => {
    expect(corridorLimitStretches(2000, 50, [{ from: 800, to: 1200, limit: 30 }])).toEqual([
      { from: 0, to: 800, limit: 50 },
      { from: 800, to: 1200, limit: 30 },
      { from: 1200, to: 2000, limit: 50 },
    ]);
    expect(corridorLimitStretches(1000, 50, [{ from: 0, to: 600, limit: 30 }, { from: 400, to: 1000, limit: 20 }])).toEqual([
      { from: 0, to: 400, limit: 30 },
      { from: 400, to: 1000, limit: 20 },
    ]);
    expect(corridorLimitStretches(1000, 50, [{ from: 200, to: 400, limit: 50 }])).toEqual([{ from: 0, to: 1000, limit: 50 }]);
  });
});

describe('zone polylines', () => {
  it('keep every delta within the DeltaLatitude / DeltaLongitude range', () => {
    expect(maxDeltaMetres(47)).toBeGreaterThan(880);
    expect(maxDeltaMetres(47)).toBeLessThan(900);
    expect(maxDeltaMetres(0)).toBeLessThan(0.9 * 131_071e-7 * 110_575);
    const line = polyline([[0, 0], [2000, 0], [2000, 10]]);
    const pts = linePoints(line, 500);
    expect(pts).toEqual([[0, 0], [500, 0], [1000, 0], [1500, 0], [2000, 0], [2000, 10]]);
    const long = linePoints(polyline([[0, 0], [10_000, 0]]), 100);
    expect(long.length).toBe(32);
    expect(long[31]).toEqual([10_000, 0]);
  });
});

describe('IVIM speed limits', () => {
  it('RSUs broadcast the zones near them every second with the right limit and stable ids', () => {
    const w = makeWorld(
      corridorScenario(3000, {
        corridor: { lanesPerDirection: 2, speedLimit: 50, speedZones: [{ from: 800, to: 1200, limit: 30 }] },
        rsus: [
          { id: 'near', position: [1000, 15] },
          { id: 'end', position: [2900, 15] },
        ],
      }),
    );
    const f = new IvimFacility();
    const sent = run(w, f, 10);
    // Stretches 0-800 (50), 800-1200 (30), 1200-3000 (50, three pieces of 600 m: at 47 N a
    // DeltaLongitude holds under 1 km).
    expect(f.entries.map((e) => [e.id, e.limit, Math.round(e.from), Math.round(e.to), e.rsus])).toEqual([
      [1, 50, 0, 800, [0]],
      [2, 30, 800, 1200, [0]],
      [3, 50, 1200, 1800, [0]],
      [4, 50, 1800, 2400, []],
      [5, 50, 2400, 3000, [1]],
    ]);
    const byRsu0 = sent.filter((s) => s.sender === 0);
    expect(new Set(byRsu0.map(iviId))).toEqual(new Set([1, 2, 3]));
    expect(new Set(sent.filter((s) => s.sender === 1).map(iviId))).toEqual(new Set([5]));
    // Every piece's geometry is exact (no delta clamped): lanes 1.75 m / 5.25 m off the centreline.
    for (const s of sent) {
      for (const p of zonePoints(w, s)) {
        for (const [x, y] of p.pts) expect([1.75, 5.25].some((d) => Math.abs(project(w.net.centreline!, x, y).distance - d) < 0.1)).toBe(true);
      }
    }
    // Once per second each.
    const zone = byRsu0.filter((s) => iviId(s) === 2);
    expect(zone.length).toBe(10);
    for (let k = 1; k < zone.length; k++) expect(zone[k]!.time - zone[k - 1]!.time).toBeCloseTo(1, 6);
    expect(limitOf(zone[0]!)).toBe(30);
    expect(limitOf(byRsu0.find((s) => iviId(s) === 1)!)).toBe(50);
    expect(zone.every((s) => s.message.ivim!.mandatory!.iviStatus === 0)).toBe(true);
    // The 30 km/h zone follows every lane of both directions between 800 and 1200 m.
    const parts = zonePoints(w, zone[0]!);
    expect(parts.length).toBe(4);
    const centre = w.net.centreline!;
    for (const p of parts) {
      for (const [x, y] of p.pts) {
        const q = project(centre, x, y);
        expect(q.s).toBeGreaterThan(800 - 0.5);
        expect(q.s).toBeLessThan(1200 + 0.5);
        expect([1.75, 5.25].some((d) => Math.abs(q.distance - d) < 0.1)).toBe(true);
      }
      const ends = [p.pts[0]!, p.pts[p.pts.length - 1]!].map(([x, y]) => project(centre, x, y).s);
      expect(Math.min(...ends)).toBeCloseTo(800, 0);
      expect(Math.max(...ends)).toBeCloseTo(1200, 0);
    }
    // Lane 1 (innermost) lies nearest the centreline.
    const inner = parts.find((p) => p.laneNumber === 1)!;
    expect(project(centre, inner.pts[0]![0], inner.pts[0]![1]).distance).toBeCloseTo(1.75, 1);
  });

  it('a reduced limit appears with an active roadworks closure and is cancelled when it ends', () => {
    const w = makeWorld(
      corridorScenario(2000, {
        corridor: { lanesPerDirection: 2, speedLimit: 50 },
        rsus: [{ id: 'r1', position: [600, 15] }],
        timeline: [
          { type: 'laneClosure', at: 600, direction: 'forward', lane: 0, length: 80, start: 30, end: 90, speedLimit: 20 },
          { type: 'laneClosure', at: 1900, direction: 'forward', lane: 0, length: 50, start: 30, end: 90, speedLimit: 20 },
        ],
      }),
    );
    const f = new IvimFacility();
    const sent = run(w, f, 100);
    const works = sent.filter((s) => iviId(s) === ROADWORKS_IVI_BASE);
    const first = works[0]!;
    expect(first.time).toBeGreaterThanOrEqual(30);
    expect(first.time).toBeLessThan(30.3);
    const live = works.filter((s) => s.message.ivim!.mandatory!.iviStatus === 0);
    expect(live.length).toBe(60);
    expect(limitOf(first)).toBe(20);
    for (let k = 1; k < live.length; k++) expect(live[k]!.time - live[k - 1]!.time).toBeCloseTo(1, 6);
    // Zones: both lanes of the link, from 40 m before the works to 10 m after.
    const parts = zonePoints(w, first);
    expect(parts.length).toBe(2);
    const rt = w.timeline[0]!;
    const lane = w.net.lanes[rt.lane]!;
    const along = parts[0]!.pts.map(([x, y]) => project(lane.shape, x, y).s);
    expect(Math.min(...along)).toBeCloseTo(rt.pos - 40, 0);
    expect(Math.max(...along)).toBeCloseTo(rt.pos + rt.length + 10, 0);
    // Cancellation: once, status 2, no containers, then nothing.
    const cancel = works.filter((s) => s.message.ivim!.mandatory!.iviStatus === 2);
    expect(cancel.length).toBe(1);
    expect(cancel[0]!.time).toBeGreaterThanOrEqual(90);
    expect(cancel[0]!.time).toBeLessThan(90.3);
    expect(cancel[0]!.message.ivim!.optional ?? []).toEqual([]);
    expect(works[works.length - 1]).toBe(cancel[0]);
    expect(f.entry(ROADWORKS_IVI_BASE)!.state).toBe('cancelled');
    // The works at 1900 m have no RSU within 500 m: no IVI for them.
    expect(sent.some((s) => iviId(s) === ROADWORKS_IVI_BASE + 1)).toBe(false);
    // The corridor limit went on throughout.
    expect(sent.filter((s) => iviId(s) === 1).length).toBe(100);
  });
});
