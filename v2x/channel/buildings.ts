// Building footprints as radio obstacles: which footprints the straight path between two antennas
// crosses below the roof line.
//
// Two levels of search keep this off the all-buildings × all-pairs path:
//  - `BuildingIndex`: footprints in flat arrays plus a uniform grid of their bounding boxes, to
//    list the buildings near a sender once per transmission;
//  - `ObstacleView`: for one sender, those buildings binned by the directions they cover as seen
//    from the sender (a pseudo-angle, no trigonometry). A receiver then looks at the one bin of
//    its own direction and tests exactly only the buildings in it that are not farther than the
//    receiver's own distance.

export interface BuildingInput {
  readonly footprint: readonly (readonly [number, number])[];
  /** Roof height above ground, metres. */
  readonly height: number;
}

/**
 * Monotonic stand-in for atan2(dy, dx) on [0, 4): quadrant number plus the position along the
 * diamond |dx| + |dy| = 1. Half a turn is exactly 2, like π for radians.
 */
export function pseudoAngle(dx: number, dy: number): number {
  if (dx === 0 && dy === 0) return 0;
  if (dy >= 0) return dx >= 0 ? dy / (dx + dy) : 1 - dx / (dy - dx);
  return dx < 0 ? 2 - dy / (-dx - dy) : 3 + dx / (dx - dy);
}

export class BuildingIndex {
  readonly count: number;
  /** Footprint vertices of building b are vx/vy[start[b] .. start[b+1]). */
  readonly vx: Float64Array;
  readonly vy: Float64Array;
  readonly start: Int32Array;
  readonly height: Float64Array;
  readonly minX: Float64Array;
  readonly minY: Float64Array;
  readonly maxX: Float64Array;
  readonly maxY: Float64Array;
  // Grid of bounding boxes (building b is listed in every cell its box overlaps).
  private readonly cell: number;
  private readonly ox: number;
  private readonly oy: number;
  private readonly nx: number;
  private readonly ny: number;
  private readonly cellStart: Int32Array;
  private readonly cellItems: Int32Array;
  private readonly stamp: Uint32Array;
  private stampNow = 0;

