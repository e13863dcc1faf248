// Positions on the network, in either form: `at` metres along the corridor centreline,
// or `link` + `position` on an explicit link. Used by crosswalks, stops and events.
import { metres } from '../geometry.ts';
import type { Path } from '../paths.ts';
import { knownList } from '../references.ts';
import type { CheckContext } from './context.ts';

export interface Place {
  at?: number | undefined;
  link?: string | undefined;
  position?: number | undefined;
  direction?: 'forward' | 'backward' | undefined;
}

export interface PlaceOptions {
  /** Lane-based events need to know which carriageway of the corridor. */
  needsDirection?: boolean;
}

/** Checks the place; returns the number of lanes there (per direction), when it is valid. */
export function checkPlace(ctx: CheckContext, place: Place, base: Path, options: PlaceOptions = {}): number | undefined {
  const hasAt = place.at !== undefined;
  const hasLink = place.link !== undefined;
  if (hasAt && (hasLink || place.position !== undefined)) {
    ctx.report([...base, hasLink ? 'link' : 'position'], 'give either `at` (along the corridor) or `link` and `position`, not both');
    return undefined;
  }
  if (hasAt) return checkAt(ctx, place.at as number, [...base, 'at'], place, base, options);
  if (place.direction !== undefined) ctx.report([...base, 'direction'], '`direction` applies only to `at` places along the corridor');
  if (hasLink) return checkLinkPlace(ctx, place.link as string, place.position, base);
  if (place.position !== undefined) {
    ctx.report([...base, 'position'], '`position` needs `link` (the explicit link it is measured along)');
    return undefined;
  }
  ctx.report(base, 'needs a place: `at` (metres along the corridor) or `link` and `position`');
  return undefined;
}

/** An `at` distance along the corridor centreline, wherever it appears (also cross streets). */
export function checkAlongCorridor(ctx: CheckContext, at: number, path: Path): boolean {
  if (ctx.corridorLength === undefined) {
    ctx.report(path, '`at` is a distance along network.corridor, but this scenario has no corridor (use `link` and `position`)');
    return false;
  }
  if (at > ctx.corridorLength) {
    ctx.report(path, `must be within the corridor centreline (0 to ${metres(ctx.corridorLength)}), got ${at}`);
    return false;
  }
  return true;
}

function checkAt(ctx: CheckContext, at: number, path: Path, place: Place, base: Path, options: PlaceOptions): number | undefined {
  const ok = checkAlongCorridor(ctx, at, path);
  if (options.needsDirection && place.direction === undefined) {
    ctx.report([...base, 'direction'], 'required with `at`: which carriageway, `forward` (along the centreline) or `backward`');
    return undefined;
  }
  return ok ? ctx.scenario.network.corridor?.lanesPerDirection : undefined;
}

function checkLinkPlace(ctx: CheckContext, linkId: string, position: number | undefined, base: Path): number | undefined {
  const entry = ctx.links.get(linkId);
  if (!entry) {
    ctx.report([...base, 'link'], `unknown link "${linkId}" ${knownList(ctx.links.keys())}`);
    return undefined;
  }
  if (position === undefined) {
    ctx.report([...base, 'position'], `required with \`link\`: metres along link "${linkId}"`);
    return undefined;
  }
  if (entry.length !== undefined && position > entry.length) {
    ctx.report([...base, 'position'], `must be within link "${linkId}" (0 to ${metres(entry.length)}), got ${position}`);
    return undefined;
  }
  return entry.link.lanes;
}

/** Lanes are numbered from 0, so `lane` must be below the lane count at the place. */
export function checkLane(ctx: CheckContext, lane: number, lanes: number | undefined, path: Path): void {
  if (lanes !== undefined && lane >= lanes) {
    ctx.report(path, `must be < ${lanes} (lanes there are numbered 0 to ${lanes - 1}), got ${lane}`);
  }
}
