// SPATEM facility: end times agree with the fixed-time controller (also across a UTC hour),
// rate (every change, at least 10 Hz), dark during a signal failure, numbering shared with MAP,
// and every message valid and round-tripping through the codec.
import { describe, expect, it } from 'vitest';
import { corridorScenario, makeWorld } from '../sim/helpers.ts';
import { step } from '../../sim/step.ts';
import { SignalState, computeSignalStates } from '../../sim/signals.ts';
import type { World } from '../../sim/world.ts';
import type { SimEvent } from '../../sim/events.ts';
import { loadScenarioFile } from '../../scenarios/load.ts';
import { createWorld } from '../../sim/create.ts';
import { StationTable } from '../../v2x/stations.ts';
import { V2xRuntime, type Outgoing } from '../../v2x/runtime.ts';
import { decodeItsMessage, encodeItsMessage, itsMessageToJson } from '../../v2x/codec.ts';
import { validateItsMessage, formatIssue } from '../../v2x/validate.ts';
import { MessageId, MovementPhaseState, type ItsMessage } from '../../v2x/message-types.ts';
import { TIME_MARK_UNKNOWN, timeMark, utcMs, utcMsFromMinuteOfTheYear, utcMsFromTimeMark } from '../../v2x/units.ts';
import { CONFIDENCE_CERTAIN, IntersectionStatus, SpatemFacility, movementPhaseOf } from '../../v2x/facilities/spatem.ts';
import { MapemFacility } from '../../v2x/facilities/mapem.ts';
import {
  controllerOfIntersection,
  intersectionIdOf,
  intersectionTable,
  mapLaneIdOf,
  signalGroupIdOf,
  simConnectionOf,
  simGroupOf,
  simLaneOf,
  connectionIdOf,
} from '../../v2x/facilities/intersection-ids.ts';

const plan = {
  id: 'X',
  node: 'X',
  offset: 17,
  phases: [
    { name: 'main', groups: ['main', 'pedSide'], green: 30, amber: 3, allRed: 2, pedestrianClearance: 6 },
    { name: 'side', groups: ['sideL', 'sideR', 'pedMain'], green: 20, amber: 3, allRed: 2, pedestrianClearance: 5 },
  ],
};

function scenario(extra: Record<string, unknown> = {}, run: Record<string, unknown> = {}) {
  return corridorScenario(800, {
    corridor: { crossStreets: [{ id: 'X', at: 400 }] },
    signals: [plan],
    rsus: [{ id: 'R', position: [410, -12], serves: ['X'] }],
    run: { tick: 0.1, duration: 600, seed: 1, ...run },
    ...extra,
  } as never);
}

interface TickOut {
  /** World tick after the step, and sim time (end of the tick). */
  tick: number;
  time: number;
  /** Sim time at which the tick's group states were computed. */
  stateTime: number;
  states: Uint8Array;
  events: SimEvent[];
  out: Outgoing[];
}

/** Steps the world for `seconds`, running the facilities after each tick as the runtime does. */
function run(w: World, seconds: number, facilities: { generate: SpatemFacility['generate'] }[]): TickOut[] {
  const st = new StationTable();
  const ticks: TickOut[] = [];
  const n = Math.round(seconds / w.dt);
  for (let k = 0; k < n; k++) {
    const stateTime = w.time;
    const events = step(w);
    st.refresh(w, w.scenario.v2x.equipment);
    const out: Outgoing[] = [];
    for (const f of facilities) f.generate({ world: w, stations: st, time: w.time, tick: w.tick, events }, out);
    ticks.push({ tick: w.tick, time: w.time, stateTime, states: w.groupState.slice(), events, out });
  }
  return ticks;
}

