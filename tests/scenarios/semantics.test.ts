// One test per semantic rule: mutate a small valid scenario, expect exactly that issue.
import { describe, expect, it } from 'vitest';
import { controllerIds, entryNames, parseScenarioText } from '../../scenarios/load.ts';
import { baseScenario, issuesOfData } from './helpers.ts';

type Data = Record<string, unknown>;

function withParts(parts: Data): Data {
  return { ...baseScenario(), ...parts };
}

function explicitNetwork(): Data {
  return {
    nodes: [
      { id: 'A', position: [0, 0] },
      { id: 'B', position: [300, 0] },
      { id: 'C', position: [300, 400] },
    ],
    links: [
      { id: 'AB', from: 'A', to: 'B', lanes: 2 },
      { id: 'BC', from: 'B', to: 'C' },
    ],
  };
}

/** Path and message of every issue, for compact assertions. */
function problems(data: Data, overrides: string[] = []): string[] {
  return issuesOfData(data, overrides).map((i) => `${i.path}: ${i.message}`);
}

describe('controllerIds', () => {
  it('names implicit controllers after signalised cross streets, unless a signals entry takes the node', () => {
    const { scenario } = parseScenarioText(
      JSON.stringify(withParts({ signals: [{ id: 'S2', node: 'I2', offset: 5 }] })),
      'x.json',
    );
    expect([...controllerIds(scenario)]).toEqual([
      ['S2', 'I2'],
      ['I1', 'I1'],
    ]);
  });

  it('lists entry names for existing arms and explicit links', () => {
    const { scenario } = parseScenarioText(JSON.stringify(withParts({})), 'x.json');
    expect(entryNames(scenario)).toEqual(['corridor:start', 'corridor:end', 'I1:left', 'I1:right', 'I2:left', 'I2:right', 'I3:left']);
  });
});

describe('duplicate ids', () => {
  it('within each kind', () => {
    const data = withParts({
      rsus: [
        { id: 'R', position: [0, 0], sensors: [{ id: 's', kind: 'camera', heading: 0 }, { id: 's', kind: 'radar', heading: 0 }] },
        { id: 'R', position: [0, 0], sensors: [{ id: 's', kind: 'camera', heading: 0 }] },
      ],
      timeline: [
        { id: 'e', type: 'weather', start: 0, speedFactor: 0.5 },
        { id: 'e', type: 'weather', start: 1, speedFactor: 0.5 },
      ],
    });
    expect(problems(data)).toEqual([
      'rsus[0].sensors[1].id: duplicate sensor id "s" (already used at rsus[0].sensors[0])',
      'rsus[1].id: duplicate RSU id "R" (already used at rsus[0])',
      'timeline[1].id: duplicate timeline event id "e" (already used at timeline[0])',
    ]);
  });

  it('stops only within their line', () => {
    const stops = [
      { id: 'a', name: 'A', at: 100 },
      { id: 'a', name: 'B', at: 900 },
    ];
    expect(problems(withParts({ shuttles: [{ id: 'L1', name: 'L1', stops }, { id: 'L1', name: 'L2', stops: stops.slice(0, 1).concat({ id: 'b', name: 'B', at: 900 }) }] }))).toEqual([
      'shuttles[0].stops[1].id: duplicate stop id "a" (already used at shuttles[0].stops[0])',
      'shuttles[1].id: duplicate shuttle line id "L1" (already used at shuttles[0])',
    ]);
  });

  it('between cross streets and crosswalks, which signals[].node cannot tell apart', () => {
    expect(problems(withParts({ crosswalks: [{ id: 'I1', at: 300 }] }))).toEqual([
      'crosswalks[0].id: id "I1" is also used by cross street network.corridor.crossStreets[0]; a signal controller\'s `node: I1` would be ambiguous',
    ]);
  });
});

