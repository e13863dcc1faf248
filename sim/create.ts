// Building the initial world from a validated scenario: features on lanes, timeline, demand,
// shuttles at their starting stops, and (for benchmarks) lanes pre-populated in a steady state.
import type { Scenario } from '../scenarios/schema.ts';
import type { Network } from './network.ts';
import { compileNetwork, placeOnNetwork } from './compile/index.ts';
import { World, FeatureKind } from './world.ts';
import { EventState, type TimelineRuntime } from './timeline.ts';
import { VehicleType, DRIVER_PARAMS } from './vehicle-types.ts';
import { drawSpeedFactor } from './demand.ts';
import { connectionFor } from './transitions.ts';
import { drawDwell } from './shuttles.ts';
import { emptyKnowledge } from './knowledge.ts';
import { idmEquilibriumSpeed } from './idm.ts';
import { computeSignalStates } from './signals.ts';

const KMH = 1 / 3.6;

export function createWorld(scenario: Scenario, network?: Network): World {
  const net = network ?? compileNetwork(scenario);
  const w = new World(scenario, net);
  for (const cw of net.crosswalks) {
    for (const { lane, position } of cw.lanes) {
      w.addFeature(lane, { kind: FeatureKind.crosswalk, pos: position, length: cw.width, ref: cw.id, speed: 0 });
    }
  }
  setupTimeline(w);
  setupPedestrians(w);
  setupFlows(w);
  setupShuttles(w);
  if (scenario.demand.initialDensity > 0) prepopulate(w, scenario.demand.initialDensity);
  computeSignalStates(net, 0, w.dark, w.groupState);
  w.prevGroupState.set(w.groupState);
  return w;
}

function setupTimeline(w: World): void {
  const { scenario, net } = w;
  scenario.timeline.forEach((e, k) => {
    const key = e.id ?? `${e.type}-${k}`;
    const end = e.end ?? Infinity;
    const base = { key, kind: e.type, start: e.start, end, state: EventState.pending, lane: -1, pos: 0, length: 0, controller: -1, speedFactor: 1 };
    let rt: TimelineRuntime;
    if (e.type === 'laneClosure' || e.type === 'obstacle' || e.type === 'stationaryVehicle') {
      const place = placeOnNetwork(net, scenario, e);
      const length =
        e.type === 'stationaryVehicle' ? DRIVER_PARAMS[e.vehicleType].length : e.length;
      rt = { ...base, lane: place.lane, pos: place.position, length };
      w.addFeature(place.lane, { kind: e.type === 'laneClosure' ? FeatureKind.closure : FeatureKind.obstacle, pos: place.position, length, ref: k, speed: 0 });
      if (e.type === 'laneClosure' && e.speedLimit !== undefined) {
        const link = net.lanes[place.lane]!.link;
        if (link >= 0) {
          for (const l of net.links[link]!.lanes) {
            const off = net.lanes[place.lane]!.offset - net.lanes[l]!.offset;
            w.addFeature(l, { kind: FeatureKind.slowZone, pos: place.position + off, length, ref: k, speed: e.speedLimit * KMH });
          }
        }
      }
    } else if (e.type === 'signalFailure') {
      const c = net.controllers.findIndex((x) => x.key === e.signal);
      if (c < 0) throw new Error(`timeline[${k}].signal: unknown signal controller "${e.signal}"`);
      rt = { ...base, controller: c };
    } else {
      rt = { ...base, speedFactor: e.speedFactor };
    }
    w.timeline.push(rt);
  });
}

function setupPedestrians(w: World): void {
  for (const f of w.scenario.demand.pedestrians) {
    const cw = w.net.crosswalks.findIndex((c) => c.key === f.crosswalk);
    if (cw < 0) throw new Error(`demand.pedestrians: unknown crosswalk "${f.crosswalk}"`);
    const meanInterval = f.perHour > 0 ? 3600 / f.perHour : Infinity;
    w.pedestrianFlows.push({ crosswalk: cw, meanInterval, speed: f.speed, equipped: f.equipped, nextArrival: w.rng.exponential(meanInterval) });
  }
}

/** The exit a flow goes to by default: straight through to the opposite end. */
function defaultExit(w: World, entryKey: string): number {
  const swap: Record<string, string> = { start: 'end', end: 'start', left: 'right', right: 'left' };
  const m = /^(.*):(start|end|left|right)$/.exec(entryKey);
  if (m) {
    const k = w.net.exits.findIndex((e) => e.key === `${m[1]}:${swap[m[2]!]}`);
    if (k >= 0) return k;
  }
  return -1;
}

function setupFlows(w: World): void {
  const { scenario, net } = w;
  scenario.demand.flows.forEach((f, k) => {
    const entry = net.entries.find((e) => e.key === f.entry);
    if (!entry) throw new Error(`demand.flows[${k}].entry: unknown entry "${f.entry}"`);
    const routes: number[] = [];
    const weights: number[] = [];
    const addExit = (exit: number, weight: number, what: string) => {
      const links = w.router.route(entry.link, net.exits[exit]!.link);
      if (!links) throw new Error(`demand.flows[${k}]: no route from "${f.entry}" to "${what}"`);
      routes.push(w.addRoute(links, false, exit));
      weights.push(weight);
    };
    if (f.exits) {
      for (const [key, weight] of Object.entries(f.exits)) {
        const exit = net.exits.findIndex((e) => e.key === key);
        if (exit < 0) throw new Error(`demand.flows[${k}].exits: unknown exit "${key}"`);
        if (weight > 0) addExit(exit, weight, key);
      }
    } else {
      let exit = defaultExit(w, f.entry);
      if (exit < 0 || !w.router.route(entry.link, net.exits[exit]!.link)) {
        // Farthest reachable exit.
        let best = -1;
        for (const x of w.router.reachableExits(entry.link)) {
          const r = w.router.route(entry.link, net.exits[x]!.link)!;
          if (best < 0 || r.length > w.router.route(entry.link, net.exits[best]!.link)!.length) best = x;
        }
        exit = best;
      }
      if (exit < 0) throw new Error(`demand.flows[${k}]: no exit reachable from "${f.entry}"`);
      addExit(exit, 1, net.exits[exit]!.key);
    }
    const meanInterval = f.vehPerHour > 0 ? 3600 / f.vehPerHour : Infinity;
    w.flows.push({
      key: f.entry,
      entryLink: entry.link,
      meanInterval,
      end: f.end ?? Infinity,
      mix: [f.mix.car, f.mix.bus, f.mix.truck],
      routes,
      weights,
      nextArrival: f.begin + w.rng.exponential(meanInterval),
      backlog: [],
    });
  });
}

