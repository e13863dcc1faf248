// Names that scenario fields refer to: signal controllers, entry/exit names, node ids.
// Shared by the semantic checks and by later stages (compiler, CLI) so that both agree
// on what, say, "controller I2" means.
import type { CrossStreet, Scenario, SignalController } from './schema.ts';

/**
 * Every signal controller by id, with the node it controls.
 * Each corridor cross street with `control: signal` gets an implicit controller named
 * after the cross street, unless a `signals` entry already controls that node: then
 * that entry's id is the controller id. Explicit entries come first, in file order.
 */
export function controllerIds(scenario: Scenario): Map<string, string> {
  const controllers = new Map<string, string>();
  for (const signal of scenario.signals) {
    if (!controllers.has(signal.id)) controllers.set(signal.id, signal.node);
  }
  const claimed = new Set(scenario.signals.map((s) => s.node));
  for (const crossStreet of scenario.network.corridor?.crossStreets ?? []) {
    if (crossStreet.control !== 'signal' || claimed.has(crossStreet.id)) continue;
    if (!controllers.has(crossStreet.id)) controllers.set(crossStreet.id, crossStreet.id);
  }
  return controllers;
}

/** Signal groups of the default plan a controller gets when it has no explicit `phases`. */
export const DEFAULT_CROSS_STREET_GROUPS: readonly string[] = ['main', 'left', 'sideL', 'sideR', 'pedMain', 'pedSide'];
export const DEFAULT_CROSSWALK_GROUPS: readonly string[] = ['main', 'ped'];

/**
 * The default plan's groups at one cross street: phases exist only for what is built
 * (docs/scenario-format.md), and a group with no phase would never turn green.
 */
export function defaultCrossStreetGroups(crossStreet: CrossStreet): string[] {
  const groups = ['main', 'pedSide'];
  if (crossStreet.leftTurnPocket > 0) groups.push('left');
  if (crossStreet.leftArm > 0) groups.push('sideL');
  if (crossStreet.rightArm > 0) groups.push('sideR');
  if (crossStreet.leftArm > 0 || crossStreet.rightArm > 0) groups.push('pedMain');
  return groups.sort((a, b) => DEFAULT_CROSS_STREET_GROUPS.indexOf(a) - DEFAULT_CROSS_STREET_GROUPS.indexOf(b));
}

export type NodeKind = 'crossStreet' | 'explicitNode' | 'crosswalk';

/** What a controller's `node` names; cross streets win over explicit nodes over crosswalks. */
export function nodeKind(scenario: Scenario, nodeId: string): NodeKind | undefined {
  if (scenario.network.corridor?.crossStreets.some((c) => c.id === nodeId)) return 'crossStreet';
  if (scenario.network.explicit?.nodes.some((n) => n.id === nodeId)) return 'explicitNode';
  if (scenario.crosswalks.some((c) => c.id === nodeId)) return 'crosswalk';
  return undefined;
}

/**
 * The signal groups a controller drives, or undefined when they cannot be known
 * (unknown node, or an explicit node without phases, which is reported elsewhere).
 */
export function controllerGroups(scenario: Scenario, controllerId: string): readonly string[] | undefined {
  const nodeId = controllerIds(scenario).get(controllerId);
  if (nodeId === undefined) return undefined;
  const explicit: SignalController | undefined = scenario.signals.find((s) => s.id === controllerId);
  if (explicit?.phases) return [...new Set(explicit.phases.flatMap((p) => p.groups))];
  const crossStreet = scenario.network.corridor?.crossStreets.find((c) => c.id === nodeId);
  if (crossStreet) return defaultCrossStreetGroups(crossStreet);
  if (nodeKind(scenario, nodeId) === 'crosswalk') return DEFAULT_CROSSWALK_GROUPS;
  return undefined;
}

/**
 * Names where vehicles enter or leave the network (flows' `entry` and `exits` keys):
 * `<corridorId>:start|end`, `<crossStreetId>:left|right` for arms that exist, explicit link ids.
 */
export function entryNames(scenario: Scenario): string[] {
  const names: string[] = [];
  const corridor = scenario.network.corridor;
  if (corridor) {
    names.push(`${corridor.id}:start`, `${corridor.id}:end`);
    for (const crossStreet of corridor.crossStreets) {
      if (crossStreet.leftArm > 0) names.push(`${crossStreet.id}:left`);
      if (crossStreet.rightArm > 0) names.push(`${crossStreet.id}:right`);
    }
  }
  for (const link of scenario.network.explicit?.links ?? []) names.push(link.id);
  return names;
}

/** "(known: a, b, c)" for reference errors; long lists are cut so messages stay one line. */
export function knownList(names: Iterable<string>): string {
  const unique = [...new Set(names)];
  if (unique.length === 0) return '(none defined)';
  const shown = unique.slice(0, 15).join(', ');
  return `(known: ${shown}${unique.length > 15 ? `, ... ${unique.length - 15} more` : ''})`;
}
