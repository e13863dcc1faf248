// The HTTP side of a Corridor server (live session or replay): GET /health, the built viewer's
// static files (with client-side routes falling back to index.html), a favicon, and a page
// describing the server when the viewer is not built. Shared by v2x/live/server.ts and
// v2x/record/replay-server.ts.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

export interface HttpContext {
  /** The JSON document served at /health. */
  health: () => unknown;
  viewerDir: string;
  /** The HTML page at / when viewerDir holds no index.html. */
  notBuiltPage: () => string;
}

export const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.glb': 'model/gltf-binary',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1d2733"/>' +
  '<path d="M4 20h24M4 12h24" stroke="#8aa0b6" stroke-width="2"/><path d="M6 16h4m4 0h4m4 0h4" stroke="#f2c94c" stroke-width="2"/>' +
  '<circle cx="24" cy="8" r="3" fill="#4caf50"/></svg>';

export async function handleHttp(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: HttpContext,
): Promise<void> {
  const base = { 'x-content-type-options': 'nosniff' };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...base, allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
    return;
  }
  const send = (status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...base, 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...extra });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    send(400, 'text/plain; charset=utf-8', 'bad request\n');
    return;
  }
  if (path === '/health') {
    send(200, 'application/json; charset=utf-8', `${JSON.stringify(ctx.health())}\n`, { 'cache-control': 'no-store' });
    return;
  }
  const root = resolve(ctx.viewerDir);
  const built = await isFile(join(root, 'index.html'));
  if (built) {
    const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    if (file.startsWith(root + sep) && (await isFile(file))) {
      send(200, TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', await readFile(file));
      return;
    }
    if (extname(path) === '') {
      // Client-side routes of the single-page viewer.
      send(200, TYPES['.html']!, await readFile(join(root, 'index.html')));
      return;
    }
  }
  if (path === '/favicon.ico' || path === '/favicon.svg') {
    send(200, 'image/svg+xml', FAVICON_SVG, { 'cache-control': 'max-age=86400' });
    return;
  }
  if (path === '/' || path === '/index.html') {
    send(200, TYPES['.html']!, ctx.notBuiltPage(), { 'cache-control': 'no-store' });
    return;
  }
  send(404, 'text/plain; charset=utf-8', 'not found\n');
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/** Starts `http` listening; rejects with the listen error (EADDRINUSE...) instead of throwing later. */
export function listen(http: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((ok, fail) => {
    http.once('error', fail);
    http.listen(port, host, () => {
      http.off('error', fail);
      ok();
    });
  });
}
