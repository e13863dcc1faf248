// Shuttle lines: their routes on the explicit network, stop places and dwell times.
import type { Path } from '../paths.ts';
import { knownList } from '../references.ts';
import type { DwellTime } from '../schema.ts';
import type { CheckContext } from './context.ts';
import { checkPlace } from './places.ts';

export function checkShuttles(ctx: CheckContext): void {
  const s = ctx.scenario;
  s.shuttles.forEach((line, i) => {
    const path = ['shuttles', i];
    if (line.route) checkRoute(ctx, line.route, [...path, 'route']);
    else if (!s.network.corridor) ctx.report([...path, 'route'], 'required: this scenario has no corridor, so the line needs a list of link ids to drive');
    checkDwell(ctx, line.dwell, [...path, 'dwell']);
    line.stops.forEach((stop, j) => {
      checkPlace(ctx, stop, [...path, 'stops', j]);
      if (stop.dwell) checkDwell(ctx, stop.dwell, [...path, 'stops', j, 'dwell']);
    });
  });
}

function checkRoute(ctx: CheckContext, route: readonly string[], path: Path): void {
  if (route.length === 0) {
    ctx.report(path, 'needs at least one link');
    return;
  }
  route.forEach((linkId, k) => {
    if (!ctx.links.has(linkId)) {
      ctx.report([...path, k], `unknown link "${linkId}" ${knownList(ctx.links.keys())}`);
      return;
    }
    const previous = k > 0 ? ctx.links.get(route[k - 1] ?? '')?.link : undefined;
    const current = ctx.links.get(linkId)?.link;
    if (previous && current && previous.to !== current.from) {
      ctx.report([...path, k], `link "${linkId}" starts at node "${current.from}" but the previous link "${previous.id}" ends at node "${previous.to}"`);
    }
  });
}

function checkDwell(ctx: CheckContext, dwell: DwellTime, path: Path): void {
  if (dwell.min > dwell.max) ctx.report([...path, 'min'], `must be <= max (${dwell.max} s), got ${dwell.min}`);
  else if (dwell.mean < dwell.min || dwell.mean > dwell.max) {
    ctx.report([...path, 'mean'], `must be between min (${dwell.min} s) and max (${dwell.max} s), got ${dwell.mean}`);
  }
}
