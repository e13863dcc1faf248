// The corridor form's links, lanes and nodes: the centreline is cut at every cross street
// (a junction box around it) and at every mid-block signalised crosswalk, giving one forward
// and one backward link per segment, plus two links per cross-street arm.
//
// Conventions (see sim/network.ts): forward = first centreline point → last; lanes lie right
// of their direction of travel; link k of either direction is segment k counted from the start.
// Junction box half-lengths, for a cross street meeting the corridor at angle α:
//   along the corridor  r  = h / sin α + H |cot α| + 2 m
//   along each arm      r' = H / sin α + h |cot α| + 2 m
// with H, h the half-widths (lanes per direction × corridor lane width) of the corridor and
// the cross street; at α = 90° these are h + 2 and H + 2. Arm lengths count from the
// centreline to the arm's end node.
import type { CorridorNetwork, CrossStreet } from '../../scenarios/schema.ts';
import type { LaneId, LinkId, NodeId } from '../ids.ts';
import { polyline, slice, reversed, type Polyline } from '../polyline.ts';
import type { NetworkBuilder } from './builder.ts';
import { DEG, dedupe, pointAt } from './geometry.ts';
import { addCarriageway, addPocket } from './lanes.ts';

/** Cross streets must be at least this far from either corridor end, metres. */
export const MIN_END_DISTANCE = 40;
/** Shortest corridor or arm link left between junction boxes, metres. */
export const MIN_LINK_LENGTH = 1;
const KMH = 1 / 3.6;

export interface Arm {
  readonly side: 'left' | 'right';
  readonly in: LinkId;
  readonly out: LinkId;
  readonly end: NodeId;
}

/** A place where the corridor links are cut: a cross street or a mid-block signalised crosswalk. */
export interface Split {
  readonly key: string;
  readonly at: number;
  /** Corridor links stop at at − half and resume at at + half. */
  readonly half: number;
  readonly node: NodeId;
  /** Set for cross streets; undefined for crosswalk nodes. */
  readonly crossStreet: CrossStreet | undefined;
  readonly fwdIn: LinkId;
  readonly fwdOut: LinkId;
  readonly bwdIn: LinkId;
  readonly bwdOut: LinkId;
  readonly left: Arm | undefined;
  readonly right: Arm | undefined;
  /** Left-turn pockets of the forward / backward approach. */
  readonly pocketF: LaneId | undefined;
  readonly pocketB: LaneId | undefined;
}

export interface CorridorLayout {
  readonly id: string;
  readonly centreline: Polyline;
  readonly lanes: number;
  readonly laneWidth: number;
  readonly start: NodeId;
  readonly end: NodeId;
  /** Forward / backward link of segment k. */
  readonly forward: readonly LinkId[];
  readonly backward: readonly LinkId[];
  readonly splits: readonly Split[];
}

/** A mid-block crosswalk that carries a signal controller and so becomes a node. */
export interface CrosswalkNodeSpec {
  readonly id: string;
  readonly at: number;
  readonly width: number;
}

interface PendingSplit {
  key: string;
  at: number;
  half: number;
  crossStreet: CrossStreet | undefined;
  /** Box half-length along the arms (cross streets only). */
  armHalf: number;
}

const m = (v: number) => `${Number(v.toFixed(2))} m`;

