// The viewer's player of a dropped .mcap file (viewer/src/player/mcap-player.ts), driven here
// through a Blob, as the browser hands it a File: opens, seeks, steps back, reports bad files.
import { describe, expect, it, beforeAll } from 'vitest';
import { McapPlayer } from '../../viewer/src/player/mcap-player.ts';
import type { ConnectionStatus, PlayerListener, PlayerSessionState } from '../../viewer/src/player/player.ts';
import type { LiveFrame, LiveSnapshot } from '../../v2x/live/live-types.ts';
import { SMALL, recordInMemory, type Recorded } from './helpers.ts';

let rec: Recorded;
beforeAll(async () => {
  rec = await recordInMemory(SMALL, [], 5);
});

function listen() {
  const got = { snapshots: [] as LiveSnapshot[], frames: [] as LiveFrame[], states: [] as PlayerSessionState[], status: [] as ConnectionStatus[], problems: [] as string[] };
  const l: PlayerListener = {
    onSnapshot: (s) => got.snapshots.push(s),
    onFrame: (f) => got.frames.push(f),
    onState: (s) => got.states.push(s),
    onStatus: (s) => got.status.push(s),
    onProblem: (m) => got.problems.push(m),
  };
  return { got, l };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('McapPlayer (a dropped .mcap, no server)', () => {
  it('plays the recording: snapshot, seek to the frame of a time, step back, timeline bounds', async () => {
    const file = Object.assign(new Blob([rec.bytes]), { name: 'run.mcap' });
    const p = new McapPlayer(file, { paused: true });
    const { got, l } = listen();
    p.start(l);
    await until(() => got.status.some((s) => s.kind === 'connected') && got.states.length > 0, 'open');
    expect(p.name).toBe('file run.mcap');
    expect(got.snapshots).toHaveLength(1);
    expect(got.states.at(-1)).toMatchObject({ mode: 'replay', paused: true, startTime: 0, endTime: expect.closeTo(5, 6) });
    await p.seek(2.3);
    expect(got.frames.at(-1)).toMatchObject({ lastTick: 23, simTime: expect.closeTo(2.3, 5) });
    expect(got.frames.at(-1)!.vehicles.ids.length).toBe(rec.vehicles[22]);
    await p.stepBack();
    expect(got.frames.at(-1)!.lastTick).toBe(22);
    await p.step();
    expect(got.frames.at(-1)!.lastTick).toBe(23);
    await expect(p.setSpeed('max')).rejects.toThrow(/0\.1x to 100x/);
    p.close();
    expect(got.problems).toEqual([]);
  });

  it('reports a file that is not a recording, and warns about a cut one', async () => {
    const bad = new McapPlayer(Object.assign(new Blob(['hello']), { name: 'notes.txt' }));
    const a = listen();
    bad.start(a.l);
    await until(() => a.got.status.some((s) => s.kind === 'error'), 'error');
    expect(a.got.status.at(-1)).toMatchObject({ kind: 'error', message: expect.stringMatching(/notes\.txt is not an MCAP file/) });
    await expect(bad.seek(1)).rejects.toThrow(/not open/);

    const cut = new McapPlayer(Object.assign(new Blob([rec.bytes.subarray(0, rec.bytes.length - 100)]), { name: 'cut.mcap' }), { paused: true });
    const b = listen();
    cut.start(b.l);
    await until(() => b.got.status.some((s) => s.kind === 'connected' || s.kind === 'error'), 'open');
    expect(b.got.problems.join(' ')).toMatch(/cut\.mcap: no valid summary .* cut short/);
    cut.close();
  });
});
