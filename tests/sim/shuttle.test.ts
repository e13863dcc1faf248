// Shuttles: dwell at every stop, never above their maximum speed, turn around at the terminals.
import { describe, expect, it } from 'vitest';
import { corridorScenario, makeWorld, runFor } from './helpers.ts';
import { VehicleType } from '../../sim/vehicle-types.ts';

describe('shuttle line', () => {
  const scenario = corridorScenario(1400, {
    corridor: { lanesPerDirection: 2, crossStreets: [{ id: 'X', at: 700 }] },
    demand: { flows: [{ entry: 'corridor:start', vehPerHour: 300 }, { entry: 'corridor:end', vehPerHour: 300 }] },
    shuttles: [
      {
        id: 'N1',
        name: 'Navette',
        vehicles: 1,
        maxSpeed: 18,
        headway: 600,
        layover: 30,
        dwell: { distribution: 'fixed', mean: 20, sd: 0, min: 20, max: 20 },
        stops: [
          { id: 'A', name: 'Gare', at: 150 },
          { id: 'B', name: 'Mairie', at: 450 },
          { id: 'C', name: 'Marché', at: 1000 },
          { id: 'D', name: 'Hôpital', at: 1250 },
        ],
      },
    ],
  });

  it('stops at every stop in order for the drawn dwell time and never exceeds its maximum speed', () => {
    const w = makeWorld(scenario);
    const slot = w.shuttles[0]!.slot;
    expect(w.vehicles.type[slot]).toBe(VehicleType.shuttle);
    const vmax = 18 / 3.6;
    let top = 0;
    const arrivals: { stop: string; dir: string; tick: number }[] = [];
    const dwells: { stop: string; dwell: number; stayed: number }[] = [];
    runFor(w, 1800, (ev) => {
      top = Math.max(top, w.vehicles.v[slot]!);
      for (const e of ev) {
        if (e.type === 'shuttleArrived') arrivals.push({ stop: e.stop, dir: e.direction, tick: e.tick });
        if (e.type === 'shuttleDeparted') {
          const arr = arrivals[arrivals.length - 1];
          if (arr && arr.stop === e.stop) dwells.push({ stop: e.stop, dwell: e.dwell, stayed: (e.tick - arr.tick) * w.dt });
        }
      }
    });
    expect(top).toBeLessThanOrEqual(vmax + 1e-9);
    expect(top).toBeGreaterThan(0.9 * vmax);
    // Outbound A B C D then back D C B A, repeated.
    const seq = arrivals.map((a) => a.stop).join('');
    expect(seq.startsWith('BCDDCBA') || seq.startsWith('ABCDDCBA')).toBe(true);
    expect(w.shuttles[0]!.stopsSkipped).toBe(0);
    expect(w.shuttles[0]!.tripsCompleted).toBeGreaterThanOrEqual(1);
    // Every intermediate stop: exactly the fixed 20 s (to the tick).
    const intermediate = dwells.filter((d) => d.stop === 'B' || d.stop === 'C');
    expect(intermediate.length).toBeGreaterThan(2);
    for (const d of intermediate) expect(Math.abs(d.stayed - 20)).toBeLessThanOrEqual(w.dt + 1e-9);
    // While dwelling it does not move.
    expect(w.shuttles[0]!.ticksDwelling).toBeGreaterThan(0);
  });

  it('holds at the first terminal to keep the headway between two vehicles', () => {
    const w = makeWorld({ ...scenario, shuttles: [{ ...scenario.shuttles![0]!, vehicles: 2, headway: 400 }] });
    const departures: number[] = [];
    runFor(w, 2400, (ev) => {
      for (const e of ev) if (e.type === 'shuttleDeparted' && e.stop === 'A' && e.direction === 'forward') departures.push(e.tick * w.dt);
    });
    expect(departures.length).toBeGreaterThanOrEqual(3);
    for (let k = 1; k < departures.length; k++) expect(departures[k]! - departures[k - 1]!).toBeGreaterThanOrEqual(400 - 1e-6);
  });
});
