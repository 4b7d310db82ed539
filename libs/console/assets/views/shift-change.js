import { api, esc, session, toast } from '../api.js';
import { showing } from '../current-view.js';
import { plural, timeTag, withUnit, zonesOf } from '../format.js';
import { groupedBarChart } from './charts.js';
import { optional } from './reports.js';

// 21 CFR 11.50: the signature states its meaning. An acknowledgement means review, nothing else.
const REVIEW =
  'I have reviewed what changed since the last shift on this line, as shown here, and take over the shift with it.';

/**
 * "What changed since the last shift", per line: new and closed NCRs, holds, open
 * maintenance work orders and downtime against the previous shift, in the site's local
 * time. The incoming supervisor acknowledges it with an e-signature (meaning: review),
 * recorded in the ledger with a hash of exactly the content shown.
 */
export async function renderShiftChange(main) {
  const data = await optional('/api/reports/shift-change');
  const lines = data?.lines ?? [];
  const acks = await acknowledgements();
  // A re-render after an acknowledgement may answer once the user has moved on.
  if (!showing('#/shift-change')) return;
  main.innerHTML = `
    <h1>Shift change</h1>
    <p class="muted">What changed on each line in the last shift that ended, against the shift before. Times are each plant's local time (${esc(zonesOf(lines.map((l) => l.site)))}).</p>
    ${lines.map((l, i) => lineCard(l, i, acks)).join('') || '<div class="card">No shift has ended yet.</div>'}
    ${ackDialog()}`;
  for (const button of main.querySelectorAll('button[data-ack]')) {
    const line = lines[Number(button.dataset.ack)];
    button.addEventListener('click', () => openAck(main, line));
  }
}

function lineCard(l, index, acks) {
  const c = l.content;
  const id = `sc-${esc(l.site)}-${esc(l.line)}`;
  const prev = c.downtime.previous;
  const signed = acks.filter((a) => a.shiftId === c.shift.shiftId && a.site === l.site);
  const reasons = [
    ...new Set([
      ...c.downtime.shift.byReason.map((r) => r.reason),
      ...(prev?.byReason ?? []).map((r) => r.reason),
    ]),
  ];
  const minutesOf = (d, reason) => d?.byReason.find((r) => r.reason === reason)?.minutes ?? 0;
  return `<section class="card shift-change" aria-labelledby="${id}" data-site="${esc(l.site)}" data-line="${esc(l.line)}" data-shift="${esc(c.shift.shiftId)}">
    <h2 id="${id}">${esc(l.site)} / ${esc(l.line)}</h2>
    <p class="muted">Shift ${timeTag(c.shift.from, l.site)} – ${timeTag(c.shift.to, l.site, { date: false })}${c.previous ? `, compared with the shift ${timeTag(c.previous.from, l.site)} – ${timeTag(c.previous.to, l.site, { date: false })}` : '; no earlier shift recorded'}</p>
    <dl class="deltas">
      <dt>Downtime</dt><dd>${withUnit(c.downtime.shift.minutes, 'min')} in ${plural(c.downtime.shift.stops, 'stop')}${prev ? ` (previous shift: ${withUnit(prev.minutes, 'min')} in ${plural(prev.stops, 'stop')}; ${delta(c.downtime.shift.minutes - prev.minutes, 'min')})` : ''}</dd>
      <dt>Holds</dt><dd>${plural(c.holds.open.length, 'NCR')} holding product at shift end${c.holds.previousOpen === null ? '' : ` (previous shift: ${c.holds.previousOpen})`}${c.holds.open.length ? `: ${c.holds.open.map(esc).join(', ')}` : ''}</dd>
      <dt>NCRs raised</dt><dd>${list(c.ncrsOpened.map((n) => `<a href="#/records/${encodeURIComponent(n.eventId)}">${esc(n.ncrId)}</a> ${timeTag(n.at, l.site, { date: false })} — ${esc(n.text)}${n.lotId ? ` (lot ${esc(n.lotId)})` : ''}`))}</dd>
      <dt>NCRs closed</dt><dd>${list(c.ncrsClosed.map((n) => `<a href="#/records/${encodeURIComponent(n.eventId)}">${esc(n.ncrId)}</a> ${timeTag(n.at, l.site, { date: false })}`))}</dd>
      <dt>Open work orders</dt><dd>${list(c.openWorkOrders.map((w) => `<a href="#/records/${encodeURIComponent(w.eventId)}">${esc(w.workOrderId)}</a> ${esc(w.machineId)} — ${esc(w.state.replace(/_/g, ' '))}${w.text ? `: ${esc(w.text)}` : ''}`))}</dd>
    </dl>
    ${groupedBarChart(
      `Downtime by reason, ${l.site}/${l.line}: this shift against the previous`,
      reasons.map((r) => ({
        label: r.replace(/_/g, ' '),
        values: { now: minutesOf(c.downtime.shift, r), before: prev ? minutesOf(prev, r) : null },
      })),
      [
        { key: 'now', name: 'This shift' },
        ...(prev ? [{ key: 'before', name: 'Previous shift', short: 'Previous' }] : []),
      ],
      {
        unit: 'min',
        axisLabel: 'stop minutes',
        caption: 'The range is the shift itself and the one before it.',
        id: `chart-${id}`,
      },
    )}
    <div class="ack" aria-live="polite">
      ${signed.map((a) => `<p class="badge ok ack-done">Acknowledged by ${esc(a.name)} (${esc(a.role.replace(/_/g, ' '))}) at ${timeTag(a.at, l.site, { seconds: true })} — meaning: review</p>`).join('')}
      <p class="muted">Content hash (what an acknowledgement signs): <code>${esc(l.contentHash)}</code></p>
      <button type="button" class="primary" data-ack="${index}">Acknowledge shift…</button>
    </div>
  </section>`;
}

