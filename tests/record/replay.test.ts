// A live session recorded with its rig injection and commands, then replayed by the replay server
// over loopback with the real socket.io client: the replay sends the viewer what the live session
// sent, seeks to the frame of a time, steps back, plays to the end; bad commands are refused.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io as connect } from 'socket.io-client';
import { rigPlugin } from '../../v2x/live/rig-namespace.ts';
import { connectRig } from '../../v2x/live/rig-client.ts';
import { recordPlugin } from '../../v2x/record/record-plugin.ts';
import { startReplayServer, type ReplayServer } from '../../v2x/record/replay-server.ts';
import { ReplaySource } from '../../v2x/record/replay-source.ts';
import { FileReadable } from '../../v2x/record/file-readable.ts';
import { decodeFrame } from '../../v2x/live/frame-builder.ts';
import { TOPICS } from '../../v2x/record/topics.ts';
import type { Binary, CommandAck, ControlClientToServer, ControlServerToClient, SessionState, ViewerClientToServer, ViewerServerToClient } from '../../v2x/live/events.ts';
import type { Socket } from 'socket.io-client';
import { CONTROL_TOKEN, RIG_TOKEN, closeAll, control, startTestServer, until, viewer } from '../live/helpers.ts';

const DEFAULT = fileURLToPath(new URL('../../scenarios/default.yaml', import.meta.url));
const DENM_FILE = fileURLToPath(new URL('../../scenarios/messages/obstacle-denm.json', import.meta.url));
const NO_VIEWER = fileURLToPath(new URL('./no-such-viewer-dist/', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'corridor-replay-'));
const replays: ReplayServer[] = [];
const sockets: Socket[] = [];
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await closeAll();
  for (const r of replays.splice(0)) await r.close();
});

const bytes = (b: Binary) => (b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength));

function collect(v: Socket<ViewerServerToClient, ViewerClientToServer>) {
  const snapshots: Uint8Array[] = [];
  const frames: Uint8Array[] = [];
  const states: SessionState[] = [];
  v.on('snapshot', (b) => snapshots.push(bytes(b)));
  v.on('frame', (b) => frames.push(bytes(b)));
  v.on('state', (s) => states.push(s));
  return { snapshots, frames, states };
}

async function startReplay(file: string, paused = true): Promise<ReplayServer> {
  const r = await startReplayServer({ file, port: 0, host: '127.0.0.1', paused, controlToken: CONTROL_TOKEN, viewerDir: NO_VIEWER, log: () => {} });
  replays.push(r);
  return r;
}

function replayViewer(r: ReplayServer) {
  const s: Socket<ViewerServerToClient, ViewerClientToServer> = connect(`${r.url}/viewer`, { transports: ['websocket'], forceNew: true, reconnection: false });
  sockets.push(s);
  return s;
}
function replayControl(r: ReplayServer) {
  const s: Socket<ControlServerToClient, ControlClientToServer> = connect(`${r.url}/control`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: CONTROL_TOKEN } });
  sockets.push(s);
  return s;
}

const STEPS = 30;

/** A live session of the default scenario, paused, stepped STEPS times with a rig DENM injected at step 10. */
async function recordLive(file: string) {
  const text = readFileSync(DEFAULT, 'utf8');
  const server = await startTestServer({
    scenarioFile: DEFAULT,
    paused: true,
    frameSource: undefined,
    plugins: [rigPlugin(), recordPlugin({ path: file, scenarioText: text, scenarioFile: DEFAULT, overrides: [] })],
  });
  const v = collect(viewer(server));
  const c = control(server);
  await until(() => v.snapshots.length === 1, 5000, 'live snapshot');
  const rig = await connectRig(server.url, RIG_TOKEN);
  for (let k = 0; k < STEPS; k++) {
    if (k === 10) expect(await rig.inject({ rsuId: 'rsu-hotel-de-ville', message: JSON.parse(readFileSync(DENM_FILE, 'utf8')) as Record<string, unknown> })).toMatchObject({ ok: true });
    const ack: CommandAck = await c.emitWithAck('step');
    expect(ack.ok).toBe(true);
    await until(() => v.frames.length === k + 1, 5000, `live frame ${k + 1}`);
  }
  rig.close();
  await closeAll(); // closes the server: the recording is finished
  return v;
}