  constructor(buildings: readonly BuildingInput[], cellSize = 200) {
    const n = buildings.length;
    this.count = n;
    let nv = 0;
    for (const b of buildings) nv += b.footprint.length;
    this.vx = new Float64Array(nv);
    this.vy = new Float64Array(nv);
    this.start = new Int32Array(n + 1);
    this.height = new Float64Array(n);
    this.minX = new Float64Array(n);
    this.minY = new Float64Array(n);
    this.maxX = new Float64Array(n);
    this.maxY = new Float64Array(n);
    this.stamp = new Uint32Array(n);
    let gx0 = Infinity, gy0 = Infinity, gx1 = -Infinity, gy1 = -Infinity;
    let k = 0;
    for (let b = 0; b < n; b++) {
      const B = buildings[b]!;
      this.start[b] = k;
      this.height[b] = B.height;
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (const [x, y] of B.footprint) {
        this.vx[k] = x;
        this.vy[k] = y;
        k++;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
      this.minX[b] = x0;
      this.minY[b] = y0;
      this.maxX[b] = x1;
      this.maxY[b] = y1;
      if (x0 < gx0) gx0 = x0;
      if (y0 < gy0) gy0 = y0;
      if (x1 > gx1) gx1 = x1;
      if (y1 > gy1) gy1 = y1;
    }
    this.start[n] = k;
    if (n === 0) gx0 = gy0 = gx1 = gy1 = 0;
    // Keep the grid to a few cells per building even for a sparse, spread-out set.
    let cell = cellSize;
    const maxCells = 4 * n + 256;
    while (Math.ceil((gx1 - gx0) / cell + 1e-9) * Math.ceil((gy1 - gy0) / cell + 1e-9) > maxCells) cell *= 2;
    this.cell = cell;
    this.ox = gx0;
    this.oy = gy0;
    this.nx = Math.max(1, Math.ceil((gx1 - gx0) / cell + 1e-9));
    this.ny = Math.max(1, Math.ceil((gy1 - gy0) / cell + 1e-9));
    const counts = new Int32Array(this.nx * this.ny + 1);
    const range = (b: number): [number, number, number, number] => [
      this.cx(this.minX[b]!),
      this.cx(this.maxX[b]!),
      this.cy(this.minY[b]!),
      this.cy(this.maxY[b]!),
    ];
    for (let b = 0; b < n; b++) {
      const [a0, a1, c0, c1] = range(b);
      for (let cy = c0; cy <= c1; cy++) for (let cx = a0; cx <= a1; cx++) counts[cy * this.nx + cx + 1]!++;
    }
    for (let i = 1; i < counts.length; i++) counts[i]! += counts[i - 1]!;
    this.cellStart = counts.slice();
    this.cellItems = new Int32Array(counts[counts.length - 1]!);
    for (let b = 0; b < n; b++) {
      const [a0, a1, c0, c1] = range(b);
      for (let cy = c0; cy <= c1; cy++) for (let cx = a0; cx <= a1; cx++) this.cellItems[counts[cy * this.nx + cx]!++] = b;
    }
  }

  private cx(x: number): number {
    const c = Math.floor((x - this.ox) / this.cell);
    return c < 0 ? 0 : c >= this.nx ? this.nx - 1 : c;
  }
  private cy(y: number): number {
    const c = Math.floor((y - this.oy) / this.cell);
    return c < 0 ? 0 : c >= this.ny ? this.ny - 1 : c;
  }

  /** Distance from (x, y) to the bounding box of building b (0 inside it). */
  boxDistance(b: number, x: number, y: number): number {
    const dx = x < this.minX[b]! ? this.minX[b]! - x : x > this.maxX[b]! ? x - this.maxX[b]! : 0;
    const dy = y < this.minY[b]! ? this.minY[b]! - y : y > this.maxY[b]! ? y - this.maxY[b]! : 0;
    return Math.sqrt(dx * dx + dy * dy);
  }

  /**
   * Buildings whose bounding box comes within `radius` of (x, y), in grid order, written to
   * `out` (which must hold `count` entries); returns how many.
   */
  near(x: number, y: number, radius: number, out: Int32Array): number {
    if (this.count === 0) return 0;
    if (x + radius < this.ox || y + radius < this.oy || x - radius > this.ox + this.nx * this.cell || y - radius > this.oy + this.ny * this.cell) return 0;
    const s = ++this.stampNow;
    if (s === 0xffffffff) {
      this.stamp.fill(0);
      this.stampNow = 1;
    }
    const stampNow = this.stampNow;
    let n = 0;
    const a0 = this.cx(x - radius), a1 = this.cx(x + radius), c0 = this.cy(y - radius), c1 = this.cy(y + radius);
    for (let cy = c0; cy <= c1; cy++) {
      for (let cx = a0; cx <= a1; cx++) {
        const ci = cy * this.nx + cx;
        for (let k = this.cellStart[ci]!, k1 = this.cellStart[ci + 1]!; k < k1; k++) {
          const b = this.cellItems[k]!;
          if (this.stamp[b] === stampNow) continue;
          this.stamp[b] = stampNow;
          if (this.boxDistance(b, x, y) <= radius) out[n++] = b;
        }
      }
    }
    return n;
  }

  /**
   * Whether the straight path from (sx, sy, sz) to (rx, ry, rz) crosses the footprint of building
   * b below its roof: some footprint edge is crossed at a point where the path's height is under
   * the building's height. Paths touching only along an edge (collinear) do not count.
   */
  blocks(b: number, sx: number, sy: number, sz: number, rx: number, ry: number, rz: number): boolean {
    const dx = rx - sx, dy = ry - sy, dz = rz - sz;
    const h = this.height[b]!;
    const v0 = this.start[b]!, v1 = this.start[b + 1]!;
    const vx = this.vx, vy = this.vy;
    let ax = vx[v1 - 1]!, ay = vy[v1 - 1]!;
    for (let v = v0; v < v1; v++) {
      const bx = vx[v]!, by = vy[v]!;
      const ex = bx - ax, ey = by - ay;
      const denom = dx * ey - dy * ex;
      if (denom !== 0) {
        const wx = ax - sx, wy = ay - sy;
        const t = (wx * ey - wy * ex) / denom; // along the path
        const u = (wx * dy - wy * dx) / denom; // along the edge
        if (t >= 0 && t <= 1 && u >= 0 && u <= 1 && sz + t * dz < h) return true;
      }
      ax = bx;
      ay = by;
    }
    return false;
  }

  /** Buildings crossed by the path, by brute force over all of them (reference for tests). */
  countCrossedBruteForce(sx: number, sy: number, sz: number, rx: number, ry: number, rz: number): number {
    let n = 0;
    for (let b = 0; b < this.count; b++) if (this.blocks(b, sx, sy, sz, rx, ry, rz)) n++;
    return n;
  }
}

/** Number of direction bins around a sender. */
const BINS = 512;
const BIN_SCALE = BINS / 4;

/** The buildings around one sender, binned by direction; reused from transmission to transmission. */
export class ObstacleView {
  private readonly index: BuildingIndex;
  private near: Int32Array;
  private nearDist: Float64Array;
  private binLo: Int32Array;
  private binHi: Int32Array;
  /** Exact direction interval of each near building: pseudo-angle start and width. */
  private angLo: Float64Array;
  private angSpan: Float64Array;
  private readonly binStart = new Int32Array(BINS + 1);
  private binItems: Int32Array;
  /** Buildings that surround the sender's position (inside or at their box): tested for every receiver. */
  private always: Int32Array;
  private alwaysCount = 0;
  private sx = 0;
  private sy = 0;
  private sz = 0;
  /** Whether any building is within range of the current sender. */
  active = false;

