import { api, esc, session, toast } from './api.js';
import { renderQueue } from './views/queue.js';
import { renderAction } from './views/action.js';
import { renderLedger } from './views/ledger.js';
import { renderReports } from './views/reports.js';
import { renderAsk } from './views/ask.js';
import { renderRoi } from './views/roi.js';
import { renderDocument, renderRecord } from './views/evidence.js';

const main = document.getElementById('main');

const routes = [
  [/^#\/queue$/, () => renderQueue(main)],
  [/^#\/actions\/(.+)$/, (m) => renderAction(main, decodeURIComponent(m[1]))],
  [/^#\/ledger(?:\/(.+))?$/, (m) => renderLedger(main, m[1] ? decodeURIComponent(m[1]) : undefined)],
  [/^#\/reports$/, () => renderReports(main)],
  [/^#\/ask$/, () => renderAsk(main)],
  [/^#\/roi$/, () => renderRoi(main)],
  [/^#\/documents\/([^/]+)(?:\/(.+))?$/, (m) => renderDocument(main, decodeURIComponent(m[1]), m[2] ? decodeURIComponent(m[2]) : undefined)],
  [/^#\/records\/(.+)$/, (m) => renderRecord(main, decodeURIComponent(m[1]))],
];

async function route() {
  const user = session.user;
  document.getElementById('nav').hidden = !user;
  document.getElementById('signout').hidden = !user;
  document.getElementById('who').textContent = user ? `${user.name} — ${user.roles.join(', ')} — ${(user.lines ?? user.sites).join(', ')}` : '';
  if (!user) return renderSignIn();
  const hash = location.hash || '#/queue';
  for (const [pattern, view] of routes) {
    const m = hash.match(pattern);
    if (m) {
      try {
        await view(m);
      } catch (err) {
        if (err.status === 401) { session.clear(); return route(); }
        main.innerHTML = `<div class="card error" role="alert">${esc(err.message)}</div>`;
      }
      main.focus();
      return;
    }
  }
  location.hash = '#/queue';
}

async function renderSignIn() {
  main.innerHTML = `
    <section class="card" aria-labelledby="signin-h">
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
      const res = await api('/api/auth/login', { method: 'POST', body: { userId: form.get('user'), password: form.get('password') } });
      session.set(res.token, res.user);
      toast(`Signed in as ${res.user.name}`);
      location.hash = '#/queue';
      route();
    } catch (err) {
      document.getElementById('signin-error').textContent = err.message;
    }
  });
  document.getElementById('user').focus();
}

document.getElementById('signout').addEventListener('click', () => { session.clear(); location.hash = ''; route(); });
window.addEventListener('hashchange', route);
route();