describe('signal controllers', () => {
  it('node must exist', () => {
    expect(problems(withParts({ signals: [{ id: 'S', node: 'X' }] }))).toEqual([
      'signals[0].node: unknown node "X": expected a cross street, explicit node or crosswalk id (known: I1, I2, I3)',
    ]);
  });

  it('may control a signalised crosswalk (mid-block pedestrian signal)', () => {
    const data = withParts({
      signals: [{ id: 'P', node: 'C' }],
      crosswalks: [{ id: 'C', at: 350, control: 'signal', signal: 'P', group: 'ped' }],
    });
    expect(() => parseScenarioText(JSON.stringify(data), 'x.json')).not.toThrow();
  });

  it('not on a priority junction, and not twice on one node', () => {
    expect(problems(withParts({ signals: [{ id: 'S', node: 'I3' }, { id: 'T', node: 'I1' }, { id: 'U', node: 'I1' }] }))).toEqual([
      'signals[0].node: cross street "I3" has control: priority; set its control to signal to put a controller there',
      'signals[2].node: node "I1" already has controller "T" (signals[1])',
    ]);
  });

  it('id may not take the name of another cross street\'s implicit controller', () => {
    expect(problems(withParts({ signals: [{ id: 'I2', node: 'I1' }] }))).toEqual([
      'signals[0].id: "I2" is already the id of cross street "I2"\'s implicit controller; choose another id',
    ]);
  });

  it('needs phases on an explicit node', () => {
    expect(problems(withParts({ network: { explicit: explicitNetwork() }, signals: [{ id: 'S', node: 'B' }] }))).toEqual([
      'signals[0].phases: required for a controller on an explicit node (the default plan only covers corridor cross streets and crosswalks)',
    ]);
  });
});

describe('references to controllers', () => {
  it('rsus[].serves (dangling reference)', () => {
    expect(problems(withParts({ rsus: [{ id: 'R', position: [0, 0], serves: ['I1', 'I3'] }] }))).toEqual([
      'rsus[0].serves[1]: unknown signal controller "I3" (known: I1, I2)',
    ]);
  });

  it('timeline signalFailure', () => {
    expect(problems(withParts({ timeline: [{ type: 'signalFailure', start: 0, signal: 'nope' }] }))).toEqual([
      'timeline[0].signal: unknown signal controller "nope" (known: I1, I2)',
    ]);
  });

  it('signalised crosswalk: controller and a group of its plan', () => {
    const data = withParts({
      network: {
        corridor: {
          centreline: [
            [0, 0],
            [1000, 0],
          ],
          crossStreets: [
            { id: 'I1', at: 200 },
            { id: 'T', at: 600, rightArm: 0 },
          ],
        },
      },
      signals: [{ id: 'P', node: 'C3', phases: [{ groups: ['cars'], green: 20 }, { groups: ['walk'], green: 10 }] }],
      crosswalks: [
        { id: 'C1', at: 190, control: 'signal', signal: 'I9', group: 'pedMain' },
        { id: 'C2', at: 210, control: 'signal', signal: 'I1', group: 'ped' },
        { id: 'C3', at: 400, control: 'signal', signal: 'P', group: 'ped' },
        { id: 'C4', at: 590, control: 'signal', signal: 'T', group: 'pedMain' },
        { id: 'C5', at: 610, control: 'signal', signal: 'T', group: 'sideR' },
        { id: 'C6', at: 800, signal: 'I1' },
      ],
    });
    expect(problems(data)).toEqual([
      'crosswalks[0].signal: unknown signal controller "I9" (known: P, I1, T)',
      'crosswalks[1].group: controller "I1" has no signal group "ped" (its groups: main, sideL, sideR, pedMain, pedSide)',
      'crosswalks[2].group: controller "P" has no signal group "ped" (its groups: cars, walk)',
      'crosswalks[4].group: controller "T" has no signal group "sideR" (its groups: main, sideL, pedMain, pedSide)',
      'crosswalks[5].signal: only used with control: signal (this crosswalk is a zebra)',
    ]);
  });

  it('explicit connection signal groups must be in the node controller\'s phases', () => {
    const network = explicitNetwork();
    network['connections'] = [
      { from: 'AB', fromLane: 0, to: 'BC', toLane: 0, signalGroup: 'go' },
      { from: 'AB', fromLane: 1, to: 'BC', toLane: 0, signalGroup: 'stop' },
    ];
    const data = withParts({ network: { explicit: network }, signals: [{ id: 'S', node: 'B', phases: [{ groups: ['go'], green: 20 }] }] });
    expect(problems(data)).toEqual(['network.explicit.connections[1].signalGroup: controller "S" has no signal group "stop" (its groups: go)']);
  });
});

