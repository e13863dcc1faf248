// Screenshot of an evaluation report (docs/report-default.png in the README):
//   npx tsx scripts/screenshot-report.ts DIR/index.html docs/report-default.png [--width 1200] [--full]
// Uses the system's Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) through
// playwright-core, offline: every request the page would make outside file:// is refused, so the
// picture also proves the report needs no network.
import { chromium } from 'playwright-core';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { width: { type: 'string', default: '1200' }, height: { type: 'string', default: '2400' }, full: { type: 'boolean', default: false } },
});
const [input, output] = positionals;
if (!input || !output) {
  process.stderr.write('usage: npx tsx scripts/screenshot-report.ts REPORT.html OUT.png [--width 1200] [--height 2400] [--full]\n');
  process.exit(64);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: Number(values.width), height: Number(values.height) } });
  const outside: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(resolve(input)).href, { waitUntil: 'load' });
  await page.screenshot({ path: output, fullPage: values.full });
  if (outside.length > 0) {
    process.stderr.write(`the report asked for ${outside.length} outside resource(s): ${outside.slice(0, 5).join(', ')}\n`);
    process.exitCode = 1;
  }
  process.stdout.write(`${output}\n`);
} finally {
  await browser.close();
}
