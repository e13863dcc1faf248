// MAPEM facility: lanes and connections consistent with the lane graph and with SPATEM (lane ids,
// signal groups, revision), node lists on the simulated lane shapes, 1 Hz, valid messages.
import { describe, expect, it } from 'vitest';
import { corridorScenario, makeWorld } from '../sim/helpers.ts';
import { step } from '../../sim/step.ts';
import { makeGeo } from '../../sim/geo.ts';
import { project } from '../../sim/polyline.ts';
import type { World } from '../../sim/world.ts';
import { loadScenarioFile } from '../../scenarios/load.ts';
import { createWorld } from '../../sim/create.ts';
import { StationTable } from '../../v2x/stations.ts';
import type { Outgoing } from '../../v2x/runtime.ts';
import { decodeItsMessage, encodeItsMessage, itsMessageToJson } from '../../v2x/codec.ts';
import { validateItsMessage, formatIssue } from '../../v2x/validate.ts';
import { MessageId, type IntersectionGeometry, type IntersectionState, type ItsMessage } from '../../v2x/message-types.ts';
import { fromEtsiLatitude, fromEtsiLongitude } from '../../v2x/units.ts';
import { LaneDirection, Maneuver, MapemFacility, laneNodesToLocal } from '../../v2x/facilities/mapem.ts';
import { SpatemFacility } from '../../v2x/facilities/spatem.ts';
import { intersectionTable, simConnectionOf, simGroupOf, simLaneOf } from '../../v2x/facilities/intersection-ids.ts';

const TURN_BIT = { straight: Maneuver.straight, left: Maneuver.left, right: Maneuver.right, uturn: Maneuver.uTurn };

/** Two signalised cross streets (one with left-turn pockets), far from the origin; RSU 0 serves both, RSU 1 serves B. */
function twoJunctions(): World {
  return makeWorld(
    corridorScenario(1000, {
      corridor: {
        centreline: [[5000, 3000], [5680, 3000], [6000, 3300]],
        lanesPerDirection: 2,
        crossStreets: [
          { id: 'A', at: 300, leftTurnPocket: 30 },
          { id: 'B', at: 730, lanesPerDirection: 1 },
        ],
      },
      signals: [{ id: 'A', node: 'A' }, { id: 'B', node: 'B', offset: 12 }],
      rsus: [
        { id: 'R1', position: [5310, 2988], serves: ['A', 'B'] },
        { id: 'R2', position: [5750, 3040], serves: ['B'] },
      ],
    } as never),
  );
}

function generate(w: World, facilities: { generate: MapemFacility['generate'] }[]): Outgoing[] {
  const st = new StationTable();
  st.refresh(w, w.scenario.v2x.equipment);
  const out: Outgoing[] = [];
  for (const f of facilities) f.generate({ world: w, stations: st, time: w.time, tick: w.tick, events: [] }, out);
  return out;
}

function roundTrip(m: ItsMessage): ItsMessage {
  expect(validateItsMessage(m).map(formatIssue)).toEqual([]);
  const bytes = encodeItsMessage(m);
  const d = decodeItsMessage(bytes);
  expect(validateItsMessage(d).map(formatIssue)).toEqual([]);
  expect(itsMessageToJson(d)).toEqual(itsMessageToJson(m));
  expect(encodeItsMessage(d)).toEqual(bytes);
  return d;
}