/** Encodes, decodes, validates; returns the decoded message. */
function roundTrip(m: ItsMessage): ItsMessage {
  const issues = validateItsMessage(m);
  expect(issues.map(formatIssue)).toEqual([]);
  const bytes = encodeItsMessage(m);
  const d = decodeItsMessage(bytes);
  expect(validateItsMessage(d).map(formatIssue)).toEqual([]);
  expect(itsMessageToJson(d)).toEqual(itsMessageToJson(m));
  expect(encodeItsMessage(d)).toEqual(bytes);
  return d;
}

/** Every instant in [0, horizon] at which the plan changes each group's state (1 ms scan). */
function planChanges(w: World, horizon: number): number[][] {
  const net = w.net;
  const changes: number[][] = net.groups.map(() => []);
  const dark = new Uint8Array(net.controllers.length);
  const prev = new Uint8Array(net.groups.length);
  const cur = new Uint8Array(net.groups.length);
  computeSignalStates(net, 0, dark, prev);
  for (let i = 1; i <= horizon * 1000; i++) {
    const t = i / 1000;
    computeSignalStates(net, t, dark, cur);
    for (let g = 0; g < cur.length; g++) if (cur[g] !== prev[g]) changes[g]!.push(t);
    prev.set(cur);
  }
  return changes;
}

/** Same, for the instants a group turns green. */
function planGreens(w: World, horizon: number): number[][] {
  const net = w.net;
  const greens: number[][] = net.groups.map(() => []);
  const dark = new Uint8Array(net.controllers.length);
  const prev = new Uint8Array(net.groups.length);
  const cur = new Uint8Array(net.groups.length);
  computeSignalStates(net, 0, dark, prev);
  for (let i = 1; i <= horizon * 1000; i++) {
    computeSignalStates(net, i / 1000, dark, cur);
    for (let g = 0; g < cur.length; g++) if (cur[g] === SignalState.green && prev[g] !== SignalState.green) greens[g]!.push(i / 1000);
    prev.set(cur);
  }
  return greens;
}

const firstAfter = (list: readonly number[], t: number) => list.find((x) => x > t + 1e-9) ?? NaN;

