import { esc } from '../api.js';
import { barChart } from './charts.js';
import { optional } from './reports.js';

export async function renderRoi(main) {
  const data = await optional('/api/roi');
  if (!data) {
    main.innerHTML = '<h1>ROI</h1><div class="card">ROI figures are not available from this deployment yet.</div>';
    return;
  }
  main.innerHTML = `
    <h1>ROI</h1>
    <div class="grid2">
      ${barChart('Hours saved per use case (vs manual baseline)', (data.hoursSaved ?? []).map((r) => ({ label: r.useCase, value: r.hours })), { unit: ' h' })}
      ${barChart('LLM tokens by use case', (data.tokens ?? []).map((r) => ({ label: r.useCase, value: r.tokens })))}
    </div>
    <div class="card"><dl>
      <dt>Median time to decision</dt><dd>${esc(data.timeToDecisionMinutes ?? 'n/a')} min</dd>
      <dt>Actions executed</dt><dd>${esc(data.executed ?? 0)}</dd>
      <dt>LLM cost</dt><dd>$${esc(data.costUsd ?? 0)}</dd>
    </dl><p class="muted">${esc(data.method ?? '')}</p></div>`;
}
