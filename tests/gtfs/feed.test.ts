// Reading GTFS tables: times past 24:00:00, optional tables, and every bad value reported with
// its file and line, all at once. Headways from departure times.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GtfsError, readGtfsFeed } from '../../scenarios/gtfs/feed.ts';
import { headwayStats } from '../../scenarios/gtfs/headways.ts';
import { formatGtfsTime, parseGtfsTime } from '../../scenarios/gtfs/time.ts';

const dirs: string[] = [];
function feed(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-feed-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const GOOD = {
  'stops.txt': 'stop_id,stop_name,stop_lat,stop_lon\nA,Alpha,47.08,2.38\nB,Beta,47.09,2.39\n',
  'routes.txt': 'route_id,route_short_name,route_type\nR,1,3\n',
  'trips.txt': 'route_id,service_id,trip_id\nR,S,T1\n',
  'stop_times.txt': 'trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,23:55:00,23:55:00,A,1\nT1,24:07:30,24:07:30,B,2\n',
};

describe('GTFS feed', () => {
  it('reads a minimal feed; shapes and calendar are optional; times may pass 24:00:00', async () => {
    const f = await readGtfsFeed(feed(GOOD));
    expect(f.shapes.size).toBe(0);
    expect(f.services.size).toBe(0);
    expect(f.stopTimes.get('T1')!.map((s) => s.arrival)).toEqual([23 * 3600 + 55 * 60, 24 * 3600 + 7 * 60 + 30]);
  });

  it('reports every bad value with file:line, and a missing table or column', async () => {
    const dir = feed({
      ...GOOD,
      'stops.txt': 'stop_id,stop_name,stop_lat,stop_lon\nA,Alpha,147.08,2.38\nA,Again,47.1,2.4\nB,,47.09,2.39\n',
      'trips.txt': 'route_id,service_id,trip_id,direction_id\nR,S,T1,2\n',
    });
    const error = await readGtfsFeed(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GtfsError);
    const problems = (error as GtfsError).problems;
    expect(problems).toContain(`${join(dir, 'stops.txt')}:2: stop_lat must be a number from -90 to 90, got "147.08"`);
    expect(problems).toContain(`${join(dir, 'stops.txt')}:3: stop_id "A" again (first at line 2)`);
    expect(problems).toContain(`${join(dir, 'stops.txt')}:4: stop_name is empty`);
    expect(problems).toContain(`${join(dir, 'trips.txt')}:2: direction_id must be an integer from 0 to 1, got "2"`);

    const { 'stop_times.txt': _times, ...withoutTimes } = GOOD;
    const noTimes = feed(withoutTimes);
    await expect(readGtfsFeed(noTimes)).rejects.toThrow(`${join(noTimes, 'stop_times.txt')}: missing (a GTFS feed needs stop_times.txt)`);
    const noColumn = feed({ ...GOOD, 'routes.txt': 'route_id,route_short_name\nR,1\n' });
    await expect(readGtfsFeed(noColumn)).rejects.toThrow('routes.txt:1: missing required column "route_type"');
  });

  it('refuses stop times of unknown stops and trips, and going back in time', async () => {
    const dir = feed({
      ...GOOD,
      'stop_times.txt': 'trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,A,1\nT1,07:59:00,07:59:00,Z,2\nT9,08:00:00,08:00:00,A,1\n',
    });
    const problems = ((await readGtfsFeed(dir).catch((e: unknown) => e)) as GtfsError).problems;
    expect(problems).toContain(`${join(dir, 'stop_times.txt')}:4: trip_id "T9" is not in trips.txt`);
    expect(problems.some((p) => p.includes(':3: trip "T1" arrives at stop_sequence 2 before it left the previous stop'))).toBe(true);
  });
});

describe('GTFS times', () => {
  it('round-trips any number of seconds up to 99:59:59 and refuses other texts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 * 3600 - 1 }), (s) => {
        expect(parseGtfsTime(formatGtfsTime(s))).toBe(s);
      }),
    );
    expect(parseGtfsTime('7:05:09')).toBe(7 * 3600 + 5 * 60 + 9);
    for (const bad of ['7h30', '07:60:00', '07:00', '', '-1:00:00']) expect(typeof parseGtfsTime(bad)).toBe('string');
  });
});

describe('headways', () => {
  it('gives a regular timetable its headway as both peak and median, wherever it starts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 * 3600 }), fc.integer({ min: 60, max: 3600 }), fc.integer({ min: 2, max: 60 }), (start, h, n) => {
        const s = headwayStats(Array.from({ length: n }, (_, k) => start + k * h))!;
        expect(s.peak).toBe(h);
        expect(s.median).toBe(h);
        expect(s.trips).toBe(n);
      }),
    );
  });

  it('finds the busiest hour: 10-minute peak in a 20-minute day', () => {
    const offPeak = [6, 6 + 1 / 3, 6 + 2 / 3].map((h) => h * 3600);
    const peak = Array.from({ length: 9 }, (_, k) => 7 * 3600 + k * 600);
    const evening = [9, 9 + 1 / 3, 9 + 2 / 3, 10].map((h) => h * 3600 + 1200);
    const s = headwayStats([...evening, ...offPeak, ...peak])!;
    expect(s.peak).toBe(600);
    expect(s.peakFrom).toBe(7 * 3600);
    expect(s.peakTrips).toBe(6);
    expect(headwayStats([8 * 3600])).toBeUndefined();
  });
});
