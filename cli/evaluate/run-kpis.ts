// From one run's observations (sim/kpi, v2x/kpi) to the plain figures of a RunResult: the
// scalar KPIs and the per-approach, per-stop and per-bin detail the report draws.
import type { World } from '../../sim/world.ts';
import { routeAxis, routePoint, type SimKpiResult } from '../../sim/kpi/index.ts';
import { COVERED_RATIO, type V2xKpiResult } from '../../v2x/kpi/index.ts';
import type { KpiName } from './kpi-defs.ts';
import type { ApproachResult, RouteProfile, RunDetail } from './types.ts';

const mean = (xs: readonly number[]): number | null => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Rounded so that summaries stay short and compare exactly (runs are deterministic anyway). */
export function round(x: number | null, digits = 3): number | null {
  if (x === null || !Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function cv(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const m = mean(xs)!;
  const v = xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
  return m > 0 ? Math.sqrt(v) / m : null;
}

/** Mean wait of passengers arriving at random: E[H²] / (2 E[H]) = E[H] (1 + CV²) / 2. */
function randomArrivalWait(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const m = mean(xs)!;
  const m2 = xs.reduce((a, x) => a + x * x, 0) / xs.length;
  return m > 0 ? m2 / (2 * m) : null;
}

export function runKpis(w: World, sim: SimKpiResult, v2x: V2xKpiResult): { kpis: Record<KpiName, number | null>; detail: RunDetail } {
  const sh = sim.shuttle;
  // Per round trip: normalised by the share of a round trip actually driven, so partial trips count.
  const routeLength = sh.profile?.routeLength ?? 0;
  const trips = routeLength > 0 && sh.distanceMetres > 0 ? sh.distanceMetres / routeLength : 0;
  const perTrip = (x: number): number | null => (trips > 0 ? x / trips : null);

  const headwayLists = Object.values(sh.headways);
  const cvs = Object.fromEntries(Object.entries(sh.headways).map(([k, h]) => [k, round(cv(h))]));
  const cvValues = Object.values(cvs).filter((x): x is number => x !== null);
  const waits = headwayLists.map(randomArrivalWait).filter((x): x is number => x !== null);

  const spatemByKey = new Map(v2x.spatem.map((a) => [`${a.controller} ${a.approach}`, a]));
  const approachKeys = [...new Set([...sh.approaches.map((a) => `${a.controller} ${a.approach}`), ...spatemByKey.keys()])].sort();
  const approaches: ApproachResult[] = approachKeys.map((key) => {
    const wait = sh.approaches.find((a) => `${a.controller} ${a.approach}` === key);
    const sp = spatemByKey.get(key);
    const [controller, approach] = [wait?.controller ?? sp!.controller, wait?.approach ?? sp!.approach];
    return {
      controller,
      approach,
      signalLossPerTripS: round(perTrip(wait?.waitSeconds ?? 0)) ?? 0,
      stopsAtRedPerTrip: round(perTrip(wait?.stopsAtRed ?? 0)) ?? 0,
      spatemAvailability: sp && sp.approachSeconds > 0 ? round(sp.availableSeconds / sp.approachSeconds) : null,
    };
  });
  // In the order the shuttle meets the intersections on line 0's route, as the town reads its
  // line (stable sort: the approaches of one intersection keep their order).
  const rank = routeRankOfControllers(w);
  approaches.sort((a, b) => (rank.get(a.controller) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b.controller) ?? Number.MAX_SAFE_INTEGER));
  const spatemTime = v2x.spatem.reduce((a, s) => a + s.approachSeconds, 0);
  const spatemAvail = v2x.spatem.reduce((a, s) => a + s.availableSeconds, 0);

  const profile = routeProfile(w, sim, v2x, trips);
  // Share of the route bins the shuttles drove through (all of them, on a long enough run).
  const visited = sh.profile ? sh.profile.seconds.filter((t) => t > 0).length : 0;
  const covered = profile ? profile.coverage.filter((c) => c !== null && c >= COVERED_RATIO).length : 0;
  const warnings = v2x.denmWarnings.map((d) => d.distance);
  const cars = sim.traffic.carTravelTimes;

  const kpis: Record<KpiName, number | null> = {
    roundTripS: round(mean(sh.roundTrips)),
    commercialSpeedKmh: sh.serviceSeconds > 0 ? round((sh.distanceMetres / sh.serviceSeconds) * 3.6) : null,
    headwayCv: round(mean(cvValues)),
    passengerWaitS: round(mean(waits)),
    signalLossPerTripS: round(perTrip(sh.signalSeconds)),
    stopsAtRedPerTrip: round(perTrip(sh.stopsAtRed)),
    dwellS: round(mean(sh.dwells)),
    coverageShare: visited > 0 ? round(covered / visited) : null,
    denmWarningDistanceM: round(mean(warnings)),
    denmWarningMinM: warnings.length > 0 ? round(Math.min(...warnings)) : null,
    spatemAvailability: spatemTime > 0 ? round(spatemAvail / spatemTime) : null,
    // Without V2X there is no channel to load: n/a, not a 0 % that the report would mark best.
    peakChannelBusyRatio: w.scenario.v2x.enabled ? round(v2x.peakChannelBusyRatio) : null,
    ttcEvents: sim.safety.ttcEvents,
    hardBrakingEvents: sim.safety.hardBrakingEvents,
    shuttleHardBrakingEvents: sim.safety.shuttleHardBrakingEvents,
    carTravelTimeS: round(mean(cars)),
  };

  const axis = w.shuttleLines.length > 0 ? routeAxis(w, 0) : null;
  const stops = axis
    ? axis.route.visits.map((v) => ({ id: v.stopKey, name: v.name, routeDistance: round(axis.cum[v.routeIndex]! + v.position, 1)! }))
    : [];
  return {
    kpis,
    detail: {
      roundTrips: sh.roundTrips.map((x) => round(x)!),
      approaches,
      headwayCv: cvs,
      denmWarnings: v2x.denmWarnings.map((d) => ({ ...d, distance: round(d.distance, 1)! })),
      rsus: w.scenario.rsus.map((r) => ({ id: r.id, x: r.position[0], y: r.position[1] })),
      stops,
      profile,
    },
  };
}

function routeProfile(w: World, sim: SimKpiResult, v2x: V2xKpiResult, trips: number): RouteProfile | null {
  const p = sim.shuttle.profile;
  if (!p || w.shuttleLines.length === 0) return null;
  const axis = routeAxis(w, 0);
  const pose = { x: 0, y: 0, theta: 0 };
  const x: number[] = [];
  const y: number[] = [];
  const direction: string[] = [];
  for (let b = 0; b < p.seconds.length; b++) {
    const at = routePoint(w, axis, Math.min((b + 0.5) * p.binSize, axis.length), pose);
    x.push(round(at.pose.x, 1)!);
    y.push(round(at.pose.y, 1)!);
    direction.push(at.direction);
  }
  const cov = v2x.coverage;
  const best = p.seconds.map((_, b) => {
    const row = cov.attempts[b] ?? [];
    let k = -1;
    let ratio = -1;
    row.forEach((a, r) => {
      const q = a > 0 ? cov.delivered[b]![r]! / a : -1;
      if (q > ratio) [k, ratio] = [r, q];
    });
    return k < 0 || ratio < 0 ? { attempts: 0, delivered: 0, ratio: null } : { attempts: row[k]!, delivered: cov.delivered[b]![k]!, ratio: round(ratio) };
  });
  const perTrip = (s: number) => (trips > 0 ? round(s / trips)! : 0);
  return {
    binSize: p.binSize,
    routeLength: round(p.routeLength, 1)!,
    x,
    y,
    direction,
    speedKmh: p.seconds.map((s, b) => (s > 0 ? round((p.metres[b]! / s) * 3.6, 2) : null)),
    signalSecondsPerTrip: p.signalSeconds.map(perTrip),
    dwellSecondsPerTrip: p.dwellSeconds.map(perTrip),
    otherStopSecondsPerTrip: p.otherStopSeconds.map(perTrip),
    coverage: best.map((b) => b.ratio),
    coverageAttempts: best.map((b) => b.attempts),
    coverageDelivered: best.map((b) => b.delivered),
  };
}

/** Controller key -> index along line 0's route of the first link that ends at its intersection. */
function routeRankOfControllers(w: World): Map<string, number> {
  const rank = new Map<string, number>();
  const net = w.net;
  const route = net.shuttleRoutes[0];
  if (!route) return rank;
  route.links.forEach((l, k) => {
    const node = net.nodes[net.links[l]!.to];
    const c = node && node.controller >= 0 ? net.controllers[node.controller] : undefined;
    if (c && !rank.has(c.key)) rank.set(c.key, k);
  });
  return rank;
}
