import { esc } from '../api.js';
import { timeTag } from '../format.js';
import { renderMarkdown } from '../markdown.js';

// The MES call as a reviewer reads it: each payload field labelled, long texts rendered,
// times in the site's zone; the exact bytes the write-back adapter sends one click away.
const LABELS = {
  actionId: 'Action id',
  site: 'Site',
  line: 'Line',
  lotId: 'Lot',
  lotIds: 'Lots',
  shiftId: 'Shift',
  shiftCode: 'Shift code',
  from: 'From',
  to: 'To',
  title: 'Title',
  summary: 'Summary',
  body: 'Body',
  reason: 'Reason',
  machineId: 'Machine',
  workOrderId: 'Work order',
  priority: 'Priority',
  ncrId: 'NCR',
};
const LONG_TEXT = new Set(['body', 'summary', 'description', 'notes', 'text', 'bodyMarkdown']);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export function mesForm(mesCall, { site, actionType, cite }) {
  const ctx = { site, cite };
  if (!mesCall) return `<p>No MES call: this is ${esc(actionType)} for information only.</p>`;
  const raw = mesCall.payloadJson ?? '';
  let payload = null;
  try {
    payload = raw ? JSON.parse(raw) : null;
  } catch {
    payload = null;
  }
  const bytes = new TextEncoder().encode(raw).length;
  return `<p><span class="badge">${esc(mesCall.method)}</span> <code>${esc(mesCall.path)}</code></p>
    ${payload && typeof payload === 'object' ? `<dl class="mes-form" id="mes-form">${fields(payload, ctx)}</dl>` : '<p class="error">The payload is not a JSON object; check the exact bytes.</p>'}
    <details id="mes-bytes"><summary>Exact bytes sent to the MES (${bytes} bytes, UTF-8 JSON)</summary><pre>${esc(raw)}</pre></details>`;
}

function fields(obj, ctx) {
  return Object.entries(obj)
    .map(([k, v]) => `<dt>${esc(LABELS[k] ?? humanise(k))}</dt><dd>${value(k, v, ctx)}</dd>`)
    .join('');
}

/** One line of text: citations and bold rendered like the rest of the page, the rest escaped. */
function text(v, ctx) {
  const s = String(v);
  return /\[S\d|\*\*/.test(s)
    ? renderMarkdown(s, { site: ctx.site, cite: ctx.cite }).replace(/^<p>|<\/p>$/g, '')
    : esc(s);
}

function value(key, v, ctx) {
  if (v === null || v === undefined || v === '') return '<span class="muted">—</span>';
  if (typeof v === 'string' && ISO.test(v)) return timeTag(v, ctx.site, { seconds: false });
  if (typeof v === 'string' && (LONG_TEXT.has(key) || v.includes('\n')))
    return `<div class="prose">${renderMarkdown(v, { site: ctx.site, cite: ctx.cite, headingLevel: 4 })}</div>`;
  if (Array.isArray(v))
    return v.length
      ? `<ul>${v.map((x) => `<li>${typeof x === 'object' && x !== null ? `<dl>${fields(x, ctx)}</dl>` : text(x, ctx)}</li>`).join('')}</ul>`
      : '<span class="muted">none</span>';
  if (typeof v === 'object') return `<dl>${fields(v, ctx)}</dl>`;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return text(v, ctx);
}

function humanise(key) {
  const words = String(key)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
