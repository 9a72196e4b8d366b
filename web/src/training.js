// The training-run view: a run of Llama 3 405B's size on the scenario's fleet, with failures,
// simulated by the server (/api/train): wall time over Monte Carlo replicas, a sampled timeline
// of interruptions, and (with /api/sweep) effective training time against the GPU count.
import { num } from './format.js';
import { histogram, timeline, lines } from './charts.js';

const $ = (id) => document.getElementById(id);

function pct(s) {
  return `${(100 * s.p50).toFixed(1)}% (${(100 * s.p5).toFixed(1)}–${(100 * s.p95).toFixed(1)})`;
}

function summary(t) {
  const s = t.simulation;
  const days = (h) => num(h / 24);
  return `${num(t.count)} GPUs: wall time ${days(s.wall_h.p50)} d (p5–p95 ${days(s.wall_h.p5)}–` +
    `${days(s.wall_h.p95)}), effective training time ${pct(s.effective_training_time)}, ` +
    `${num(s.interruptions.p50)} interruptions, ${s.replicas} replicas`;
}

async function showSweep(s, getJson) {
  const q = new URLSearchParams({ gpu: s.gpu, from: '1024', to: '1000000', points: '9' });
  if (s.site) q.set('site', s.site);
  const sweep = await getJson(`api/sweep?${q}`);
  const series = (key, label, scale = 1) => ({ label,
    points: sweep.rows.filter((r) => r.feasible).map((r) => ({ x: r.gpus, y: scale * key(r) })) });
  lines('chart-sweep', 'Effective training time against GPUs in one job', 'GPUs (log scale)',
        'effective training time %', [
          series((r) => r.effective_training_time.p50, 'simulated p50', 100),
          series((r) => r.closed_form_goodput, 'closed form', 100)], { logX: true });
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
}
