// The road network itself: corridor geometry and the explicit lane graph.
import { linkLength, metres } from '../geometry.ts';
import { knownList } from '../references.ts';
import type { CheckContext } from './context.ts';
import { checkAlongCorridor } from './places.ts';

/** Junctions closer than this cannot both fit their stop lines and turn pockets. */
export const MIN_CROSS_STREET_SPACING = 30;

export function checkNetwork(ctx: CheckContext): void {
  checkCorridor(ctx);
  checkExplicit(ctx);
}

function checkCorridor(ctx: CheckContext): void {
  const corridor = ctx.scenario.network.corridor;
  if (!corridor) return;
  const base = ['network', 'corridor'] as const;
  if (ctx.corridorLength === 0) ctx.report([...base, 'centreline'], 'the centreline has zero length (all points coincide)');

  corridor.speedZones.forEach((zone, i) => {
    const path = [...base, 'speedZones', i];
    if (zone.from >= zone.to) ctx.report([...path, 'to'], `must be greater than from (${zone.from}), got ${zone.to}`);
    checkAlongCorridor(ctx, zone.from, [...path, 'from']);
    checkAlongCorridor(ctx, zone.to, [...path, 'to']);
  });

  corridor.crossStreets.forEach((c, i) => checkAlongCorridor(ctx, c.at, [...base, 'crossStreets', i, 'at']));
  // File order does not matter, so compare neighbours along the centreline.
  const sorted = corridor.crossStreets.map((c, i) => ({ c, i })).sort((a, b) => a.c.at - b.c.at || a.i - b.i);
  for (let k = 1; k < sorted.length; k++) {
    const previous = sorted[k - 1];
    const current = sorted[k];
    if (!previous || !current) continue;
    const gap = current.c.at - previous.c.at;
    if (gap < MIN_CROSS_STREET_SPACING) {
      ctx.report(
        [...base, 'crossStreets', current.i, 'at'],
        `cross street "${current.c.id}" at ${current.c.at} m is only ${metres(gap)} from "${previous.c.id}" at ${previous.c.at} m (at least ${MIN_CROSS_STREET_SPACING} m apart)`,
      );
    }
  }
}

function checkExplicit(ctx: CheckContext): void {
  const explicit = ctx.scenario.network.explicit;
  if (!explicit) return;
  const base = ['network', 'explicit'] as const;
  const nodeIds = explicit.nodes.map((n) => n.id);

  explicit.links.forEach((link, i) => {
    const path = [...base, 'links', i];
    for (const end of ['from', 'to'] as const) {
      if (!nodeIds.includes(link[end])) ctx.report([...path, end], `unknown node "${link[end]}" ${knownList(nodeIds)}`);
    }
    if (linkLength(explicit, link) === 0) ctx.report(path, `link "${link.id}" has zero length (its nodes and shape points coincide)`);
  });

  explicit.connections.forEach((connection, i) => {
    const path = [...base, 'connections', i];
    const from = ctx.links.get(connection.from)?.link;
    const to = ctx.links.get(connection.to)?.link;
    if (!from) ctx.report([...path, 'from'], `unknown link "${connection.from}" ${knownList(ctx.links.keys())}`);
    if (!to) ctx.report([...path, 'to'], `unknown link "${connection.to}" ${knownList(ctx.links.keys())}`);
    if (from && connection.fromLane >= from.lanes) {
      ctx.report([...path, 'fromLane'], `must be < ${from.lanes} (link "${from.id}" has ${from.lanes} lane${from.lanes === 1 ? '' : 's'}), got ${connection.fromLane}`);
    }
    if (to && connection.toLane >= to.lanes) {
      ctx.report([...path, 'toLane'], `must be < ${to.lanes} (link "${to.id}" has ${to.lanes} lane${to.lanes === 1 ? '' : 's'}), got ${connection.toLane}`);
    }
    if (from && to && from.to !== to.from) {
      ctx.report(path, `link "${from.id}" ends at node "${from.to}" but link "${to.id}" starts at node "${to.from}": a connection joins links at a shared node`);
    }
  });
}
