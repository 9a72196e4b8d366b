// End-to-end: Chromium drives the dashboard served by `gpufleet serve` on loopback.
//   node tests/web/dashboard_e2e.mjs GPUFLEET_CLI ARTIFACT_DIR
// Checks: no console errors while loading and recomputing; a new GPU count changes the results
// and redraws the charts; the claims view shows verdicts when the server offers /api/check;
// SIGTERM stops the server cleanly. Saves ARTIFACT_DIR/dashboard.png.
import { join } from 'node:path';
import { loadChromium, startServer, stopServer, check, artifacts } from './harness.mjs';

const [cli, outDir] = process.argv.slice(2);
const dir = artifacts(outDir);
const browser = await loadChromium();
const server = await startServer(cli);
const consoleErrors = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url)) consoleErrors.push(`off-site request: ${r.url()}`);
  });
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  const routes = (await (await page.request.get(server.url + 'api/health')).json()).routes;

  const rows = await page.locator('#results-table tbody tr').count();
  check(rows > 5, `results table has ${rows} rows`);
  const canvases = await page.locator('canvas').count();
  check(canvases >= 5, `${canvases} chart canvases on the page`);
  const text = () => page.locator('#results-table').innerText();
  const image = () => page.locator('#chart-energy').evaluate((c) => c.toDataURL());
  const before = { text: await text(), image: await image(),
                   draws: await page.evaluate(() => window.gpufleet.draws) };

  await page.fill('#count', '16000');
  await page.press('#count', 'Enter');
  await page.waitForFunction((old) => document.querySelector('#results-table').innerText !== old,
                             before.text, { timeout: 10000 });
  check((await text()) !== before.text, 'changing the GPU count changes the results');
  check((await page.evaluate(() => window.gpufleet.draws)) > before.draws, 'charts were redrawn');
  check((await image()) !== before.image, 'the energy chart looks different');

  // The goodput family: 2 failure rates x 2 checkpoint writes, simulation and closed form each.
  await page.waitForSelector('#chart-goodput[data-series]', { timeout: 60000 });
  const family = Number(await page.locator('#chart-goodput').getAttribute('data-series'));
  check(family === 4, `the goodput chart shows ${family} series (4 expected)`);
  check(routes.includes('/api/check'), 'the server offers /api/check');
  await page.locator('#claims-table .verdict').first().waitFor();
  const verdicts = await page.locator('#claims-table .verdict').allInnerTexts();
  check(verdicts.length >= 20, `claims view shows ${verdicts.length} verdicts`);
  check(verdicts.includes('off') && verdicts.includes('holds'),
        `the seed article's verdicts include 'off' and 'holds' (${[...new Set(verdicts)].join(', ')})`);
  const page_text = await page.locator('#claims').innerText();
  check(/Lombardia/.test(page_text), 'the Lombardy claim is shown in its Italian words');
  check(consoleErrors.length === 0, `no console errors (${consoleErrors.join(' | ')})`);
  await page.screenshot({ path: join(dir, 'dashboard.png'), fullPage: true });

  await page.fill('#count', 'lots');
  await page.press('#count', 'Enter');
  await page.waitForSelector('#error:not([hidden])');
  check(/count/.test(await page.locator('#error').innerText()), 'a bad count is reported by field');
} finally {
  await browser.close();
  const code = await stopServer(server);
  check(code === 0 && /stopping/.test(server.stderr()), `SIGTERM stops the server (exit ${code})`);
}
