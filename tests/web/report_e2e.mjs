// End-to-end: `gpufleet report --format html` opens in Chromium with the network cut off and
// shows every chart.
//   node tests/web/report_e2e.mjs GPUFLEET_CLI ARTIFACT_DIR
// Writes ARTIFACT_DIR/report.html and ARTIFACT_DIR/report.png.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadChromium, check, artifacts } from './harness.mjs';

const [cli, outDir] = process.argv.slice(2);
const dir = artifacts(outDir);
const file = join(dir, 'report.html');
execFileSync(cli, ['report', '--format', 'html', '-o', file], { stdio: 'inherit' });
const html = readFileSync(file, 'utf8');
const inFile = (html.match(/<svg /g) || []).length;
check(inFile >= 5, `the report file holds ${inFile} SVG charts`);

const browser = await loadChromium();
try {
  const context = await browser.newContext({ offline: true, viewport: { width: 1200, height: 900 } });
  const requests = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (!url.startsWith('file:')) requests.push(url);
    return url.startsWith('file:') ? route.continue() : route.abort();
  });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(file).href);
  const shown = await page.locator('svg.chart').evaluateAll((svgs) => svgs.filter((s) => {
    const r = s.getBoundingClientRect();
    return r.width > 100 && r.height > 50 && s.querySelectorAll('rect, circle, line').length > 3;
  }).length);
  check(shown === inFile, `Chromium shows all ${inFile} charts (${shown} visible, non-empty)`);
  check(requests.length === 0, `no network request (${requests.join(' ')})`);
  check(errors.length === 0, `no console errors (${errors.join(' | ')})`);
  await page.emulateMedia({ media: 'print' });
  const printedCharts = await page.locator('svg.chart:visible').count();
  check(printedCharts === inFile, 'every chart is visible in print layout');
  await page.emulateMedia({ media: 'screen' });
  await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
} finally {
  await browser.close();
}
