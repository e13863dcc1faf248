// Channel busy ratio (CBR) per area: air time of the transmissions heard in each cell of a coarse
// grid, over a measurement window, divided by the window length.

export interface BusyRatioStats {
  /** Busy ratio of the last completed window. */
  last: number;
  /** Highest busy ratio of any completed window. */
  peak: number;
  /** Mean over all completed windows since the start (windows before the cell was first touched count as 0). */
  mean: number;
}

const OFFSET = 32768; // cell coordinates are kept within ±32768 cells (±3276 km at 100 m)

export class BusyGrid {
  readonly cellSize: number;
  readonly window: number;
  private readonly slots = new Map<number, number>();
  private cx: Int32Array = new Int32Array(64);
  private cy: Int32Array = new Int32Array(64);
  private accum: Float64Array = new Float64Array(64);
  private last: Float64Array = new Float64Array(64);
  private peak: Float64Array = new Float64Array(64);
  private sum: Float64Array = new Float64Array(64);
  private used = 0;
  private windowStart: number;
  private windows = 0;

  constructor(cellSize = 100, window = 0.1, startTime = 0) {
    this.cellSize = cellSize;
    this.window = window;
    this.windowStart = startTime;
  }

  private static key(cx: number, cy: number): number {
    const x = cx < -OFFSET ? 0 : cx >= OFFSET ? 2 * OFFSET - 1 : cx + OFFSET;
    const y = cy < -OFFSET ? 0 : cy >= OFFSET ? 2 * OFFSET - 1 : cy + OFFSET;
    // One int32 (a small integer to V8, so a lookup allocates nothing): x * 65536 + y would pass
    // 2^31 for most cells and be boxed as a heap number on every call.
    return (x << 16) | y;
  }

  private slot(cx: number, cy: number): number {
    const key = BusyGrid.key(cx, cy);
    let s = this.slots.get(key);
    if (s !== undefined) return s;
    s = this.used++;
    if (s === this.accum.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.cx = grow(this.cx);
      this.cy = grow(this.cy);
      this.accum = grow(this.accum);
      this.last = grow(this.last);
      this.peak = grow(this.peak);
      this.sum = grow(this.sum);
    }
    this.cx[s] = cx;
    this.cy[s] = cy;
    this.slots.set(key, s);
    return s;
  }

  /**
   * A transmission of `airTime` seconds from (x, y) heard (sensed busy) within `radius`: adds its
   * air time to every cell whose centre is within the radius, and to the sender's own cell.
   */
  add(x: number, y: number, radius: number, airTime: number): void {
    const c = this.cellSize;
    const ox = Math.floor(x / c), oy = Math.floor(y / c);
    this.accum[this.slot(ox, oy)]! += airTime;
    const r2 = radius * radius;
    const x0 = Math.floor((x - radius) / c), x1 = Math.floor((x + radius) / c);
    const y0 = Math.floor((y - radius) / c), y1 = Math.floor((y + radius) / c);
    for (let cy = y0; cy <= y1; cy++) {
      const dy = (cy + 0.5) * c - y;
      for (let cx = x0; cx <= x1; cx++) {
        if (cx === ox && cy === oy) continue;
        const dx = (cx + 0.5) * c - x;
        if (dx * dx + dy * dy <= r2) this.accum[this.slot(cx, cy)]! += airTime;
      }
    }
  }

  /**
   * Close the measurement window if at least `window` seconds have passed since it opened
   * (ratio = air time / elapsed time, capped at 1). Returns whether a window was closed.
   */
  endTick(t: number): boolean {
    const elapsed = t - this.windowStart;
    if (elapsed < this.window - 1e-9) return false;
    for (let s = 0; s < this.used; s++) {
      const a = this.accum[s]! / elapsed;
      const r = a > 1 ? 1 : a;
      this.last[s] = r;
      if (r > this.peak[s]!) this.peak[s] = r;
      this.sum[s]! += r;
      this.accum[s] = 0;
    }
    this.windows++;
    this.windowStart = t;
    return true;
  }

  private slotAt(x: number, y: number): number | undefined {
    return this.slots.get(BusyGrid.key(Math.floor(x / this.cellSize), Math.floor(y / this.cellSize)));
  }

  /** Busy ratio of the last completed window in the cell containing (x, y); 0 where nothing was heard. */
  at(x: number, y: number): number {
    const s = this.slotAt(x, y);
    return s === undefined ? 0 : this.last[s]!;
  }

  stats(x: number, y: number): BusyRatioStats {
    const s = this.slotAt(x, y);
    if (s === undefined) return { last: 0, peak: 0, mean: 0 };
    return { last: this.last[s]!, peak: this.peak[s]!, mean: this.windows > 0 ? this.sum[s]! / this.windows : 0 };
  }

  /** Number of completed windows. */
  get completedWindows(): number {
    return this.windows;
  }

  /** Every cell touched so far: lower-left corner, size, and stats (for heat maps and reports). */
  cells(): { x: number; y: number; size: number; stats: BusyRatioStats }[] {
    const out: { x: number; y: number; size: number; stats: BusyRatioStats }[] = [];
    for (let s = 0; s < this.used; s++) {
      out.push({
        x: this.cx[s]! * this.cellSize,
        y: this.cy[s]! * this.cellSize,
        size: this.cellSize,
        stats: { last: this.last[s]!, peak: this.peak[s]!, mean: this.windows > 0 ? this.sum[s]! / this.windows : 0 },
      });
    }
    return out;
  }
}
