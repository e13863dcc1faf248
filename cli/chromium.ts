// Headless Chromium for the browser tests, `corridor bench` and the viewer screenshots: Debian's
// package (never a downloaded browser) driven by playwright-core, the viewer built once even when
// several processes ask at the same time, and the page's console collected so that callers can
// refuse any warning or error.
import { existsSync } from 'node:fs';
import { mkdir, rmdir, stat } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureViewerBuilt, VIEWER_ROOT } from './viewer-build.ts';

/** Path of the Chromium executable: CORRIDOR_CHROMIUM, /usr/bin/chromium, or `chromium` on PATH; null if none. */
export function findChromium(): string | null {
  const env = process.env.CORRIDOR_CHROMIUM;
  if (env) return existsSync(env) ? env : null;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  try {
    const p = execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return p || null;
  } catch {
    return null;
  }
}

/**
 * WebGL and compositing both on SwiftShader (software, the same everywhere). Not `--disable-gpu`:
 * that switches the compositor to software mode, which copies every WebGL frame back with a
 * synchronous glReadPixels and makes Chromium log "GPU stall due to ReadPixels" warnings on the
 * page's console (whatever the canvas's preserveDrawingBuffer). `--enable-unsafe-swiftshader`
 * keeps WebGL on SwiftShader when Chromium finds no GPU (it would otherwise refuse WebGL).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium is not installed: run `bash scripts/ensure-chromium.sh` (Debian package chromium) or set CORRIDOR_CHROMIUM');
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
}

/** One line of the page's console or an uncaught page error. */
export interface ConsoleEntry {
  type: string;
  text: string;
}

/** Collects the page's console messages and uncaught errors from now on. */
export function watchConsole(page: Page): { entries: ConsoleEntry[]; problems(): ConsoleEntry[] } {
  const entries: ConsoleEntry[] = [];
  page.on('console', (m) => entries.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => entries.push({ type: 'pageerror', text: `${e.name}: ${e.message}` }));
  page.on('crash', () => entries.push({ type: 'crash', text: 'the page crashed' }));
  return { entries, problems: () => entries.filter((e) => e.type === 'warning' || e.type === 'error' || e.type === 'pageerror' || e.type === 'crash') };
}

// --- building the viewer once --------------------------------------------------------------

/** A directory as a lock (mkdir is atomic): vitest workers, the benchmark and scripts share it. */
const LOCK = join(tmpdir(), `corridor-viewer-build-${Buffer.from(VIEWER_ROOT).toString('base64url').slice(-40)}.lock`);
/** A lock older than this was left by a process that died mid-build. */
const STALE_LOCK_MS = 180_000;

/** ensureViewerBuilt (viewer/dist/ rebuilt when older than its sources), one builder at a time. */
export async function buildViewerOnce(log: (line: string) => void = () => {}): Promise<void> {
  const deadline = Date.now() + 2 * STALE_LOCK_MS;
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = await stat(LOCK).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > STALE_LOCK_MS) await rmdir(LOCK).catch(() => {});
      else if (Date.now() > deadline) throw new Error(`viewer build lock ${LOCK} held for too long`);
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  // ensureViewerBuilt builds in production mode whatever NODE_ENV says (vitest sets "test").
  try {
    await ensureViewerBuilt(log);
  } finally {
    await rmdir(LOCK).catch(() => {});
  }
}
