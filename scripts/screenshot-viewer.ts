// Screenshots of the 3D viewer for the README: the default scenario live in this process, opened
// in Debian's headless Chromium at 1400x850, once traffic and a shuttle are on the road:
// the overview (orbit camera), "Follow shuttle" and "Route preview".
//
//   npx tsx scripts/screenshot-viewer.ts [--out docs] [--speed 5] [--warmup 60] [--seed N]
//
// Writes OUT/viewer-overview.png, OUT/viewer-follow.png, OUT/viewer-route.png. Fails on any
// console warning or error of the page. The scene is live, so vehicles differ from run to run;
// --seed and --warmup (simulated seconds before the first shot) fix what is on the road.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildViewerOnce, launchChromium, watchConsole } from '../cli/chromium.ts';
import { DEFAULT_SCENARIO } from '../cli/paths.ts';
import { VIEWER_DIST } from '../cli/viewer-build.ts';
import { startLiveServer } from '../v2x/live/server.ts';
import { generateToken } from '../v2x/live/tokens.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'docs' },
    speed: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '60' },
    seed: { type: 'string' },
  },
});
const out = resolve(values.out);
const speed = Number(values.speed);
const warmup = Number(values.warmup);
if (!(speed > 0) || !(warmup >= 0)) throw new Error('--speed must be > 0 and --warmup >= 0 (simulated seconds)');

await buildViewerOnce((line) => process.stdout.write(`${line}\n`));
await mkdir(out, { recursive: true });
const controlToken = generateToken();
const server = await startLiveServer({
  scenarioFile: DEFAULT_SCENARIO,
  overrides: values.seed !== undefined ? [`run.seed=${Number(values.seed)}`] : [],
  port: 0,
  host: '127.0.0.1',
  speed,
  rigToken: generateToken(),
  controlToken,
  viewerDir: VIEWER_DIST,
  log: () => {},
});
const browser = await launchChromium();
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  const watch = watchConsole(page);
  await page.goto(`${server.url}/#control=${encodeURIComponent(controlToken)}`);
  await page.waitForFunction('globalThis.__corridor !== undefined', undefined, { timeout: 30_000 });
  const state = (): Promise<{ simTime: number; vehicles: number; shuttles: number }> =>
    page.evaluate(`(() => {
      const cur = globalThis.__corridor.store.cur;
      if (!cur) return { simTime: 0, vehicles: 0, shuttles: 0 };
      let shuttles = 0;
      for (let k = 0; k < cur.vehicles.types.length; k++) if (cur.vehicles.types[k] === 3) shuttles++;
      return { simTime: cur.simTime, vehicles: cur.vehicles.ids.length, shuttles };
    })()`);
  const end = Date.now() + 180_000;
  for (;;) {
    const s = await state();
    if (s.simTime >= warmup && s.vehicles >= 20 && s.shuttles >= 1) {
      process.stdout.write(`sim time ${s.simTime.toFixed(1)} s: ${s.vehicles} vehicles, ${s.shuttles} shuttles\n`);
      break;
    }
    if (Date.now() > end) throw new Error(`no traffic with a shuttle after 180 s (last: ${JSON.stringify(s)})`);
    await page.waitForTimeout(500);
  }

  const shoot = async (name: string, camera: string | null, settleMs: number) => {
    if (camera) await page.getByTestId(camera).click();
    await page.waitForTimeout(settleMs); // camera moves (damped) and a few frames at software speed
    const path = join(out, name);
    await page.screenshot({ path });
    process.stdout.write(`wrote ${path}\n`);
  };
  await shoot('viewer-overview.png', null, 1500);
  await shoot('viewer-follow.png', 'camera-follow', 4000);
  await shoot('viewer-route.png', 'camera-route', 4000);

  const problems = watch.problems();
  if (problems.length > 0) {
    failed = true;
    process.stderr.write(`console warnings/errors on the page:\n${problems.map((p) => `  ${p.type}: ${p.text}`).join('\n')}\n`);
  }
} finally {
  await browser.close();
  await server.close();
}
process.exit(failed ? 1 : 0);
