// The plain-JSON records an evaluation passes around: what to run (EvalJob, EvalPlan) and what
// one run gives back (RunResult). They cross worker-thread and queue boundaries as JSON, so they
// hold only strings, numbers, booleans, nulls, arrays and plain objects.
import type { KpiName } from './kpi-defs.ts';

/** One run: a variant of a scenario with one seed. The scenario travels as text, so any machine can run it. */
export interface EvalJob {
  /** Where the scenario came from: used in error messages only. */
  scenarioFile: string;
  /** The scenario file's text, exactly as read. */
  scenarioText: string;
  /** A name under the file's `variants:`, or `base` for the file as written. */
  variant: string;
  seed: number;
  /** Simulated seconds; the scenario's `run.duration` when absent. */
  duration?: number;
}

/** A signalised approach of the shuttle route in one run. */
export interface ApproachResult {
  controller: string;
  /** `forward` / `backward` on a corridor; the link id on an explicit network. */
  approach: string;
  /** Seconds stood at red, per round trip (normalised to one route length driven). */
  signalLossPerTripS: number;
  stopsAtRedPerTrip: number;
  /** Share of the approach time with a fresh SPATEM for this intersection (0 without V2X). */
  spatemAvailability: number | null;
}

/** The shuttle route of line 0 in 50 m bins, for the profile plots and the map. */
export interface RouteProfile {
  binSize: number;
  routeLength: number;
  /** Bin centres: local metres, and the direction of travel (`forward` / `backward` / `none`). */
  x: number[];
  y: number[];
  direction: string[];
  /** Mean speed through each bin (distance / time spent), km/h; null where no shuttle passed. */
  speedKmh: (number | null)[];
  /** Seconds stood at signals / dwelling at stops / stopped otherwise (queues, yielding, hazards), per round trip, in each bin. */
  signalSecondsPerTrip: number[];
  dwellSecondsPerTrip: number[];
  otherStopSecondsPerTrip: number[];
  /** Best RSU delivery ratio in each bin (null: no RSU transmitted while a shuttle was there). */
  coverage: (number | null)[];
  /** RSU transmissions while a shuttle was in the bin, and deliveries, of the best RSU (pooling across runs). */
  coverageAttempts: number[];
  coverageDelivered: number[];
}

export interface RunDetail {
  roundTrips: number[];
  approaches: ApproachResult[];
  /** Coefficient of variation of headways per `stop direction`. */
  headwayCv: Record<string, number | null>;
  denmWarnings: { hazard: string; causeCode: number; distance: number }[];
  rsus: { id: string; x: number; y: number }[];
  stops: { id: string; name: string; routeDistance: number }[];
  profile: RouteProfile | null;
}

/**
 * What one run gives back. `runEvaluationJob` never rejects: a run that cannot be built or fails
 * while running comes back with `error` set (and no `kpis` / `detail`).
 */
export interface RunResult {
  variant: string;
  seed: number;
  /** Simulated seconds (null when the scenario could not be read). */
  duration: number | null;
  error?: string;
  /** stateHash of the world at the end (same seed, same hash). */
  stateHash?: string;
  kpis?: Record<KpiName, number | null>;
  detail?: RunDetail;
}

/** What an evaluation runs: every variant with every seed, in this order. */
export interface EvalPlan {
  /** The scenario file's name (no directory, so summary.json does not depend on where it ran). */
  scenario: string;
  scenarioName: string;
  variants: { name: string; description: string }[];
  seeds: number[];
  /** Simulated seconds per run. */
  duration: number;
}
