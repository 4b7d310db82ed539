import { api, esc } from '../api.js';

// Decision replay: what produced an output (rebuilt from the ledger and the store) and a
// re-run under the recorded or current prompt and model, with the differences. Read-only.
export async function renderReplay(main, id, params = new URLSearchParams()) {
  const prompt = params.get('prompt') === 'current' ? 'current' : 'recorded';
  const model = params.get('model') === 'current' ? 'current' : 'recorded';
  main.innerHTML = `<h1>Replay of ${esc(id)}</h1><p role="status">Re-running under the ${prompt} prompt and the ${model} model…</p>`;
  const r = await api(`/api/console/replay/${encodeURIComponent(id)}?prompt=${prompt}&model=${model}`);
  const choice = (name, value) =>
    ['recorded', 'current']
      .map(
        (v) =>
          `<a href="#/replay/${encodeURIComponent(id)}?${name === 'prompt' ? `prompt=${v}&model=${model}` : `prompt=${prompt}&model=${v}`}"${v === value ? ' aria-current="true"' : ''}>${v}</a>`,
      )
      .join(' · ');
  main.innerHTML = `
    <h1>Replay of ${esc(r.subject.kind)} ${esc(r.subject.id)}</h1>
    <p class="banner" id="replay-note">A replay proposes, records and executes nothing: it re-runs the same request through the governed gateway and shows the differences.</p>
    <div class="card"><p>Prompt: ${choice('prompt', prompt)} — Model: ${choice('model', model)}</p>
    ${r.problems.length ? `<ul class="banner warn" id="replay-problems">${r.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>` : ''}</div>
    ${r.calls.map(renderCall).join('') || '<p>No LLM call to replay.</p>'}`;
}

function run(label, s) {
  const failed = s.checks.filter((c) => !c.passed).map((c) => c.name);
  return `<tr><th scope="row">${label}</th><td>${esc(s.promptVersion)} <code class="muted">${esc(String(s.promptHash).slice(0, 12))}</code></td><td>${esc(s.model)} via ${esc(s.provider)}</td><td>${esc(s.outcome)}${s.fallbackReasons.length ? ` (${esc(s.fallbackReasons.join(', '))})` : ''}</td><td>${failed.length ? `failed: ${esc(failed.join(', '))}` : 'all passed'}</td></tr>`;
}

function renderCall(c) {
  const d = c.differences;
  return `<section class="card" aria-label="Call ${esc(c.callId)}">
    <h2>${esc(c.useCase)} — call <code>${esc(c.callId)}</code></h2>
    <p>Capture ${c.captureMatchesLedger === null ? 'not hashed in the ledger' : c.captureMatchesLedger ? '<span class="badge ok">matches the ledger</span>' : '<span class="badge failing">does not match the ledger</span>'}; redactions ${esc(
      Object.entries(c.rebuilt.redactions)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none',
    )}; ${c.rebuilt.parameters.maxTokens ? `temperature ${esc(c.rebuilt.parameters.temperature ?? '-')}, max tokens ${esc(c.rebuilt.parameters.maxTokens)}${c.rebuilt.parameters.jsonSchema ? ', JSON schema grammar' : ''}` : 'no model call recorded (no parameters)'}.</p>
    <table><thead><tr><th></th><th>Prompt</th><th>Model</th><th>Outcome</th><th>Checks</th></tr></thead>
    <tbody>${run('Recorded', c.recorded)}${run('Replayed', c.replayed)}</tbody></table>
    ${c.replayed.note ? `<p class="muted">${esc(c.replayed.note)}</p>` : ''}
    <h3>Differences</h3>
    ${
      d.same
        ? '<p id="replay-same">Same classification, citations and text.</p>'
        : `<ul id="replay-differences">
      ${d.classification.map((x) => `<li>${esc(x.field)}: ${esc(x.recorded)} → ${esc(x.replayed)}</li>`).join('')}
      ${d.citations.added.length ? `<li>cites now: ${esc(d.citations.added.join(', '))}</li>` : ''}
      ${d.citations.removed.length ? `<li>no longer cites: ${esc(d.citations.removed.join(', '))}</li>` : ''}
    </ul>${d.text ? `<details><summary>Text</summary><pre>${esc(d.text)}</pre></details>` : ''}`
    }
    <details><summary>Sources given (${c.rebuilt.sources.length})</summary><ul>${c.rebuilt.sources.map((s) => `<li><code>${esc(s.id)}</code> ${esc(s.kind)}${s.revision ? ` rev ${esc(s.revision)}` : ''}${s.matchesLedger === false ? ' <span class="badge failing">changed</span>' : ''}: ${esc(s.text.slice(0, 200))}</li>`).join('')}</ul></details>
  </section>`;
}