export function buildCorridor(b: NetworkBuilder, c: CorridorNetwork, crosswalkNodes: readonly CrosswalkNodeSpec[]): CorridorLayout {
  const pts = dedupe(c.centreline);
  if (pts.length < 2) throw new Error(`corridor "${c.id}": the centreline has zero length (all points coincide)`);
  const centre = polyline(pts);
  const L = centre.length;
  const n = c.lanesPerDirection;
  const w = c.laneWidth;
  const H = n * w;

  const pending: PendingSplit[] = [];
  for (const xs of c.crossStreets) {
    if (xs.at < MIN_END_DISTANCE || xs.at > L - MIN_END_DISTANCE) {
      throw new Error(
        `cross street "${xs.id}" at ${m(xs.at)} is within ${MIN_END_DISTANCE} m of an end of corridor "${c.id}" (0 to ${m(L)})`,
      );
    }
    const alpha = xs.angle * DEG;
    const sin = Math.sin(alpha);
    const cot = Math.abs(Math.cos(alpha) / sin);
    const h = xs.lanesPerDirection * w;
    pending.push({ key: xs.id, at: xs.at, half: h / sin + H * cot + 2, armHalf: H / sin + h * cot + 2, crossStreet: xs });
  }
  for (const cw of crosswalkNodes) {
    const half = cw.width / 2 + 1;
    if (cw.at - half < MIN_LINK_LENGTH || cw.at + half > L - MIN_LINK_LENGTH) {
      throw new Error(`signalised crosswalk "${cw.id}" at ${m(cw.at)} is too close to an end of corridor "${c.id}" (0 to ${m(L)})`);
    }
    pending.push({ key: cw.id, at: cw.at, half, armHalf: 0, crossStreet: undefined });
  }
  // Stable sort by position: same input, same order.
  const order = pending.map((p, i) => ({ p, i })).sort((a, z) => a.p.at - z.p.at || a.i - z.i);
  const sorted = order.map((o) => o.p);
  for (let k = 1; k < sorted.length; k++) {
    const a = sorted[k - 1]!;
    const z = sorted[k]!;
    const gap = z.at - z.half - (a.at + a.half);
    if (gap < MIN_LINK_LENGTH) {
      throw new Error(
        `the junction boxes of "${a.key}" (${m(a.at - a.half)} to ${m(a.at + a.half)}) and "${z.key}" (${m(z.at - z.half)} to ${m(z.at + z.half)}) overlap or leave no room for a link between them`,
      );
    }
  }

  // Nodes: start, one per split (in order along the corridor), end; arm ends come later.
  const start = b.addNode(`${c.id}:start`, pts[0]![0], pts[0]![1], 'boundary');
  const splitNodes = sorted.map((s) => {
    const p = pointAt(centre, s.at);
    return b.addNode(s.key, p.x, p.y, s.crossStreet ? s.crossStreet.control : 'crosswalk');
  });
  const last = pts[pts.length - 1]!;
  const end = b.addNode(`${c.id}:end`, last[0], last[1], 'boundary');
  const nodes = [start, ...splitNodes, end];

  const name = c.name ?? c.id;
  const forward: LinkId[] = [];
  const backward: LinkId[] = [];
  for (let k = 0; k + 1 < nodes.length; k++) {
    const a = k === 0 ? 0 : sorted[k - 1]!.at + sorted[k - 1]!.half;
    const z = k + 1 === nodes.length - 1 ? L : sorted[k]!.at - sorted[k]!.half;
    const ref = slice(centre, a, z);
    const speed = speedAt(c, (a + z) / 2) * KMH;
    const f = b.addLink({ key: `${c.id}:f${k}`, name, from: nodes[k]!, to: nodes[k + 1]!, shape: ref, direction: 'forward', corridorFrom: a, corridorTo: z });
    const r = b.addLink({ key: `${c.id}:b${k}`, name, from: nodes[k + 1]!, to: nodes[k]!, shape: reversed(ref), direction: 'backward', corridorFrom: z, corridorTo: a });
    b.links[f]!.reverse = r;
    b.links[r]!.reverse = f;
    addCarriageway(b, f, n, w, speed);
    addCarriageway(b, r, n, w, speed);
    forward.push(f);
    backward.push(r);
  }

  const splits: Split[] = sorted.map((s, j) => {
    const node = splitNodes[j]!;
    const fwdIn = forward[j]!;
    const bwdIn = backward[j + 1]!;
    const xs = s.crossStreet;
    let left: Arm | undefined;
    let right: Arm | undefined;
    let pocketF: LaneId | undefined;
    let pocketB: LaneId | undefined;
    if (xs) {
      left = buildArm(b, centre, xs, 'left', node, s.armHalf, w);
      right = buildArm(b, centre, xs, 'right', node, s.armHalf, w);
      if (xs.leftTurnPocket > 0) {
        for (const link of [fwdIn, bwdIn]) {
          const l = b.links[link]!;
          if (xs.leftTurnPocket > l.length + 1e-9) {
            throw new Error(
              `cross street "${xs.id}": the left-turn pocket (${m(xs.leftTurnPocket)}) is longer than its approach link "${l.key}" (${m(l.length)})`,
            );
          }
        }
        pocketF = addPocket(b, fwdIn, xs.leftTurnPocket, w);
        pocketB = addPocket(b, bwdIn, xs.leftTurnPocket, w);
      }
    }
    return { key: s.key, at: s.at, half: s.half, node, crossStreet: xs, fwdIn, fwdOut: forward[j + 1]!, bwdIn, bwdOut: backward[j]!, left, right, pocketF, pocketB };
  });

  return { id: c.id, centreline: centre, lanes: n, laneWidth: w, start, end, forward, backward, splits };
}

/** Corridor speed limit (km/h) at centreline distance s: the last speed zone holding s, else the corridor's. */
export function speedAt(c: CorridorNetwork, s: number): number {
  let limit = c.speedLimit;
  for (const z of c.speedZones) if (s >= z.from && s <= z.to) limit = z.limit;
  return limit;
}

/**
 * One arm of a cross street: the left arm points along the corridor tangent rotated by +angle
 * (counter-clockwise), the right arm opposite it (collinear). Undefined if the arm length is 0.
 */
function buildArm(b: NetworkBuilder, centre: Polyline, xs: CrossStreet, side: 'left' | 'right', junction: NodeId, armHalf: number, w: number): Arm | undefined {
  const length = side === 'left' ? xs.leftArm : xs.rightArm;
  if (length <= 0) return undefined;
  if (length - armHalf < MIN_LINK_LENGTH) {
    throw new Error(
      `cross street "${xs.id}": its ${side} arm (${m(length)} from the centreline) does not reach past the junction box (${m(armHalf)})`,
    );
  }
  const p = pointAt(centre, xs.at);
  const dir = p.theta + xs.angle * DEG + (side === 'right' ? Math.PI : 0);
  const ux = Math.cos(dir);
  const uy = Math.sin(dir);
  const near: [number, number] = [p.x + ux * armHalf, p.y + uy * armHalf];
  const far: [number, number] = [p.x + ux * length, p.y + uy * length];
  const end = b.addNode(`${xs.id}:${side}:end`, far[0], far[1], 'boundary');
  const name = xs.name ?? xs.id;
  const speed = xs.speedLimit * KMH;
  const inLink = b.addLink({ key: `${xs.id}:${side}:in`, name, from: end, to: junction, shape: polyline([far, near]), direction: 'none' });
  const outLink = b.addLink({ key: `${xs.id}:${side}:out`, name, from: junction, to: end, shape: polyline([near, far]), direction: 'none' });
  b.links[inLink]!.reverse = outLink;
  b.links[outLink]!.reverse = inLink;
  addCarriageway(b, inLink, xs.lanesPerDirection, w, speed);
  addCarriageway(b, outLink, xs.lanesPerDirection, w, speed);
  return { side, in: inLink, out: outLink, end };
}
