// Signal controllers, their groups and fixed-time plans. Controllers are created in the order
// the loader names them (scenarios/references.ts controllerIds): `signals` entries in file
// order, then the implicit controller of every other signalised cross street (keyed by the
// cross-street id). Group ids are global (all controllers' groups concatenated).
//
// Default plans (no `phases`):
//   cross street: groups main, left (pocket only), sideL / sideR (existing arms only), pedMain
//     (if any arm), pedSide; phases main [main, pedSide] mainGreen, left [left] leftGreen,
//     sideL [sideL, pedMain] sideGreen, sideR [sideR, pedMain] sideGreen.
//   mid-block crosswalk: groups main, ped; phases main [main] mainGreen, ped [ped] sideGreen.
// Every default phase has amber 3 s, all-red 2 s, pedestrian clearance 5 s.
import type { CrossStreet, Scenario, SignalController } from '../../scenarios/schema.ts';
import type { ControllerId, NodeId, SignalGroupId } from '../ids.ts';
import type { PlanPhase } from '../network.ts';
import type { NetworkBuilder } from './builder.ts';
import type { CorridorLayout } from './corridor.ts';

/** A signalised node's controller and its groups by name. */
export interface NodeSignals {
  readonly key: string;
  readonly controller: ControllerId;
  readonly groups: ReadonlyMap<string, SignalGroupId>;
  /** The plan came from the scenario's `phases` (not a default plan). */
  readonly explicitPlan: boolean;
}

/** Defaults of scenarios/schema.ts SignalController, for cross streets without a `signals` entry. */
const IMPLICIT = { offset: 0, mainGreen: 40, sideGreen: 20, leftGreen: 8 } as const;
const AMBER = 3;
const ALL_RED = 2;
const PED_CLEARANCE = 5;

interface PhaseSpec {
  name: string;
  groups: string[];
  green: number;
  amber: number;
  allRed: number;
  pedestrianClearance: number;
}

const phase = (name: string, groups: string[], green: number): PhaseSpec => ({
  name,
  groups,
  green,
  amber: AMBER,
  allRed: ALL_RED,
  pedestrianClearance: PED_CLEARANCE,
});

export function defaultCrossStreetPlan(xs: CrossStreet, s: { mainGreen: number; sideGreen: number; leftGreen: number }): PhaseSpec[] {
  const phases = [phase('main', ['main', 'pedSide'], s.mainGreen)];
  if (xs.leftTurnPocket > 0) phases.push(phase('left', ['left'], s.leftGreen));
  if (xs.leftArm > 0) phases.push(phase('sideL', ['sideL', 'pedMain'], s.sideGreen));
  if (xs.rightArm > 0) phases.push(phase('sideR', ['sideR', 'pedMain'], s.sideGreen));
  return phases;
}

export function defaultCrosswalkPlan(s: { mainGreen: number; sideGreen: number }): PhaseSpec[] {
  return [phase('main', ['main'], s.mainGreen), phase('ped', ['ped'], s.sideGreen)];
}

/** Group order of the default plans (then any others in order of first appearance). */
const GROUP_ORDER = ['main', 'left', 'sideL', 'sideR', 'pedMain', 'pedSide', 'ped'];

function groupNames(phases: readonly PhaseSpec[], explicit: boolean): string[] {
  const names: string[] = [];
  for (const p of phases) for (const g of p.groups) if (!names.includes(g)) names.push(g);
  if (explicit) return names;
  return names.sort((a, z) => GROUP_ORDER.indexOf(a) - GROUP_ORDER.indexOf(z));
}

function addPlan(b: NetworkBuilder, key: string, node: NodeId, phases: readonly PhaseSpec[], offset: number, explicit: boolean): NodeSignals {
  const controller = b.nextControllerId();
  const groups = new Map<string, SignalGroupId>();
  for (const name of groupNames(phases, explicit)) {
    groups.set(name, b.addGroup(controller, name, name.startsWith('ped') ? 'pedestrian' : 'vehicle'));
  }
  const plan: PlanPhase[] = phases.map((p) => ({
    name: p.name,
    groups: p.groups.map((g) => groups.get(g)!),
    green: p.green,
    amber: p.amber,
    allRed: p.allRed,
    pedestrianClearance: p.pedestrianClearance,
  }));
  b.addController({ key, node, groups: [...groups.values()], phases: plan, offset });
  return { key, controller, groups, explicitPlan: explicit };
}

