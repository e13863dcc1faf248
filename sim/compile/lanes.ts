// Lanes of one link from its reference line (the road centre side of the carriageway):
// right-hand traffic, lane 0 at the kerb (farthest right), lane n-1 next to the reference
// line, plus the optional left-turn pocket one lane width further left.
import type { LaneId, LinkId } from '../ids.ts';
import { offsetRight, slice } from '../polyline.ts';
import type { NetworkBuilder } from './builder.ts';

/** Distance right of the reference line of the centre of lane `index` of `lanes`. */
export function laneOffset(lanes: number, index: number, width: number): number {
  return (lanes - index - 0.5) * width;
}

/** Adds `lanes` full-length lanes to `link` and wires their left/right neighbours. */
export function addCarriageway(b: NetworkBuilder, link: LinkId, lanes: number, width: number, speedLimit: number): LaneId[] {
  const shape = b.links[link]!.shape;
  const ids: LaneId[] = [];
  for (let i = 0; i < lanes; i++) {
    ids.push(b.addLane(link, { index: i, offset: 0, width, speedLimit, shape: offsetRight(shape, laneOffset(lanes, i, width)) }));
  }
  for (let i = 0; i < lanes; i++) {
    const l = b.lanes[ids[i]!]!;
    l.right = i > 0 ? ids[i - 1]! : -1;
    l.left = i + 1 < lanes ? ids[i + 1]! : -1;
  }
  return ids;
}

/**
 * Adds a left-turn pocket over the last `length` metres of `link`: lane index = number of
 * normal lanes, offset = link length − length, one lane width left of the innermost lane.
 */
export function addPocket(b: NetworkBuilder, link: LinkId, length: number, width: number): LaneId {
  const l = b.links[link]!;
  const normal = b.normalLanes(link);
  const n = normal.length;
  const inner = normal[n - 1]!;
  const start = Math.max(0, l.length - length);
  const shape = offsetRight(slice(l.shape, start, l.length), laneOffset(n, n, width));
  const id = b.addLane(link, { index: n, offset: start, width, speedLimit: b.lanes[inner]!.speedLimit, shape });
  b.lanes[id]!.right = inner;
  b.lanes[inner]!.left = id;
  return id;
}
