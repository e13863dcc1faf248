// The KPI observers (sim/kpi): time at signals agrees with the shuttle's own counters, round
// trips and headways come from the line's events, safety events count occurrences (not ticks),
// and only cars driving the whole corridor count for the other-traffic travel time.
import { describe, expect, it } from 'vitest';
import { corridorScenario, makeWorld, runFor, shuttleLine } from '../sim/helpers.ts';
import { SimKpiCollector } from '../../sim/kpi/index.ts';
import { SafetyObserver } from '../../sim/kpi/safety.ts';
import { VehicleType } from '../../sim/vehicle-types.ts';

describe('shuttle KPIs', () => {
  it('time at signals, round trips and headways of a line through a signalised junction', () => {
    const w = makeWorld(
      corridorScenario(800, {
        run: { tick: 0.1, duration: 2400, seed: 3 },
        corridor: { crossStreets: [{ id: 'x1', at: 400, leftArm: 100, rightArm: 100 }] },
        shuttles: [{ ...shuttleLine([{ id: 'A', at: 60 }, { id: 'B', at: 250 }, { id: 'C', at: 740 }]), vehicles: 2, headway: 300 }],
      }),
    );
    const kpis = new SimKpiCollector(w);
    let trips = 0;
    runFor(w, 2400, (ev) => {
      kpis.observe(ev);
      trips += ev.filter((e) => e.type === 'shuttleTripCompleted').length;
    });
    const r = kpis.result().shuttle;
    const own = w.shuttles.reduce((a, s) => a + s.ticksStoppedAtSignals, 0) * w.dt;
    expect(own).toBeGreaterThan(10);
    // Same definition as the shuttle's counter (within a few ticks of arrival edge cases).
    expect(Math.abs(r.signalSeconds - own)).toBeLessThan(1);
    expect(r.approaches.map((a) => `${a.controller} ${a.approach}`)).toEqual(expect.arrayContaining(['x1 forward']));
    // A stop at red is counted once however long the shuttle creeps in the queue.
    expect(r.stopsAtRed).toBeGreaterThan(0);
    expect(r.stopsAtRed).toBeLessThanOrEqual(w.shuttles.reduce((a, s) => a + s.stopsAtRed, 0));
    expect(r.roundTrips).toHaveLength(trips);
    expect(trips).toBeGreaterThan(0);
    // Intermediate stops have the fixed 15 s dwell; terminals (with layover) are left out.
    expect(new Set(r.dwells.map((d) => Math.round(d)))).toEqual(new Set([15]));
    expect(Object.keys(r.headways).sort()).toEqual(expect.arrayContaining(['B forward', 'B backward']));
    const p = r.profile!;
    expect(p.seconds.reduce((a, b) => a + b, 0)).toBeCloseTo(2 * 2400, 0);
    expect(p.signalSeconds.reduce((a, b) => a + b, 0)).toBeCloseTo(r.signalSeconds, 3);
  });
});

describe('safety surrogates', () => {
  function twoCars() {
    const w = makeWorld(corridorScenario(1000));
    const V = w.vehicles;
    const lane = w.net.links.find((l) => l.key.endsWith(':f0'))!.lanes[0]!;
    const place = (s: number, v: number) => {
      const i = V.add(VehicleType.car, 1, 0);
      V.lane[i] = lane;
      V.s[i] = s;
      V.v[i] = v;
      w.occupancy.insert(lane, i, V.s);
      return i;
    };
    const leader = place(200, 0);
    const follower = place(180, 10);
    return { w, V, leader, follower };
  }

  it('counts a time-to-collision under 1.5 s once per occurrence', () => {
    const { w, V, follower } = twoCars();
    const obs = new SafetyObserver(w);
    // Gap 200 - 4.5 (car length) - 180 = 15.5 m at 10 m/s closing: TTC 1.55 s, not yet.
    obs.observe();
    expect(obs.result().ttcEvents).toBe(0);
    V.s[follower] = 182;
    obs.observe();
    obs.observe();
    expect(obs.result()).toMatchObject({ ttcEvents: 1, shuttleTtcEvents: 0 });
    expect(obs.result().minTtc!).toBeCloseTo((200 - V.length[0]! - 182) / 10, 6);
    V.v[follower] = 0;
    obs.observe();
    V.v[follower] = 10;
    obs.observe();
    expect(obs.result().ttcEvents).toBe(2);
  });

  it('counts decelerations stronger than 3 m/s² from a moving speed, not a crawl to a stop', () => {
    const { w, V, follower } = twoCars();
    const obs = new SafetyObserver(w);
    obs.observe();
    V.v[follower] = 9.5; // -5 m/s² over a 0.1 s tick
    obs.observe();
    V.v[follower] = 9.0;
    obs.observe();
    expect(obs.result().hardBrakingEvents).toBe(1);
    V.v[follower] = 8.9; // -1 m/s²: the event is over
    obs.observe();
    V.v[follower] = 0.4;
    obs.observe();
    expect(obs.result().hardBrakingEvents).toBe(2);
    V.v[follower] = 0.6;
    obs.observe();
    V.v[follower] = 0; // from 0.6 m/s to rest
    obs.observe();
    expect(obs.result().hardBrakingEvents).toBe(2);
  });
});

describe('other traffic', () => {
  it('counts cars driving the corridor end to end only', () => {
    const w = makeWorld(
      corridorScenario(600, {
        run: { tick: 0.1, duration: 600, seed: 5 },
        corridor: { crossStreets: [{ id: 'x1', at: 300, leftArm: 100, rightArm: 100, control: 'priority' }] },
        demand: {
          flows: [
            { entry: 'corridor:start', vehPerHour: 300, mix: { car: 1, bus: 0, truck: 0 } },
            { entry: 'x1:left', vehPerHour: 300, mix: { car: 1, bus: 0, truck: 0 }, exits: { 'corridor:end': 1 } },
          ],
        },
      }),
    );
    const kpis = new SimKpiCollector(w);
    let through = 0;
    const entries = new Map<number, string>();
    runFor(w, 600, (ev) => {
      kpis.observe(ev);
      for (const e of ev) {
        if (e.type === 'vehicleEntered') entries.set(e.vehicle, e.entry);
        if (e.type === 'vehicleExited' && entries.get(e.vehicle) === 'corridor:start' && Number.isFinite(e.travelTime)) through++;
      }
    });
    const r = kpis.result().traffic;
    expect(r.scope).toBe('corridor');
    expect(through).toBeGreaterThan(10);
    expect(r.carTravelTimes).toHaveLength(through);
  });
});
