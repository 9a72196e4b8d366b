// Chart.js charts of the dashboard. Every chart is created once and updated in place, so a new
// scenario redraws it; `window.gpufleet.draws` counts redraws (the browser test reads it).
/* global Chart */
import { num, figureText } from './format.js';

const charts = new Map();
window.gpufleet = { draws: 0 };
const palette = ['#1f6feb', '#d97706', '#059669', '#b91c1c', '#7c3aed', '#0891b2'];

Chart.defaults.animation = false;
Chart.defaults.font.family = 'system-ui, sans-serif';
Chart.defaults.plugins.legend.labels.boxWidth = 12;

function upsert(id, config) {
  const old = charts.get(id);
  if (old) {
    old.data = config.data;
    old.options = config.options;
    old.update();
  } else {
    charts.set(id, new Chart(document.getElementById(id), config));
  }
  window.gpufleet.draws++;
}

function title(text) {
  return { display: true, text, font: { size: 14, weight: 'bold' } };
}

// Bars for the central values plus floating bars for the ranges ([low, high]).
export function rangeBars(id, heading, unit, items, { log = false } = {}) {
  // An unknown part (null with why) keeps its row, saying so: no bar read as if the known parts
  // were the whole.
  const labels = items.map((p) => (p.value === null ? [p.label, `n/a: ${p.why}`] : p.label));
  const datasets = [
    { label: 'range', data: items.map((p) => [p.low, p.high]), backgroundColor: '#93c5fd88',
      borderColor: '#1f6feb', borderWidth: 1, grouped: false, order: 2 },
    { label: 'value', data: items.map((p) => p.value), backgroundColor: palette.slice(0, items.length),
      grouped: false, barPercentage: 0.35, order: 1 },
  ];
  const decade = (v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;
  // A linear chart's `unit` is a figure unit ("kWh", "kg CO2e", "L", "USD"): every tick and
  // tooltip reads as the CLI prints the figure ("500 GWh", "1.22 Mt CO2e"), so no axis title.
  const text = (v) => figureText({ value: v, low: v, high: v, unit });
  // No known part (water with no site): no axis either (it drew 0 L..1 L in mL ticks).
  const valueAxis = { display: items.some((p) => p.value !== null),
                      title: { display: log, text: unit }, type: log ? 'logarithmic' : 'linear',
                      beginAtZero: !log,
                      ticks: { callback: (v) => (log ? (decade(v) ? num(v) : '') : text(v)) } };
  const tooltip = { callbacks: { label: (ctx) => {
    const p = items[ctx.dataIndex];
    return log ? `${num(p.value)} (${num(p.low)}–${num(p.high)})` : figureText({ ...p, unit });
  } } };
  upsert(id, { type: 'bar', data: { labels, datasets },
    options: { indexAxis: 'y', responsive: true, maintainAspectRatio: false,
      plugins: { title: title(heading), legend: { display: false }, tooltip },
      scales: { x: valueAxis, y: { ticks: { autoSkip: false } } } } });
}

// A histogram from bin edges and counts.
export function histogram(id, heading, unit, edges, counts) {
  const labels = counts.map((_, i) => `${edges[i].toPrecision(3)}–${edges[i + 1].toPrecision(3)}`);
  upsert(id, { type: 'bar', data: { labels, datasets: [{ label: 'replicas', data: counts,
      backgroundColor: palette[0], barPercentage: 1, categoryPercentage: 1 }] },
    options: { responsive: true, maintainAspectRatio: false,
      plugins: { title: title(heading), legend: { display: false } },
      scales: { x: { title: { display: true, text: unit } },
                y: { title: { display: true, text: 'replicas' }, ticks: { precision: 0 } } } } });
}

// Lines over a numeric x axis: series = [{label, points: [{x, y}]}].
// With `pairs`, series 2k and 2k+1 share a colour (a simulation and its closed form); a series
// with `dash` is drawn dashed.
export function lines(id, heading, xTitle, yTitle, series, { logX = false, pairs = false } = {}) {
  const colour = (i) => palette[(pairs ? Math.floor(i / 2) : i) % palette.length];
  const datasets = series.map((s, i) => ({ label: s.label, data: s.points, borderColor: colour(i),
    backgroundColor: colour(i), showLine: true, fill: s.fill ?? false,
    borderDash: s.dash ? [6, 4] : [] }));
  upsert(id, { type: 'scatter', data: { datasets },
    options: { responsive: true, maintainAspectRatio: false, plugins: { title: title(heading) },
      scales: { x: { type: logX ? 'logarithmic' : 'linear', title: { display: true, text: xTitle },
                     ticks: { callback: (v) => num(v) } },
                y: { title: { display: true, text: yTitle }, ticks: { callback: (v) => num(v) } } } } });
}

// Events on a time axis, one row per category: events = [{t, category}].
export function timeline(id, heading, unit, events, duration) {
  const categories = [...new Set(events.map((e) => e.category))].sort();
  const datasets = categories.map((c, i) => ({ label: c, pointStyle: 'rectRot', pointRadius: 4,
    backgroundColor: palette[i % palette.length],
    data: events.filter((e) => e.category === c).map((e) => ({ x: e.t, y: i })) }));
  upsert(id, { type: 'scatter', data: { datasets },
    options: { responsive: true, maintainAspectRatio: false, plugins: { title: title(heading) },
      scales: { x: { min: 0, max: duration, title: { display: true, text: unit } },
                y: { min: -0.5, max: categories.length - 0.5,
                     ticks: { stepSize: 1, callback: (v) => categories[v] ?? '' } } } } });
}
