import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../scenarios/load.ts';
import { Scenario, type ScenarioInput } from '../../scenarios/schema.ts';
import { compileNetwork, laneAt, placeOnNetwork } from '../../sim/compile/index.ts';
import type { Network } from '../../sim/network.ts';
import { poseAt, project } from '../../sim/polyline.ts';

const pose = () => ({ x: 0, y: 0, theta: 0 });

function scenario(network: ScenarioInput['network'], extra: Partial<ScenarioInput> = {}): Scenario {
  return Scenario.parse({ name: 'test', origin: { lat: 47, lon: 8 }, network, ...extra });
}

/** 1000 m straight corridor, 2 lanes each way; a signalised crossroads with pockets at 300, a priority T (left arm only) at 700. */
function twoJunctions(extra: Partial<ScenarioInput> = {}): Scenario {
  return scenario(
    {
      corridor: {
        id: 'av',
        centreline: [
          [0, 0],
          [1000, 0],
        ],
        lanesPerDirection: 2,
        laneWidth: 3.5,
        speedLimit: 50,
        crossStreets: [
          { id: 'x1', at: 300, leftArm: 150, rightArm: 150, leftTurnPocket: 40 },
          { id: 'x2', at: 700, leftArm: 150, rightArm: 0, control: 'priority' },
        ],
      },
    },
    {
      shuttles: [{ id: 's', name: 'S', stops: [{ id: 'a', name: 'A', at: 100 }, { id: 'm', name: 'M', at: 500 }, { id: 'z', name: 'Z', at: 900 }] }],
      crosswalks: [{ id: 'cw', at: 150, width: 4 }],
      ...extra,
    },
  );
}

const link = (net: Network, key: string) => {
  const l = net.links.find((x) => x.key === key);
  if (!l) throw new Error(`no link ${key}`);
  return l;
};
const node = (net: Network, key: string) => net.nodes.find((n) => n.key === key)!;
const lanesOf = (net: Network, key: string) => link(net, key).lanes.map((l) => net.lanes[l]!);
const linkLanes = (net: Network) => net.lanes.filter((l) => l.link !== -1);

