// The end-of-run summary: counts conserved per vehicle type, shuttle KPIs, the state hash.
// Built from the world's counters only, so it is the same whether the run was paced or not.
import type { World } from '../sim/world.ts';
import { VEHICLE_TYPE_NAMES } from '../sim/vehicle-types.ts';
import { stateHash } from '../sim/hash.ts';
import type { V2xRunSummary } from '../v2x/session.ts';

export interface TypeCounts {
  entered: number;
  exited: number;
  present: number;
}

export interface ShuttleSummary {
  vehicles: number;
  tripsCompleted: number;
  meanRoundTripSeconds: number | null;
  /** Distance over time in service (driving, stopped and dwelling), km/h. */
  meanCommercialSpeedKmh: number;
  timeStoppedAtSignalsSeconds: number;
  timeStoppedOtherSeconds: number;
  timeDwellingSeconds: number;
  stopsServed: number;
  stopsSkipped: number;
  /** Times a shuttle came to a standstill at a signal that was not green. */
  stopsAtRed: number;
  distanceKm: number;
}

export interface RunSummary {
  scenario: string;
  file: string;
  seed: number;
  tick: number;
  ticks: number;
  simSeconds: number;
  wallSeconds: number;
  vehicleSteps: number;
  vehicleStepsPerSecond: number;
  stateHash: string;
  vehicles: Record<string, TypeCounts>;
  present: number;
  insertionBacklog: number;
  meanTravelTimeSeconds: number | null;
  pedestriansCrossed: number;
  /** Drivers who missed a turn for want of a gap and took another way. */
  reroutes: number;
  guardInterventions: number;
  shuttle: ShuttleSummary;
}

export function summarise(w: World, file: string, wallSeconds: number): RunSummary {
  const present = VEHICLE_TYPE_NAMES.map(() => 0);
  const V = w.vehicles;
  for (let i = 0; i < V.top; i++) if (V.alive[i]) present[V.type[i]!]!++;
  const vehicles: Record<string, TypeCounts> = {};
  VEHICLE_TYPE_NAMES.forEach((name, t) => {
    vehicles[name] = { entered: w.counters.enteredByType[t]!, exited: w.counters.exitedByType[t]!, present: present[t]! };
  });
  const sh = w.shuttles;
  const sum = (f: (s: (typeof sh)[number]) => number) => sh.reduce((a, s) => a + f(s), 0);
  const trips = sum((s) => s.tripsCompleted);
  const serviceTicks = sum((s) => s.ticksDriving + s.ticksDwelling + s.ticksStoppedAtSignals + s.ticksStoppedOther);
  const distance = sum((s) => s.distance);
  const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    scenario: w.scenario.name,
    file,
    seed: w.seed,
    tick: w.dt,
    ticks: w.tick,
    simSeconds: round(w.time, 3),
    wallSeconds: round(wallSeconds, 3),
    vehicleSteps: w.counters.vehicleSteps,
    vehicleStepsPerSecond: Math.round(w.counters.vehicleSteps / Math.max(wallSeconds, 1e-9)),
    stateHash: stateHash(w),
    vehicles,
    present: V.count,
    insertionBacklog: w.counters.insertionBacklog,
    meanTravelTimeSeconds: w.counters.exitedCount > 0 ? round(w.counters.travelTimeSum / w.counters.exitedCount) : null,
    pedestriansCrossed: w.counters.pedestriansCrossed,
    reroutes: w.counters.reroutes,
    guardInterventions: w.counters.guardInterventions,
    shuttle: {
      vehicles: sh.length,
      tripsCompleted: trips,
      meanRoundTripSeconds: trips > 0 ? round(sum((s) => s.roundTripTimeSum) / trips) : null,
      meanCommercialSpeedKmh: serviceTicks > 0 ? round((distance / (serviceTicks * w.dt)) * 3.6, 2) : 0,
      timeStoppedAtSignalsSeconds: round(sum((s) => s.ticksStoppedAtSignals) * w.dt),
      timeStoppedOtherSeconds: round(sum((s) => s.ticksStoppedOther) * w.dt),
      timeDwellingSeconds: round(sum((s) => s.ticksDwelling) * w.dt),
      stopsServed: sum((s) => s.stopsServed),
      stopsSkipped: sum((s) => s.stopsSkipped),
      stopsAtRed: sum((s) => s.stopsAtRed),
      distanceKm: round(distance / 1000, 3),
    },
  };
}

