import { api, esc } from '../api.js';
import { plural, timeTag } from '../format.js';
import { stateBadges } from './action.js';
import { flaggedInputBadge } from './flag.js';

const STATES = [
  ['pending', 'pending (awaiting signatures)'],
  ['approved', 'approved'],
  ['executed', 'executed in the MES'],
  ['rejected', 'rejected'],
  ['expired', 'expired'],
  ['all', 'all'],
];
const RISKS = ['', 'informational', 'decision_support', 'workflow_initiation', 'transaction_execution'];

let current = { state: 'pending', site: '', risk: '' };

export async function renderQueue(main, filters = current) {
  current = filters;
  const q = new URLSearchParams();
  if (filters.state && filters.state !== 'all') q.set('state', filters.state);
  if (filters.site) q.set('site', filters.site);
  if (filters.risk) q.set('risk', filters.risk);
  const data = await api(`/api/actions?${q}`);
  const actions = Array.isArray(data) ? data : (data.actions ?? []);
  const focused = document.activeElement?.id;
  main.innerHTML = `
    <h1>Approval queue</h1>
    <form class="card filters" id="filters" aria-label="Filter actions">
      <div><label for="f-state">State</label><select id="f-state" name="state">${STATES.map(([v, l]) => `<option value="${v}" ${v === filters.state ? 'selected' : ''}>${esc(l)}</option>`).join('')}</select></div>
      <div><label for="f-site">Site</label><input id="f-site" name="site" value="${esc(filters.site)}" placeholder="any of mine"></div>
      <div><label for="f-risk">Risk class</label><select id="f-risk" name="risk">${RISKS.map((r) => `<option value="${r}" ${r === filters.risk ? 'selected' : ''}>${r ? r.replace(/_/g, ' ') : 'any'}</option>`).join('')}</select></div>
      <div><label for="f-apply" class="sr-only">Apply filters</label><button type="submit" id="f-apply">Apply</button></div>
    </form>
    <div class="card table-scroll">
      <table id="queue">
        <caption class="muted"><span id="queue-count">${esc(plural(actions.length, 'action'))}</span> — updates live <span id="live-status" class="badge" aria-live="polite"></span></caption>
        <thead><tr><th scope="col">Action</th><th scope="col">Risk</th><th scope="col">State</th><th scope="col">Where</th><th scope="col">Expires</th><th scope="col">Proposed by</th></tr></thead>
        <tbody>${actions.map(row).join('') || '<tr><td colspan="6">Nothing to review.</td></tr>'}</tbody>
      </table>
    </div>`;
  main.querySelector('#filters').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    renderQueue(main, { state: f.get('state'), site: f.get('site'), risk: f.get('risk') });
  });
  if (focused && main.querySelector(`#${CSS.escape(focused)}`))
    main.querySelector(`#${CSS.escape(focused)}`).focus({ preventScroll: true });
}

function row(a) {
  const id = a.actionId ?? a.id;
  const loc = a.location ?? {};
  return `<tr data-action-id="${esc(id)}">
    <td><a href="#/actions/${encodeURIComponent(id)}">${esc(a.title || a.actionType)}</a>${flaggedInputBadge(a.generation)}<br><span class="muted">${esc(a.actionType)}</span></td>
    <td><span class="badge ${esc(a.riskClass)}">${esc(String(a.riskClass).replace(/_/g, ' '))}</span></td>
    <td>${stateBadges(a)}${a.awaiting ? `<br><span class="muted">${esc(a.awaiting)}</span>` : ''}</td>
    <td>${esc(loc.site)} / ${esc(loc.line)}</td>
    <td>${timeTag(a.expiresAt, loc.site)}</td>
    <td>${esc(a.proposedBy)}</td>
  </tr>`;
}
