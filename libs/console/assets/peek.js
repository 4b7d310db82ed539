// Opens a cited plant event or document revision beside the text that cites it, so a
// supervisor reads the source without losing their place. Links keep their href: a new
// tab, a middle click or "Open full page" still goes to the full view.
import { api, esc } from './api.js';
import { timeTag } from './format.js';
import { renderMarkdown } from './markdown.js';

let panel = null;
let returnFocus = null;

function ensurePanel() {
  if (panel) return panel;
  panel = document.createElement('aside');
  panel.id = 'peek';
  panel.setAttribute('role', 'complementary');
  panel.setAttribute('aria-labelledby', 'peek-h');
  panel.hidden = true;
  document.body.appendChild(panel);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !panel.hidden) closePeek();
  });
  return panel;
}

export function closePeek(restoreFocus = true) {
  if (!panel || panel.hidden) return;
  panel.hidden = true;
  panel.innerHTML = '';
  document.body.classList.remove('peeking');
  if (restoreFocus) returnFocus?.focus();
}

async function show(href) {
  const p = ensurePanel();
  p.hidden = false;
  document.body.classList.add('peeking');
  p.innerHTML = '<p class="muted">Loading…</p>';
  const record = /^#\/records\/(.+)$/.exec(href);
  const doc = /^#\/documents\/([^/]+)\/(.*)$/.exec(href);
  let body = '';
  try {
    if (record) {
      const r = await api(`/api/records/${record[1]}`);
      body = `<h2 id="peek-h">${esc(r.title)}</h2><dl><dt>Where</dt><dd>${esc(r.site)} / ${esc(r.line)}</dd><dt>When</dt><dd>${timeTag(r.occurredAt, r.site, { seconds: true })}</dd><dt>Source record</dt><dd>${esc(r.sourceRecordId ?? '')}</dd></dl><div class="prose">${renderMarkdown(r.text, { site: r.site })}</div>`;
    } else if (doc) {
      const rev = decodeURIComponent(doc[2]);
      const d = await api(`/api/documents/${doc[1]}${rev ? `?revision=${encodeURIComponent(rev)}` : ''}`);
      body = `<h2 id="peek-h">${esc(d.title)} <span class="badge">${esc(d.documentId)} rev ${esc(d.revision)}</span></h2><p><span class="badge ${d.effective ? 'ok' : 'failing'}">${esc(d.status)}${d.effective ? ', in force' : ''}</span></p><div class="prose">${renderMarkdown(d.text, { site: d.site, headingLevel: 3 })}</div>`;
    }
  } catch (err) {
    body = `<h2 id="peek-h">Source</h2><p class="error">${err.status === 404 ? 'This record is not in the operational index you can see (outside your sites, or not indexed yet).' : esc(err.message)}</p>`;
  }
  p.innerHTML = `<div class="peek-bar"><a href="${esc(href)}" id="peek-open">Open full page</a><button type="button" id="peek-close">Close</button></div>${body}`;
  p.querySelector('#peek-close').addEventListener('click', closePeek);
  p.querySelector('#peek-open').addEventListener('click', () => closePeek(false));
  p.querySelector('#peek-close').focus();
}

/** Citation and source links inside `root` open beside the text. */
export function enablePeek(root) {
  root.addEventListener('click', (e) => {
    const a = e.target.closest?.('sup.cite a, ol.sources a');
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    const href = a.getAttribute('href') ?? '';
    if (!/^#\/(records|documents)\//.test(href)) return;
    e.preventDefault();
    returnFocus = a;
    show(href);
  });
}
