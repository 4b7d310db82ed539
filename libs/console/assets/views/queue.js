import { api, esc } from '../api.js';

const STATES = ['pending', 'approved', 'rejected', 'expired', 'executed', 'all'];
const RISKS = ['', 'informational', 'decision_support', 'workflow_initiation', 'transaction_execution'];

export async function renderQueue(main, filters = { state: 'pending', site: '', risk: '' }) {
  const q = new URLSearchParams();
  if (filters.state && filters.state !== 'all') q.set('state', filters.state);
  if (filters.site) q.set('site', filters.site);
  if (filters.risk) q.set('risk', filters.risk);
  const data = await api(`/api/actions?${q}`);
  const actions = Array.isArray(data) ? data : data.actions ?? [];
  main.innerHTML = `
    <h1>Approval queue</h1>
    <form class="card filters" id="filters" aria-label="Filter actions">
      <div><label for="f-state">State</label><select id="f-state" name="state">${STATES.map((s) => `<option ${s === filters.state ? 'selected' : ''}>${s}</option>`).join('')}</select></div>
      <div><label for="f-site">Site</label><input id="f-site" name="site" value="${esc(filters.site)}" placeholder="any of mine"></div>
      <div><label for="f-risk">Risk class</label><select id="f-risk" name="risk">${RISKS.map((r) => `<option value="${r}" ${r === filters.risk ? 'selected' : ''}>${r || 'any'}</option>`).join('')}</select></div>
      <div><label>&nbsp;</label><button type="submit">Apply</button></div>
    </form>
    <div class="card">
      <table>
        <caption class="muted">${actions.length} action(s)</caption>
        <thead><tr><th scope="col">Action</th><th scope="col">Risk</th><th scope="col">State</th><th scope="col">Where</th><th scope="col">Expires</th><th scope="col">Proposed by</th></tr></thead>
        <tbody>${actions.map(row).join('') || '<tr><td colspan="6">Nothing to review.</td></tr>'}</tbody>
      </table>
    </div>`;
  main.querySelector('#filters').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    renderQueue(main, { state: f.get('state'), site: f.get('site'), risk: f.get('risk') });
  });
}

function row(a) {
  const id = a.actionId ?? a.id;
  const loc = a.location ?? {};
  return `<tr>
    <td><a href="#/actions/${encodeURIComponent(id)}">${esc(a.title ?? a.actionType)}</a><br><span class="muted">${esc(id)}</span></td>
    <td><span class="badge ${esc(a.riskClass)}">${esc(a.riskClass)}</span></td>
    <td><span class="badge ${esc(a.state)}">${esc(a.state)}</span>${a.awaiting ? `<br><span class="muted">${esc(a.awaiting)}</span>` : ''}</td>
    <td>${esc(loc.site)} / ${esc(loc.line)}</td>
    <td>${esc(a.expiresAt ? new Date(a.expiresAt).toLocaleString() : '')}</td>
    <td>${esc(a.proposedBy)}</td>
  </tr>`;
}
