// End-to-end: Chromium drives the dashboard served by `gpufleet serve` on loopback.
//   node tests/web/dashboard_e2e.mjs GPUFLEET_CLI ARTIFACT_DIR
// Checks: no console errors while loading and recomputing; a new GPU count changes the results
// and redraws the charts; the claims view shows verdicts when the server offers /api/check; the
// serving panel shows /api/infer's figures as the CLI formats them, follows its form and names a
// refused input; with no site the charts' site parts and operational CO2e are n/a;
// SIGTERM stops the server cleanly. Saves ARTIFACT_DIR/dashboard.png.
import { join } from 'node:path';
import { loadChromium, startServer, stopServer, check, artifacts } from './harness.mjs';
import { figureText } from '../../web/src/format.js';

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
  // The serving panel: /api/infer's figures for the form's fleet, printed as the CLI prints them.
  check(routes.includes('/api/infer'), 'the server offers /api/infer');
  await page.locator('#serving-table tbody tr').first().waitFor();
  const serving = await page.locator('#serving-table tbody tr').count();
  check(serving > 10, `serving table has ${serving} rows`);
  const body = await page.evaluate(async () => {
    const { servingRequest } = await import('./serving.js');
    const { scenario } = await import('./app.js');
    return servingRequest(scenario());
  });
  check(body.model === 'llama-3.1-405b' && body.precision === 'fp8' && body.count === '16000',
        `the serving request takes the fleet's count and the story's model (${JSON.stringify(body)})`);
  const doc = await (await page.request.post(server.url + 'api/infer', { data: body })).json();
  const shown = async (name) =>
    page.locator(`#serving-table span[data-name="${name}"]`).innerText();
  for (const name of ['fleet_requests_per_day', 'energy_facility_wh_per_request', 'gpu_power_w']) {
    const want = figureText(doc.results[name]);
    check((await shown(name)) === want, `serving ${name} reads "${want}" as the CLI prints it`);
  }
  const before_serving = await shown('energy_facility_wh_per_request');
  await page.selectOption('#serve-model', 'llama-3.1-8b');
  await page.fill('#serve-gpus_per_replica', '1');
  await page.press('#serve-gpus_per_replica', 'Enter');
  await page.waitForFunction((old) =>
    document.querySelector('#serving-table span[data-name="energy_facility_wh_per_request"]')
      ?.innerText !== old, before_serving, { timeout: 10000 });
  check((await shown('energy_facility_wh_per_request')) !== before_serving,
        'a smaller model changes the energy per request');
  // No site: what depends on it is unknown, not 0; the charts keep its parts, each "n/a" with
  // its reason (the water chart was hidden and the carbon chart showed the embodied part alone).
  check(!(await page.locator('#chart-water').isHidden()), 'with a site the water chart shows');
  const labels = (id) => page.evaluate((c) => JSON.stringify(Chart.getChart(c).data.labels), id);
  const sited = await text();
  check(!/n\/a/.test(await labels('chart-carbon')), 'with a site no carbon part is n/a');
  await page.selectOption('#site', '');
  await page.waitForFunction((old) => document.querySelector('#results-table').innerText !== old,
                             sited, { timeout: 10000 });
  check(/no site given and no grid carbon intensity/.test(await text()),
        'with no site, operational CO2e is n/a with its reason');
  check(!(await page.locator('#chart-water').isHidden()), 'with no site the water chart shows');
  check(/n\/a: no site given and no grid carbon intensity/.test(await labels('chart-carbon')),
        `with no site the carbon chart says operational is n/a (${await labels('chart-carbon')})`);
  check(/n\/a: no site given and no water use effectiveness/.test(await labels('chart-water')),
        `with no site the water chart says on-site is n/a (${await labels('chart-water')})`);
  await page.selectOption('#site', 'meta-fleet');
  check(consoleErrors.length === 0, `no console errors (${consoleErrors.join(' | ')})`);
  await page.screenshot({ path: join(dir, 'dashboard.png'), fullPage: true });

  // Refused inputs last: the browser logs each 400 as a console error.
  await page.selectOption('#serve-model', 'llama-3.1-405b');
  await page.press('#serve-gpus_per_replica', 'Enter');
  await page.waitForSelector('#serving-error:not([hidden])');
  check(/gpus_per_replica/.test(await page.locator('#serving-error').innerText()),
        '405B on one GPU is refused, naming gpus_per_replica');
  await page.fill('#count', 'lots');
  await page.press('#count', 'Enter');
  await page.waitForSelector('#error:not([hidden])');
  check(/count/.test(await page.locator('#error').innerText()), 'a bad count is reported by field');
} finally {
  await browser.close();
  const code = await stopServer(server);
  check(code === 0 && /stopping/.test(server.stderr()), `SIGTERM stops the server (exit ${code})`);
}
