import { api, esc } from '../api.js';

export async function renderAsk(main) {
  main.innerHTML = `
    <h1>Ask</h1>
    <form class="card" id="ask-form">
      <label for="question">Question about procedures or plant data</label>
      <input id="question" name="question" required placeholder="How do I clear a jam on press 2?">
      <button class="primary" type="submit">Ask</button>
    </form>
    <section class="card" id="answer" aria-live="polite"></section>`;
  main.querySelector('#ask-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const out = main.querySelector('#answer');
    out.textContent = 'Searching approved procedures…';
    try {
      const res = await api('/api/ask', { method: 'POST', body: { question: new FormData(e.target).get('question') } });
      out.innerHTML = `<p>${esc(res.answer)}</p><h2>Sources</h2><ol>${(res.citations ?? []).map((c) => `<li>${esc(c.documentId)} rev ${esc(c.revision)} — ${esc(c.title ?? '')} <span class="muted">(${esc(c.retriever ?? '')})</span></li>`).join('')}</ol>`;
    } catch (err) {
      out.innerHTML = `<p class="error">${esc(err.status === 404 ? 'Operator Q&A is not available in this deployment yet.' : err.message)}</p>`;
    }
  });
}
