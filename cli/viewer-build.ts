// Builds the 3D viewer (viewer/ -> viewer/dist/) with Vite when the bundle is missing or older
// than its sources, so `npm start` on a fresh clone serves the viewer without a separate step.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './paths.ts';

export const VIEWER_ROOT = join(PACKAGE_ROOT, 'viewer');
export const VIEWER_DIST = join(VIEWER_ROOT, 'dist');

/** Newest modification time (ms) of the files under `dir` (recursively), 0 if none. */
async function newest(dir: string): Promise<number> {
  let t = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, await newest(p));
    else if (e.isFile()) t = Math.max(t, (await stat(p)).mtimeMs);
  }
  return t;
}

/** true when viewer/dist/index.html is missing or older than what it is built from. */
export async function viewerIsStale(): Promise<boolean> {
  let built: number;
  try {
    built = (await stat(join(VIEWER_DIST, 'index.html'))).mtimeMs;
  } catch {
    return true;
  }
  // The viewer bundles the live and V2X decoding code too.
  const sources = await Promise.all([
    newest(join(VIEWER_ROOT, 'src')),
    newest(join(VIEWER_ROOT, 'public')),
    stat(join(VIEWER_ROOT, 'index.html')).then((s) => s.mtimeMs),
    stat(join(VIEWER_ROOT, 'vite.config.ts')).then((s) => s.mtimeMs),
    newest(join(PACKAGE_ROOT, 'v2x', 'live')),
    newest(join(PACKAGE_ROOT, 'v2x', 'generated')),
  ]);
  return Math.max(...sources) > built;
}

/** Builds the viewer when stale; `log` gets one line when it does. Returns true if it built. */
export async function ensureViewerBuilt(log: (line: string) => void = () => {}): Promise<boolean> {
  if (!(await viewerIsStale())) return false;
  log('building the 3D viewer (viewer/ -> viewer/dist/)…');
  const { build } = await import('vite');
  // A production bundle whatever NODE_ENV says (vitest sets it to "test", which would give React's
  // development build: StrictMode double effects, warnings in the console).
  const saved = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(VIEWER_ROOT, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (saved === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = saved;
  }
  return true;
}