describe('places on the network', () => {
  it('`at` must lie on the corridor centreline', () => {
    const data = withParts({
      crosswalks: [{ id: 'C', at: 1500 }],
      shuttles: [{ id: 'L', name: 'L', stops: [{ id: 'a', name: 'A', at: 0 }, { id: 'b', name: 'B', at: 1000.5 }] }],
    });
    expect(problems(data)).toEqual([
      'crosswalks[0].at: must be within the corridor centreline (0 to 1000 m), got 1500',
      'shuttles[0].stops[1].at: must be within the corridor centreline (0 to 1000 m), got 1000.5',
    ]);
  });

  it('cross streets on the centreline and at least 30 m apart, in any file order', () => {
    const data = baseScenario();
    (data['network'] as { corridor: Data }).corridor['crossStreets'] = [
      { id: 'B', at: 520 },
      { id: 'A', at: 500 },
      { id: 'Z', at: 1200 },
    ];
    expect(problems(data)).toEqual([
      'network.corridor.crossStreets[0].at: cross street "B" at 520 m is only 20 m from "A" at 500 m (at least 30 m apart)',
      'network.corridor.crossStreets[2].at: must be within the corridor centreline (0 to 1000 m), got 1200',
    ]);
  });

  it('`at` needs a corridor; `link` must exist and `position` lie on it', () => {
    const data = withParts({
      network: { explicit: explicitNetwork() },
      crosswalks: [
        { id: 'C1', at: 10 },
        { id: 'C2', link: 'XY', position: 10 },
        { id: 'C3', link: 'BC', position: 401 },
      ],
    });
    expect(problems(data)).toEqual([
      'crosswalks[0].at: `at` is a distance along network.corridor, but this scenario has no corridor (use `link` and `position`)',
      'crosswalks[1].link: unknown link "XY" (known: AB, BC)',
      'crosswalks[2].position: must be within link "BC" (0 to 400 m), got 401',
    ]);
  });

  it('events need a place; `at` events need a direction; lanes must exist', () => {
    const data = withParts({
      network: { corridor: (baseScenario()['network'] as Data)['corridor'], explicit: explicitNetwork() },
      timeline: [
        { type: 'obstacle', start: 0, lane: 0 },
        { type: 'obstacle', start: 0, at: 100, lane: 0 },
        { type: 'laneClosure', start: 0, at: 100, direction: 'forward', lane: 2 },
        { type: 'stationaryVehicle', start: 0, link: 'BC', position: 5, lane: 1 },
        { type: 'stationaryVehicle', start: 0, link: 'AB', position: 5, lane: 1 },
      ],
    });
    expect(problems(data)).toEqual([
      'timeline[0]: needs a place: `at` (metres along the corridor) or `link` and `position`',
      'timeline[1].direction: required with `at`: which carriageway, `forward` (along the centreline) or `backward`',
      'timeline[2].lane: must be < 2 (lanes there are numbered 0 to 1), got 2',
      'timeline[3].lane: must be < 1 (lanes there are numbered 0 to 0), got 1',
    ]);
  });
});