/** Checks one decoded IntersectionGeometry against the network and the SPAT of the same intersection. */
function checkGeometry(w: World, ig: IntersectionGeometry, spat: IntersectionState | undefined): void {
  const net = w.net;
  const geo = makeGeo(w.scenario.origin);
  const id = ig.id!.id!;
  const num = intersectionTable(net).intersections[id - 1]!;
  expect(ig.revision).toBe(num.revision);
  if (spat) expect(spat.revision).toBe(ig.revision);
  // refPoint: the junction node.
  const node = net.nodes[num.node]!;
  const ref = geo.toLocal(fromEtsiLatitude(ig.refPoint!.lat!)!, fromEtsiLongitude(ig.refPoint!.long!)!, 0);
  expect(Math.hypot(ref.x - node.x, ref.y - node.y)).toBeLessThan(0.02);
  expect(ig.laneSet!.map((l) => l.laneId)).toEqual(num.lanes.map((l) => l.laneId));
  const byId = new Map(ig.laneSet!.map((l) => [l.laneId!, l]));
  const spatGroups = new Set(spat?.states?.map((s) => s.signalGroup) ?? []);
  let connections = 0;
  for (const gl of ig.laneSet!) {
    const simLane = simLaneOf(net, id, gl.laneId!);
    const lane = net.lanes[simLane]!;
    const ingress = gl.laneAttributes!.directionalUse === LaneDirection.ingressPath;
    expect(gl.laneAttributes!.directionalUse).toBe(ingress ? LaneDirection.ingressPath : LaneDirection.egressPath);
    expect(gl.laneAttributes!.laneType!.vehicle).toBe(0);
    const link = net.links[lane.link]!;
    expect(ingress ? link.to : link.from).toBe(num.node);
    // Nodes: on the lane's shape, from the stop line outwards, within 60 m.
    const pts = laneNodesToLocal(ig, gl, geo);
    expect(pts.length).toBeGreaterThanOrEqual(2);
    let prevS = ingress ? Infinity : -Infinity;
    for (const p of pts) {
      const pr = project(lane.shape, p.x, p.y);
      expect(pr.distance).toBeLessThan(0.05);
      if (ingress) expect(pr.s).toBeLessThan(prevS + 0.05);
      else expect(pr.s).toBeGreaterThan(prevS - 0.05);
      prevS = pr.s;
      const fromStopLine = ingress ? lane.length - pr.s : pr.s;
      expect(fromStopLine).toBeLessThan(60 + 0.05);
    }
    const first = project(lane.shape, pts[0]!.x, pts[0]!.y);
    expect(ingress ? lane.length - first.s : first.s).toBeLessThan(0.05);
    const last = project(lane.shape, pts.at(-1)!.x, pts.at(-1)!.y);
    expect(Math.abs((ingress ? lane.length - last.s : last.s) - Math.min(60, lane.length))).toBeLessThan(0.05);
    if (!ingress) {
      expect(gl.connectsTo ?? []).toEqual([]);
      continue;
    }
    // Connections: one per sim connection from the lane, to egress lanes of this MAP.
    expect(gl.connectsTo!.length).toBe(lane.out.length);
    let maneuvers = 0;
    for (const cx of gl.connectsTo!) {
      connections++;
      const conn = net.connections[simConnectionOf(net, id, cx.connectionId!)]!;
      expect(conn.from).toBe(simLane);
      const target = byId.get(cx.connectingLane!.lane!);
      expect(target).toBeDefined();
      expect(target!.laneAttributes!.directionalUse).toBe(LaneDirection.egressPath);
      expect(simLaneOf(net, id, cx.connectingLane!.lane!)).toBe(conn.to);
      expect(cx.connectingLane!.maneuver).toBe(TURN_BIT[conn.turn]);
      maneuvers |= TURN_BIT[conn.turn];
      if (conn.group >= 0) {
        expect(spatGroups.has(cx.signalGroup!)).toBe(spat !== undefined);
        expect(simGroupOf(net, id, cx.signalGroup!)).toBe(conn.group);
      } else {
        expect(cx.signalGroup ?? null).toBeNull();
      }
    }
    expect(gl.maneuvers).toBe(maneuvers);
  }
  expect(connections).toBe(net.nodes[num.node]!.connections.length);
}