describe('compileNetwork: corridor form', () => {
  const net = compileNetwork(twoJunctions());

  it('has the expected nodes, links, lanes and connections', () => {
    // start, end, x1, x2, arm ends x1:left, x1:right, x2:left
    expect(net.nodes).toHaveLength(7);
    // 3 segments × 2 directions + (2 + 1 arms) × 2
    expect(net.links).toHaveLength(12);
    // 6 corridor links × 2 lanes + 2 pockets + 6 arm links × 1 lane
    expect(linkLanes(net)).toHaveLength(20);
    // x1: 2 × (2 straight + right + pocket left) + 2 arms × 3; x2: fwd 2 + left, bwd 2 + right, arm left + right; 2 U-turns
    expect(net.connections).toHaveLength(14 + 8 + 2);
    expect(net.lanes).toHaveLength(20 + net.connections.length);
    expect(node(net, 'x1').kind).toBe('signal');
    expect(node(net, 'x2').kind).toBe('priority');
    expect(node(net, 'av:start').kind).toBe('boundary');
    expect(net.links.map((l) => l.key)).toEqual(expect.arrayContaining(['av:f0', 'av:b0', 'av:f2', 'av:b2', 'x1:left:in', 'x1:right:out', 'x2:left:in']));
    expect(net.links.some((l) => l.key.startsWith('x2:right'))).toBe(false);
  });

  it('ids are dense indices', () => {
    net.lanes.forEach((l, i) => expect(l.id).toBe(i));
    net.links.forEach((l, i) => expect(l.id).toBe(i));
    net.nodes.forEach((n, i) => expect(n.id).toBe(i));
    net.connections.forEach((c, i) => expect(c.id).toBe(i));
    net.groups.forEach((g, i) => expect(g.id).toBe(i));
  });

  it('cuts the corridor at the junction boxes, with reverse links and corridor distances', () => {
    const f1 = link(net, 'av:f1');
    const b1 = link(net, 'av:b1');
    // box half-length along the corridor: 1 lane × 3.5 + 2
    expect(f1.corridorFrom).toBeCloseTo(305.5);
    expect(f1.corridorTo).toBeCloseTo(694.5);
    expect(b1.corridorFrom).toBeCloseTo(694.5);
    expect(b1.corridorTo).toBeCloseTo(305.5);
    expect(f1.reverse).toBe(b1.id);
    expect(b1.reverse).toBe(f1.id);
    expect(f1.length).toBeCloseTo(389);
    expect(net.nodes[f1.from]!.key).toBe('x1');
    expect(net.nodes[b1.from]!.key).toBe('x2');
    // arms stop 2 × 3.5 + 2 = 9 m from the centreline
    const arm = link(net, 'x1:left:in');
    expect(arm.length).toBeCloseTo(141);
    expect(net.lanes[arm.lanes[0]!]!.shape.ys[1]).toBeCloseTo(9);
  });

  it('puts lane 0 farther from the centreline than lane 1, right of the direction of travel', () => {
    for (const key of ['av:f0', 'av:b0', 'av:f1', 'av:b2']) {
      const [l0, l1] = lanesOf(net, key);
      const mid = (l: typeof l0) => poseAt(l!.shape, l!.length / 2, pose());
      expect(Math.abs(mid(l0).y)).toBeCloseTo(5.25);
      expect(Math.abs(mid(l1).y)).toBeCloseTo(1.75);
      // forward lanes lie south (right of eastbound), backward lanes north
      expect(Math.sign(mid(l0).y)).toBe(key.includes(':f') ? -1 : 1);
      expect(l0!.left).toBe(l1!.id);
      expect(l1!.right).toBe(l0!.id);
    }
  });

  it('leads every lane end only into lanes of links starting at its end node', () => {
    for (const l of linkLanes(net)) {
      const from = net.links[l.link as number]!;
      for (const c of l.out) {
        const conn = net.connections[c]!;
        expect(conn.node).toBe(from.to);
        expect(conn.from).toBe(l.id);
        expect(net.links[conn.toLink]!.from).toBe(from.to);
        expect(net.lanes[conn.to]!.link).toBe(conn.toLink);
        expect(node(net, net.nodes[conn.node]!.key).connections).toContain(c);
      }
    }
  });

  it('joins each internal lane to its source end and its target start', () => {
    for (const c of net.connections) {
      const via = net.lanes[c.via]!;
      const src = net.lanes[c.from]!;
      const dst = net.lanes[c.to]!;
      expect(via.link).toBe(-1);
      expect(via.connection).toBe(c.id);
      expect(via.prev).toEqual([c.from]);
      expect(via.next).toBe(c.to);
      expect(dst.prev).toContain(c.via);
      const a = poseAt(via.shape, 0, pose());
      const z = poseAt(via.shape, via.length, pose());
      const srcEnd = poseAt(src.shape, src.length, pose());
      const dstStart = poseAt(dst.shape, 0, pose());
      expect(Math.hypot(a.x - srcEnd.x, a.y - srcEnd.y)).toBeLessThan(0.5);
      expect(Math.hypot(z.x - dstStart.x, z.y - dstStart.y)).toBeLessThan(0.5);
      expect(via.length).toBeGreaterThan(1);
      const speed = { straight: src.speedLimit, right: 15 / 3.6, left: 25 / 3.6, uturn: 15 / 3.6 }[c.turn];
      expect(via.speedLimit).toBeCloseTo(speed);
    }
  });

  it('makes U-turns only at the corridor ends, kerb lane to kerb lane, minor', () => {
    const uturns = net.connections.filter((c) => c.turn === 'uturn');
    expect(uturns.map((c) => net.nodes[c.node]!.key).sort()).toEqual(['av:end', 'av:start']);
    for (const c of uturns) {
      expect(c.minor).toBe(true);
      expect(net.lanes[c.from]!.index).toBe(0);
      expect(net.lanes[c.to]!.index).toBe(0);
      expect(net.links[c.fromLink]!.reverse).toBe(c.toLink);
    }
  });

  it('names entries and exits', () => {
    const entry = Object.fromEntries(net.entries.map((e) => [e.key, net.links[e.link]!.key]));
    const exit = Object.fromEntries(net.exits.map((e) => [e.key, net.links[e.link]!.key]));
    expect(entry).toEqual({ 'av:start': 'av:f0', 'av:end': 'av:b2', 'x1:left': 'x1:left:in', 'x1:right': 'x1:right:in', 'x2:left': 'x2:left:in' });
    expect(exit).toEqual({ 'av:start': 'av:b0', 'av:end': 'av:f2', 'x1:left': 'x1:left:out', 'x1:right': 'x1:right:out', 'x2:left': 'x2:left:out' });
  });

  it('builds the shuttle route as a closed loop with stop visits in driving order', () => {
    const [route] = net.shuttleRoutes;
    expect(route!.links.map((l) => net.links[l]!.key)).toEqual(['av:f0', 'av:f1', 'av:f2', 'av:b2', 'av:b1', 'av:b0']);
    const links = route!.links;
    for (let k = 0; k < links.length; k++) {
      const a = links[k]!;
      const z = links[(k + 1) % links.length]!;
      const has = net.links[a]!.lanes.some((l) => net.lanes[l]!.out.some((c) => net.connections[c]!.toLink === z));
      expect(has, `${net.links[a]!.key} → ${net.links[z]!.key}`).toBe(true);
    }
    expect(route!.visits.map((v) => `${v.stopKey}:${v.direction}`)).toEqual(['a:forward', 'm:forward', 'z:forward', 'z:backward', 'm:backward', 'a:backward']);
    expect(route!.visits.map((v) => v.terminal)).toEqual([true, false, true, true, false, true]);
    for (const v of route!.visits) {
      const lane = net.lanes[v.lane]!;
      expect(lane.index).toBe(0);
      expect(links[v.routeIndex]).toBe(lane.link);
    }
    expect(route!.visits[1]!.position).toBeCloseTo(500 - 305.5);
    expect(route!.visits[4]!.position).toBeCloseTo(694.5 - 500);
    expect(route!.length).toBeGreaterThan(2 * 1000);
  });

  it('adds left-turn pockets only where leftTurnPocket > 0', () => {
    const pockets = linkLanes(net).filter((l) => l.offset > 0);
    expect(pockets.map((l) => net.links[l.link as number]!.key).sort()).toEqual(['av:b1', 'av:f0']);
    for (const p of pockets) {
      const l = net.links[p.link as number]!;
      expect(p.index).toBe(2);
      expect(l.lanes[l.lanes.length - 1]).toBe(p.id);
      expect(p.offset).toBeCloseTo(l.length - 40);
      expect(p.length).toBeCloseTo(40);
      const inner = net.lanes[p.right as number]!;
      expect(inner.index).toBe(1);
      expect(inner.left).toBe(p.id);
      // one lane width further left than the innermost lane
      const a = poseAt(p.shape, 10, pose());
      expect(project(inner.shape, a.x, a.y).distance).toBeCloseTo(3.5);
      // corridor left turns leave from the pocket only
      expect(p.out.map((c) => net.connections[c]!.turn)).toEqual(['left']);
    }
    const lefts = net.connections.filter((c) => c.turn === 'left' && net.links[c.fromLink]!.direction !== 'none');
    expect(lefts.filter((c) => net.nodes[c.node]!.key === 'x1').every((c) => net.lanes[c.from]!.offset > 0)).toBe(true);
  });

  it('does not let the corridor turn left at a signalised junction without a pocket', () => {
    const s = twoJunctions();
    s.network.corridor!.crossStreets[0]!.leftTurnPocket = 0;
    const n = compileNetwork(s);
    const x1 = node(n, 'x1');
    const corridorLefts = x1.connections.filter((c) => n.connections[c]!.turn === 'left' && n.links[n.connections[c]!.fromLink]!.direction !== 'none');
    expect(corridorLefts).toHaveLength(0);
    expect(linkLanes(n).some((l) => l.offset > 0)).toBe(false);
    expect(n.controllers[0]!.phases.map((p) => p.name)).toEqual(['main', 'sideL', 'sideR']);
    // at the priority T the corridor may still turn left, from its innermost lane
    const x2Left = node(n, 'x2').connections.map((c) => n.connections[c]!).find((c) => c.turn === 'left' && n.links[c.fromLink]!.key === 'av:f1');
    expect(n.lanes[x2Left!.from]!.index).toBe(1);
  });

  it('builds the default signal plan', () => {
    expect(net.controllers).toHaveLength(1);
    const c = net.controllers[0]!;
    expect(c.key).toBe('x1');
    expect(c.node).toBe(node(net, 'x1').id);
    expect(node(net, 'x1').controller).toBe(c.id);
    expect(c.groups.map((g) => net.groups[g]!.name)).toEqual(['main', 'left', 'sideL', 'sideR', 'pedMain', 'pedSide']);
    expect(c.groups.map((g) => net.groups[g]!.kind)).toEqual(['vehicle', 'vehicle', 'vehicle', 'vehicle', 'pedestrian', 'pedestrian']);
    const names = (gs: readonly number[]) => gs.map((g) => net.groups[g]!.name);
    expect(c.phases.map((p) => [p.name, names(p.groups), p.green])).toEqual([
      ['main', ['main', 'pedSide'], 40],
      ['left', ['left'], 8],
      ['sideL', ['sideL', 'pedMain'], 20],
      ['sideR', ['sideR', 'pedMain'], 20],
    ]);
    expect(c.cycle).toBe(40 + 8 + 20 + 20 + 4 * 5);
    expect(c.offset).toBe(0);
    for (const conn of node(net, 'x1').connections.map((i) => net.connections[i]!)) {
      expect(conn.controller).toBe(c.id);
      expect(conn.minor).toBe(false);
      const fromKey = net.links[conn.fromLink]!.key;
      const expected = fromKey.startsWith('x1:left') ? 'sideL' : fromKey.startsWith('x1:right') ? 'sideR' : conn.turn === 'left' ? 'left' : 'main';
      expect(net.groups[conn.group]!.name).toBe(expected);
    }
    // the priority junction has no controller; its side street is minor
    for (const conn of node(net, 'x2').connections.map((i) => net.connections[i]!)) {
      expect(conn.controller).toBe(-1);
      expect(conn.group).toBe(-1);
      expect(conn.minor).toBe(net.links[conn.fromLink]!.direction === 'none');
    }
  });

  it('uses a signals entry: its id, greens and offset; T junction has one side phase', () => {
    const s = twoJunctions({ signals: [{ id: 'sig-1', node: 'x1', mainGreen: 30, sideGreen: 10, leftGreen: 6, offset: 12 }] });
    s.network.corridor!.crossStreets[0]!.rightArm = 0;
    const n = compileNetwork(s);
    const c = n.controllers[0]!;
    expect(c.key).toBe('sig-1');
    expect(c.offset).toBe(12);
    expect(c.phases.map((p) => p.name)).toEqual(['main', 'left', 'sideL']);
    expect(c.cycle).toBe(35 + 11 + 15);
    expect(c.groups.map((g) => n.groups[g]!.name)).toEqual(['main', 'left', 'sideL', 'pedMain', 'pedSide']);
  });

  it('computes symmetric foes; a left turn conflicts with the opposing straight', () => {
    for (const c of net.connections) {
      expect(c.foes).not.toContain(c.id);
      for (const f of c.foes) {
        expect(net.connections[f]!.node).toBe(c.node);
        expect(net.connections[f]!.foes).toContain(c.id);
      }
    }
    const at = (n: Network, nodeKey: string) => node(n, nodeKey).connections.map((i) => n.connections[i]!);
    const check = (n: Network) => {
      const conns = at(n, 'x1');
      const left = conns.find((c) => c.turn === 'left' && n.links[c.fromLink]!.key === 'av:f0')!;
      const opposing = conns.filter((c) => c.turn === 'straight' && n.links[c.fromLink]!.key === 'av:b1');
      expect(opposing.length).toBeGreaterThan(0);
      for (const o of opposing) expect(left.foes).toContain(o.id);
      // the two opposing lefts pass each other
      const otherLeft = conns.find((c) => c.turn === 'left' && n.links[c.fromLink]!.key === 'av:b1')!;
      expect(left.foes).not.toContain(otherLeft.id);
      // parallel straights do not conflict
      const straights = conns.filter((c) => c.turn === 'straight' && n.links[c.fromLink]!.key === 'av:f0');
      if (straights.length > 1) expect(straights[0]!.foes).not.toContain(straights[1]!.id);
    };
    check(net);
    // one lane each way: the pocket's left turn meets the single opposing lane at its stop line
    const s = twoJunctions();
    s.network.corridor!.lanesPerDirection = 1;
    check(compileNetwork(s));
  });

  it('places crosswalks across every corridor lane at their upstream edge', () => {
    const [cw] = net.crosswalks;
    expect(cw!.key).toBe('cw');
    expect(cw!.zebra).toBe(true);
    expect(cw!.group).toBe(-1);
    expect(cw!.length).toBeCloseTo(14);
    expect(cw!.a[0]).toBeCloseTo(150);
    expect(cw!.a[1]).toBeCloseTo(-7);
    expect(cw!.b[1]).toBeCloseTo(7);
    const byLink = cw!.lanes.map((x) => [net.links[net.lanes[x.lane]!.link as number]!.key, net.lanes[x.lane]!.index, x.position]);
    expect(byLink).toHaveLength(4);
    for (const [key, , position] of byLink) {
      expect(position).toBeCloseTo(key === 'av:f0' ? 148 : 294.5 - 152);
    }
  });

  it('places timeline events by at + direction + lane, or link + position', () => {
    const f = placeOnNetwork(net, undefined, { at: 500, direction: 'forward', lane: 0 });
    expect(f.lane).toBe(laneAt(net, 'av:f1', 0));
    expect(f.position).toBeCloseTo(194.5);
    const p = poseAt(net.lanes[f.lane]!.shape, f.position, pose());
    expect(p.x).toBeCloseTo(500);
    expect(p.y).toBeCloseTo(-5.25);
    const b = placeOnNetwork(net, undefined, { at: 600, direction: 'backward', lane: 1 });
    expect(b.lane).toBe(laneAt(net, 'av:b1', 1));
    expect(b.position).toBeCloseTo(94.5);
    const q = poseAt(net.lanes[b.lane]!.shape, b.position, pose());
    expect(q.x).toBeCloseTo(600);
    expect(q.y).toBeCloseTo(1.75);
    expect(placeOnNetwork(net, undefined, { at: 50, lane: 1 }).lane).toBe(laneAt(net, 'av:f0', 1));
    const onArm = placeOnNetwork(net, undefined, { link: 'x1:left:in', position: 20, lane: 0 });
    expect(onArm).toEqual({ lane: laneAt(net, 'x1:left:in', 0), position: 20 });
    expect(() => placeOnNetwork(net, undefined, { at: 301, direction: 'forward', lane: 0 })).toThrow(/junction box of "x1"/);
    expect(() => placeOnNetwork(net, undefined, { at: 500, lane: 2 })).toThrow(/no lane 2/);
    expect(() => placeOnNetwork(net, undefined, { at: 1200, lane: 0 })).toThrow(/beyond the corridor/);
    expect(() => placeOnNetwork(net, undefined, { lane: 0 })).toThrow();
    // the pocket exists only over the last 40 m of av:f0
    expect(() => placeOnNetwork(net, undefined, { at: 200, lane: 2 })).toThrow(/pocket/);
    expect(placeOnNetwork(net, undefined, { at: 290, lane: 2 }).position).toBeCloseTo(290 - 254.5);
  });

  it('applies speed zones by link midpoint', () => {
    const s = twoJunctions();
    s.network.corridor!.speedZones = [{ from: 400, to: 1000, limit: 30 }];
    const n = compileNetwork(s);
    expect(lanesOf(n, 'av:f0')[0]!.speedLimit).toBeCloseTo(50 / 3.6);
    expect(lanesOf(n, 'av:f1')[0]!.speedLimit).toBeCloseTo(30 / 3.6); // midpoint 500
    expect(lanesOf(n, 'av:b2')[1]!.speedLimit).toBeCloseTo(30 / 3.6);
    expect(lanesOf(n, 'x1:left:in')[0]!.speedLimit).toBeCloseTo(50 / 3.6);
  });

  it('is deterministic', () => {
    const a = compileNetwork(twoJunctions());
    const b = compileNetwork(twoJunctions());
    const plain = (n: Network) => JSON.stringify(n, (_k, v: unknown) => (v instanceof Float64Array ? [...v] : v));
    expect(plain(a)).toBe(plain(b));
  });

  it('keeps perpendicular arms collinear and rotates oblique ones by `angle`', () => {
    const s = twoJunctions();
    s.network.corridor!.crossStreets[0]!.angle = 60;
    const n = compileNetwork(s);
    const x1 = node(n, 'x1');
    const l = net.nodes.find((x) => x.key === 'x1:left:end')!;
    expect(l.x).toBeCloseTo(300);
    expect(l.y).toBeCloseTo(150);
    const ol = node(n, 'x1:left:end');
    const or = node(n, 'x1:right:end');
    expect(Math.atan2(ol.y - x1.y, ol.x - x1.x) * (180 / Math.PI)).toBeCloseTo(60);
    expect(Math.atan2(or.y - x1.y, or.x - x1.x) * (180 / Math.PI)).toBeCloseTo(-120);
    // an oblique crossing needs a longer box along the corridor than a perpendicular one
    expect(link(n, 'av:f0').length).toBeLessThan(link(net, 'av:f0').length);
  });
});

