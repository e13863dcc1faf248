// Browser test harness: the real viewer (viewer/dist/, rebuilt when stale) served by a real live
// session in this process, opened in Debian's headless Chromium through playwright-core, with
// the page's console collected (any warning or error fails a test) and the viewer's test ids and
// window.__corridor handles read from the page.
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { buildViewerOnce, findChromium, launchChromium, watchConsole, type ConsoleEntry } from '../../cli/chromium.ts';
import { VIEWER_DIST } from '../../cli/viewer-build.ts';
import { startLiveServer, type LiveServer, type LiveServerOptions } from '../../v2x/live/server.ts';

export const CHROMIUM = findChromium();
// In CI (.ci/run and pretest install it) a missing Chromium is a failure, elsewhere a skip.
if (!CHROMIUM && process.env.CI) throw new Error('Chromium is not installed (scripts/ensure-chromium.sh installs Debian\'s chromium)');

export const SCENARIO = fileURLToPath(new URL('../../scenarios/examples/single-intersection.yaml', import.meta.url));
export const CONTROL_TOKEN = 'browser-test-control-token';
const RIG_TOKEN = 'browser-test-rig-token';
/** Small: SwiftShader draws a frame of this size in tens of ms on the 2-core machine. */
export const VIEWPORT = { width: 800, height: 500 } as const;

/** Builds the viewer if its sources changed (under a lock: vitest workers and other processes share viewer/dist/). */
export async function prepareViewer(): Promise<void> {
  await buildViewerOnce();
}

export async function launch(): Promise<Browser> {
  return launchChromium();
}

/** A live session serving the built viewer on a free port (or `port`), started at 5x real time. */
export async function startViewerServer(options: Partial<LiveServerOptions> = {}): Promise<LiveServer> {
  return startLiveServer({
    scenarioFile: SCENARIO,
    overrides: [],
    port: 0,
    host: '127.0.0.1',
    speed: 5,
    rigToken: RIG_TOKEN,
    controlToken: CONTROL_TOKEN,
    viewerDir: VIEWER_DIST,
    log: () => {},
    ...options,
  });
}

/** What the page exposes on window.__corridor (viewer/src/main.tsx), as far as the tests read it. */
export interface CorridorHandles {
  store: {
    cur: { lastTick: number; simTime: number; vehicles: { ids: ArrayLike<number>; stationIds: ArrayLike<number>; types: ArrayLike<number> } } | null;
    snapshot: unknown;
    selection: { kind: string; id?: number } | null;
    connection: { kind: string };
    subscribe(fn: () => void): () => void;
  };
  renderStats: {
    drawCalls: number;
    triangles: number;
    frames: number;
    frameTime(): { mean: number; p95: number };
    screenOf(vehicleId: number): { x: number; y: number } | null;
  };
}

export interface ViewerPage {
  page: Page;
  /** Every console message and page error since the page was opened. */
  console: ConsoleEntry[];
  /** Console warnings and errors, page errors and crashes. */
  problems(): ConsoleEntry[];
  testId(id: string): Locator;
  /** An attribute of the element with that data-testid (waits for the element). */
  attr(id: string, name: string): Promise<string | null>;
  /** A numeric attribute; NaN when absent or empty. */
  num(id: string, name: string): Promise<number>;
  /** Runs `fn` in the page with window.__corridor. */
  corridor<T, A = undefined>(fn: (c: CorridorHandles, arg: A) => T, arg?: A): Promise<T>;
  /** Waits until `check` (run in the page with window.__corridor) is true. */
  waitFor<A = undefined>(check: (c: CorridorHandles, arg: A) => boolean, what: string, timeoutMs?: number, arg?: A): Promise<void>;
}

/** Opens the viewer served at `server.url` (live or replay; with the control token in the fragment unless `viewOnly`; `query` without its `?`). */
export async function openViewer(browser: Browser, server: Pick<LiveServer, 'url'>, opts: { viewOnly?: boolean; query?: string } = {}): Promise<ViewerPage> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  const watch = watchConsole(page);
  await page.goto(`${server.url}/${opts.query ? `?${opts.query}` : ''}${opts.viewOnly ? '' : `#control=${encodeURIComponent(CONTROL_TOKEN)}`}`);
  // main.tsx sets window.__corridor once the app's modules ran.
  await page.waitForFunction('globalThis.__corridor !== undefined', undefined, { timeout: 30_000 });
  const testId = (id: string) => page.getByTestId(id);
  // The function's source is evaluated in the page (like page.evaluate(fn)); it sees only
  // window.__corridor and its JSON argument.
  const corridor = <T, A>(fn: (c: CorridorHandles, arg: A) => T, arg?: A): Promise<T> =>
    page.evaluate(`(${fn.toString()})(globalThis.__corridor, ${arg === undefined ? 'undefined' : JSON.stringify(arg)})`) as Promise<T>;
  return {
    page,
    console: watch.entries,
    problems: watch.problems,
    testId,
    attr: (id, name) => testId(id).getAttribute(name),
    num: async (id, name) => {
      const v = await testId(id).getAttribute(name);
      return v === null || v === '' ? Number.NaN : Number(v);
    },
    corridor,
    waitFor: async (check, what, timeoutMs = 20_000, arg) => {
      const end = Date.now() + timeoutMs;
      while (!(await corridor(check, arg))) {
        if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await page.waitForTimeout(100);
      }
    },
  };
}

/** Polls `read` until `check` holds; returns the last value read. */
export async function until<T>(read: () => Promise<T>, check: (x: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const x = await read();
    if (check(x)) return x;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(x)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Colours of the canvas as drawn on screen (a blank canvas has one colour covering every pixel). */
export async function canvasColours(page: Page): Promise<{ distinct: number; mostCommonShare: number }> {
  // Only the canvas: the panels and toolbar over it are hidden for the screenshot.
  const png = await page.locator('canvas').first().screenshot({ style: '* { visibility: hidden !important; } canvas { visibility: visible !important; }' });
  // Decoded in the page (the browser has a PNG decoder; Node has none without a dependency).
  return page.evaluate(`(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const ctx = new OffscreenCanvas(img.width, img.height).getContext('2d');
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, img.width, img.height).data;
    const counts = new Map();
    for (let i = 0; i < px.length; i += 4) {
      const c = (px[i] << 16) | (px[i + 1] << 8) | px[i + 2];
      counts.set(c, (counts.get(c) || 0) + 1);
    }
    return { distinct: counts.size, mostCommonShare: Math.max(...counts.values()) / (px.length / 4) };
  })(${JSON.stringify(png.toString('base64'))})`) as Promise<{ distinct: number; mostCommonShare: number }>;
}
