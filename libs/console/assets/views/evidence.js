import { api, esc } from '../api.js';
import { timeTag } from '../format.js';
import { renderMarkdown } from '../markdown.js';

/** The exact document revision an action cites, with its status and the other revisions. */
export async function renderDocument(main, id, revision) {
  const doc = await api(
    `/api/documents/${encodeURIComponent(id)}${revision ? `?revision=${encodeURIComponent(revision)}` : ''}`,
  );
  main.innerHTML = `
    <p><a href="javascript:history.back()">&larr; Back</a></p>
    <h1>${esc(doc.title)} <span class="badge">${esc(doc.documentId)} rev ${esc(doc.revision)}</span></h1>
    <div class="card"><dl>
      <dt>Status</dt><dd><span class="badge ${doc.effective ? 'ok' : 'failing'}">${esc(doc.status)}${doc.effective ? ', in force' : ''}</span></dd>
      <dt>Effective</dt><dd>${esc(doc.effectiveFrom)} — ${esc(doc.effectiveTo ?? 'open')}</dd>
      <dt>Scope</dt><dd>${esc(doc.site || 'all sites')} / ${esc(doc.line || 'all lines')} ${doc.product ? `/ ${esc(doc.product)}` : ''}</dd>
      <dt>Owner</dt><dd>${esc(doc.owner)}</dd>
      <dt>Revisions</dt><dd>${(doc.revisions ?? []).map((r) => `<a href="#/documents/${encodeURIComponent(doc.documentId)}/${encodeURIComponent(r.revision)}">rev ${esc(r.revision)}</a>`).join(' · ')}</dd>
    </dl></div>
    <article class="card prose">${renderMarkdown(doc.text, { site: doc.site, headingLevel: 2 })}</article>`;
}

/** The operational record an action cites (a plant event the retrieval service indexed). */
export async function renderRecord(main, id) {
  let record = null;
  try {
    record = await api(`/api/records/${encodeURIComponent(id)}`);
  } catch (err) {
    if (err.status !== 404) throw err;
  }
  main.innerHTML = `
    <p><a href="javascript:history.back()">&larr; Back</a></p>
    <h1>Record ${esc(id)}</h1>
    ${
      record
        ? `<div class="card"><dl><dt>What</dt><dd>${esc(record.title)}</dd><dt>Where</dt><dd>${esc(record.site)} / ${esc(record.line)}</dd><dt>When</dt><dd>${timeTag(record.occurredAt, record.site, { seconds: true })}</dd><dt>Source record</dt><dd>${esc(record.sourceRecordId ?? record.owner ?? '')}</dd></dl></div><article class="card prose">${renderMarkdown(record.text, { site: record.site })}</article>`
        : '<div class="card">This record is not in the operational index you can see (it may be outside your sites or not indexed yet).</div>'
    }`;
}
