// The claims view: the seed article's claims checked by the server (/api/check), each with its
// verdict, what the model computes, and why.
import { el, fillTable, figureText } from './format.js';

const $ = (id) => document.getElementById(id);

// The server's own text for both numbers (the CLI's formatter, in the claim's unit: "10.5
// (8.75-14) bn USD vs claimed 10 bn USD"); figureText read compound units digit by digit.
function computed(c) {
  const r = c.readings.find((x) => x.computed) ?? {};
  if (!r.computed) return r.missing ? `needs ${r.missing}` : '';
  return `${r.computed_text ?? figureText(r.computed)} vs claimed ${c.claimed.text}`;
}

function words(c) {
  const cell = el('div');
  cell.append(el('q', c.words));
  if (c.translation) cell.append(el('div', c.translation, 'translation'));
  return cell;
}

export async function showClaims(getJson) {
  const report = await getJson('api/check');
  $('claims').hidden = false;
  fillTable($('claims-table'), report.claims.map((c) =>
    [words(c), el('span', c.verdict, `verdict ${c.verdict}`), computed(c), c.explanation]));
  const counts = Object.entries(report.counts).map(([k, n]) => `${n} ${k}`).join(', ');
  $('claims-summary').textContent = `${report.title}: ${counts}`;
}