function setupShuttles(w: World): void {
  const { scenario, net } = w;
  scenario.shuttles.forEach((line, li) => {
    const route = net.shuttleRoutes[li]!;
    const routeIndex = w.addRoute(Int32Array.from(route.links), true, -1);
    const stopDwell = new Map(line.stops.map((s) => [s.id, s.dwell ?? line.dwell]));
    const lineRt = {
      key: line.id,
      route,
      routeIndex,
      dwell: route.visits.map((v) => stopDwell.get(v.stopKey) ?? line.dwell),
      headway: line.headway,
      layover: line.layover,
      lastTerminalDeparture: -Infinity,
    };
    w.shuttleLines.push(lineRt);
    const n = route.visits.length;
    for (let k = 0; k < line.vehicles; k++) {
      const visitIndex = Math.floor((k * n) / line.vehicles);
      const visit = route.visits[visitIndex]!;
      const V = w.vehicles;
      const i = V.add(VehicleType.shuttle, 1, 0);
      V.maxSpeed[i] = line.maxSpeed * KMH;
      V.accel[i] = line.comfortAccel;
      V.decel[i] = line.comfortDecel;
      V.lane[i] = visit.lane;
      V.s[i] = Math.max(visit.position, V.length[i]!);
      V.v[i] = 0;
      V.route[i] = routeIndex;
      V.routePos[i] = visit.routeIndex;
      V.shuttle[i] = w.shuttles.length;
      V.nextConn[i] = connectionFor(w, i, visit.lane);
      w.occupancy.insert(visit.lane, i, V.s);
      w.counters.enteredByType[VehicleType.shuttle]!++;
      // The first vehicle leaves the first terminal at once; the others start mid-route, dwelling.
      const dwell = visitIndex === 0 ? w.dt : drawDwell(w.rng, lineRt.dwell[visitIndex]!);
      w.knowledge.push(emptyKnowledge());
      w.shuttles.push({
        line: li,
        slot: i,
        visit: visitIndex,
        dwellLeft: dwell,
        dwellTotal: dwell,
        tripStart: NaN,
        tripsCompleted: 0,
        roundTripTimeSum: 0,
        distance: 0,
        ticksStoppedAtSignals: 0,
        ticksStoppedOther: 0,
        ticksDwelling: 0,
        ticksDriving: 0,
        stopsServed: 0,
        stopsSkipped: 0,
        stopsAtRed: 0,
      });
    }
  });
}

/** Fills every link lane at `density` vehicles/km/lane, evenly spaced with seeded jitter, at equilibrium speed. */
function prepopulate(w: World, density: number): void {
  const { net } = w;
  const V = w.vehicles;
  const spacing = 1000 / density;
  const mix = w.scenario.demand.flows[0]?.mix ?? { car: 0.9, bus: 0.03, truck: 0.07 };
  const weights = [mix.car, mix.bus, mix.truck];
  const routeCache = new Map<number, number[]>();
  for (const link of net.links) {
    let routes = routeCache.get(link.id);
    if (!routes) {
      routes = w.router.reachableExits(link.id).map((x) => w.addRoute(w.router.route(link.id, net.exits[x]!.link)!, false, x));
      routeCache.set(link.id, routes);
    }
    if (routes.length === 0) continue;
    for (const l of link.lanes) {
      const L = net.lanes[l]!;
      if (L.offset > 0) continue;
      const list = w.occupancy.lists[l]!;
      // Positions from the lane end backwards, leaving room for whatever is already there (shuttles).
      let front = L.length - w.rng.uniform(0, spacing) - 1;
      while (front > 0) {
        const type = w.rng.weighted(weights);
        const len = DRIVER_PARAMS[type === 0 ? 'car' : type === 1 ? 'bus' : 'truck'].length;
        if (front - len < 0) break;
        const blocked = list.some((j) => V.s[j]! > front - len - 3 && V.s[j]! - V.length[j]! < front + 3);
        if (!blocked) {
          const route = routes[w.rng.int(routes.length)]!;
          // enteredTick -1: pre-populated, so its travel time is unknown and not counted.
          const i = V.add(type, drawSpeedFactor(w, type), -1);
          const v0 = Math.min(L.speedLimit * V.speedFactor[i]!, V.maxSpeed[i]!);
          V.lane[i] = l;
          V.s[i] = front;
          V.v[i] = idmEquilibriumSpeed(spacing - len, v0, V.headway[i]!, V.minGap[i]!);
          V.route[i] = route;
          V.routePos[i] = 0;
          V.nextConn[i] = connectionFor(w, i, l);
          w.occupancy.insert(l, i, V.s);
          w.counters.enteredByType[type]!++;
        }
        front -= spacing;
      }
    }
  }
}
