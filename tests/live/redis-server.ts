// A throwaway redis-server for tests: Debian's binary on a free loopback port, no persistence,
// its own temporary directory; `stop()` kills it and removes the directory.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Path of redis-server (PATH, then Debian's locations), or null if it is not installed. */
export function findRedisServer(): string | null {
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const found = which.status === 0 ? which.stdout.trim() : '';
  if (found) return found;
  for (const p of ['/usr/bin/redis-server', '/usr/sbin/redis-server', '/usr/local/bin/redis-server']) if (existsSync(p)) return p;
  return null;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => ok(port));
    });
  });
}

async function startOnce(binary: string): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'corridor-redis-'));
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Ready when it answers PING on the port.
  const end = Date.now() + 10_000;
  while (Date.now() < end) {
    if (child.exitCode !== null) break;
    if (await ping(port)) return { url: `redis://127.0.0.1:${port}`, port, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`redis-server on port ${port} did not start: ${output.trim().slice(-500)}`);
}

function ping(port: number): Promise<boolean> {
  return new Promise((ok) => {
    import('node:net').then(({ connect }) => {
      const c = connect(port, '127.0.0.1');
      let data = '';
      const done = (v: boolean) => {
        c.destroy();
        ok(v);
      };
      c.setTimeout(500, () => done(false));
      c.once('error', () => done(false));
      c.once('connect', () => c.write('PING\r\n'));
      c.on('data', (d) => {
        data += d.toString();
        if (data.includes('\r\n')) done(data.startsWith('+PONG'));
      });
    }, () => ok(false));
  });
}

/** Starts redis-server on a free loopback port (a second try if another process took the port). */
export async function startRedisServer(): Promise<TestRedis> {
  const binary = findRedisServer();
  if (!binary) throw new Error('redis-server is not installed (npm test installs it with scripts/ensure-redis.sh when run as root)');
  try {
    return await startOnce(binary);
  } catch {
    return await startOnce(binary);
  }
}
