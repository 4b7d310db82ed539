import { api, esc } from '../api.js';
import { plural, timeTag } from '../format.js';
import { evidenceHref, renderMarkdown } from '../markdown.js';
import { flaggedInputBanner } from './flag.js';

// What the agents concluded, by use case, read from the ledger (the record every
// recommendation is written to), so each use case has one place to be seen.
export const USE_CASES = [
  {
    kind: 'RECOMMENDATION_KIND_ROOT_CAUSE',
    id: 'root-cause',
    name: 'Root-cause analyses',
    trigger: 'scrap or downtime spike',
  },
  {
    kind: 'RECOMMENDATION_KIND_PROCEDURE_DEVIATION',
    id: 'compliance',
    name: 'Compliance deviations',
    trigger: 'procedure step skipped or out of order',
  },
  {
    kind: 'RECOMMENDATION_KIND_MAINTENANCE_PROPOSAL',
    id: 'maintenance',
    name: 'Maintenance proposals',
    trigger: 'alarm burst',
  },
  {
    kind: 'RECOMMENDATION_KIND_NCR_TRIAGE',
    id: 'ncr',
    name: 'NCR triage',
    trigger: 'nonconformance with lot genealogy',
  },
  {
    kind: 'RECOMMENDATION_KIND_SCHEDULE_RISK',
    id: 'schedule',
    name: 'Schedule risk',
    trigger: 'material shortage against a due date',
  },
  { kind: 'RECOMMENDATION_KIND_SHIFT_HANDOFF', id: 'handoff', name: 'Shift handoffs', trigger: 'shift end' },
  {
    kind: 'RECOMMENDATION_KIND_PRODUCTION_REPORT',
    id: 'report',
    name: 'Production reports',
    trigger: 'shift end',
  },
];

export async function renderInsights(main, { useCase = '' } = {}) {
  const data = await api('/api/ledger/entries?kind=recommendation&order=desc&limit=500');
  const recs = (data.entries ?? [])
    .map((e) => ({ ...e.payload?.message, seq: e.seq }))
    .filter((m) => m && m.kind);
  const counts = new Map(USE_CASES.map((u) => [u.kind, 0]));
  for (const r of recs) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  const chosen = USE_CASES.find((u) => u.id === useCase);
  const shown = recs.filter((r) => !chosen || r.kind === chosen.kind).slice(0, 40);
  main.innerHTML = `
    <h1>Insights</h1>
    <nav class="card use-cases" aria-label="Use cases">
      <ul>${USE_CASES.map((u) => `<li><a href="#/insights/${u.id}" data-use-case="${u.id}" data-count="${counts.get(u.kind) ?? 0}" ${chosen === u ? 'aria-current="true"' : ''}><strong>${esc(u.name)}</strong> <span class="badge">${counts.get(u.kind) ?? 0}</span><br><span class="muted">from: ${esc(u.trigger)}</span></a></li>`).join('')}</ul>
      ${chosen ? '<p><a href="#/insights">Show every use case</a></p>' : ''}
    </nav>
    <p class="muted">${esc(plural(shown.length, 'output'))}${chosen ? ` of ${esc(chosen.name.toLowerCase())}` : ''}, newest first.</p>
    ${shown.map(card).join('') || '<div class="card">Nothing yet.</div>'}`;
}

function card(r) {
  const site = r.location?.site;
  const citations = r.citations ?? [];
  const cite = (n) =>
    citations[n]
      ? { href: evidenceHref(citations[n]), label: citations[n].excerpt || citations[n].id }
      : null;
  const useCase = USE_CASES.find((u) => u.kind === r.kind);
  return `<article class="card insight" data-kind="${esc(useCase?.id ?? r.kind)}" aria-labelledby="r-${esc(r.recommendationId)}">
    <h2 id="r-${esc(r.recommendationId)}">${esc(r.title)}</h2>
    <p class="muted"><span class="badge">${esc(useCase?.name ?? r.kind)}</span> ${esc(site)} / ${esc(r.location?.line)} — ${timeTag(r.createdAt, site)}${r.triggerOccurredAt ? `; triggered by a plant event at ${timeTag(r.triggerOccurredAt, site)}` : ''}</p>
    ${flaggedInputBanner(r.generation, 'recommendation')}
    ${(r.generation?.modelWrittenFields ?? []).includes('body_markdown') ? '<p class="muted model-written">The summary in this text was written by a model (checked, not approved); steps are the cited procedures\' own.</p>' : ''}
    <div class="prose">${renderMarkdown(r.bodyMarkdown, { site, cite, headingLevel: 3 })}</div>
    <details><summary>Sources (${citations.length})</summary><ol class="sources">${citations.map((c) => `<li><a href="${esc(evidenceHref(c))}">${esc(c.excerpt || c.id)}</a></li>`).join('')}</ol></details>
    ${(r.relatedActionIds ?? []).map((id) => `<p><a href="#/actions/${encodeURIComponent(id)}">Proposed action: review and sign</a></p>`).join('')}
  </article>`;
}
