// Renderer counters of the last frames (draw calls, triangles, frame time), read by the status
// bar, the browser tests and `npm run bench` through window.__corridor.
export class RenderStats {
  drawCalls = 0;
  triangles = 0;
  frames = 0;
  private readonly times = new Float64Array(240);
  /** Page position (CSS px) of a vehicle of the current frame; set by the scene. */
  screenOf: (vehicleId: number) => { x: number; y: number } | null = () => null;

  record(drawCalls: number, triangles: number, frameMs: number): void {
    this.drawCalls = drawCalls;
    this.triangles = triangles;
    this.times[this.frames % this.times.length] = frameMs;
    this.frames++;
  }

  /** Mean and 95th percentile of the frame time over the last (up to 240) frames, ms. */
  frameTime(): { mean: number; p95: number } {
    const n = Math.min(this.frames, this.times.length);
    if (n === 0) return { mean: Number.NaN, p95: Number.NaN };
    const xs = Array.from(this.times.subarray(0, n)).sort((a, b) => a - b);
    return { mean: xs.reduce((s, x) => s + x, 0) / n, p95: xs[Math.min(n - 1, Math.floor(n * 0.95))]! };
  }
}

export const renderStats = new RenderStats();