describe('corridor replay', () => {
  it('sends the viewer the frames the live session sent, injection included, and refuses what a recording cannot do', async () => {
    const file = join(dir, 'live.mcap');
    const live = await recordLive(file);
    // The injected DENM went on air in a live frame after the injection.
    expect(live.frames.map(decodeFrame).some((f) => f.lastTick > 10 && f.transmissions.some((t) => t.family === 2))).toBe(true);

    const r = await startReplay(file);
    const v = collect(replayViewer(r));
    const c = replayControl(r);
    await until(() => v.snapshots.length === 1 && v.states.length >= 1, 5000, 'replay snapshot');
    expect(v.snapshots[0]).toEqual(live.snapshots[0]);
    expect(v.states[0]).toMatchObject({ mode: 'replay', paused: true, startTime: 0, endTime: expect.closeTo(STEPS * 0.1, 6) });
    for (let k = 0; k < STEPS; k++) {
      const ack: CommandAck = await c.emitWithAck('step');
      expect(ack).toMatchObject({ ok: true, state: { tick: k + 1 } });
      await until(() => v.frames.length === k + 1, 5000, `replay frame ${k + 1}`);
    }
    expect(v.frames).toEqual(live.frames);

    // The injection and the commands are in the file too.
    const readable = await FileReadable.open(file);
    const source = await ReplaySource.open(readable, file);
    const topics = new Map([...source.recording.channels].map(([t, id]) => [id, t]));
    const seen = new Map<string, number>();
    for await (const m of source.recording.reader.readMessages({ topics: [TOPICS.injections, TOPICS.control] })) seen.set(topics.get(m.channelId)!, (seen.get(topics.get(m.channelId)!) ?? 0) + 1);
    expect(seen.get(TOPICS.injections)).toBe(1);
    expect(seen.get(TOPICS.control)).toBe(STEPS);
    await readable.close();

    const restart: CommandAck = await c.emitWithAck('restart', {});
    expect(restart).toMatchObject({ ok: false, error: expect.stringMatching(/cannot restart/) });
    const bad: CommandAck = await c.emitWithAck('speed', 1000);
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/0\.1 to 100/) });
  });

  it('seeks to the frame of any time, steps back, and plays to the end', async () => {
    const file = join(dir, 'live.mcap');
    const r = await startReplay(file);
    const v = collect(replayViewer(r));
    const c = replayControl(r);
    await until(() => v.snapshots.length === 1, 5000, 'snapshot');
    for (const t of [2.5, 0.7, 1.2, 3.0]) {
      const ack: CommandAck = await c.emitWithAck('seek', t);
      expect(ack).toMatchObject({ ok: true, state: { tick: Math.round(t * 10), simTime: expect.closeTo(t, 6), paused: true } });
      await until(() => v.frames.length > 0 && decodeFrame(v.frames.at(-1)!).lastTick === Math.round(t * 10), 5000, `frame of ${t} s`);
      expect(decodeFrame(v.frames.at(-1)!).simTime).toBeCloseTo(t, 5);
    }
    const back: CommandAck = await c.emitWithAck('stepBack');
    expect(back).toMatchObject({ ok: true, state: { tick: 29 } });
    const past: CommandAck = await c.emitWithAck('seek', 1e6);
    expect(past).toMatchObject({ ok: true, state: { tick: STEPS } });

    // Play from 1 s at 10x: frames up to the last tick, then paused and ended.
    await c.emitWithAck('seek', 1);
    const before = v.frames.length;
    expect(await c.emitWithAck('speed', 10)).toMatchObject({ ok: true });
    expect(await c.emitWithAck('resume')).toMatchObject({ ok: true, state: { paused: false } });
    await until(() => v.states.some((s) => s.ended), 5000, 'end of the recording');
    const played = v.frames.slice(before).map(decodeFrame);
    expect(played.at(-1)!.lastTick).toBe(STEPS);
    // Coalesced frames cover every tick once, in order.
    for (let k = 1; k < played.length; k++) expect(played[k]!.firstTick).toBe(played[k - 1]!.lastTick + 1);
    expect(played[0]!.firstTick).toBe(11);
  });

  it('a live session refuses seek and stepBack', async () => {
    const server = await startTestServer({ paused: true });
    const c = control(server);
    const ack: CommandAck = await c.emitWithAck('seek', 1);
    expect(ack).toMatchObject({ ok: false, error: expect.stringMatching(/corridor replay/) });
    expect(server.runner.state).toMatchObject({ mode: 'live', startTime: 0 });
  });
});
