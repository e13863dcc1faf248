// Building small worlds from inline scenarios, and the invariants every run must keep.
import { expect } from 'vitest';
import { Scenario, type ScenarioInput } from '../../scenarios/schema.ts';
import { createWorld } from '../../sim/create.ts';
import { step } from '../../sim/step.ts';
import type { World } from '../../sim/world.ts';
import type { SimEvent } from '../../sim/events.ts';

export const ORIGIN = { lat: 47.0812, lon: 2.3874 };

/** A straight east-west corridor of `length` metres with the given extra fields. */
export function corridorScenario(length: number, extra: Partial<ScenarioInput> & { corridor?: Record<string, unknown> } = {}): ScenarioInput {
  const { corridor, ...rest } = extra;
  return {
    name: 'test corridor',
    origin: ORIGIN,
    run: { tick: 0.1, duration: 600, seed: 1 },
    network: { corridor: { centreline: [[0, 0], [length, 0]], lanesPerDirection: 1, ...corridor } },
    ...rest,
  } as ScenarioInput;
}

/** A one-shuttle line with a fixed 15 s dwell, stops named after their ids. */
export const shuttleLine = (stops: { id: string; at: number }[]) => ({
  id: 'N1',
  name: 'Navette',
  vehicles: 1,
  maxSpeed: 25,
  dwell: { distribution: 'fixed' as const, mean: 15, sd: 0, min: 15, max: 15 },
  stops: stops.map((s) => ({ ...s, name: s.id })),
});

export function makeWorld(input: ScenarioInput): World {
  return createWorld(Scenario.parse(input));
}

export function laneOf(w: World, linkKey: string, index = 0): number {
  const link = w.net.links.find((l) => l.key === linkKey);
  if (!link) throw new Error(`no link ${linkKey}; links: ${w.net.links.map((l) => l.key).join(', ')}`);
  const lane = link.lanes.find((l) => w.net.lanes[l]!.index === index && w.net.lanes[l]!.offset === 0);
  if (lane === undefined) throw new Error(`link ${linkKey} has no lane ${index}`);
  return lane;
}

/** Runs `seconds` of simulated time, calling `each` after every tick with that tick's events. */
export function runFor(w: World, seconds: number, each?: (events: SimEvent[]) => void): SimEvent[] {
  const all: SimEvent[] = [];
  const ticks = Math.round(seconds / w.dt);
  for (let k = 0; k < ticks; k++) {
    const ev = step(w);
    all.push(...ev);
    each?.(ev);
  }
  return all;
}

/** Smallest bumper-to-bumper gap between consecutive vehicles of any lane (Infinity if none). */
export function minGapOnLanes(w: World): { gap: number; lane: number } {
  const V = w.vehicles;
  let gap = Infinity;
  let where = -1;
  w.occupancy.lists.forEach((list, lane) => {
    for (let k = 1; k < list.length; k++) {
      const lead = list[k - 1]!;
      const fol = list[k]!;
      const g = V.s[lead]! - V.length[lead]! - V.s[fol]!;
      if (g < gap) {
        gap = g;
        where = lane;
      }
    }
  });
  return { gap, lane: where };
}

export function expectConserved(w: World): void {
  const c = w.counters;
  const entered = c.enteredByType.reduce((a, b) => a + b, 0);
  const exited = c.exitedByType.reduce((a, b) => a + b, 0);
  expect(entered).toBe(exited + w.vehicles.count);
  let listed = 0;
  for (const l of w.occupancy.lists) listed += l.length;
  expect(listed).toBe(w.vehicles.count);
}
