// compileNetwork: scenario → the immutable lane graph the simulation drives on (sim/network.ts).
// Pure and deterministic: the same scenario always gives the same network, ids included.
// The scenario is assumed validated by the loader (ids unique, references resolved); anything
// geometrically impossible (overlapping junction boxes, a pocket longer than its link, a stop
// inside a junction...) throws an Error naming the culprit.
import type { Scenario } from '../../scenarios/schema.ts';
import type { Network } from '../network.ts';
import { NetworkBuilder } from './builder.ts';
import { buildCorridor, type CorridorLayout, type CrosswalkNodeSpec } from './corridor.ts';
import { buildCrosswalks } from './crosswalks.ts';
import { buildExplicit } from './explicit.ts';
import { computeFoes } from './foes.ts';
import { buildCorridorJunctions, buildExplicitConnections } from './junctions.ts';
import { buildRsus } from './rsus.ts';
import { buildShuttleRoutes } from './shuttle-routes.ts';
import { buildControllers } from './signals.ts';
import { buildCorridorTerminals, buildExplicitTerminals } from './terminals.ts';

export { placeOnNetwork, laneAt, corridorLinkAt, lanePosition, type PlaceRequest } from './place.ts';

export function compileNetwork(scenario: Scenario): Network {
  const b = new NetworkBuilder();
  const { corridor, explicit } = scenario.network;
  const crossStreetIds = new Set((corridor?.crossStreets ?? []).map((c) => c.id));
  const explicitNodeIds = new Set((explicit?.nodes ?? []).map((n) => n.id));

  // A signals entry names a cross street, else an explicit node, else a crosswalk (mid-block signal).
  const crosswalkNodes: CrosswalkNodeSpec[] = [];
  const explicitSignalNodes = new Set<string>();
  for (const s of scenario.signals) {
    if (crossStreetIds.has(s.node)) continue;
    if (explicitNodeIds.has(s.node)) {
      explicitSignalNodes.add(s.node);
      continue;
    }
    const cw = scenario.crosswalks.find((c) => c.id === s.node);
    if (!cw) throw new Error(`signal controller "${s.id}": unknown node "${s.node}"`);
    if (cw.at === undefined || !corridor) {
      throw new Error(`signal controller "${s.id}": crosswalk "${cw.id}" can carry a signal node only when it is placed with \`at\` on the corridor`);
    }
    crosswalkNodes.push({ id: cw.id, at: cw.at, width: cw.width });
  }

  let layout: CorridorLayout | undefined;
  if (corridor) {
    layout = buildCorridor(b, corridor, crosswalkNodes);
    b.centreline = layout.centreline;
  }
  const explicitLinks = explicit ? buildExplicit(b, explicit, explicitSignalNodes) : [];
  const signals = buildControllers(b, scenario, layout);
  if (layout) buildCorridorJunctions(b, layout, signals);
  if (explicit) buildExplicitConnections(b, explicit, signals);
  buildShuttleRoutes(b, scenario, layout);
  buildCrosswalks(b, scenario, layout);
  computeFoes(b);
  if (layout) buildCorridorTerminals(b, layout);
  buildExplicitTerminals(b, explicitLinks);
  buildRsus(b, scenario);
  return b.build();
}
