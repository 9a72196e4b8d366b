// The serving view: the scenario's fleet serving a model, computed by the server's serving model
// (/api/infer, the document `gpufleet infer --format json` prints): requests a day, energy per
// request at the GPU, server and facility boundaries, the average GPU power, carbon, water and
// cost, each figure printed by the CLI's formatter (figureText).
import { el, fillTable, figureText } from './format.js';

const $ = (id) => document.getElementById(id);

// The serving inputs: the model form's fields plus the fleet form's GPU, system, site and count.
export function servingRequest(s) {
  const body = { model: $('serve-model').value, gpu: s.gpu, precision: $('serve-precision').value };
  for (const name of ['gpus_per_replica', 'load']) {
    const v = $(`serve-${name}`).value.trim().replaceAll(',', '').replaceAll('_', '');
    if (v) body[name] = v;
  }
  if (s.system) body.system = s.system;
  if (s.site) body.site = s.site;
  if (s.count) body.count = s.count;
  return body;
}

// Fills the model list from the catalog (the seed's story: Llama 3.1 405B in FP8 on 8 GPUs).
export function initServing(catalog, onChange) {
  const models = catalog.entries.filter((e) => e.kind === 'model');
  for (const m of models) $('serve-model').append(new Option(`${m.name} (${m.id})`, m.id));
  if (models.some((m) => m.id === 'llama-3.1-405b')) $('serve-model').value = 'llama-3.1-405b';
  $('serving-form').addEventListener('submit', (e) => { e.preventDefault(); onChange(); });
  $('serving-form').addEventListener('change', () => onChange());
}

function showServingError(err) {
  $('serving-error').hidden = !err;
  $('serving-error').textContent = err ? (err.field ? `${err.field}: ${err.message}` : err.message) : '';
}

export async function showServing(s, getJson) {
  $('serving').hidden = false;
  let doc;
  try {
    doc = await getJson('api/infer', { method: 'POST', body: JSON.stringify(servingRequest(s)),
                                       headers: { 'Content-Type': 'application/json' } });
  } catch (err) {
    showServingError(err);
    return;
  }
  showServingError(null);
  const rows = [];
  for (const section of doc.sections) {
    for (const [name, f] of Object.entries(section.rows)) {
      const value = el('span', figureText(f));
      value.dataset.name = name;
      if (f.value === null) value.title = f.why;
      rows.push([f.label || name, value, section.title, f.value === null ? f.why : (f.basis ?? '')]);
    }
  }
  fillTable($('serving-table'), rows);
  const r = doc.results;
  const parts = [];
  if (r.fleet_requests_per_day.value !== null) {
    parts.push(`${figureText(r.fleet_requests_per_day)} requests a day`);
  }
  parts.push(`${figureText(r.energy_facility_wh_per_request)} per request (facility)`);
  if (r.fleet_gpu_power_w.value !== null) {
    parts.push(`${figureText(r.fleet_gpu_power_w)} per GPU on average`);
  }
  $('serving-summary').textContent = parts.join('; ');
  const notes = [];
  for (const section of doc.sections) notes.push(...(section.notes ?? []));
  $('serving-notes').replaceChildren(...notes.map((n) => el('li', n)));
}
