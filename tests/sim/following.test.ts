// Car-following on real lanes: approaching a stopped vehicle and a red stop line.
import { describe, expect, it } from 'vitest';
import { corridorScenario, laneOf, makeWorld, minGapOnLanes, runFor } from './helpers.ts';
import { placeVehicle } from '../../sim/place.ts';
import { SignalState } from '../../sim/signals.ts';

describe('approach to a stopped leader', () => {
  it('stops behind it at about the jam distance, never overlapping, without the collision guard', () => {
    const w = makeWorld(corridorScenario(1000));
    const lane = laneOf(w, 'corridor:f0');
    const stopped = placeVehicle(w, { lane, s: 600, v: 0 });
    w.vehicles.maxSpeed[stopped] = 0; // broken down
    const car = placeVehicle(w, { lane, s: 100, v: 50 / 3.6 });
    let minGap = Infinity;
    runFor(w, 90, () => {
      minGap = Math.min(minGap, minGapOnLanes(w).gap);
    });
    const gap = w.vehicles.s[stopped]! - w.vehicles.length[stopped]! - w.vehicles.s[car]!;
    expect(w.vehicles.v[car]).toBeLessThan(0.05);
    expect(gap).toBeGreaterThan(1.5);
    expect(gap).toBeLessThan(3);
    expect(minGap).toBeGreaterThan(1.5);
    expect(w.counters.guardInterventions).toBe(0);
  });
});

describe('approach to a red stop line', () => {
  it('stops before the line while red and leaves on green', () => {
    // Cross street at 500 m; plan offset 30 s: the main-road group is red until t = 30 s.
    const w = makeWorld(
      corridorScenario(1000, {
        corridor: { crossStreets: [{ id: 'X', at: 500 }] },
        signals: [{ id: 'X', node: 'X', offset: 30 }],
      }),
    );
    const lane = laneOf(w, 'corridor:f0');
    const laneLen = w.net.lanes[lane]!.length;
    const car = placeVehicle(w, { lane, s: laneLen - 200, v: 50 / 3.6, exit: 'corridor:end' });
    const main = w.net.groups.findIndex((g) => g.name === 'main');
    runFor(w, 25, () => {
      if (w.groupState[main] !== SignalState.green) {
        expect(w.vehicles.lane[car]).toBe(lane);
        expect(w.vehicles.s[car]).toBeLessThanOrEqual(laneLen);
      }
    });
    expect(w.groupState[main]).not.toBe(SignalState.green);
    expect(w.vehicles.v[car]).toBeLessThan(0.05);
    expect(laneLen - w.vehicles.s[car]!).toBeGreaterThan(0.3);
    expect(laneLen - w.vehicles.s[car]!).toBeLessThan(3);
    runFor(w, 30);
    expect(w.vehicles.lane[car]).not.toBe(lane);
  });

  it('decides at the onset of amber: goes when too close to stop comfortably, stops otherwise', () => {
    const build = () =>
      makeWorld(
        corridorScenario(1000, {
          corridor: { crossStreets: [{ id: 'X', at: 700 }] },
          signals: [{ id: 'X', node: 'X', offset: 0, mainGreen: 40 }],
        }),
      );
    const v0 = 50 / 3.6;
    // Distance to the line when amber starts at t = 40 s, driving at a steady v0 from t = 0.
    const outcome = (distanceAtAmber: number) => {
      const w = build();
      const lane = laneOf(w, 'corridor:f0');
      const laneLen = w.net.lanes[lane]!.length;
      const car = placeVehicle(w, { lane, s: laneLen - distanceAtAmber - v0 * 40, v: v0, exit: 'corridor:end' });
      runFor(w, 40 + 30);
      return { w, car, lane, went: w.vehicles.lane[car] !== lane };
    };
    // Comfortable stopping distance at 50 km/h with b = 2 m/s²: about 48 m.
    const near = outcome(20);
    expect(near.went).toBe(true);
    const far = outcome(90);
    expect(far.w.vehicles.lane[far.car]).toBe(far.lane);
    expect(far.w.vehicles.v[far.car]).toBeLessThan(0.05);
  });
});

describe('queue discharge at green', () => {
  it('a standing queue leaves at a saturation flow of 1,500-2,100 vehicles per hour per lane', () => {
    // Red until t = 30 s, then 40 s of green; 15 cars queued on the approach.
    const w = makeWorld(
      corridorScenario(1200, {
        corridor: { crossStreets: [{ id: 'X', at: 800 }] },
        signals: [{ id: 'X', node: 'X', offset: 30, mainGreen: 40 }],
      }),
    );
    const lane = laneOf(w, 'corridor:f0');
    const laneLen = w.net.lanes[lane]!.length;
    for (let k = 0; k < 15; k++) placeVehicle(w, { lane, s: laneLen - 1 - k * 7, v: 0, exit: 'corridor:end' });
    const crossings: number[] = [];
    const before = new Set<number>();
    runFor(w, 70, () => {
      for (const i of w.occupancy.lists[lane]!) before.add(w.vehicles.id[i]!);
      for (const id of [...before]) {
        const still = w.occupancy.lists[lane]!.some((i) => w.vehicles.id[i] === id);
        if (!still) {
          crossings.push(w.time);
          before.delete(id);
        }
      }
    });
    expect(crossings.length).toBe(15);
    expect(crossings[0]!).toBeGreaterThanOrEqual(30);
    // Headways after the first few (start-up lost time) give the saturation flow.
    const h = (crossings[14]! - crossings[4]!) / 10;
    const perHour = 3600 / h;
    expect(perHour).toBeGreaterThan(1500);
    expect(perHour).toBeLessThan(2100);
  });
});
