import { api, esc } from '../api.js';
import { barChart } from './charts.js';
import { optional } from './reports.js';

export async function renderRoi(main) {
  const data = await optional('/api/roi');
  if (!data) {
    main.innerHTML =
      '<h1>ROI</h1><div class="card">ROI figures are not available from this deployment yet.</div>';
    return;
  }
  main.innerHTML = `
    <h1>ROI</h1>
    <div class="grid2">
      ${barChart(
        'Hours saved per use case (vs manual baseline)',
        (data.hoursSaved ?? []).map((r) => ({ label: r.useCase, value: r.hours })),
        { unit: 'h', axisLabel: 'hours saved' },
      )}
      ${barChart(
        'LLM tokens by use case',
        (data.tokens ?? []).map((r) => ({ label: r.useCase, value: r.tokens })),
        { unit: 'tokens', axisLabel: 'LLM tokens' },
      )}
    </div>
    <div class="card"><dl>
      <dt>Median time to decision</dt><dd>${esc(data.timeToDecisionMinutes ?? 'n/a')} min</dd>
      <dt>Actions executed</dt><dd>${esc(data.executed ?? 0)}</dd>
      <dt>LLM cost</dt><dd>$${esc(data.costUsd ?? 0)}</dd>
    </dl><p class="muted">${esc(data.method ?? '')}</p></div>
    <div class="card"><h2>What people did with the proposals</h2>
      <p class="muted">Per action type, from the decisions in the ledger. Acceptance = approved / (approved + rejected by a person); rejections because no policy rule matched, expiries and automatic approvals are not human decisions.</p>
      <div class="table-scroll"><table aria-label="Proposed actions and their outcomes by action type">
        <thead><tr><th scope="col">Action type</th><th scope="col">Proposed</th><th scope="col">Approved</th><th scope="col">Rejected</th><th scope="col">No rule</th><th scope="col">Expired</th><th scope="col">Auto</th><th scope="col">Open</th><th scope="col">Acceptance</th></tr></thead>
        <tbody>${(data.outcomes ?? []).map((r) => `<tr><td>${esc(r.actionType)}</td><td>${esc(r.proposed)}</td><td>${esc(r.approved)}</td><td>${esc(r.rejected)}</td><td>${esc(r.rejectedByPolicy)}</td><td>${esc(r.expired)}</td><td>${esc(r.autoApproved)}</td><td>${esc(r.open)}</td><td>${r.acceptanceRate === null ? 'n/a' : `${esc(Math.round(r.acceptanceRate * 100))} %`}</td></tr>`).join('') || '<tr><td colspan="9">No proposals yet.</td></tr>'}</tbody>
      </table></div></div>
    <div class="card"><h2>From plant event to output</h2>
      <p class="muted">Minutes from the plant event's own time (occurred_at) to the agent's output; events replayed from history (the simulated plant's start-up replay, a backfill) count their age at replay.</p>
      <table aria-label="Median minutes from the triggering plant event to each output">
        <thead><tr><th scope="col">Output</th><th scope="col">Outputs</th><th scope="col">Median minutes</th></tr></thead>
        <tbody>${(data.timeToOutput ?? []).map((r) => `<tr><td>${esc(r.output)}</td><td>${esc(r.outputs)}</td><td>${esc(r.medianMinutes)}</td></tr>`).join('') || '<tr><td colspan="3">No timed outputs yet.</td></tr>'}</tbody>
      </table></div>
    <div class="card" id="reliability"><h2>Outcomes this week (from plant data)</h2><p class="muted">Loading…</p></div>`;
  await renderReliability(main.querySelector('#reliability'));
}

/**
 * MTTR, MTBF and NCR (deviation) cycle time come from plant events, not from the ledger:
 * asked through the same validated read-only plant query the supervisors use, with the
 * query shown. A caller without a quality role sees NCR cycle time refused, with the reason.
 */
async function renderReliability(card) {
  const questions = ['MTTR this week by line', 'MTBF this week by line', 'NCR cycle time this week by line'];
  const answers = await Promise.all(
    questions.map((question) =>
      api('/api/plant-query', { method: 'POST', body: { question } }).catch((err) => ({
        error: err.message,
      })),
    ),
  );
  card.innerHTML = `<h2>Outcomes this week (from plant data)</h2>${answers
    .map((res, i) =>
      res.error
        ? `<p class="error">${esc(questions[i])}: ${esc(res.error)}</p>`
        : `<h3>${esc(questions[i])}</h3><p>${esc(res.answer ?? res.unansweredReason ?? '')}</p>${res.query ? `<details><summary>Query</summary><pre>${esc(JSON.stringify(res.query, null, 2))}</pre></details>` : ''}`,
    )
    .join('')}`;
}