describe('compileNetwork: mid-block signalised crosswalk', () => {
  const s = scenario(
    { corridor: { id: 'av', centreline: [[0, 0], [600, 0]], lanesPerDirection: 2 } },
    {
      signals: [{ id: 'ped-sig', node: 'cw1', mainGreen: 30, sideGreen: 12 }],
      crosswalks: [{ id: 'cw1', at: 300, width: 4, control: 'signal', signal: 'ped-sig', group: 'ped' }],
    },
  );
  const net = compileNetwork(s);

  it('becomes a node splitting the corridor, with straight movements on the main group', () => {
    const n = node(net, 'cw1');
    expect(n.kind).toBe('crosswalk');
    expect(link(net, 'av:f0').corridorTo).toBeCloseTo(297);
    expect(link(net, 'av:f1').corridorFrom).toBeCloseTo(303);
    const c = net.controllers[0]!;
    expect(c.key).toBe('ped-sig');
    expect(c.groups.map((g) => net.groups[g]!.name)).toEqual(['main', 'ped']);
    expect(c.phases.map((p) => p.green)).toEqual([30, 12]);
    expect(c.cycle).toBe(52);
    const conns = n.connections.map((i) => net.connections[i]!);
    expect(conns).toHaveLength(4);
    for (const conn of conns) {
      expect(conn.turn).toBe('straight');
      expect(net.groups[conn.group]!.name).toBe('main');
    }
    const cw = net.crosswalks[0]!;
    expect(net.groups[cw.group]!.name).toBe('ped');
    expect(cw.lanes).toHaveLength(4);
    for (const x of cw.lanes) {
      expect(net.lanes[x.lane]!.link).toBe(-1);
      expect(x.position).toBeCloseTo(1);
    }
  });
});

