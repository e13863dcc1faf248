// Fixed-time plans: phase sequence, amber and all-red, pedestrian clearance, cycle and offset.
import { describe, expect, it } from 'vitest';
import { corridorScenario, makeWorld, runFor } from './helpers.ts';
import { SignalState, computeSignalStates, cycleTime, groupStateAt } from '../../sim/signals.ts';

const plan = {
  id: 'X',
  node: 'X',
  offset: 17,
  phases: [
    { name: 'main', groups: ['main', 'pedSide'], green: 30, amber: 3, allRed: 2, pedestrianClearance: 6 },
    { name: 'side', groups: ['sideL', 'sideR', 'pedMain'], green: 20, amber: 3, allRed: 2, pedestrianClearance: 5 },
  ],
};

function world() {
  return makeWorld(corridorScenario(800, { corridor: { crossStreets: [{ id: 'X', at: 400 }] }, signals: [plan] }));
}

describe('fixed-time signal plan', () => {
  it('runs green, amber, all-red for each phase in order, shifted by the offset', () => {
    const w = world();
    const c = w.net.controllers[0]!;
    expect(c.cycle).toBe(60);
    const g = (name: string) => w.net.groups.findIndex((x) => x.name === name);
    const states = new Uint8Array(w.net.groups.length);
    const at = (t: number, name: string) => {
      computeSignalStates(w.net, t, w.dark, states);
      return states[g(name)];
    };
    const t0 = 17; // plan start
    expect(at(t0 + 0, 'main')).toBe(SignalState.green);
    expect(at(t0 + 29.9, 'main')).toBe(SignalState.green);
    expect(at(t0 + 30, 'main')).toBe(SignalState.amber);
    expect(at(t0 + 33, 'main')).toBe(SignalState.red);
    expect(at(t0 + 34, 'sideL')).toBe(SignalState.red); // all-red
    expect(at(t0 + 35, 'sideL')).toBe(SignalState.green);
    expect(at(t0 + 55, 'sideL')).toBe(SignalState.amber);
    expect(at(t0 + 60, 'main')).toBe(SignalState.green); // next cycle
    expect(at(t0 - 1, 'sideL')).toBe(SignalState.red); // previous cycle's all-red
    // Pedestrians: walk, then clearance for the last 6 s of the phase's green, then red.
    expect(at(t0 + 23.9, 'pedSide')).toBe(SignalState.green);
    expect(at(t0 + 24, 'pedSide')).toBe(SignalState.pedestrianClearance);
    expect(at(t0 + 30, 'pedSide')).toBe(SignalState.red);
    // Never two conflicting groups green at once.
    for (let t = 0; t < 120; t += 0.1) {
      computeSignalStates(w.net, t, w.dark, states);
      const mainGreen = states[g('main')] !== SignalState.red;
      const sideGreen = states[g('sideL')] !== SignalState.red || states[g('sideR')] !== SignalState.red;
      expect(mainGreen && sideGreen).toBe(false);
    }
  });

  it('reports the time left in the current state across the end of the cycle', () => {
    const w = world();
    const c = w.net.controllers[0]!;
    const main = w.net.groups.findIndex((x) => x.name === 'main');
    expect(groupStateAt(w.net, c, main, cycleTime(c, 17 + 10))).toEqual({ state: SignalState.green, remaining: 20 });
    // Red from 33 s into the cycle until the next cycle's green at 60 s: 20 s left at 40 s.
    const r = groupStateAt(w.net, c, main, cycleTime(c, 17 + 40));
    expect(r.state).toBe(SignalState.red);
    expect(r.remaining).toBeCloseTo(20, 9);
  });

  it('emits a signalChanged event at each change, and goes dark during a signal failure', () => {
    const w = makeWorld(
      corridorScenario(800, {
        corridor: { crossStreets: [{ id: 'X', at: 400 }] },
        signals: [plan],
        timeline: [{ type: 'signalFailure', signal: 'X', start: 100, end: 160 }],
      }),
    );
    const changes: number[] = [];
    const main = w.net.groups.findIndex((x) => x.name === 'main');
    runFor(w, 200, (ev) => {
      for (const e of ev) if (e.type === 'signalChanged' && e.group === 'main') changes.push(Math.round(e.tick * w.dt * 10) / 10);
      const t = w.time - w.dt;
      if (t >= 100.05 && t < 159.95) expect(w.groupState[main]).toBe(SignalState.dark);
    });
    // Before the failure: green at 17, amber at 47, red at 50, green at 77; dark at 100, back at 160.
    expect(changes.slice(0, 4)).toEqual([17, 47, 50, 77]);
    expect(changes).toContain(100);
    expect(changes).toContain(160);
  });
});