  constructor(index: BuildingIndex) {
    this.index = index;
    const n = Math.max(1, index.count);
    this.near = new Int32Array(n);
    this.nearDist = new Float64Array(n);
    this.binLo = new Int32Array(n);
    this.binHi = new Int32Array(n);
    this.angLo = new Float64Array(n);
    this.angSpan = new Float64Array(n);
    this.always = new Int32Array(n);
    this.binItems = new Int32Array(4 * n);
  }

  /** Prepare for a sender at (sx, sy, sz) whose receivers lie within `range`. */
  prepare(sx: number, sy: number, sz: number, range: number): void {
    const idx = this.index;
    this.sx = sx;
    this.sy = sy;
    this.sz = sz;
    const n = idx.near(sx, sy, range, this.near);
    this.active = n > 0;
    this.alwaysCount = 0;
    const binStart = this.binStart;
    binStart.fill(0);
    if (n === 0) return;
    let entries = 0;
    for (let i = 0; i < n; i++) {
      const b = this.near[i]!;
      const dist = idx.boxDistance(b, sx, sy);
      this.nearDist[i] = dist;
      let lo = 0, hi = 0;
      let wide = dist <= 1e-6;
      if (!wide) {
        const v0 = idx.start[b]!, v1 = idx.start[b + 1]!;
        const ref = pseudoAngle(idx.vx[v0]! - sx, idx.vy[v0]! - sy);
        for (let v = v0 + 1; v < v1; v++) {
          let d = pseudoAngle(idx.vx[v]! - sx, idx.vy[v]! - sy) - ref;
          if (d > 2) d -= 4;
          else if (d <= -2) d += 4;
          if (d < lo) lo = d;
          if (d > hi) hi = d;
        }
        // A box not containing the sender spans under half a turn; near-half-turn spans are
        // treated as wide rather than trusting the wrap-around.
        if (hi - lo >= 1.9) wide = true;
        else {
          this.angLo[i] = ref + lo;
          this.angSpan[i] = hi - lo;
          // One bin of margin on each side against rounding at bin edges.
          lo = Math.floor((ref + lo) * BIN_SCALE) - 1;
          hi = Math.floor((ref + hi) * BIN_SCALE) + 1;
        }
      }
      if (wide) {
        this.always[this.alwaysCount++] = b;
        this.binLo[i] = 1;
        this.binHi[i] = 0; // empty range
        continue;
      }
      this.binLo[i] = lo;
      this.binHi[i] = hi;
      for (let k = lo; k <= hi; k++) binStart[(k & (BINS - 1)) + 1]!++;
      entries += hi - lo + 1;
    }
    for (let k = 1; k <= BINS; k++) binStart[k]! += binStart[k - 1]!;
    if (this.binItems.length < entries) this.binItems = new Int32Array(Math.max(entries, 2 * this.binItems.length));
    // Fill (binStart[k] used as the write cursor, then shifted back).
    for (let i = 0; i < n; i++) {
      const lo = this.binLo[i]!, hi = this.binHi[i]!;
      for (let k = lo; k <= hi; k++) this.binItems[binStart[k & (BINS - 1)]!++] = i;
    }
    for (let k = BINS; k > 0; k--) binStart[k] = binStart[k - 1]!;
    binStart[0] = 0;
  }

  /**
   * Buildings crossed below the roof on the path from the prepared sender to a receiver at
   * (rx, ry, rz), `dist2d` metres away on the ground.
   */
  count(rx: number, ry: number, rz: number, dist2d: number): number {
    const idx = this.index;
    const sx = this.sx, sy = this.sy, sz = this.sz;
    let n = 0;
    for (let i = 0; i < this.alwaysCount; i++) if (idx.blocks(this.always[i]!, sx, sy, sz, rx, ry, rz)) n++;
    const a = pseudoAngle(rx - sx, ry - sy);
    const bin = Math.floor(a * BIN_SCALE) & (BINS - 1);
    for (let k = this.binStart[bin]!, k1 = this.binStart[bin + 1]!; k < k1; k++) {
      const i = this.binItems[k]!;
      if (this.nearDist[i]! > dist2d) continue;
      // Outside the building's direction interval (with slack for rounding): cannot cross it.
      let da = a - this.angLo[i]!;
      if (da < -2) da += 4;
      else if (da > 2) da -= 4;
      if (da < -1e-9 || da > this.angSpan[i]! + 1e-9) continue;
      if (idx.blocks(this.near[i]!, sx, sy, sz, rx, ry, rz)) n++;
    }
    return n;
  }
}
