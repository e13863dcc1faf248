// `corridor replay` in a real browser: the built viewer served by the replay server on a
// recording of scenarios/examples/shuttle-line.yaml; dragging the timeline to the middle makes
// the page show that time and the number of vehicles of that tick, with no console problem.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { VIEWER_DIST } from '../../cli/viewer-build.ts';
import { startReplayServer, type ReplayServer } from '../../v2x/record/replay-server.ts';
import { SMALL, recordInMemory, type Recorded } from '../record/helpers.ts';
import { CHROMIUM, CONTROL_TOKEN, launch, openViewer, prepareViewer, until } from './harness.ts';

const SECONDS = 30;

describe.skipIf(!CHROMIUM)('corridor replay in headless Chromium', () => {
  let browser: Browser;
  let server: ReplayServer;
  let rec: Recorded;
  const dir = mkdtempSync(join(tmpdir(), 'corridor-browser-replay-'));

  beforeAll(async () => {
    rec = await recordInMemory(SMALL, [], SECONDS);
    const file = join(dir, 'shuttle-line.mcap');
    writeFileSync(file, rec.bytes);
    await prepareViewer();
    browser = await launch();
    server = await startReplayServer({ file, port: 0, host: '127.0.0.1', paused: true, controlToken: CONTROL_TOKEN, viewerDir: VIEWER_DIST, log: () => {} });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seeks to the middle of the recording from the timeline: the page shows that time and that tick\'s vehicles', async () => {
    const p = await openViewer(browser, server);
    await until(() => p.attr('connection-status', 'data-status'), (s) => s === 'connected', 'connected');
    await expect.poll(() => p.testId('timeline').isEnabled(), { timeout: 20_000 }).toBe(true);
    const middle = SECONDS / 2;
    const tick = Math.round(middle / 0.1);
    await p.testId('timeline').fill(String(middle));
    await until(() => p.num('sim-time', 'data-sim-time'), (t) => Math.abs(t - middle) < 1e-6, `sim time ${middle} s`);
    expect(server.controller.state).toMatchObject({ tick, paused: true });
    await until(() => p.num('vehicle-count', 'data-count'), (n) => n === rec.vehicles[tick - 1], `the ${rec.vehicles[tick - 1]} vehicles of tick ${tick}`);
    await p.waitFor((c, t) => c.store.cur?.lastTick === t, `frame of tick ${tick}`, 20_000, tick);
    expect(p.problems(), 'console warnings and errors').toEqual([]);
    await p.page.close();
  }, 120_000);
});
