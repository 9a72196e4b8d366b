// The training-run view: a run of Llama 3 405B's size on the scenario's fleet, with failures,
// simulated by the server (/api/train): wall time over Monte Carlo replicas, a sampled timeline
// of interruptions, and (with /api/sweep) effective training time against the GPU count.
import { figureText } from './format.js';
import { histogram, timeline, lines } from './charts.js';

const $ = (id) => document.getElementById(id);

// Figures as the CLI prints them: p50 with p5-p95 as the range.
function summary(t) {
  const s = t.simulation;
  const wall = { ...s.wall_h, value: s.wall_h.value * 3600, low: s.wall_h.low * 3600,
                 high: s.wall_h.high * 3600, unit: 's' };
  return `${figureText({ value: t.count, low: t.count, high: t.count, unit: '' })} GPUs: ` +
    `wall time ${figureText(wall)}, effective training time ` +
    `${figureText(s.effective_training_time)}, ${figureText(s.interruptions)} interruptions, ` +
    `${s.replicas} replicas`;
}

async function showSweep(s, getJson) {
  const q = new URLSearchParams({ gpu: s.gpu, from: '1024', to: '1000000', points: '9' });
  if (s.site) q.set('site', s.site);
  const sweep = await getJson(`api/sweep?${q}`);
  const series = (key, label, scale = 1) => ({ label,
    points: sweep.rows.filter((r) => r.feasible).map((r) => ({ x: r.gpus, y: scale * key(r) })) });
  lines('chart-sweep', 'Effective training time against GPUs in one job', 'GPUs (log scale)',
        'effective training time %', [
          series((r) => r.effective_training_time.value, 'simulated p50', 100),
          series((r) => r.closed_form_goodput, 'closed form', 100)], { logX: true });
}

// The goodput family (gpufleet sweep --failure-rates ... --checkpoint-writes ...): effective
// training time against GPUs at the failure rates of Meta's two research clusters (RSC-2 2.34,
// RSC-1 6.5 per 1,000 node-days; Kokolis et al. 2024) and two checkpoint costs, simulated (solid)
// with the closed form (dashed) beside each series.
async function showGoodputFamily(s, getJson) {
  const q = new URLSearchParams({ gpu: s.gpu, from: '1024', to: '262144', points: '7',
                                  replicas: '40', failure_rates: '2.34,6.5',
                                  checkpoint_writes: '10s,5m' });
  if (s.site) q.set('site', s.site);
  const sweep = await getJson(`api/sweep?${q}`);
  const names = [...new Set(sweep.rows.map((r) => r.series))];
  const series = [];
  for (const name of names) {
    const rows = sweep.rows.filter((r) => r.series === name && r.feasible);
    series.push({ label: `${name}: simulated p50`,
                  points: rows.map((r) => ({ x: r.gpus, y: 100 * r.effective_training_time.value })) });
    series.push({ label: `${name}: closed form`, dash: true,
                  points: rows.map((r) => ({ x: r.gpus, y: 100 * r.closed_form_goodput })) });
  }
  lines('chart-goodput', 'Effective training time against GPUs, by failure rate and checkpoint write',
        'GPUs (log scale)', 'effective training time %', series, { logX: true, pairs: true });
  $('chart-goodput').dataset.series = String(names.length);
}

export async function showTraining(s, getJson, routes) {
  const body = { gpu: s.gpu, count: s.count ?? '16384', replicas: 200 };
  if (s.site) body.site = s.site;
  const t = await getJson('api/train', { method: 'POST', body: JSON.stringify(body),
                                         headers: { 'Content-Type': 'application/json' } });
  $('training').hidden = false;
  $('train-summary').textContent = summary(t);
  histogram('chart-histogram', `Wall time over ${t.simulation.replicas} replicas`, 'days',
            t.histogram.edges, t.histogram.counts);
  const tl = t.timeline;
  timeline('chart-timeline', `Interruptions in one sampled run (${tl.shown} of ${tl.total} shown)`,
           'days', tl.events, tl.duration);
  const sweepShown = routes.includes('/api/sweep');
  $('chart-sweep').parentElement.hidden = !sweepShown;
  const key = `${s.gpu}|${s.site ?? ''}`;  // the sweep depends on the GPU and site only
  if (sweepShown && $('chart-sweep').dataset.drawn !== key) {
    await showSweep(s, getJson);
    $('chart-sweep').dataset.drawn = key;
  }
  $('chart-goodput').parentElement.hidden = !sweepShown;
  if (sweepShown && $('chart-goodput').dataset.drawn !== key) {
    await showGoodputFamily(s, getJson);
    $('chart-goodput').dataset.drawn = key;
  }
}
