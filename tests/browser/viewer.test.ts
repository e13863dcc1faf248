// The 3D viewer in a real browser: Debian's headless Chromium (software WebGL) opens the built
// viewer served by a live session of scenarios/examples/single-intersection.yaml at 5x, and the
// page must draw the scene, show the server's vehicle count, open the inspector of a clicked
// vehicle, pause the session through /control and survive a server restart, all without a single
// console warning or error.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { LiveServer } from '../../v2x/live/server.ts';
import { vehicleStationId } from '../../v2x/stations.ts';
import { CHROMIUM, canvasColours, launch, openViewer, prepareViewer, startViewerServer, until, type CorridorHandles, type ViewerPage } from './harness.ts';

// Software rendering on a shared 2-core machine: generous, per-test.
const TEST_TIMEOUT = 90_000;

describe.skipIf(!CHROMIUM)('viewer in headless Chromium', () => {
  let browser: Browser;
  const servers: LiveServer[] = [];
  const pages: ViewerPage[] = [];

  beforeAll(async () => {
    await prepareViewer();
    browser = await launch();
  }, 240_000);
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.page.close();
    for (const s of servers.splice(0)) await s.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const serve = async (options: Parameters<typeof startViewerServer>[0] = {}) => {
    const s = await startViewerServer(options);
    servers.push(s);
    return s;
  };
  const open = async (server: LiveServer, opts: { viewOnly?: boolean } = {}) => {
    const p = await openViewer(browser, server, opts);
    pages.push(p);
    return p;
  };
  /** Frames drawn and decoded: the scene is built and at least one live frame arrived. */
  const waitForFrames = (p: ViewerPage) => p.waitFor((c) => c.store.cur !== null && c.store.cur.lastTick > 0 && c.renderStats.frames > 3, 'live frames drawn');
  const noConsoleProblems = (p: ViewerPage) => expect(p.problems(), 'console warnings and errors').toEqual([]);
  /** Pauses with the page's play/pause button and waits until the page shows the server's (final) tick. */
  const pauseFromPage = async (p: ViewerPage, server: LiveServer) => {
    await expect.poll(() => p.testId('btn-play').isEnabled(), { timeout: 20_000 }).toBe(true);
    await p.testId('btn-play').click();
    await until(async () => server.runner.state.paused, (x) => x, 'the server to pause');
    await p.waitFor((c, tick) => c.store.cur?.lastTick === tick, 'the frame of the paused tick', 20_000, server.runner.world.tick);
  };

  it(
    'draws the scene and keeps the simulated time moving',
    async () => {
      const server = await serve();
      const p = await open(server);
      await waitForFrames(p);
      await until(() => p.attr('connection-status', 'data-status'), (s) => s === 'connected', 'connected');

      const colours = await canvasColours(p.page);
      // A blank canvas is one colour; ground, roads, junction, vehicles and labels give many.
      expect(colours.distinct).toBeGreaterThan(50);
      expect(colours.mostCommonShare).toBeLessThan(0.9);
      const stats = await p.corridor((c) => ({ drawCalls: c.renderStats.drawCalls, triangles: c.renderStats.triangles }));
      expect(stats.drawCalls).toBeGreaterThan(0);
      expect(stats.triangles).toBeGreaterThan(0);

      const t0 = await p.num('sim-time', 'data-sim-time');
      const t1 = await until(() => p.num('sim-time', 'data-sim-time'), (t) => t > t0 + 1, 'the sim time to advance');
      expect(t1).toBeGreaterThan(t0);
      noConsoleProblems(p);
    },
    TEST_TIMEOUT,
  );

  it(
    'pause stops the simulated time, and the vehicle count shown is the server\'s',
    async () => {
      const server = await serve();
      const p = await open(server);
      await waitForFrames(p);
      // Some traffic first: the single intersection starts empty.
      await until(() => p.num('vehicle-count', 'data-count'), (n) => n >= 3, 'three vehicles on screen');
      expect(await p.testId('btn-play').textContent()).toMatch(/pause/i);

      await pauseFromPage(p, server);
      await until(() => p.testId('btn-play').textContent(), (t) => /play/i.test(t ?? ''), 'the button to offer Play', 2000);
      // The top bar re-renders at most 10 times a second: it shows the paused time within 2 s.
      const paused = await until(() => p.num('sim-time', 'data-sim-time'), (t) => Math.abs(t - server.runner.world.time) < 1e-3, 'the paused sim time on the page', 2000);
      await p.page.waitForTimeout(1500); // 7.5 simulated seconds at 5x, were it running
      expect(await p.num('sim-time', 'data-sim-time')).toBe(paused);
      expect(server.runner.world.time).toBeCloseTo(paused, 3);

      const shown = await p.num('vehicle-count', 'data-count');
      expect(shown).toBe(server.runner.world.vehicles.count);
      expect(shown).toBeGreaterThanOrEqual(3);

      // Play resumes it.
      await p.testId('btn-play').click();
      await until(() => p.num('sim-time', 'data-sim-time'), (t) => t > paused, 'the sim time to move again');
      noConsoleProblems(p);
    },
    TEST_TIMEOUT,
  );

  it(
    'clicking a vehicle opens the inspector with its V2X station id',
    async () => {
      const server = await serve();
      const p = await open(server);
      await waitForFrames(p);
      // An equipped vehicle (non-zero station id) on screen, where the canvas is not under a panel.
      const findTarget = (c: CorridorHandles) => {
        const doc = (globalThis as unknown as { document: { elementFromPoint(x: number, y: number): { tagName: string } | null } }).document;
        const v = c.store.cur?.vehicles;
        if (!v) return null;
        for (let k = 0; k < v.ids.length; k++) {
          const at = v.stationIds[k] !== 0 ? c.renderStats.screenOf(v.ids[k]!) : null;
          if (at && doc.elementFromPoint(at.x, at.y)?.tagName === 'CANVAS') return { id: v.ids[k]!, stationId: v.stationIds[k]!, at };
        }
        return null;
      };
      await p.waitFor((c, src) => (0, eval)(src)(c) !== null, 'an equipped vehicle on screen', 40_000, findTarget.toString());
      await pauseFromPage(p, server);
      await p.page.waitForTimeout(300); // a render frame at the paused poses
      const target = await p.corridor(findTarget);
      expect(target).not.toBeNull();
      const { id, stationId, at } = target!;
      expect(stationId).toBe(vehicleStationId(id));

      // Nothing inspected yet (the inspector tab is either not open or empty).
      const before = await p.testId('inspector').isVisible() ? await p.attr('inspector', 'data-kind') : 'hidden';
      expect(['hidden', 'none']).toContain(before);
      await p.page.mouse.click(at.x, at.y);
      await p.waitFor((c, vid) => c.store.selection?.kind === 'vehicle' && c.store.selection.id === vid, `vehicle ${id} selected`, 10_000, id);
      await expect.poll(() => p.testId('inspector').isVisible(), { timeout: 10_000 }).toBe(true);
      // Panels re-render a few times a second: poll.
      await expect.poll(() => p.attr('inspector', 'data-kind'), { timeout: 5000 }).toBe('vehicle');
      await expect.poll(async () => (await p.testId('inspector-vehicle-id').textContent())?.trim(), { timeout: 5000 }).toBe(String(id));
      await expect.poll(async () => (await p.testId('inspector-station-id').textContent())?.trim(), { timeout: 5000 }).toBe(String(vehicleStationId(id)));
      noConsoleProblems(p);
    },
    TEST_TIMEOUT,
  );

  it(
    'reconnects after the server restarts on the same port, and the simulated time starts again',
    async () => {
      const first = await serve();
      const p = await open(first);
      await waitForFrames(p);
      const before = await until(() => p.num('sim-time', 'data-sim-time'), (t) => t > 5, 'some simulated time');

      // Every connection status the page goes through from here on.
      await p.corridor((c) => {
        const w = globalThis as unknown as { statuses: string[] };
        w.statuses = [c.store.connection.kind];
        c.store.subscribe(() => {
          if (w.statuses.at(-1) !== c.store.connection.kind) w.statuses.push(c.store.connection.kind);
        });
      });
      const port = first.port;
      await first.close();
      // The new session waits, paused at 0, so that the page's resynchronisation can be seen.
      const second = await serve({ port, paused: true });
      expect(second.port).toBe(port);

      // Lost, then back (socket.io's first retry comes 0.5 to 1.5 s after the loss).
      const statuses = await until(
        () => p.corridor(() => (globalThis as unknown as { statuses: string[] }).statuses),
        (xs) => xs.length > 2 && xs.at(-1) === 'connected',
        'the page to lose the server and reconnect',
        30_000,
      );
      expect(statuses.slice(0, 2)).toEqual(['connected', 'reconnecting']);
      await until(() => p.attr('connection-status', 'data-status'), (s) => s === 'connected', 'the top bar to show it connected');
      // The page shows the new session from its snapshot (time 0), not the old one's last frame.
      await until(() => p.num('sim-time', 'data-sim-time'), (t) => t === 0, 'the sim time of the new session', 20_000);
      expect(before).toBeGreaterThan(0);
      // /control reconnected too: Play on the page starts the new session.
      await until(() => p.testId('btn-play').textContent(), (t) => /play/i.test(t ?? ''), 'the page to show the new session paused');
      await p.testId('btn-play').click();
      await until(() => p.num('sim-time', 'data-sim-time'), (t) => t > 1, 'the new session to advance');
      expect(second.runner.state.paused).toBe(false);
      expect(second.health().clients['/viewer']).toBe(1);
      noConsoleProblems(p);
    },
    TEST_TIMEOUT,
  );
});
