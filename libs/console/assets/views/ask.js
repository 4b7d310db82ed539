import { api, esc } from '../api.js';
import { renderMarkdown } from '../markdown.js';
import { flaggedInputBanner } from './flag.js';

const docHref = (c) => `#/documents/${encodeURIComponent(c.documentId)}/${encodeURIComponent(c.revision)}`;

/** Two ways to ask: procedures (approved documents, cited) and plant data (validated read-only queries). */
export async function renderAsk(main) {
  main.innerHTML = `
    <h1>Ask</h1>
    <div class="grid2">
      <form class="card" id="ask-form" aria-labelledby="ask-h">
        <h2 id="ask-h">Procedures</h2>
        <label for="question">Question about approved procedures</label>
        <input id="question" name="question" required placeholder="How do I clear a jam on press 2?">
        <button class="primary" type="submit">Ask procedures</button>
      </form>
      <form class="card" id="plant-form" aria-labelledby="plant-h">
        <h2 id="plant-h">Plant data</h2>
        <label for="plant-question">Question about production data</label>
        <input id="plant-question" name="question" required placeholder="How much downtime did line 3 have last night, and why?">
        <button class="primary" type="submit">Ask plant data</button>
      </form>
    </div>
    <section class="card" id="answer" aria-live="polite"></section>`;
  const out = main.querySelector('#answer');
  main.querySelector('#ask-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    out.textContent = 'Searching approved procedures…';
    try {
      const res = await api('/api/ask', {
        method: 'POST',
        body: { question: new FormData(e.target).get('question') },
      });
      const citations = res.citations ?? [];
      // [S1] in the answer is the citation labelled S1: a link to that document revision in the console.
      const cite = (n) => {
        const c = citations.find((x) => x.label === `S${n}`);
        return c
          ? {
              href: docHref(c),
              label: `${c.documentId} rev ${c.revision}${c.section ? `, ${c.section}` : ''}`,
            }
          : null;
      };
      out.innerHTML = `<h2 id="answer-h">Answer</h2>${flaggedInputBanner(res.generation, 'answer', 'answer-flagged')}<div class="prose" id="answer-text">${res.answered ? renderMarkdown(res.answer, { cite, headingLevel: 3, offset: 0 }) : `<p>${esc(res.answer ?? res.unansweredReason)}</p>`}</div>
        ${citations.length ? `<h3>Sources</h3><ol class="sources">${citations.map((c) => `<li value="${esc(String(c.label).replace(/^S/, ''))}"><a href="${esc(docHref(c))}">${esc(c.documentId)} rev ${esc(c.revision)}</a> — ${esc(c.title ?? '')}${c.section ? ` › ${esc(c.section.split(' > ').pop())}` : ''}</li>`).join('')}</ol>` : ''}`;
    } catch (err) {
      out.innerHTML = `<p class="error">${esc(err.message)}</p>`;
    }
  });
  main.querySelector('#plant-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    out.textContent = 'Querying plant data…';
    try {
      const res = await api('/api/plant-query', {
        method: 'POST',
        body: { question: new FormData(e.target).get('question') },
      });
      const rows = res.rows ?? [];
      const cols = rows.length ? Object.keys(rows[0]) : [];
      const via =
        res.translation === 'llm'
          ? 'the model (its query validated before it ran)'
          : 'the deterministic parser';
      out.innerHTML = `<p>${esc(res.answer)}</p>
        <p><small>Question translated by ${via}${res.translationFallback ? ` (model not used: ${esc(res.translationFallback)})` : ''}.</small></p>
        ${rows.length ? `<table><thead><tr>${cols.map((c) => `<th scope="col">${esc(c)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${cols.map((c) => `<td>${esc(typeof r[c] === 'object' ? JSON.stringify(r[c]) : r[c])}</td>`).join('')}</tr>`).join('')}</tbody></table>` : ''}
        ${res.query ? `<details><summary>Query that produced these numbers</summary><pre>${esc(JSON.stringify(res.query, null, 2))}</pre></details>` : ''}
        ${(res.records ?? []).length ? `<details><summary>${esc(res.records.length)} underlying record(s)</summary><pre>${esc(JSON.stringify(res.records.slice(0, 50), null, 2))}</pre></details>` : ''}`;
    } catch (err) {
      out.innerHTML = `<p class="error">${esc(err.message)}</p>`;
    }
  });
}