function list(items) {
  return items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : 'none';
}

function delta(value, unit) {
  const rounded = Math.round(value * 10) / 10;
  return rounded === 0 ? 'no change' : `${rounded > 0 ? '+' : '−'}${withUnit(Math.abs(rounded), unit)}`;
}

/** Acknowledgements already in the ledger (the user's sites), newest first. */
async function acknowledgements() {
  try {
    const { entries } = await api('/api/ledger/entries?kind=shift.acknowledged&limit=200&order=desc');
    return (entries ?? []).map((e) => {
      const m = e.payload?.message ?? {};
      return {
        shiftId: m.shiftId,
        site: m.location?.site ?? e.site,
        name: m.signature?.printedName ?? m.signature?.userId ?? '',
        role: m.signature?.role ?? '',
        at: m.acknowledgedAt ?? e.recordedAt,
      };
    });
  } catch {
    return [];
  }
}

function ackDialog() {
  const user = session.user ?? {};
  return `<dialog id="ack" aria-labelledby="ack-h" aria-describedby="ack-what">
    <form method="dialog" id="ack-form">
      <h2 id="ack-h">Acknowledge shift change</h2>
      <p id="ack-what"></p>
      <p><strong>Meaning of this signature: Review</strong> — ${esc(REVIEW)}</p>
      <label for="ack-reason">Comment</label>
      <textarea id="ack-reason" name="reason" required rows="2">Shift taken over; changes reviewed.</textarea>
      <label for="ack-password">Re-enter your password</label>
      <input id="ack-password" name="password" type="password" autocomplete="current-password" required>
      <p class="muted">Signed as <strong>${esc(user.name ?? '')}</strong> (${esc((user.roles ?? []).join(', '))}); your printed name, the date and time, the meaning and the hash <code id="ack-hash"></code> of the content shown are recorded in the ledger. No MES action follows from it.</p>
      <p id="ack-error" class="error" role="alert"></p>
      <button type="submit" class="primary">Sign acknowledgement</button>
      <button type="button" id="ack-cancel">Cancel</button>
    </form>
  </dialog>`;
}

function openAck(main, line) {
  const dialog = main.querySelector('#ack');
  const c = line.content;
  dialog.querySelector('#ack-what').innerHTML =
    `You are acknowledging the shift ${timeTag(c.shift.from, line.site)} – ${timeTag(c.shift.to, line.site, { date: false })} on ${esc(line.site)}/${esc(line.line)}.`;
  dialog.querySelector('#ack-hash').textContent = line.contentHash;
  dialog.querySelector('#ack-error').textContent = '';
  dialog.querySelector('#ack-cancel').onclick = () => dialog.close();
  dialog.querySelector('#ack-form').onsubmit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    try {
      await api('/api/shift-acknowledgements', {
        method: 'POST',
        body: {
          site: line.site,
          line: line.line,
          shiftId: c.shift.shiftId,
          contentHash: line.contentHash,
          meaning: 'review',
          reason: f.get('reason'),
          password: f.get('password'),
        },
      });
      dialog.close();
      toast(`Shift on ${line.site}/${line.line} acknowledged`);
      await waitForLedger(c.shift.shiftId);
      await renderShiftChange(main);
    } catch (err) {
      dialog.querySelector('#ack-error').textContent = err.message;
    }
  };
  dialog.showModal();
  dialog.querySelector('#ack-password').focus();
}

/** The ledger records the acknowledgement from the bus a moment later; wait for it briefly. */
async function waitForLedger(shiftId) {
  for (let i = 0; i < 20; i++) {
    const acks = await acknowledgements();
    if (acks.some((a) => a.shiftId === shiftId)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}
