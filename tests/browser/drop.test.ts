// A .mcap recording dropped on a viewer page that has no session (served by a plain static
// server, opened with ?server=none) plays in the browser itself: the page reads the file through
// its index, shows the recording's time and vehicles, and seeks from the timeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { VIEWER_DIST } from '../../cli/viewer-build.ts';
import { handleHttp } from '../../v2x/live/http.ts';
import { SMALL, recordInMemory, type Recorded } from '../record/helpers.ts';
import { CHROMIUM, launch, openViewer, prepareViewer, until } from './harness.ts';

const SECONDS = 20;

describe.skipIf(!CHROMIUM)('a recording dropped on the viewer page, without a server', () => {
  let browser: Browser;
  let http: Server;
  let url: string;
  let rec: Recorded;

  beforeAll(async () => {
    rec = await recordInMemory(SMALL, [], SECONDS);
    await prepareViewer();
    browser = await launch();
    // Static files only: no socket.io, no session.
    http = createServer((req, res) => void handleHttp(req, res, { health: () => ({}), viewerDir: VIEWER_DIST, notBuiltPage: () => 'not built' }));
    await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => http?.close(done));
  });

  it('plays and seeks the dropped file', async () => {
    const p = await openViewer(browser, { url }, { viewOnly: true, query: 'server=none' });
    await expect.poll(() => p.testId('empty-hint').textContent()).toContain('Drop a .mcap recording');
    // The drop, as the browser delivers it: a DataTransfer holding the file.
    // (Page code as a string: the test's tsconfig has no DOM types.)
    const b64 = Buffer.from(rec.bytes).toString('base64');
    await p.page.evaluate(`(() => {
      const bytes = Uint8Array.from(atob(${JSON.stringify(b64)}), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'shuttle-line.mcap'));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    })()`);
    await until(() => p.attr('connection-status', 'data-status'), (s) => s === 'connected', 'the file open');
    expect(await p.testId('connection-status').textContent()).toContain('file shuttle-line.mcap');
    await expect.poll(() => p.testId('timeline').isEnabled(), { timeout: 20_000 }).toBe(true);
    const middle = SECONDS / 2;
    const tick = Math.round(middle / 0.1);
    await p.testId('timeline').fill(String(middle));
    await until(() => p.num('sim-time', 'data-sim-time'), (t) => Math.abs(t - middle) < 1e-6, `sim time ${middle} s`);
    await until(() => p.num('vehicle-count', 'data-count'), (n) => n === rec.vehicles[tick - 1], `the ${rec.vehicles[tick - 1]} vehicles of tick ${tick}`);
    expect(p.problems(), 'console warnings and errors').toEqual([]);
    await p.page.close();
  }, 120_000);
});
