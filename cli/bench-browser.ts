// Viewer benchmark (part of `corridor bench`): draw calls and frame time of the real 3D viewer in
// Debian's headless Chromium, at about 100, 1,000 and 5,000 vehicles (and 200 on bench-1k's network). WebGL runs on SwiftShader
// (software, on the CPU), so the frame times are those of this machine without a GPU, far above
// what a desktop GPU gives; the draw calls are the design figure: vehicles are instanced, so they
// must not grow with the number of vehicles.
//
// Each size is a real live session (in this process, at real time: 10 ticks and 10 frames per
// second over socket.io, V2X on with the scenario's equipment rates) of a benchmark scenario:
// bench-100, bench-1k, and bench-10k with its initial density halved (--set
// demand.initialDensity=12.4) for about 5,000 vehicles. The page opens at 1400x850 with the
// default camera (the whole network in view), warms up for WARMUP_MS, then the viewer's own
// counters (window.__corridor.renderStats: R3F's per-frame delta, gl.info.render.calls) are read
// over WINDOW_MS.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { BENCH_SCENARIOS } from './paths.ts';
import { buildViewerOnce, findChromium, launchChromium, watchConsole } from './chromium.ts';
import { VIEWER_DIST } from './viewer-build.ts';
import { startLiveServer } from '../v2x/live/server.ts';
import { generateToken } from '../v2x/live/tokens.ts';

export interface BrowserBenchRow {
  scenario: string;
  /** Mean number of vehicles in the page's frames over the window. */
  vehicles: number;
  /** Vehicles of the last frame in front of the camera and inside the viewport (renderStats.screenOf). */
  vehiclesInView: number;
  /** Draw calls per rendered frame: smallest and largest seen in the window. */
  drawCallsMin: number;
  drawCallsMax: number;
  triangles: number;
  /** Frames rendered in the window, and their frame time (ms): mean and 95th percentile. */
  frames: number;
  frameMsMean: number;
  frameMsP95: number;
}

export interface BrowserBenchResult {
  chromium: string;
  viewport: { width: number; height: number };
  windowSeconds: number;
  rows: BrowserBenchRow[];
  /** Console warnings and errors seen (expected: none). */
  consoleProblems: string[];
}

const VIEWPORT = { width: 1400, height: 850 };
const WARMUP_MS = 4000;
const WINDOW_MS = 12_000;

const SIZES: { label: string; file: string; overrides: string[] }[] = [
  { label: 'bench-100', file: BENCH_SCENARIOS[0]!, overrides: [] },
  // The same network as bench-1k with a fifth of its vehicles: same static layers, so any
  // difference in draw calls from the next row would come from the vehicles.
  { label: 'bench-1k (density 5)', file: BENCH_SCENARIOS[1]!, overrides: ['demand.initialDensity=5', 'demand.flows[0].vehPerHour=800', 'demand.flows[1].vehPerHour=800'] },
  { label: 'bench-1k', file: BENCH_SCENARIOS[1]!, overrides: [] },
  { label: 'bench-10k (density 12.4)', file: BENCH_SCENARIOS[2]!, overrides: ['demand.initialDensity=12.4'] },
];

/** null when Chromium is not installed (the caller says so and goes on). */
export async function benchBrowser(log?: (line: string) => void): Promise<BrowserBenchResult | null> {
  const chromium = findChromium();
  if (!chromium) return null;
  await buildViewerOnce(log);
  const browser = await launchChromium();
  const consoleProblems: string[] = [];
  const rows: BrowserBenchRow[] = [];
  try {
    log?.(`viewer in headless Chromium (SwiftShader, ${VIEWPORT.width}x${VIEWPORT.height}, ${WINDOW_MS / 1000} s per size):`);
    log?.('  scenario                   vehicles  in view  draw calls  triangles  frames  frame ms mean  p95');
    for (const size of SIZES) {
      const row = await measure(browser, size, consoleProblems);
      rows.push(row);
      const calls = row.drawCallsMin === row.drawCallsMax ? String(row.drawCallsMax) : `${row.drawCallsMin}-${row.drawCallsMax}`;
      log?.(
        `  ${size.label.padEnd(26)} ${String(row.vehicles).padStart(8)}  ${String(row.vehiclesInView).padStart(7)}  ${calls.padStart(10)}  ${String(row.triangles).padStart(9)}  ${String(row.frames).padStart(6)}  ${row.frameMsMean.toFixed(0).padStart(13)}  ${row.frameMsP95.toFixed(0).padStart(3)}`,
      );
    }
    if (consoleProblems.length > 0) log?.(`  console warnings/errors: ${consoleProblems.length} (first: ${consoleProblems[0]})`);
  } finally {
    await browser.close();
  }
  return { chromium, viewport: VIEWPORT, windowSeconds: WINDOW_MS / 1000, rows, consoleProblems };
}

