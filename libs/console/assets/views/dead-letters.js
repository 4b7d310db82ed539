import { api, esc, session, toast } from '../api.js';
import { showing } from '../current-view.js';
import { plural, timeTag } from '../format.js';

// The integration engineer's view of ingest's dead letters: why each record was refused,
// where it came from, when, and its original bytes; replay after a confirmation.
export async function renderDeadLetters(main, { status = 'pending' } = {}) {
  if (!(session.user?.roles ?? []).includes('admin')) {
    main.innerHTML =
      '<h1>Dead letters</h1><div class="card">The dead-letter view is for administrators (integration engineers).</div>';
    return;
  }
  const { deadLetters } = await api(
    `/api/console/dead-letters?status=${encodeURIComponent(status)}&limit=200`,
  );
  // A re-render after a replay may answer once the user has moved on: never paint over another view.
  if (!showing('#/dead-letters')) return;
  const byReason = new Map();
  for (const l of deadLetters) byReason.set(l.reason, (byReason.get(l.reason) ?? 0) + 1);
  main.innerHTML = `
    <h1>Dead letters</h1>
    <form class="card filters" id="dl-filter" aria-label="Filter dead letters">
      <div><label for="dl-status">Status</label><select id="dl-status" name="status">${['pending', 'replayed', 'all'].map((s) => `<option ${s === status ? 'selected' : ''}>${s}</option>`).join('')}</select></div>
      <p class="muted" id="dl-summary">${esc(plural(deadLetters.length, 'dead letter'))}${byReason.size ? `: ${[...byReason.entries()].map(([r, n]) => `${esc(r)} ${n}`).join(', ')}` : ''}</p>
    </form>
    <form class="card" id="dl-form" aria-label="Dead letters">
      <div class="table-scroll"><table id="dead-letters">
        <thead><tr><th scope="col"><span class="sr-only">Select</span></th><th scope="col">Reason</th><th scope="col">Source</th><th scope="col">Failed at</th><th scope="col">Original bytes</th></tr></thead>
        <tbody>${deadLetters.map(row).join('') || '<tr><td colspan="5">No dead letters.</td></tr>'}</tbody>
      </table></div>
      ${deadLetters.length ? '<button type="submit" class="primary" id="dl-replay">Replay selected…</button>' : ''}
    </form>
    <dialog id="dl-confirm" aria-labelledby="dl-confirm-h">
      <form method="dialog" id="dl-confirm-form">
        <h2 id="dl-confirm-h">Replay dead letters?</h2>
        <p id="dl-confirm-text"></p>
        <p class="muted">The original records go back to the raw topic they failed on, with their key and headers. Those still wrong become new dead letters; those already published are ignored as duplicates.</p>
        <button type="submit" class="primary" id="dl-confirm-yes">Replay</button>
        <button type="button" id="dl-confirm-no">Cancel</button>
      </form>
    </dialog>`;
  main
    .querySelector('#dl-status')
    .addEventListener('change', (e) => renderDeadLetters(main, { status: e.target.value }));
  const dialog = main.querySelector('#dl-confirm');
  main.querySelector('#dl-confirm-no').onclick = () => dialog.close();
  main.querySelector('#dl-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const ids = [...main.querySelectorAll('input[name="dl"]:checked')].map((i) => i.value);
    if (ids.length === 0) return toast('Select at least one dead letter to replay.');
    main.querySelector('#dl-confirm-text').textContent =
      `Re-submit ${plural(ids.length, 'record')} to ingest?`;
    main.querySelector('#dl-confirm-form').onsubmit = async (ev) => {
      ev.preventDefault();
      dialog.close();
      try {
        const res = await api('/api/console/dead-letters/replay', {
          method: 'POST',
          body: { ids, confirm: true },
        });
        toast(
          `Replayed ${plural(res.replayed.length, 'record')}${res.skipped.length ? `; skipped ${res.skipped.length}` : ''}`,
        );
        await renderDeadLetters(main, { status });
      } catch (err) {
        toast(err.message);
      }
    };
    dialog.showModal();
  });
}

function row(l) {
  const site = (l.key || '').split('/')[0];
  return `<tr>
    <td><input type="checkbox" name="dl" value="${esc(l.id)}" id="dl-${esc(l.id)}" aria-label="Select dead letter ${esc(l.id)}" ${l.status === 'pending' ? '' : 'disabled'}></td>
    <td><span class="badge failing">${esc(l.reason)}</span>${l.detail && l.detail !== l.reason ? ` <span class="badge">${esc(l.detail)}</span>` : ''}<br><span class="muted">${esc(l.message)}</span></td>
    <td>${esc(l.sourcePosition)}<br><span class="muted">key ${esc(l.key || 'none')}${l.replayCount ? ` — replayed ${esc(plural(l.replayCount, 'time'))}` : ''}</span></td>
    <td>${timeTag(l.failedAt, site, { seconds: true })}</td>
    <td><details><summary>${esc(plural(l.bytes, 'byte'))}</summary><pre class="bytes">${esc(l.preview)}${l.previewTruncated ? '\n…' : ''}</pre></details></td>
  </tr>`;
}