describe('explicit network', () => {
  it('links join known nodes; connections join known links at a shared node, on existing lanes', () => {
    const network = explicitNetwork();
    (network['links'] as Data[]).push({ id: 'CX', from: 'C', to: 'X' });
    network['connections'] = [
      { from: 'AB', fromLane: 2, to: 'BC', toLane: 1 },
      { from: 'BC', fromLane: 0, to: 'AB', toLane: 0 },
      { from: 'AB', fromLane: 0, to: 'QQ', toLane: 0 },
    ];
    expect(problems(withParts({ network: { explicit: network } }))).toEqual([
      'network.explicit.links[2].to: unknown node "X" (known: A, B, C)',
      'network.explicit.connections[0].fromLane: must be < 2 (link "AB" has 2 lanes), got 2',
      'network.explicit.connections[0].toLane: must be < 1 (link "BC" has 1 lane), got 1',
      'network.explicit.connections[1]: link "BC" ends at node "C" but link "AB" starts at node "A": a connection joins links at a shared node',
      'network.explicit.connections[2].to: unknown link "QQ" (known: AB, BC, CX)',
    ]);
  });

  it('shuttle routes use consecutive known links', () => {
    const data = withParts({
      network: { explicit: explicitNetwork() },
      shuttles: [{ id: 'L', name: 'L', route: ['BC', 'AB', 'ZZ'], stops: [{ id: 'a', name: 'A', link: 'AB', position: 1 }, { id: 'b', name: 'B', link: 'BC', position: 1 }] }],
    });
    expect(problems(data)).toEqual([
      'shuttles[0].route[1]: link "AB" starts at node "A" but the previous link "BC" ends at node "C"',
      'shuttles[0].route[2]: unknown link "ZZ" (known: AB, BC)',
    ]);
  });
});

describe('demand', () => {
  it('entries and exits must be valid entry names', () => {
    const data = withParts({
      demand: {
        flows: [
          { entry: 'corridor:middle', vehPerHour: 100 },
          { entry: 'I3:right', vehPerHour: 100, exits: { 'corridor:end': 1, AB: 1 } },
        ],
      },
    });
    const known = '(known: corridor:start, corridor:end, I1:left, I1:right, I2:left, I2:right, I3:left)';
    expect(problems(data)).toEqual([
      `demand.flows[0].entry: unknown entry "corridor:middle" ${known}`,
      `demand.flows[1].entry: unknown entry "I3:right" (cross street "I3" has no right arm: rightArm is 0) ${known}`,
      `demand.flows[1].exits.AB: unknown exit "AB" ${known}`,
    ]);
  });

  it('time windows, exit weights, walking speeds, crosswalk references', () => {
    const data = withParts({
      crosswalks: [{ id: 'C', at: 300 }],
      demand: {
        flows: [{ entry: 'corridor:start', vehPerHour: 100, begin: 50, end: 50, exits: { 'corridor:end': 0 } }],
        pedestrians: [
          { crosswalk: 'C', perHour: 10, speed: [1.6, 1.2] },
          { crosswalk: 'D', perHour: 10 },
        ],
      },
    });
    expect(problems(data)).toEqual([
      'demand.flows[0].end: must be after begin (50 s), got 50',
      'demand.flows[0].exits: exit weights are all 0: at least one must be positive',
      'demand.pedestrians[0].speed: the range must be [slowest, fastest], got [1.6, 1.2]',
      'demand.pedestrians[1].crosswalk: unknown crosswalk "D" (known: C)',
    ]);
  });
});

describe('timing', () => {
  it('event end after start; dwell mean within [min, max]', () => {
    const data = withParts({
      timeline: [{ type: 'weather', start: 100, end: 20, speedFactor: 0.5 }],
      shuttles: [
        {
          id: 'L',
          name: 'L',
          dwell: { min: 30, max: 20 },
          stops: [
            { id: 'a', name: 'A', at: 0, dwell: { mean: 120, min: 10, max: 90 } },
            { id: 'b', name: 'B', at: 900 },
          ],
        },
      ],
    });
    // Issues come in file order: timeline was written first here.
    expect(problems(data)).toEqual([
      'timeline[0].end: must be after start (100 s), got 20',
      'shuttles[0].dwell.min: must be <= max (20 s), got 30',
      'shuttles[0].stops[0].dwell.mean: must be between min (10 s) and max (90 s), got 120',
    ]);
  });
});