interface Sample {
  vehicles: number;
  drawCalls: number;
  triangles: number;
}

async function measure(browser: Browser, size: (typeof SIZES)[number], problems: string[]): Promise<BrowserBenchRow> {
  const server = await startLiveServer({
    scenarioFile: size.file,
    overrides: size.overrides,
    port: 0,
    host: '127.0.0.1',
    speed: 1,
    rigToken: generateToken(),
    controlToken: generateToken(),
    viewerDir: VIEWER_DIST,
    log: () => {},
  });
  const page = await browser.newPage({ viewport: VIEWPORT });
  const watch = watchConsole(page);
  try {
    await page.goto(`${server.url}/`);
    await page.waitForFunction('globalThis.__corridor !== undefined', undefined, { timeout: 30_000 });
    // The page's state, read through the handles viewer/src/main.tsx exposes for tests and benchmarks.
    const read = (): Promise<Sample & { frames: number; live: boolean }> =>
      page.evaluate(`(() => {
        const c = globalThis.__corridor;
        return { vehicles: c.store.cur ? c.store.cur.vehicles.ids.length : 0, drawCalls: c.renderStats.drawCalls,
          triangles: c.renderStats.triangles, frames: c.renderStats.frames, live: !!c.store.cur && c.store.cur.lastTick > 0 };
      })()`);
    const end = Date.now() + 60_000;
    while (!(await read()).live) {
      if (Date.now() > end) throw new Error(`${size.label}: no live frame in the page within 60 s`);
      await page.waitForTimeout(200);
    }
    await page.waitForTimeout(WARMUP_MS); // shader compilation, first uploads, JIT
    // Start the viewer's frame-time window afresh (its ring of the last 240 frame times).
    await page.evaluate('globalThis.__corridor.renderStats.frames = 0');
    const samples: Sample[] = [];
    const stop = Date.now() + WINDOW_MS;
    while (Date.now() < stop) {
      await page.waitForTimeout(500);
      samples.push(await read());
    }
    const ft = (await page.evaluate(`(() => { const c = globalThis.__corridor.renderStats; return { frames: c.frames, ...c.frameTime() }; })()`)) as {
      frames: number;
      mean: number;
      p95: number;
    };
    const inView = (await page.evaluate(`(() => {
      const c = globalThis.__corridor;
      const ids = c.store.cur ? c.store.cur.vehicles.ids : [];
      let n = 0;
      for (let k = 0; k < ids.length; k++) {
        const p = c.renderStats.screenOf(ids[k]);
        if (p && p.x >= 0 && p.y >= 0 && p.x <= innerWidth && p.y <= innerHeight) n++;
      }
      return n;
    })()`)) as number;
    // CORRIDOR_BENCH_SHOTS=DIR: a screenshot of each size, to see what was drawn.
    const shots = process.env.CORRIDOR_BENCH_SHOTS;
    if (shots) await page.screenshot({ path: join(shots, `viewer-${size.label.split(' ')[0]}.png`) });
    for (const p of watch.problems()) problems.push(`${size.label}: ${p.type}: ${p.text}`);
    const calls = samples.map((s) => s.drawCalls);
    return {
      scenario: size.label,
      vehicles: Math.round(samples.reduce((s, x) => s + x.vehicles, 0) / samples.length),
      vehiclesInView: inView,
      drawCallsMin: Math.min(...calls),
      drawCallsMax: Math.max(...calls),
      triangles: Math.max(...samples.map((s) => s.triangles)),
      frames: ft.frames,
      frameMsMean: Math.round(ft.mean * 10) / 10,
      frameMsP95: Math.round(ft.p95 * 10) / 10,
    };
  } finally {
    await page.close();
    await server.close();
  }
}

// `npx tsx cli/bench-browser.ts [--json]`: this part alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await benchBrowser((line) => process.stdout.write(`${line}\n`));
  if (!r) process.stdout.write('Chromium is not installed (bash scripts/ensure-chromium.sh): viewer benchmark skipped\n');
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(r)}\n`);
  process.exit(0);
}
