// The recording commands as a user runs them: `corridor run --headless --record` killed with
// SIGKILL leaves a readable file that `corridor replay` plays with a warning; `corridor export`.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BytesReadable, openRecording } from '../../v2x/record/reader.ts';
import { TOPICS } from '../../v2x/record/topics.ts';
import { decodeFrame } from '../../v2x/live/frame-builder.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/corridor.js');
const dir = mkdtempSync(join(tmpdir(), 'corridor-record-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function corridor(args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function output(p: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  p.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  p.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((ok) => p.on('exit', ok));
  return { code, stdout, stderr };
}

async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('corridor run --record, killed', () => {
  it('leaves a file readable up to its last complete chunk after SIGKILL; corridor replay plays it with a warning', async () => {
    const file = join(dir, 'killed.mcap');
    // Paced at 20x: a 10 s chunk every half second of wall time.
    const run = corridor(['run', 'scenarios/examples/shuttle-line.yaml', '--headless', '--speed', '20', '--duration', '3600', '--no-compare', '--record', file]);
    const done = output(run);
    await until(() => existsSync(file) && statSync(file).size > 400_000, 'two or more chunks on disk');
    run.kill('SIGKILL');
    const { code } = await done;
    expect(code).toBeNull(); // killed, no summary written

    const bytes = new Uint8Array(readFileSync(file));
    const r = await openRecording(new BytesReadable(bytes), file);
    expect(r.recovered).toBe(true);
    expect(r.warnings[0]).toMatch(/cut short/);
    expect(r.run?.scenarioFile).toBe('scenarios/examples/shuttle-line.yaml');
    const ticks: number[] = [];
    for await (const m of r.reader.readMessages({ topics: [TOPICS.frame] })) ticks.push(decodeFrame(m.data).lastTick);
    expect(ticks.length).toBeGreaterThanOrEqual(99); // at least the first 10 s chunk (snapshot + ticks 1..99)
    expect(ticks).toEqual(ticks.map((_, k) => k + 1));

    const replay = corridor(['replay', file, '--port', '0', '--paused']);
    const replayed = output(replay);
    let err = '';
    let out = '';
    replay.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    replay.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await until(() => /Ctrl-C stops the replay/.test(out), 'replay server up', 30_000);
    expect(err).toMatch(/warning: .*killed\.mcap: no valid summary/);
    const url = /viewer +(http:\/\/[^/\s]+)\//.exec(out)![1]!;
    const health = (await (await fetch(`${url}/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', mode: 'replay', paused: true, endTime: expect.closeTo(ticks.length / 10, 6) });
    replay.kill('SIGINT');
    expect((await replayed).code).toBe(0);
  }, 120_000);

  it('corridor replay refuses a file that is not MCAP, with the reason', async () => {
    const { code, stderr } = await output(corridor(['replay', 'scenarios/default.yaml', '--port', '0']));
    expect(code).toBe(2);
    expect(stderr).toMatch(/scenarios\/default\.yaml is not an MCAP file/);
  });
});

describe('corridor export', () => {
  it('writes one topic as JSON Lines or CSV, and names the topics when asked for a missing one', async () => {
    const file = join(dir, 'small.mcap');
    const rec = await output(corridor(['run', 'scenarios/examples/shuttle-line.yaml', '--headless', '--duration', '20', '--no-compare', '--json', '--record', file]));
    expect(rec.code).toBe(0);
    const r = await openRecording(new BytesReadable(new Uint8Array(readFileSync(file))), file);
    const cams = Number(r.reader.statistics!.channelMessageCounts.get(r.channels.get('/v2x/cam')!) ?? 0n);
    expect(cams).toBeGreaterThan(0);

    const jsonl = await output(corridor(['export', file, '--topic', '/v2x/cam']));
    expect(jsonl.code).toBe(0);
    const lines = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l) as { logTime: number; message: { senderStationId: number; message: { cam: unknown } } });
    expect(lines).toHaveLength(cams);
    expect(lines[0]!.message.message.cam).toBeDefined();
    expect(lines.map((l) => l.logTime)).toEqual([...lines.map((l) => l.logTime)].sort((a, b) => a - b));

    const csv = await output(corridor(['export', file, '--topic', '/v2x/cam', '--format', 'csv']));
    const rows = csv.stdout.trim().split('\n');
    expect(rows).toHaveLength(cams + 1);
    expect(rows[0]!.split(',').slice(0, 6)).toEqual(['logTime', 'tick', 'index', 'senderStationId', 'x', 'y']);
    expect(rows[0]).toMatch(/message\.cam\.camParameters\.basicContainer\.referencePosition\.latitude/);

    const missing = await output(corridor(['export', file, '--topic', '/v2x/nope']));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no topic "\/v2x\/nope"; topics: .*\/v2x\/denm/);
  }, 60_000);
});
