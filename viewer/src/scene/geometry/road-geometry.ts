// The road network of a snapshot as merged meshes: asphalt (every lane, junction connectors
// included), markings (lane separators dashed, carriageway edges solid), stop lines at signal
// heads, crosswalks (zebra stripes or two transverse lines), shuttle stop platforms.
import type { LiveSnapshot } from '../../../../v2x/live/live-types.ts';
import { bar, MeshBuilder, ribbon } from './ribbons.ts';

export interface RoadMeshes {
  asphalt: MeshBuilder;
  markings: MeshBuilder;
  /** Shuttle stop platforms. */
  stops: MeshBuilder;
}

/** Heights above ground, m: stacked a few cm apart so surfaces do not z-fight. */
export const H_ASPHALT = 0.03;
export const H_MARKING = 0.06;
export const H_PLATFORM = 0.12;

const LINE = 0.15;
const DASH: readonly [number, number] = [3, 5];

export function buildRoadMeshes(s: LiveSnapshot): RoadMeshes {
  const asphalt = new MeshBuilder();
  const markings = new MeshBuilder();
  const stops = new MeshBuilder();
  const laneById = new Map(s.lanes.map((l) => [l.id, l]));
  for (const lane of s.lanes) ribbon(asphalt, lane.xs, lane.ys, lane.width + 0.05, H_ASPHALT);
  for (const link of s.links) {
    const lanes = link.laneIds.map((id) => laneById.get(id)).filter((l) => l !== undefined);
    const top = Math.max(...lanes.map((l) => l.index));
    for (const lane of lanes) {
      const half = lane.width / 2 - LINE;
      // Index 0 is the rightmost lane: its right edge is the kerb line.
      if (lane.index === 0) ribbon(markings, lane.xs, lane.ys, LINE, H_MARKING, -half);
      // Left edges: between lanes of one direction dashed; the top lane's is the centre line.
      ribbon(markings, lane.xs, lane.ys, LINE, H_MARKING, half, lane.index === top ? [3, 3] : DASH);
    }
  }
  for (const head of s.signalHeads) {
    const lane = laneById.get(head.laneId);
    bar(markings, head.x, head.y, head.heading, (lane?.width ?? 3.25) - 0.2, 0.5, H_MARKING);
  }
  for (const cw of s.crosswalks) {
    const dx = cw.bx - cw.ax;
    const dy = cw.by - cw.ay;
    const len = Math.hypot(dx, dy);
    if (len === 0) continue;
    const heading = Math.atan2(dy, dx);
    if (cw.zebra) {
      // Stripes 0.5 m wide every metre, parallel to the traffic (across the walking direction).
      for (let d = 0.5; d < len; d += 1) bar(markings, cw.ax + (dx * d) / len, cw.ay + (dy * d) / len, heading, 0.5, cw.width, H_MARKING);
    } else {
      // Signalised crossing: two dashed transverse lines at its edges.
      const nx = -dy / len;
      const ny = dx / len;
      for (const side of [-1, 1]) {
        ribbon(markings, [cw.ax + nx * side * (cw.width / 2), cw.bx + nx * side * (cw.width / 2)], [cw.ay + ny * side * (cw.width / 2), cw.by + ny * side * (cw.width / 2)], 0.3, H_MARKING, 0, [0.5, 0.5]);
      }
    }
  }
  for (const stop of s.shuttleStops) {
    const lane = laneById.get(stop.laneId);
    const heading = lane ? laneHeadingNear(lane.xs, lane.ys, stop.x, stop.y) : 0;
    // A 12 m platform on the kerb side (right of travel).
    const off = (lane?.width ?? 3.25) / 2 + 1.25;
    bar(stops, stop.x + Math.sin(heading) * off, stop.y - Math.cos(heading) * off, heading, 2.5, 12, H_PLATFORM);
  }
  return { asphalt, markings, stops };
}

/** The segment of a polyline nearest to (x, y): its index and the distance to it. */
export function nearestSegment(xs: readonly number[], ys: readonly number[], x: number, y: number): { index: number; distance: number } {
  let best = Number.POSITIVE_INFINITY;
  let index = 0;
  for (let k = 0; k < xs.length - 1; k++) {
    const ax = xs[k]!;
    const ay = ys[k]!;
    const dx = xs[k + 1]! - ax;
    const dy = ys[k + 1]! - ay;
    const l2 = dx * dx + dy * dy || 1;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / l2));
    const d = Math.hypot(ax + dx * t - x, ay + dy * t - y);
    if (d < best) {
      best = d;
      index = k;
    }
  }
  return { index, distance: best };
}

/** Heading (rad) of the lane segment nearest to (x, y). */
export function laneHeadingNear(xs: readonly number[], ys: readonly number[], x: number, y: number): number {
  const k = nearestSegment(xs, ys, x, y).index;
  return xs.length < 2 ? 0 : Math.atan2(ys[k + 1]! - ys[k]!, xs[k + 1]! - xs[k]!);
}