describe('SPATEM timing', () => {
  for (const startTime of ['2026-06-02T07:30:00Z', '2026-06-02T07:59:30Z']) {
    it(`likely / min / max end times and nextTime agree with the plan within 0.1 s over two cycles (start ${startTime})`, () => {
      const w = makeWorld(scenario({}, { startTime }));
      const seconds = 2 * w.net.controllers[0]!.cycle + 20;
      const ticks = run(w, seconds, [new SpatemFacility()]);
      const changes = planChanges(w, seconds + 200);
      const greens = planGreens(w, seconds + 200);
      // The changes the simulation actually showed, per group (sim time the new state was computed).
      const observed: number[][] = w.net.groups.map(() => []);
      for (const t of ticks) for (let g = 0; g < t.states.length; g++) if (ticks[t.tick - 2] && ticks[t.tick - 2]!.states[g] !== t.states[g]) observed[g]!.push(t.stateTime);
      const start = w.scenario.run.startTime;
      const t0 = utcMs(0, start);
      let samples = 0;
      let wrapped = 0;
      for (const t of ticks) {
        expect(t.out).toHaveLength(1);
        const m = roundTrip(t.out[0]!.message);
        expect(m.header!.messageId).toBe(MessageId.spatem);
        const is = m.spatem!.intersections![0]!;
        expect(is.status).toBe(IntersectionStatus.fixedTimeOperation);
        // The receiver's clock: the message's own moy + timeStamp.
        const nowMs = utcMsFromMinuteOfTheYear(is.moy!, is.timeStamp!, utcMs(t.time, start))!;
        expect(Math.abs(nowMs - utcMs(t.time, start))).toBeLessThan(1);
        const simTime = (mark: number) => (utcMsFromTimeMark(mark, nowMs)! - t0) / 1000;
        for (const ms of is.states!) {
          const g = simGroupOf(w.net, is.id!.id!, ms.signalGroup!);
          expect(g).toBeGreaterThanOrEqual(0);
          const [cur, ...next] = ms.stateTimeSpeed!;
          expect(cur!.eventState).toBe(movementPhaseOf(t.states[g] as SignalState));
          const tm = cur!.timing!;
          expect(tm.minEndTime).toBe(tm.likelyTime);
          expect(tm.maxEndTime).toBe(tm.likelyTime);
          expect(tm.confidence).toBe(CONFIDENCE_CERTAIN);
          if (tm.likelyTime! < timeMark(nowMs)) wrapped++;
          const end = simTime(tm.likelyTime!);
          // The plan's next change after the instant the state was computed.
          const planned = firstAfter(changes[g]!, t.stateTime);
          expect(Math.abs(end - planned)).toBeLessThanOrEqual(0.1 + 1e-3);
          expect(end).toBeLessThanOrEqual(planned + 1e-6);
          // What the simulation then did: the change shows at the first tick at or after it.
          const seen = firstAfter(observed[g]!, t.stateTime);
          if (Number.isFinite(seen)) {
            expect(seen).toBeGreaterThanOrEqual(end - 1e-6);
            expect(seen - end).toBeLessThan(0.2);
          }
          // nextTime: the next green start.
          const nextGreen = firstAfter(greens[g]!, t.stateTime);
          expect(Math.abs(simTime(tm.nextTime!) - nextGreen)).toBeLessThanOrEqual(0.1 + 1e-3);
          // Later events: consecutive, ending with the next green unless the current one is green.
          let prevMark = tm.likelyTime;
          for (const e of next) {
            expect(e.timing!.startTime).toBe(prevMark);
            expect(e.timing!.minEndTime).toBe(e.timing!.likelyTime);
            prevMark = e.timing!.likelyTime;
          }
          expect(next.length).toBeLessThanOrEqual(2);
          if (cur!.eventState !== MovementPhaseState.MOVEMENT_PHASE_STATE_PROTECTED_MOVEMENT_ALLOWED) {
            expect(next.at(-1)!.eventState).toBe(MovementPhaseState.MOVEMENT_PHASE_STATE_PROTECTED_MOVEMENT_ALLOWED);
            expect(next.at(-1)!.timing!.startTime).toBe(tm.nextTime);
          }
          samples++;
        }
      }
      expect(samples).toBe(ticks.length * w.net.controllers[0]!.groups.length);
      if (startTime.endsWith('59:30Z')) expect(wrapped).toBeGreaterThan(100);
    });
  }
});

describe('SPATEM rate', () => {
  it('is sent every tick at a 0.1 s tick', () => {
    const w = makeWorld(scenario());
    const ticks = run(w, 30, [new SpatemFacility()]);
    for (const t of ticks) {
      expect(t.out).toHaveLength(1);
      expect(t.out[0]!.family).toBe('spatem');
      expect(t.out[0]!.sender).toBe(0);
    }
  });

  it('at a 0.05 s tick: at most 100 ms apart, and in every tick with a state change, carrying the new state', () => {
    const offsetPlan = { ...plan, offset: 17.05 };
    const w = makeWorld(scenario({ signals: [offsetPlan] }, { tick: 0.05 }));
    const ticks = run(w, 130, [new SpatemFacility()]);
    let last = -Infinity;
    let extra = 0;
    let changes = 0;
    let sent = 0;
    for (const t of ticks) {
      const changed = t.events.some((e) => e.type === 'signalChanged');
      if (changed) changes++;
      if (t.out.length > 0) {
        sent++;
        const gap = t.time - last;
        if (gap < 0.1 - 1e-9) extra++;
        last = t.time;
        const is = t.out[0]!.message.spatem!.intersections![0]!;
        for (const ms of is.states!) {
          const g = simGroupOf(w.net, 1, ms.signalGroup!);
          expect(ms.stateTimeSpeed![0]!.eventState).toBe(movementPhaseOf(t.states[g] as SignalState));
        }
      } else {
        expect(changed).toBe(false);
        expect(t.time - last).toBeLessThan(0.1 - 1e-9);
      }
    }
    expect(changes).toBeGreaterThan(10);
    // Half the ticks at 10 Hz, plus the change ticks falling between them.
    expect(extra).toBeGreaterThan(0);
    expect(sent).toBeGreaterThanOrEqual(ticks.length / 2);
    expect(sent).toBeLessThan(ticks.length / 2 + changes + 2);
  });

  it('with a custom period: every period, and still on every change', () => {
    const w = makeWorld(scenario());
    const ticks = run(w, 100, [new SpatemFacility({ period: 1 })]);
    let last = -Infinity;
    for (const t of ticks) {
      if (t.events.some((e) => e.type === 'signalChanged')) expect(t.out).toHaveLength(1);
      if (t.out.length > 0) last = t.time;
      else expect(t.time - last).toBeLessThan(1 - 1e-9);
    }
    expect(ticks.filter((t) => t.out.length > 0).length).toBeLessThan(150);
  });
});