function explicitPhases(s: SignalController): PhaseSpec[] | undefined {
  return s.phases?.map((p, i) => ({
    name: p.name ?? `phase ${i + 1}`,
    groups: p.groups,
    green: p.green,
    amber: p.amber,
    allRed: p.allRed,
    pedestrianClearance: p.pedestrianClearance,
  }));
}

/** Creates every controller; returns them by the node they control. */
export function buildControllers(b: NetworkBuilder, scenario: Scenario, corridor: CorridorLayout | undefined): Map<NodeId, NodeSignals> {
  const out = new Map<NodeId, NodeSignals>();
  const crossStreets = scenario.network.corridor?.crossStreets ?? [];
  const explicitNodes = scenario.network.explicit?.nodes ?? [];
  const splitOf = (key: string) => corridor?.splits.find((s) => s.key === key);
  const claimed = new Set<string>();

  for (const s of scenario.signals) {
    if (claimed.has(s.node)) throw new Error(`signal controller "${s.id}": node "${s.node}" already has a controller`);
    claimed.add(s.node);
    const phases = explicitPhases(s);
    const xs = crossStreets.find((c) => c.id === s.node);
    let ns: NodeSignals;
    if (xs) {
      if (xs.control !== 'signal') throw new Error(`signal controller "${s.id}": cross street "${xs.id}" has control: priority`);
      const split = splitOf(xs.id)!;
      ns = addPlan(b, s.id, split.node, phases ?? defaultCrossStreetPlan(xs, s), s.offset, phases !== undefined);
    } else if (explicitNodes.some((n) => n.id === s.node)) {
      if (!phases) throw new Error(`signal controller "${s.id}" on explicit node "${s.node}" needs phases (default plans exist only for corridor cross streets and crosswalks)`);
      ns = addPlan(b, s.id, b.node(s.node), phases, s.offset, true);
    } else {
      const split = splitOf(s.node);
      if (!split) {
        throw new Error(
          `signal controller "${s.id}": node "${s.node}" is neither a cross street, an explicit node nor a crosswalk given by \`at\` on the corridor`,
        );
      }
      ns = addPlan(b, s.id, split.node, phases ?? defaultCrosswalkPlan(s), s.offset, phases !== undefined);
    }
    out.set(b.controllers[ns.controller]!.node, ns);
  }

  for (const xs of crossStreets) {
    if (xs.control !== 'signal' || claimed.has(xs.id)) continue;
    const split = splitOf(xs.id)!;
    const ns = addPlan(b, xs.id, split.node, defaultCrossStreetPlan(xs, IMPLICIT), IMPLICIT.offset, false);
    out.set(split.node, ns);
  }
  return out;
}

/** Movement classes of the corridor form, with the group names that may carry them (first found wins). */
export const GROUP_CANDIDATES = {
  main: ['main'],
  /** Without a `left` group (explicit plan), corridor lefts run permissive with `main`. */
  left: ['left', 'main'],
  sideL: ['sideL', 'side'],
  sideR: ['sideR', 'side'],
} as const;
export type MovementClass = keyof typeof GROUP_CANDIDATES;

export function resolveGroup(ns: NodeSignals, cls: MovementClass, nodeKey: string): SignalGroupId {
  for (const name of GROUP_CANDIDATES[cls]) {
    const g = ns.groups.get(name);
    if (g !== undefined) return g;
  }
  throw new Error(
    `signal controller "${ns.key}" at "${nodeKey}" has no signal group for its ${cls} movements (name one of: ${GROUP_CANDIDATES[cls].join(', ')}; its groups: ${[...ns.groups.keys()].join(', ')})`,
  );
}
