// Ids must be unique within their kind, or references to them would be ambiguous.
import { formatPath } from '../paths.ts';
import type { Path } from '../paths.ts';
import type { CheckContext } from './context.ts';

interface Identified {
  id?: string | undefined;
}

function checkUnique(ctx: CheckContext, items: readonly Identified[], base: Path, what: string): void {
  const first = new Map<string, Path>();
  items.forEach((item, i) => {
    if (item.id === undefined) return;
    const path = [...base, i, 'id'];
    const earlier = first.get(item.id);
    if (earlier) ctx.report(path, `duplicate ${what} id "${item.id}" (already used at ${formatPath(earlier.slice(0, -1))})`);
    else first.set(item.id, path);
  });
}

export function checkIds(ctx: CheckContext): void {
  const s = ctx.scenario;
  const corridor = s.network.corridor;
  const explicit = s.network.explicit;
  if (corridor) checkUnique(ctx, corridor.crossStreets, ['network', 'corridor', 'crossStreets'], 'cross street');
  if (explicit) {
    checkUnique(ctx, explicit.nodes, ['network', 'explicit', 'nodes'], 'node');
    checkUnique(ctx, explicit.links, ['network', 'explicit', 'links'], 'link');
  }
  checkUnique(ctx, s.signals, ['signals'], 'signal controller');
  checkUnique(ctx, s.crosswalks, ['crosswalks'], 'crosswalk');
  checkUnique(ctx, s.rsus, ['rsus'], 'RSU');
  s.rsus.forEach((rsu, i) => checkUnique(ctx, rsu.sensors, ['rsus', i, 'sensors'], 'sensor'));
  checkUnique(ctx, s.demand.flows, ['demand', 'flows'], 'flow');
  checkUnique(ctx, s.shuttles, ['shuttles'], 'shuttle line');
  s.shuttles.forEach((line, i) => checkUnique(ctx, line.stops, ['shuttles', i, 'stops'], 'stop'));
  checkUnique(ctx, s.timeline, ['timeline'], 'timeline event');
  checkNodeNamespace(ctx);
}

/**
 * A controller's `node` may name a cross street, an explicit node or a crosswalk, so
 * those three kinds share one namespace: a clash would make `node: X` ambiguous.
 */
function checkNodeNamespace(ctx: CheckContext): void {
  const s = ctx.scenario;
  const owners = new Map<string, { kind: string; path: Path }>();
  // Same-kind duplicates are already reported by checkUnique; only cross-kind clashes here.
  const claim = (kind: string, id: string, path: Path): void => {
    const owner = owners.get(id);
    if (!owner) owners.set(id, { kind, path });
    else if (owner.kind !== kind) {
      ctx.report([...path, 'id'], `id "${id}" is also used by ${owner.kind} ${formatPath(owner.path)}; a signal controller's \`node: ${id}\` would be ambiguous`);
    }
  };
  s.network.corridor?.crossStreets.forEach((c, i) => claim('cross street', c.id, ['network', 'corridor', 'crossStreets', i]));
  s.network.explicit?.nodes.forEach((n, i) => claim('node', n.id, ['network', 'explicit', 'nodes', i]));
  s.crosswalks.forEach((c, i) => claim('crosswalk', c.id, ['crosswalks', i]));
}