describe('SPATEM during a signal failure', () => {
  it('reports every group dark with unknown times and failureMode, then resumes the plan', () => {
    const w = makeWorld(scenario({ timeline: [{ type: 'signalFailure', signal: 'X', start: 100, end: 160 }] }));
    const ticks = run(w, 200, [new SpatemFacility()]);
    let dark = 0;
    for (const t of ticks) {
      expect(t.out).toHaveLength(1);
      const is = roundTrip(t.out[0]!.message).spatem!.intersections![0]!;
      const failed = t.stateTime >= 100 - 1e-9 && t.stateTime < 160 - 1e-9;
      if (failed) {
        dark++;
        expect(is.status).toBe(IntersectionStatus.failureMode);
        for (const ms of is.states!) {
          expect(ms.stateTimeSpeed).toHaveLength(1);
          const e = ms.stateTimeSpeed![0]!;
          expect(e.eventState).toBe(MovementPhaseState.MOVEMENT_PHASE_STATE_DARK);
          expect(e.timing!.minEndTime).toBe(TIME_MARK_UNKNOWN);
          expect(e.timing!.likelyTime).toBe(TIME_MARK_UNKNOWN);
          expect(e.timing!.maxEndTime).toBe(TIME_MARK_UNKNOWN);
        }
      } else {
        expect(is.status).toBe(IntersectionStatus.fixedTimeOperation);
        for (const ms of is.states!) {
          expect(ms.stateTimeSpeed![0]!.eventState).not.toBe(MovementPhaseState.MOVEMENT_PHASE_STATE_DARK);
          expect(ms.stateTimeSpeed![0]!.timing!.likelyTime).toBeLessThan(36000);
        }
      }
    }
    expect(dark).toBe(600);
  });
});