describe('compileNetwork: explicit form', () => {
  const s = scenario(
    {
      explicit: {
        nodes: [
          { id: 'A', position: [0, 0] },
          { id: 'B', position: [200, 0] },
          { id: 'C', position: [400, 0] },
          { id: 'N', position: [200, 150] },
        ],
        links: [
          { id: 'ab', from: 'A', to: 'B', lanes: 1 },
          { id: 'ba', from: 'B', to: 'A', lanes: 1 },
          { id: 'bc', from: 'B', to: 'C', lanes: 1 },
          { id: 'cb', from: 'C', to: 'B', lanes: 1 },
          { id: 'nb', from: 'N', to: 'B', lanes: 1 },
        ],
        connections: [
          { from: 'ab', fromLane: 0, to: 'bc', toLane: 0, signalGroup: 'ew' },
          { from: 'cb', fromLane: 0, to: 'ba', toLane: 0, signalGroup: 'ew' },
          { from: 'nb', fromLane: 0, to: 'ba', toLane: 0, signalGroup: 'ns' },
          { from: 'nb', fromLane: 0, to: 'bc', toLane: 0, signalGroup: 'ns' },
        ],
      },
    },
    {
      signals: [{ id: 'sig', node: 'B', phases: [{ groups: ['ew', 'pedNs'], green: 20 }, { groups: ['ns'], green: 10 }] }],
      shuttles: [{ id: 'l', name: 'L', route: ['ab', 'bc'], stops: [{ id: 'p', name: 'P', link: 'ab', position: 50 }, { id: 'q', name: 'Q', link: 'bc', position: 150 }] }],
      crosswalks: [{ id: 'cw', link: 'bc', position: 100, control: 'signal', signal: 'sig', group: 'pedNs' }],
      rsus: [{ id: 'r', position: [210, -10], serves: ['sig'] }],
    },
  );
  const net = compileNetwork(s);

  it('builds nodes, links, lanes, connections and signal groups', () => {
    expect(net.nodes.map((n) => `${n.key}:${n.kind}`)).toEqual(['A:boundary', 'B:signal', 'C:boundary', 'N:boundary']);
    expect(link(net, 'ab').reverse).toBe(link(net, 'ba').id);
    expect(link(net, 'nb').reverse).toBe(-1);
    // cut back by the junction box at B (widest carriageway 3.5 + 2 m), not at the boundary nodes
    expect(link(net, 'ab').length).toBeCloseTo(194.5);
    const c = net.controllers[0]!;
    expect(c.groups.map((g) => `${net.groups[g]!.name}:${net.groups[g]!.kind}`)).toEqual(['ew:vehicle', 'pedNs:pedestrian', 'ns:vehicle']);
    expect(c.cycle).toBe(25 + 15);
    const turns = node(net, 'B').connections.map((i) => net.connections[i]!.turn);
    expect(turns).toEqual(['straight', 'straight', 'right', 'left']);
    expect(net.rsus[0]!.serves).toEqual([c.id]);
  });

  it('finds entries and exits ignoring a link’s own reverse', () => {
    expect(net.entries.map((e) => e.key).sort()).toEqual(['ab', 'cb', 'nb']);
    expect(net.exits.map((e) => e.key).sort()).toEqual(['ba', 'bc']);
  });

  it('closes the shuttle route with U-turns and maps positions from the from-node', () => {
    const [route] = net.shuttleRoutes;
    expect(route!.links.map((l) => net.links[l]!.key)).toEqual(['ab', 'bc', 'cb', 'ba']);
    const uturns = net.connections.filter((c) => c.turn === 'uturn');
    expect(uturns.map((c) => net.nodes[c.node]!.key).sort()).toEqual(['A', 'C']);
    expect(route!.visits.map((v) => `${v.stopKey}@${net.links[net.lanes[v.lane]!.link as number]!.key}`)).toEqual(['p@ab', 'q@bc', 'q@cb', 'p@ba']);
    expect(route!.visits[0]!.position).toBeCloseTo(50);
    expect(route!.visits[1]!.position).toBeCloseTo(150 - 5.5);
    const ev = placeOnNetwork(net, s, { link: 'bc', position: 100, lane: 0 });
    expect(ev.position).toBeCloseTo(94.5);
    expect(() => placeOnNetwork(net, s, { link: 'bc', position: 2, lane: 0 })).toThrow(/junction box of node "B"/);
    const cw = net.crosswalks[0]!;
    expect(net.groups[cw.group]!.name).toBe('pedNs');
    expect(cw.lanes).toHaveLength(2);
  });

  it('rejects a connection at a signalised node without a known group', () => {
    const bad = structuredClone(s);
    bad.network.explicit!.connections[0]!.signalGroup = 'nope';
    expect(() => compileNetwork(bad)).toThrow(/no signal group "nope"/);
  });
});

