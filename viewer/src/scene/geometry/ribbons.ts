// Flat ribbons along polylines, as triangle lists ready for one merged BufferGeometry: road
// surfaces (lane width), lane markings (a few centimetres wide, solid or dashed), stop lines.
// The simulation's plane is (x east, y north); three.js is y-up, so a point (x, y) at height h
// becomes (x, h, -y). Pure functions: no three.js objects, testable in Node.

/** Growable vertex/index arrays for one merged mesh. */
export class MeshBuilder {
  positions: number[] = [];
  indices: number[] = [];

  /** A quad from four (x, y) corners in order, at height h. */
  quad(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number, h: number): void {
    const i = this.positions.length / 3;
    this.positions.push(ax, h, -ay, bx, h, -by, cx, h, -cy, dx, h, -dy);
    this.indices.push(i, i + 1, i + 2, i, i + 2, i + 3);
  }

  get empty(): boolean {
    return this.positions.length === 0;
  }
}

/** Unit left normal of segment k of a polyline (left of the direction of travel). */
function leftNormal(xs: readonly number[], ys: readonly number[], k: number): [number, number] {
  const dx = xs[k + 1]! - xs[k]!;
  const dy = ys[k + 1]! - ys[k]!;
  const len = Math.hypot(dx, dy) || 1;
  return [-dy / len, dx / len];
}

/** Left normal at vertex i, averaged over the adjacent segments (mitre, capped). */
function vertexNormal(xs: readonly number[], ys: readonly number[], i: number): [number, number] {
  const n = xs.length;
  const a = i > 0 ? leftNormal(xs, ys, i - 1) : leftNormal(xs, ys, 0);
  const b = i < n - 1 ? leftNormal(xs, ys, i) : leftNormal(xs, ys, n - 2);
  let mx = a[0] + b[0];
  let my = a[1] + b[1];
  const len = Math.hypot(mx, my) || 1;
  mx /= len;
  my /= len;
  // Mitre length 1/cos(half angle), capped so sharp corners do not spike.
  const cos = mx * b[0] + my * b[1];
  const scale = 1 / Math.max(0.5, cos);
  return [mx * scale, my * scale];
}

/**
 * A ribbon `width` wide whose centre is the polyline shifted `offset` metres to the left,
 * at height h. `dash` [on, off] metres makes it dashed.
 */
export function ribbon(
  out: MeshBuilder,
  xs: readonly number[],
  ys: readonly number[],
  width: number,
  h: number,
  offset = 0,
  dash?: readonly [number, number],
): void {
  if (xs.length < 2) return;
  const half = width / 2;
  const px: number[] = [];
  const py: number[] = [];
  const nx: number[] = [];
  const ny: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const [mx, my] = vertexNormal(xs, ys, i);
    px.push(xs[i]! + mx * offset);
    py.push(ys[i]! + my * offset);
    nx.push(mx);
    ny.push(my);
  }
  if (!dash) {
    for (let i = 0; i < px.length - 1; i++) {
      out.quad(
        px[i]! - nx[i]! * half, py[i]! - ny[i]! * half,
        px[i + 1]! - nx[i + 1]! * half, py[i + 1]! - ny[i + 1]! * half,
        px[i + 1]! + nx[i + 1]! * half, py[i + 1]! + ny[i + 1]! * half,
        px[i]! + nx[i]! * half, py[i]! + ny[i]! * half,
        h,
      );
    }
    return;
  }
  // Dashed: walk the arc length and emit one quad per dash piece within each segment.
  const [on, off] = dash;
  const period = on + off;
  let s0 = 0;
  for (let i = 0; i < px.length - 1; i++) {
    const dx = px[i + 1]! - px[i]!;
    const dy = py[i + 1]! - py[i]!;
    const len = Math.hypot(dx, dy);
    if (len === 0) continue;
    const ux = dx / len;
    const uy = dy / len;
    const lx = -uy * half;
    const ly = ux * half;
    let s = 0;
    while (s < len) {
      const phase = (s0 + s) % period;
      if (phase < on) {
        const e = Math.min(len, s + (on - phase));
        const ax = px[i]! + ux * s;
        const ay = py[i]! + uy * s;
        const bx = px[i]! + ux * e;
        const by = py[i]! + uy * e;
        out.quad(ax - lx, ay - ly, bx - lx, by - ly, bx + lx, by + ly, ax + lx, ay + ly, h);
        s = e;
      } else s += period - phase;
    }
    s0 += len;
  }
}

/** A bar across a direction: centre (x, y), `heading` of travel (rad), `across` long, `along` thick. */
export function bar(out: MeshBuilder, x: number, y: number, heading: number, across: number, along: number, h: number): void {
  const ux = Math.cos(heading);
  const uy = Math.sin(heading);
  const lx = -uy * (across / 2);
  const ly = ux * (across / 2);
  const fx = ux * (along / 2);
  const fy = uy * (along / 2);
  out.quad(x - fx - lx, y - fy - ly, x + fx - lx, y + fy - ly, x + fx + lx, y + fy + ly, x - fx + lx, y - fy + ly, h);
}
