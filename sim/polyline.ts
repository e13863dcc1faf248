// Polylines in local metres with cumulative arc length, so a position "s metres along"
// is a binary search plus one lerp. Used for lane geometry and for placing things by distance.

export interface Polyline {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** cum[i] = arc length from point 0 to point i; cum[n-1] = length. */
  readonly cum: Float64Array;
  /** headings[i] = direction of segment [i, i+1] (atan2, radians): computed once, read per vehicle per tick. */
  readonly headings: Float64Array;
  readonly length: number;
}

export interface Pose {
  x: number;
  y: number;
  /** Direction of travel, radians, counter-clockwise from east (x axis). */
  theta: number;
}

export function polyline(points: ReadonlyArray<readonly [number, number]>): Polyline {
  const n = points.length;
  if (n < 2) throw new Error(`a polyline needs at least 2 points, got ${n}`);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const cum = new Float64Array(n);
  const headings = new Float64Array(n - 1);
  for (let i = 0; i < n; i++) {
    const p = points[i]!;
    xs[i] = p[0];
    ys[i] = p[1];
    if (i > 0) {
      cum[i] = cum[i - 1]! + Math.hypot(p[0] - xs[i - 1]!, p[1] - ys[i - 1]!);
      headings[i - 1] = Math.atan2(p[1] - ys[i - 1]!, p[0] - xs[i - 1]!);
    }
  }
  return { xs, ys, cum, headings, length: cum[n - 1]! };
}

/** Index i of the segment [i, i+1] holding arc length s (clamped to the polyline). */
function segmentAt(p: Polyline, s: number): number {
  let lo = 0;
  let hi = p.cum.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (p.cum[mid]! <= s) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Writes the pose at arc length s into `out` (no allocation: called per vehicle per frame). */
export function poseAt(p: Polyline, s: number, out: Pose): Pose {
  const i = segmentAt(p, s);
  const x0 = p.xs[i]!;
  const y0 = p.ys[i]!;
  const dx = p.xs[i + 1]! - x0;
  const dy = p.ys[i + 1]! - y0;
  const seg = p.cum[i + 1]! - p.cum[i]!;
  const f = seg > 0 ? Math.min(1, Math.max(0, (s - p.cum[i]!) / seg)) : 0;
  out.x = x0 + dx * f;
  out.y = y0 + dy * f;
  out.theta = p.headings[i]!;
  return out;
}

/** Arc length of the point of p nearest to (x, y), and its distance. */
export function project(p: Polyline, x: number, y: number): { s: number; distance: number } {
  let best = Infinity;
  let bestS = 0;
  for (let i = 0; i + 1 < p.xs.length; i++) {
    const x0 = p.xs[i]!;
    const y0 = p.ys[i]!;
    const dx = p.xs[i + 1]! - x0;
    const dy = p.ys[i + 1]! - y0;
    const l2 = dx * dx + dy * dy;
    const f = l2 > 0 ? Math.min(1, Math.max(0, ((x - x0) * dx + (y - y0) * dy) / l2)) : 0;
    const ex = x0 + dx * f - x;
    const ey = y0 + dy * f - y;
    // Not Math.hypot on per-tick paths: V8's builtin allocates an array per call.
    const d = Math.sqrt(ex * ex + ey * ey);
    if (d < best) {
      best = d;
      bestS = p.cum[i]! + f * Math.sqrt(l2);
    }
  }
  return { s: bestS, distance: best };
}

/** The part of p between arc lengths a and b (a < b), as a new polyline. */
export function slice(p: Polyline, a: number, b: number): Polyline {
  const pose: Pose = { x: 0, y: 0, theta: 0 };
  const pts: [number, number][] = [];
  poseAt(p, a, pose);
  pts.push([pose.x, pose.y]);
  for (let i = 0; i < p.xs.length; i++) {
    if (p.cum[i]! > a + 1e-9 && p.cum[i]! < b - 1e-9) pts.push([p.xs[i]!, p.ys[i]!]);
  }
  poseAt(p, b, pose);
  pts.push([pose.x, pose.y]);
  return polyline(pts);
}

/**
 * Offset to the right of the direction of travel by d metres (negative = left).
 * Vertices are mitred (offset along the bisector, scaled) so parallel lanes stay parallel in bends.
 */
export function offsetRight(p: Polyline, d: number): Polyline {
  const n = p.xs.length;
  const pts: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    // Unit normals (pointing right) of the segments before and after vertex i.
    let nx = 0;
    let ny = 0;
    let count = 0;
    for (const j of [i - 1, i]) {
      if (j < 0 || j + 1 >= n) continue;
      const dx = p.xs[j + 1]! - p.xs[j]!;
      const dy = p.ys[j + 1]! - p.ys[j]!;
      const l = Math.hypot(dx, dy) || 1;
      nx += dy / l;
      ny += -dx / l;
      count++;
    }
    const l = Math.hypot(nx, ny) || 1;
    nx /= l;
    ny /= l;
    // Mitre scale: 1 / cos(half the turn angle), bounded for sharp corners.
    let scale = 1;
    if (count === 2) {
      const dx = p.xs[i]! - p.xs[i - 1]!;
      const dy = p.ys[i]! - p.ys[i - 1]!;
      const l0 = Math.hypot(dx, dy) || 1;
      const cos = (dy / l0) * nx + (-dx / l0) * ny;
      scale = 1 / Math.max(0.5, cos);
    }
    pts.push([p.xs[i]! + nx * d * scale, p.ys[i]! + ny * d * scale]);
  }
  return polyline(pts);
}

export function reversed(p: Polyline): Polyline {
  const pts: [number, number][] = [];
  for (let i = p.xs.length - 1; i >= 0; i--) pts.push([p.xs[i]!, p.ys[i]!]);
  return polyline(pts);
}

/** Points of p as tuples (for serialising geometry to viewers and recordings). */
export function points(p: Polyline): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < p.xs.length; i++) out.push([p.xs[i]!, p.ys[i]!]);
  return out;
}