describe('MAPEM content', () => {
  it('lanes, node lists and connections match the lane graph and the SPAT of the same intersection', () => {
    const w = twoJunctions();
    step(w);
    const out = generate(w, [new MapemFacility(), new SpatemFacility()]);
    const maps = out.filter((o) => o.family === 'mapem');
    const spats = out.filter((o) => o.family === 'spatem');
    expect(maps.map((o) => o.sender)).toEqual([0, 1]);
    expect(spats.map((o) => o.sender)).toEqual([0, 1]);
    const expected = [['A', 'B'], ['B']];
    maps.forEach((o, r) => {
      const m = roundTrip(o.message);
      expect(m.header!.messageId).toBe(MessageId.mapem);
      expect(m.header!.stationId).toBe(1001 + r);
      const spat = roundTrip(spats[r]!.message).spatem!;
      const igs = m.mapem!.intersections!;
      expect(igs.map((ig) => ig.name)).toEqual(expected[r]);
      for (const ig of igs) {
        const is = spat.intersections!.find((s) => s.id!.id === ig.id!.id);
        expect(is).toBeDefined();
        checkGeometry(w, ig, is);
        expect(ig.laneWidth).toBe(350);
      }
    });
    // The corridor bends 50 m before B: the lanes from the west carry the bend as an inner node.
    const b = roundTrip(maps[1]!.message).mapem!.intersections![0]!;
    expect(Math.max(...b.laneSet!.map((l) => l.nodeList!.nodes!.items!.length))).toBeGreaterThan(2);
  });

  it('on the single-intersection example, with its RSU and the SPAT it sends', async () => {
    const { scenario } = await loadScenarioFile('scenarios/examples/single-intersection.yaml');
    const w = createWorld(scenario);
    step(w);
    const out = generate(w, [new MapemFacility(), new SpatemFacility()]);
    expect(out.map((o) => o.family)).toEqual(['mapem', 'spatem']);
    const ig = roundTrip(out[0]!.message).mapem!.intersections![0]!;
    const is = roundTrip(out[1]!.message).spatem!.intersections![0]!;
    expect(ig.id).toEqual(is.id);
    expect(ig.name).toBe('x-centre');
    // 3 ingress lanes on each avenue arm (2 + left pocket), 1 per side arm; 2 + 2 + 1 + 1 egress.
    expect(ig.laneSet!.filter((l) => l.laneAttributes!.directionalUse === LaneDirection.ingressPath)).toHaveLength(8);
    expect(ig.laneSet).toHaveLength(14);
    checkGeometry(w, ig, is);
    // The left-turn pockets turn left only, under the left-turn group.
    const left = ig.laneSet!.filter((l) => l.maneuvers === Maneuver.left);
    expect(left.length).toBeGreaterThanOrEqual(2);
    for (const l of left) for (const cx of l.connectsTo!) expect(w.net.groups[simGroupOf(w.net, 1, cx.signalGroup!)]!.name).toBe('left');
  });
});

describe('MAPEM rate', () => {
  it('once a second per RSU, from the first tick; the same content each time', () => {
    const w = twoJunctions();
    const f = new MapemFacility();
    const sends: { time: number; sender: number; bytes: number }[] = [];
    let firstR0: unknown;
    for (let k = 0; k < 100; k++) {
      step(w);
      for (const o of generate(w, [f])) {
        sends.push({ time: w.time, sender: o.sender, bytes: encodeItsMessage(o.message).length });
        const { timeStamp: _t, ...rest } = o.message.mapem!;
        if (o.sender === 0) {
          if (firstR0 === undefined) firstR0 = rest;
          else expect(rest).toEqual(firstR0);
        }
      }
    }
    for (const r of [0, 1]) {
      const times = sends.filter((s) => s.sender === r).map((s) => Math.round(s.time * 10) / 10);
      expect(times).toEqual([0.1, 1.1, 2.1, 3.1, 4.1, 5.1, 6.1, 7.1, 8.1, 9.1]);
    }
    // Sizes fit one 802.11p frame (MSDU 2304 bytes) with room for GeoNetworking, BTP and security headers.
    for (const s of sends) expect(s.bytes).toBeLessThan(2000);
  });

  it('a custom period and node reach', () => {
    const w = twoJunctions();
    const f = new MapemFacility({ period: 2, nodeLength: 20 });
    let n = 0;
    for (let k = 0; k < 100; k++) {
      step(w);
      for (const o of generate(w, [f])) {
        n++;
        const geo = makeGeo(w.scenario.origin);
        for (const ig of o.message.mapem!.intersections!) {
          for (const gl of ig.laneSet!) {
            const pts = laneNodesToLocal(ig, gl, geo);
            const d = Math.hypot(pts[0]!.x - pts.at(-1)!.x, pts[0]!.y - pts.at(-1)!.y);
            expect(d).toBeLessThan(20 + 0.05);
          }
        }
      }
    }
    expect(n).toBe(10);
  });
});
