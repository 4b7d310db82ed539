import { api, esc } from '../api.js';
import { barChart, lineChart } from './charts.js';

export async function renderReports(main) {
  const data = await optional('/api/reports/summary');
  if (!data) {
    main.innerHTML = '<h1>Reports</h1><div class="card">No production reports are available from this deployment yet.</div>';
    return;
  }
  main.innerHTML = `
    <h1>Production reports</h1>
    <div class="grid2">
      ${barChart('OEE by line', (data.oeeByLine ?? []).map((r) => ({ label: r.line, value: r.oee * 100 })), { unit: '%', max: 100 })}
      ${barChart('Downtime Pareto (minutes)', (data.downtimePareto ?? []).map((r) => ({ label: r.reason, value: r.minutes })), { unit: ' min' })}
    </div>
    ${lineChart('Scrap rate trend', (data.scrapTrend ?? []).map((r) => ({ label: r.bucket, value: r.scrapRate * 100 })), { unit: '%' })}
    <section class="card" aria-labelledby="handoffs-h"><h2 id="handoffs-h">Shift handoffs</h2>
      ${(data.handoffs ?? []).map((h) => `<article><h3>${esc(h.title)}</h3><pre>${esc(h.body)}</pre></article>`).join('') || '<p>No shift has ended yet.</p>'}
    </section>`;
}

export async function optional(path) {
  try {
    return await api(path);
  } catch (err) {
    if (err.status === 404) return null;
    throw err;
  }
}
