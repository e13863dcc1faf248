// Geometric primitives the compiler needs on top of sim/polyline.ts: lane end poses,
// internal-lane curves (straight, Bézier turn, U-turn) and segment intersection for foes.
import { poseAt, polyline, type Polyline, type Pose } from '../polyline.ts';

export type Xy = readonly [number, number];

export const DEG = Math.PI / 180;

/** Pose at the start of p (heading of its first segment). */
export function startPose(p: Polyline): Pose {
  return poseAt(p, 0, { x: 0, y: 0, theta: 0 });
}

/** Pose at the end of p (heading of its last segment). */
export function endPose(p: Polyline): Pose {
  return poseAt(p, p.length, { x: 0, y: 0, theta: 0 });
}

export function pointAt(p: Polyline, s: number): Pose {
  return poseAt(p, s, { x: 0, y: 0, theta: 0 });
}

/** Angle wrapped to (-π, π]. */
export function wrapAngle(a: number): number {
  let x = a % (2 * Math.PI);
  if (x <= -Math.PI) x += 2 * Math.PI;
  else if (x > Math.PI) x -= 2 * Math.PI;
  return x;
}

/** Drops consecutive points closer than 1 mm (they would give undefined headings and offsets). */
export function dedupe(points: readonly Xy[]): [number, number][] {
  const out: [number, number][] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && Math.hypot(p[0] - last[0], p[1] - last[1]) < 1e-3) continue;
    out.push([p[0], p[1]]);
  }
  return out;
}

/** Straight internal lane from a to b. */
export function straightCurve(a: Pose, b: Pose): Polyline {
  return polyline([
    [a.x, a.y],
    [b.x, b.y],
  ]);
}

/** Points of turn curves: 12 samples, as the spec of the lane graph asks. */
const TURN_SAMPLES = 12;

/**
 * Cubic Bézier from pose a to pose b with control points along the entry and exit headings,
 * at 0.4 × the chord (close to a circular arc for a right-angle turn).
 */
export function turnCurve(a: Pose, b: Pose): Polyline {
  const chord = Math.hypot(b.x - a.x, b.y - a.y);
  const d = 0.4 * chord;
  const p1x = a.x + Math.cos(a.theta) * d;
  const p1y = a.y + Math.sin(a.theta) * d;
  const p2x = b.x - Math.cos(b.theta) * d;
  const p2y = b.y - Math.sin(b.theta) * d;
  const pts: [number, number][] = [];
  for (let i = 0; i < TURN_SAMPLES; i++) {
    const t = i / (TURN_SAMPLES - 1);
    const u = 1 - t;
    const w0 = u * u * u;
    const w1 = 3 * u * u * t;
    const w2 = 3 * u * t * t;
    const w3 = t * t * t;
    pts.push([w0 * a.x + w1 * p1x + w2 * p2x + w3 * b.x, w0 * a.y + w1 * p1y + w2 * p2y + w3 * b.y]);
  }
  return polyline(dedupe(pts));
}

/** Minimum U-turn radius, metres. */
export const MIN_UTURN_RADIUS = 4;

/**
 * U-turn from pose a to pose b: a half ellipse ahead of a whose lateral half axis joins the two
 * lane ends and whose forward half axis is max(half that distance, 4 m). With lane ends at least
 * 8 m apart it is a semicircle.
 */
export function uturnCurve(a: Pose, b: Pose): Polyline {
  const vx = (b.x - a.x) / 2;
  const vy = (b.y - a.y) / 2;
  const cx = a.x + vx;
  const cy = a.y + vy;
  const r = Math.max(Math.hypot(vx, vy), MIN_UTURN_RADIUS);
  const hx = Math.cos(a.theta);
  const hy = Math.sin(a.theta);
  const n = 13;
  const pts: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const t = (Math.PI * i) / (n - 1);
    const c = Math.cos(t);
    const s = Math.sin(t);
    pts.push([cx - vx * c + hx * r * s, cy - vy * c + hy * r * s]);
  }
  // Land exactly on the lane ends (cos(π) is not exactly -1 in floating point).
  pts[0] = [a.x, a.y];
  pts[n - 1] = [b.x, b.y];
  return polyline(dedupe(pts));
}

/**
 * Intersection point of segments p0p1 and q0q1, touching ends included, or undefined
 * (parallel segments never intersect here: collinear overlaps do not occur between turns).
 */
export function segmentIntersection(
  p0x: number,
  p0y: number,
  p1x: number,
  p1y: number,
  q0x: number,
  q0y: number,
  q1x: number,
  q1y: number,
): Xy | undefined {
  const rx = p1x - p0x;
  const ry = p1y - p0y;
  const sx = q1x - q0x;
  const sy = q1y - q0y;
  const denom = rx * sy - ry * sx;
  const scale = Math.hypot(rx, ry) * Math.hypot(sx, sy);
  if (scale === 0 || Math.abs(denom) <= 1e-12 * scale) return undefined;
  const qpx = q0x - p0x;
  const qpy = q0y - p0y;
  const t = (qpx * sy - qpy * sx) / denom;
  const u = (qpx * ry - qpy * rx) / denom;
  const eps = 1e-9;
  if (t < -eps || t > 1 + eps || u < -eps || u > 1 + eps) return undefined;
  return [p0x + t * rx, p0y + t * ry];
}

/**
 * Whether polylines a and b cross or touch anywhere except within `ignoreRadius` of `ignore`
 * (their shared start point, if any).
 */
export function polylinesMeet(a: Polyline, b: Polyline, ignore: Xy | undefined, ignoreRadius: number): boolean {
  for (let i = 0; i + 1 < a.xs.length; i++) {
    const ax0 = a.xs[i]!;
    const ay0 = a.ys[i]!;
    const ax1 = a.xs[i + 1]!;
    const ay1 = a.ys[i + 1]!;
    for (let j = 0; j + 1 < b.xs.length; j++) {
      const x = segmentIntersection(ax0, ay0, ax1, ay1, b.xs[j]!, b.ys[j]!, b.xs[j + 1]!, b.ys[j + 1]!);
      if (!x) continue;
      if (ignore && Math.hypot(x[0] - ignore[0], x[1] - ignore[1]) < ignoreRadius) continue;
      return true;
    }
  }
  return false;
}

export function rotate(x: number, y: number, angle: number): [number, number] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return [x * c - y * s, x * s + y * c];
}
