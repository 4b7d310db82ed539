import { api, esc } from '../api.js';
import { timeTag } from '../format.js';

export async function renderLedger(main, subjectId) {
  const q = new URLSearchParams({ limit: '200' });
  if (subjectId) q.set('subjectId', subjectId);
  const data = await api(`/api/ledger/entries?${q}`);
  const entries = Array.isArray(data) ? data : (data.entries ?? []);
  main.innerHTML = `
    <h1>${subjectId ? `Timeline of ${esc(subjectId)}` : 'Ledger'}</h1>
    <div class="card">
      <button class="primary" id="verify">Verify ledger</button>
      <span id="verify-result" role="status" aria-live="polite"></span>
    </div>
    <section class="card" aria-label="Entries">
      <ol class="timeline">${entries.map((e) => `<li><span class="badge">${esc(e.kind)}</span> seq ${esc(e.seq)} — ${esc(e.subjectId)} — ${timeTag(e.recordedAt, e.site, { seconds: true })}<br><code class="muted">${esc(String(e.hash).slice(0, 16))}…</code></li>`).join('') || '<li>No entries.</li>'}</ol>
    </section>`;
  main.querySelector('#verify').addEventListener('click', async () => {
    const out = main.querySelector('#verify-result');
    out.textContent = 'Verifying…';
    const res = await api('/api/ledger/verify', { method: 'POST', body: {} });
    out.innerHTML = res.ok
      ? `<span class="badge ok" id="verify-ok">Chain valid — ${esc(res.checked ?? res.entries)} entries</span>`
      : `<span class="badge failing" id="verify-bad">Broken at seq ${esc(res.firstBadSeq)}: ${esc(res.reason)}</span>`;
  });
}
