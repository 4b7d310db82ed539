import { api, esc, session, toast } from './api.js';
import { loadConsoleConfig } from './format.js';
import { onLive, startLive, stopLive } from './live.js';
import { renderQueue } from './views/queue.js';
import { renderAction } from './views/action.js';
import { renderLedger } from './views/ledger.js';
import { renderReports } from './views/reports.js';
import { renderAsk } from './views/ask.js';
import { renderRoi } from './views/roi.js';
import { renderDeadLetters } from './views/dead-letters.js';
import { renderInsights } from './views/insights.js';
import { renderShiftChange } from './views/shift-change.js';
import { renderMaintenance } from './views/maintenance.js';
import { renderDocument, renderRecord } from './views/evidence.js';
import { renderReplay } from './views/replay.js';
import { closePeek, enablePeek } from './peek.js';

const main = document.getElementById('main');
enablePeek(main);

// [pattern, view, live event kinds that refresh it]
const routes = [
  [/^#\/queue$/, () => renderQueue(main), ['actions']],
  [/^#\/actions\/(.+)$/, (m) => renderAction(main, decodeURIComponent(m[1])), ['actions']],
  [/^#\/ledger(?:\/(.+))?$/, (m) => renderLedger(main, m[1] ? decodeURIComponent(m[1]) : undefined), []],
  [/^#\/reports$/, () => renderReports(main), ['reports']],
  [/^#\/insights(?:\/([a-z-]+))?$/, (m) => renderInsights(main, { useCase: m[1] ?? '' }), ['reports']],
  [/^#\/shift-change$/, () => renderShiftChange(main), ['reports']],
  [/^#\/maintenance$/, () => renderMaintenance(main), ['reports']],
  [/^#\/ask$/, () => renderAsk(main), []],
  [/^#\/roi$/, () => renderRoi(main), []],
  [/^#\/dead-letters$/, () => renderDeadLetters(main), ['dead-letters']],
  [
    /^#\/documents\/([^/]+)(?:\/(.+))?$/,
    (m) => renderDocument(main, decodeURIComponent(m[1]), m[2] ? decodeURIComponent(m[2]) : undefined),
    [],
  ],
  [/^#\/records\/(.+)$/, (m) => renderRecord(main, decodeURIComponent(m[1])), []],
  [
    /^#\/replay\/([^?]+)(?:\?(.*))?$/,
    (m) => renderReplay(main, decodeURIComponent(m[1]), new URLSearchParams(m[2] ?? '')),
    [],
  ],
];

let refresh = null;
let refreshTimer = null;

// A burst of changes (a backfill) refreshes the view once per second at most.
onLive((kind) => {
  const target = refresh;
  if (!target || !target.kinds.includes(kind) || refreshTimer) return;
  refreshTimer = setTimeout(async () => {
    refreshTimer = null;
    // Only the view that asked: the user may have moved on to another view meanwhile.
    if (refresh !== target) return;
    // Not while a dialog is open, the user types in a form, or has opened a detail (data table, exact bytes) to read.
    const busy =
      document.querySelector('dialog[open]') ||
      main.querySelector('details[open]') ||
      (document.activeElement &&
        /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) &&
        main.contains(document.activeElement));
    if (busy) return;
    const y = window.scrollY;
    try {
      await target.run();
      window.scrollTo(0, y);
    } catch {
      // the next event or a reload tries again
    }
  }, 1000);
});

async function route() {
  const user = session.user;
  document.getElementById('nav').hidden = !user;
  document.getElementById('signout').hidden = !user;
  document.getElementById('who').textContent = user
    ? `${user.name} — ${user.roles.join(', ')} — ${(user.lines ?? user.sites).join(', ')}`
    : '';
  if (!user) {
    stopLive();
    refresh = null;
    return renderSignIn();
  }
  startLive();
  closePeek(false);
  const hash = location.hash || '#/queue';
  markCurrent(hash);
  for (const [pattern, view, kinds] of routes) {
    const m = hash.match(pattern);
    if (m) {
      refresh = { kinds, run: () => view(m) };
      try {
        await view(m);
      } catch (err) {
        if (err.status === 401) {
          session.clear();
          return route();
        }
        main.innerHTML = `<div class="card error" role="alert">${esc(err.message)}</div>`;
      }
      // Focus moves to the new content for screen readers without scrolling the header away.
      main.focus({ preventScroll: true });
      window.scrollTo(0, 0);
      return;
    }
  }
  location.hash = '#/queue';
}

function markCurrent(hash) {
  for (const a of document.querySelectorAll('#nav a')) {
    if (hash.startsWith(a.getAttribute('href'))) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function renderSignIn() {
  main.innerHTML = `
    <section class="card signin" aria-labelledby="signin-h">
      <h1 id="signin-h">Sign in</h1>
      <form id="signin">
        <label for="user">User</label>
        <input id="user" name="user" autocomplete="username" required placeholder="e.g. qe.anna">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <p class="muted">Demo users: qe.anna, sup.ben (plant-a), sup.ines (plant-a, line-1 only), qe.carla, sup.dan (plant-b), maint.eva, plan.finn, comp.gita, admin — password <code>andon-demo</code>.</p>
        <p id="signin-error" class="error" role="alert"></p>
        <button class="primary" type="submit">Sign in</button>
      </form>
    </section>`;
  document.getElementById('signin').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    try {
      const res = await api('/api/auth/login', {
        method: 'POST',
        body: { userId: form.get('user'), password: form.get('password') },
      });
      session.set(res.token, res.user);
      toast(`Signed in as ${res.user.name}`);
      if (location.hash === '#/queue') route();
      else location.hash = '#/queue';
    } catch (err) {
      document.getElementById('signin-error').textContent = err.message;
    }
  });
  document.getElementById('user').focus({ preventScroll: true });
}

document.getElementById('signout').addEventListener('click', () => {
  session.clear();
  location.hash = '';
  route();
});
window.addEventListener('hashchange', route);
loadConsoleConfig().then(route);