export interface GlosaComparison {
  /** Shuttle stops at red over the run with GLOSA on / off (null when not run). */
  stopsAtRedWithGlosa: number | null;
  stopsAtRedWithoutGlosa: number | null;
}

export type V2xReport = V2xRunSummary & { glosa: GlosaComparison };

export function formatV2x(v: V2xReport): string {
  const fam = Object.entries(v.messages)
    .filter(([, c]) => c.generated > 0)
    .map(([f, c]) => `${f} ${c.transmissions} sent / ${c.receptions} received`)
    .join(', ');
  const pdr = v.deliveryRatioByDistance
    .filter((b) => b.ratio !== null)
    .slice(0, 6)
    .map((b) => `${b.bin} m ${Math.round(b.ratio! * 100)} %`)
    .join(', ');
  const cbr = Object.entries(v.peakChannelBusyRatioByRsu).map(([k, r]) => `${k} ${Math.round(r * 100)} %`).join(', ');
  const warn = v.shuttle.hazardWarnings.map((h) => `${h.hazard} (cause ${h.causeCode}) at ${Math.round(h.distance)} m`).join(', ');
  return [
    `  v2x        ${v.stations.rsus} RSUs, up to ${v.stations.vehicles} equipped vehicles and ${v.stations.pedestrians} pedestrians; ${fam}`,
    `             delivery ratio ${pdr}; latency p50 ${v.latencyMs.p50} ms, p99 ${v.latencyMs.p99} ms`,
    `             peak channel busy ratio ${cbr}`,
    `             first DENM per shuttle and hazard: ${warn || 'none'}`,
    `             shuttle stops at red: with GLOSA ${v.glosa.stopsAtRedWithGlosa ?? '-'}, without ${v.glosa.stopsAtRedWithoutGlosa ?? '-'}`,
  ].join('\n');
}

export function formatSummary(s: RunSummary): string {
  const lines = [
    `${s.scenario} (${s.file})`,
    `  seed ${s.seed}, ${s.ticks} ticks of ${s.tick} s = ${s.simSeconds} s simulated in ${s.wallSeconds} s wall`,
    `  ${s.vehicleSteps.toLocaleString('en')} vehicle-steps (${s.vehicleStepsPerSecond.toLocaleString('en')}/s)`,
    `  vehicles   ${Object.entries(s.vehicles).map(([k, c]) => `${k} ${c.entered} in / ${c.exited} out / ${c.present} present`).join(', ')}`,
    `  mean travel time ${s.meanTravelTimeSeconds ?? '-'} s, entry backlog ${s.insertionBacklog}, pedestrians crossed ${s.pedestriansCrossed}, missed turns ${s.reroutes}`,
    `  shuttle    ${s.shuttle.vehicles} vehicles, ${s.shuttle.tripsCompleted} round trips (mean ${s.shuttle.meanRoundTripSeconds ?? '-'} s), commercial speed ${s.shuttle.meanCommercialSpeedKmh} km/h`,
    `             stopped at signals ${s.shuttle.timeStoppedAtSignalsSeconds} s, otherwise ${s.shuttle.timeStoppedOtherSeconds} s, dwelling ${s.shuttle.timeDwellingSeconds} s, stops served ${s.shuttle.stopsServed} (skipped ${s.shuttle.stopsSkipped}), stops at red ${s.shuttle.stopsAtRed}`,
    `  state hash ${s.stateHash}`,
  ];
  return lines.join('\n');
}
