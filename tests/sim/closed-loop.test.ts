// The shuttle's use of radio-learnt knowledge, fed directly as step inputs (the V2X layer
// produces the same records from received messages).
import { describe, expect, it } from 'vitest';
import { corridorScenario, laneOf, makeWorld, shuttleLine as line } from './helpers.ts';
import { step } from '../../sim/step.ts';
import type { KnowledgeUpdate } from '../../sim/knowledge.ts';
import { cycleTime, groupStateAt } from '../../sim/signals.ts';
import type { World } from '../../sim/world.ts';


describe('hazard warnings (DENM) beyond sensor range', () => {
  it('a shuttle told of a hazard on its lane slows to caution speed long before its sensors could see it, and stops before it', () => {
    const w = makeWorld(corridorScenario(2000, { corridor: { lanesPerDirection: 1 }, shuttles: [line([{ id: 'A', at: 100 }, { id: 'B', at: 1900 }])] }));
    const sh = w.shuttles[0]!;
    const lane = laneOf(w, 'corridor:f0');
    const id = w.vehicles.id[sh.slot]!;
    const hazard: KnowledgeUpdate = { vehicle: id, kind: 'hazard', key: '99:1', notice: { lane, position: 900, length: 5, causeCode: 10, expires: 1e9, receivedAt: 0 } };
    // Speed when 100 m before the hazard: twice the sensor range away.
    let speedAt800 = -1;
    for (let k = 0; k < 3000; k++) {
      step(w, k === 0 ? { knowledge: [hazard] } : undefined);
      const s = w.vehicles.s[sh.slot]!;
      if (w.vehicles.lane[sh.slot] === lane && speedAt800 < 0 && s > 800) speedAt800 = w.vehicles.v[sh.slot]!;
    }
    // It waits before the hazard (there is no other lane), at most a few metres short of it.
    expect(w.vehicles.lane[sh.slot]).toBe(lane);
    expect(w.vehicles.s[sh.slot]).toBeLessThan(900);
    expect(w.vehicles.s[sh.slot]).toBeGreaterThan(890);
    expect(w.vehicles.v[sh.slot]).toBeLessThan(0.1);
    // At 100 m (beyond its 50 m sensors) it already drove at caution speed, 15 km/h instead of 25.
    expect(100).toBeGreaterThan(w.sensorRange);
    expect(speedAt800).toBeLessThan(15 / 3.6 + 0.05);
    expect(speedAt800).toBeGreaterThan(3);
  });

  it('without V2X (closed loop off) the same notice is ignored', () => {
    const w = makeWorld(
      corridorScenario(2000, {
        corridor: { lanesPerDirection: 1 },
        shuttles: [line([{ id: 'A', at: 100 }, { id: 'B', at: 1900 }])],
        v2x: { closedLoop: { denm: false } },
      }),
    );
    const sh = w.shuttles[0]!;
    const lane = laneOf(w, 'corridor:f0');
    step(w, { knowledge: [{ vehicle: w.vehicles.id[sh.slot]!, kind: 'hazard', key: 'x', notice: { lane, position: 900, length: 5, causeCode: 10, expires: 1e9, receivedAt: 0 } }] });
    let speedAt800 = -1;
    for (let k = 0; k < 3000; k++) {
      step(w);
      if (w.vehicles.lane[sh.slot] === lane && speedAt800 < 0 && w.vehicles.s[sh.slot]! > 800) speedAt800 = w.vehicles.v[sh.slot]!;
    }
    expect(speedAt800).toBeGreaterThan(24 / 3.6);
    expect(w.shuttles[0]!.stopsServed).toBeGreaterThan(1);
  });
});

/** A perfect SPaT feed: every tick, the true state and end time of the group of the shuttle's next stop line. */
function spatOracle(w: World): KnowledgeUpdate[] {
  const out: KnowledgeUpdate[] = [];
  for (const sh of w.shuttles) {
    const c = w.vehicles.nextConn[sh.slot]!;
    if (c < 0) continue;
    const conn = w.net.connections[c]!;
    if (conn.controller < 0) continue;
    const ctrl = w.net.controllers[conn.controller]!;
    const { state, remaining } = groupStateAt(w.net, ctrl, conn.group, cycleTime(ctrl, w.time));
    const end = w.time + remaining;
    out.push({ vehicle: w.vehicles.id[sh.slot]!, kind: 'signal', group: conn.group, advice: { state, minEnd: end, likelyEnd: end, maxEnd: end, receivedAt: w.time } });
  }
  return out;
}

describe('GLOSA from signal timing (SPATEM)', () => {
  it('makes the shuttle stop at red less often than without it', () => {
    const run = (glosa: boolean) => {
      const w = makeWorld(
        corridorScenario(3000, {
          corridor: { lanesPerDirection: 1, crossStreets: [400, 900, 1400, 1900, 2400].map((at, k) => ({ id: `X${k}`, at })) },
          signals: [0, 1, 2, 3, 4].map((k) => ({ id: `X${k}`, node: `X${k}`, offset: (k * 37) % 60 })),
          shuttles: [line([{ id: 'A', at: 100 }, { id: 'B', at: 2900 }])],
          run: { tick: 0.1, duration: 3600, seed: 3 },
          v2x: { closedLoop: { glosa } },
        }),
      );
      for (let k = 0; k < 36000; k++) step(w, { knowledge: spatOracle(w) });
      return w.shuttles[0]!;
    };
    const on = run(true);
    const off = run(false);
    expect(off.stopsAtRed).toBeGreaterThan(5);
    expect(on.stopsAtRed).toBeLessThan(off.stopsAtRed * 0.7);
  }, 60_000);
});