describe('compileNetwork: geometry checks', () => {
  const withCross = (cross: object[], centreLength = 1000) =>
    scenario({ corridor: { id: 'av', centreline: [[0, 0], [centreLength, 0]], crossStreets: cross as never } });

  it('rejects cross streets near the corridor ends', () => {
    expect(() => compileNetwork(withCross([{ id: 'x', at: 20 }]))).toThrow(/within 40 m of an end/);
    expect(() => compileNetwork(withCross([{ id: 'x', at: 970 }]))).toThrow(/within 40 m of an end/);
  });

  it('rejects overlapping junction boxes', () => {
    expect(() => compileNetwork(withCross([{ id: 'x', at: 300 }, { id: 'y', at: 308 }]))).toThrow(/junction boxes of "x".*"y".*overlap/);
  });

  it('rejects a pocket longer than its approach link', () => {
    expect(() => compileNetwork(withCross([{ id: 'x', at: 100, leftTurnPocket: 120 }]))).toThrow(/pocket .* is longer than its approach link/);
  });

  it('rejects a crosswalk or a stop inside a junction box', () => {
    const s = twoJunctions({ crosswalks: [{ id: 'cw', at: 303 }] });
    expect(() => compileNetwork(s)).toThrow(/crosswalk "cw".*junction box/);
    const t = twoJunctions({ shuttles: [{ id: 's', name: 'S', stops: [{ id: 'a', name: 'A', at: 100 }, { id: 'b', name: 'B', at: 700 }] }] });
    expect(() => compileNetwork(t)).toThrow(/stop "b".*junction box of "x2"/);
  });
});

describe('compileNetwork: scenario files', () => {
  const root = join(import.meta.dirname, '../../scenarios');
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []));
  const all = files(root);

  it('finds scenario files', () => {
    expect(all.length).toBeGreaterThan(0);
  });

  for (const file of all) {
    it(`compiles ${file.slice(root.length + 1)}`, () => {
      const s = parseScenarioText(readFileSync(file, 'utf8'), file).scenario;
      const net = compileNetwork(s);
      expect(net.links.length).toBeGreaterThan(0);
      expect(net.shuttleRoutes).toHaveLength(s.shuttles.length);
      for (const e of s.timeline) {
        if (e.type === 'laneClosure' || e.type === 'obstacle' || e.type === 'stationaryVehicle') expect(() => placeOnNetwork(net, s, e)).not.toThrow();
      }
    });
  }
});