describe('intersection numbering', () => {
  it('round-trips controllers, signal groups, lanes and connections; unknown ids give -1', () => {
    const w = makeWorld(
      corridorScenario(1200, {
        corridor: { crossStreets: [{ id: 'A', at: 300, leftTurnPocket: 30 }, { id: 'B', at: 800, leftTurnPocket: 25 }] },
        signals: [{ id: 'A', node: 'A' }, { id: 'B', node: 'B', offset: 10 }],
      } as never),
    );
    const net = w.net;
    const table = intersectionTable(net);
    expect(table.intersections).toHaveLength(net.controllers.length);
    for (const c of net.controllers) {
      const id = intersectionIdOf(c.id);
      expect(id).toBe(c.id + 1);
      expect(controllerOfIntersection(net, id)).toBe(c.id);
      c.groups.forEach((g, k) => {
        expect(signalGroupIdOf(net, g)).toBe(k + 1);
        expect(simGroupOf(net, id, k + 1)).toBe(g);
      });
      expect(simGroupOf(net, id, 0)).toBe(-1);
      expect(simGroupOf(net, id, c.groups.length + 1)).toBe(-1);
      const n = table.intersections[c.id]!;
      n.lanes.forEach((l, k) => {
        expect(l.laneId).toBe(k + 1);
        expect(simLaneOf(net, id, l.laneId)).toBe(l.lane);
        expect(mapLaneIdOf(net, c.id, l.lane)).toBe(l.laneId);
        const link = net.links[net.lanes[l.lane]!.link]!;
        expect(l.ingress ? link.to : link.from).toBe(c.node);
        expect(l.ingress).toBe(k < n.ingressCount);
      });
      // Every link lane at the node is numbered, each once.
      // (an egress link's turn pocket lies at its far end, at the next junction: not part of this one).
      const atNode = [
        ...net.links.filter((l) => l.to === c.node).flatMap((l) => l.lanes),
        ...net.links.filter((l) => l.from === c.node).flatMap((l) => l.lanes.filter((x) => net.lanes[x]!.offset === 0)),
      ];
      expect(new Set(n.lanes.map((l) => l.lane))).toEqual(new Set(atNode));
      for (const k of net.nodes[c.node]!.connections) expect(simConnectionOf(net, id, connectionIdOf(net, k))).toBe(k);
      expect(simLaneOf(net, id, n.lanes.length + 1)).toBe(-1);
      expect(revisionInRange(n.revision)).toBe(true);
    }
    expect(controllerOfIntersection(net, 0)).toBe(-1);
    expect(controllerOfIntersection(net, net.controllers.length + 1)).toBe(-1);
    expect(simGroupOf(net, 99, 1)).toBe(-1);
    // Deterministic: the same scenario compiled again numbers everything the same way.
    const again = intersectionTable(
      makeWorld(
        corridorScenario(1200, {
          corridor: { crossStreets: [{ id: 'A', at: 300, leftTurnPocket: 30 }, { id: 'B', at: 800, leftTurnPocket: 25 }] },
          signals: [{ id: 'A', node: 'A' }, { id: 'B', node: 'B', offset: 10 }],
        } as never),
      ).net,
    );
    expect(again.intersections.map((i) => [i.revision, i.lanes.map((l) => l.lane)])).toEqual(
      table.intersections.map((i) => [i.revision, i.lanes.map((l) => l.lane)]),
    );
  });
});

const revisionInRange = (r: number) => Number.isInteger(r) && r >= 0 && r <= 127;

describe('SPATEM on the single-intersection example through the V2X runtime', () => {
  it('10 Hz SPATEM and 1 Hz MAPEM from the RSU, all valid, with matching ids and revisions', async () => {
    const { scenario: s } = await loadScenarioFile('scenarios/examples/single-intersection.yaml');
    const w = createWorld(s);
    const rt = new V2xRuntime(w, [new SpatemFacility(), new MapemFacility()]);
    let spat = 0;
    let map = 0;
    const revisions = new Map<string, number>();
    for (let k = 0; k < 300; k++) {
      const events = step(w);
      const traffic = rt.afterTick(events);
      for (const tx of traffic.transmissions) {
        expect(tx.senderStationId).toBe(1001);
        const m = roundTrip(decodeItsMessage(tx.bytes));
        if (tx.family === 'spatem') {
          spat++;
          for (const is of m.spatem!.intersections!) revisions.set(`spat:${is.id!.id}`, is.revision!);
        } else if (tx.family === 'mapem') {
          map++;
          for (const ig of m.mapem!.intersections!) revisions.set(`map:${ig.id!.id}`, ig.revision!);
        }
      }
    }
    expect(spat).toBe(300);
    expect(map).toBe(30);
    expect(rt.generated.spatem).toBe(300);
    expect(revisions.get('spat:1')).toBe(revisions.get('map:1'));
    expect(revisions.get('spat:1')).toBe(intersectionTable(w.net).intersections[0]!.revision);
  });
});
