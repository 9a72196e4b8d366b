// The dashboard: a scenario form, the fleet's figures with ranges and sources, charts, and (when
// the server offers them) the fleet serving a model, a training run's reliability and the seed
// article's claim checks.
import { el, fillTable, figureText } from './format.js';
import { rangeBars } from './charts.js';
import { showTraining } from './training.js';
import { showClaims } from './claims.js';
import { initServing, showServing } from './serving.js';

const $ = (id) => document.getElementById(id);
const INPUTS = ['count', 'load', 'pue', 'price_per_kwh', 'gpu_price_usd', 'grid_kg_per_kwh', 'hours'];
let routes = [];

async function getJson(url, options) {
  const res = await fetch(url, options);
  const body = await res.json();
  if (!res.ok) throw Object.assign(new Error(body.error || res.statusText), { field: body.field });
  return body;
}

function fillSelect(select, entries, preferred) {
  for (const e of entries) select.append(new Option(`${e.name} (${e.id})`, e.id));
  const pick = entries.find((e) => preferred.test(e.id));
  if (pick) select.value = pick.id;
}

// The form as a scenario: catalog ids plus every non-empty input (numbers or "lo..hi").
export function scenario() {
  const s = { gpu: $('gpu').value };
  if ($('system').value) s.system = $('system').value;
  if ($('site').value) s.site = $('site').value;
  for (const name of INPUTS) {
    const v = $(name).value.trim().replaceAll(',', '').replaceAll('_', '');
    if (v) s[name] = v;
  }
  return s;
}

function showError(err) {
  document.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  $('error').hidden = !err;
  if (!err) return;
  $('error').textContent = err.field ? `${err.field}: ${err.message}` : err.message;
  if (err.field && $(err.field)) $(err.field).setAttribute('aria-invalid', 'true');
}

function showResults(r) {
  // The results grouped as the CLI groups them, each printed by the CLI's formatting rules;
  // an absent figure reads "n/a" with its reason on hover.
  const rows = [];
  for (const s of r.sections) {
    for (const name of s.names) {
      const f = r.results[name];
      const value = el('span', figureText(f));
      if (f.value === null) value.title = f.why;
      rows.push([f.label || name, value, s.title, f.value === null ? f.why : (f.basis ?? '')]);
    }
  }
  fillTable($('results-table'), rows);
  const facility = r.results.power_facility_w;
  $('results-summary').textContent = facility ? `peak facility power ${figureText(facility)}` : '';
  for (const b of r.breakdowns) rangeBars(`chart-${b.id}`, b.title, b.unit, b.parts);
  // The answer carries all four breakdowns, an unknown part null with its why (shown "n/a");
  // a chart the answer lacks is hidden rather than left showing the previous fleet's figures.
  const shown = new Set(r.breakdowns.map((b) => b.id));
  for (const id of ['cost', 'energy', 'carbon', 'water']) {
    $(`chart-${id}`).parentElement.hidden = !shown.has(id);
  }
  // Two-line labels: what of the fleet, and against what ("GPU count", "vs Leonardo").
  const cmp = r.comparisons.map((c) => {
    const [what, ref] = c.what.split(' vs ');
    return { label: ref ? [what, `vs ${ref}`] : c.what, ...c.ratio };
  });
  rangeBars('chart-compare', 'fleet / reference', 'ratio (log scale)', cmp, { log: true });
  $('comparisons').replaceChildren(...r.comparisons.map((c) => el('li', c.text)));
  fillTable($('sources-table'), r.sources.map((s) => [`${s.kind} ${s.id}`, s.key,
    s.text, s.source, String(s.year), s.confidence]));
}

async function compute() {
  const s = scenario();
  try {
    const r = await getJson('api/fleet', { method: 'POST', body: JSON.stringify(s),
                                           headers: { 'Content-Type': 'application/json' } });
    showError(null);
    showResults(r);
    document.body.dataset.count = s.count ?? '';
    if (routes.includes('/api/infer')) await showServing(s, getJson);
    if (routes.includes('/api/train')) await showTraining(s, getJson, routes);
  } catch (err) {
    showError(err);
  }
}

// The slider covers 1 .. 1,000,000 GPUs on a log scale.
function wireSlider() {
  const slider = $('count-slider');
  const toCount = (p) => Math.round(10 ** (6 * p / 1000));
  slider.value = String(Math.round(1000 * Math.log10(Number($('count').value) || 1) / 6));
  let timer;
  slider.addEventListener('input', () => {
    $('count').value = String(toCount(Number(slider.value)));
    clearTimeout(timer);
    timer = setTimeout(compute, 150);
  });
}

async function main() {
  routes = (await getJson('api/health')).routes ?? [];
  const catalog = await getJson('api/catalog');
  const ofKind = (kind) => catalog.entries.filter((e) => e.kind === kind);
  fillSelect($('gpu'), ofKind('gpu'), /h100.*sxm/i);
  // The seed article's fleet: H100 SXM in 8-GPU servers in Meta's data centres.
  fillSelect($('system'), ofKind('system'), /^generic-8gpu$/);
  fillSelect($('site'), ofKind('site'), /^meta-fleet$/);
  if (routes.includes('/api/infer')) initServing(catalog, () => showServing(scenario(), getJson));
  $('form').addEventListener('submit', (e) => { e.preventDefault(); compute(); });
  $('form').addEventListener('change', (e) => { if (e.target.id !== 'count-slider') compute(); });
  wireSlider();
  await compute();
  if (routes.includes('/api/check')) await showClaims(getJson);
  document.body.dataset.ready = 'true';
}

main().catch(showError);
