import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from '@andon/testing';
import {
  CONSOLE_ARTIFACTS,
  VIEWPORTS,
  launchChromium,
  seriousAxeViolations,
  signIn,
  type AxeViolation,
} from './support/console-browser';
import { getJson, login, startStandalone, type RunningStandalone } from './support/standalone-process';
import { shiftChangeAndRoleCases } from './support/console-shift-change.cases';

interface EvidenceJson {
  kind?: string;
  id?: string;
  revision?: string;
  step?: string;
  excerpt?: string;
}
interface LedgerEntry {
  payload: { message?: { kind?: string; recommendationId?: string; citations?: EvidenceJson[] } };
}
interface ActionSummary {
  actionId: string;
  actionType: string;
}

const USE_CASES = {
  'root-cause': 'RECOMMENDATION_KIND_ROOT_CAUSE',
  compliance: 'RECOMMENDATION_KIND_PROCEDURE_DEVIATION',
  maintenance: 'RECOMMENDATION_KIND_MAINTENANCE_PROPOSAL',
  ncr: 'RECOMMENDATION_KIND_NCR_TRIAGE',
  schedule: 'RECOMMENDATION_KIND_SCHEDULE_RISK',
  handoff: 'RECOMMENDATION_KIND_SHIFT_HANDOFF',
} as const;
const INGEST_TOKEN = 'e2e-use-cases-ingest-token';

/**
 * A newcomer's first minutes: the simulated plant's seeded scenario replays 8 hours quickly
 * and every use case reaches the console; each page is readable at tablet and desktop
 * sizes (screenshots kept) with no serious axe-core violation; the queue updates live.
 */
describe('console: every use case in the first minutes', () => {
  let andon: RunningStandalone;
  let browser: Browser;
  let page: Page;
  let admin: string;

  beforeAll(async () => {
    // 480 simulated minutes at 25 ms each: the whole backfill in about 12 s.
    andon = await startStandalone({
      SIM_INTERVAL_MS: '25',
      SIM_BACKFILL_HOURS: '8',
      SIM_SEED: '42',
      INGEST_HTTP_TOKENS: INGEST_TOKEN,
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    admin = await login(andon.url, 'admin');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await andon?.stop();
  });

  it('brings an output of each of the six use cases to the ledger within the backfill', async () => {
    const kinds = await waitFor(
      async () => {
        const { entries } = await getJson<{ entries: LedgerEntry[] }>(
          `${andon.url}/api/ledger/entries?kind=recommendation&limit=1000`,
          admin,
        );
        const seen = new Set(entries.map((e) => e.payload.message?.kind));
        return Object.values(USE_CASES).every((k) => seen.has(k)) ? seen : undefined;
      },
      { timeoutMs: 150_000, intervalMs: 1_000, description: 'a recommendation of each use case' },
    );
    expect([...kinds]).toEqual(expect.arrayContaining(Object.values(USE_CASES)));
  }, 170_000);

  it("takes the NCR triage's containment steps from a published procedure revision, cited with document, revision and step", async () => {
    // The simulated document control published the knowledge folder (SIM_DOCUMENTS); the
    // quality agent learned the approved procedures from andon.documents.published.v1.
    const steps = await waitFor(
      async () => {
        const { entries } = await getJson<{ entries: LedgerEntry[] }>(
          `${andon.url}/api/ledger/entries?kind=recommendation&limit=1000`,
          admin,
        );
        const cited = entries
          .filter((e) => e.payload.message?.kind === USE_CASES.ncr)
          .flatMap((e) => e.payload.message?.citations ?? [])
          .filter((ev) => ev.step);
        return cited.length > 0 ? cited : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, description: 'an NCR triage citing a procedure step' },
    );
    for (const step of steps) {
      expect(step).toMatchObject({ id: expect.stringMatching(/^SOP-/), revision: expect.any(String) });
      expect(Number(step.step)).toBeGreaterThanOrEqual(1);
    }
  }, 70_000);

  it('shows each use case in the console with at least one output, rendered', async () => {
    await signIn(page, andon.url, 'admin');
    // Signed in, the page does not scroll the navigation out of view.
    expect(await page.evaluate('window.scrollY')).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
    for (const id of Object.keys(USE_CASES)) {
      await page.goto(`${andon.url}/#/insights/${id}`);
      const link = page.locator(`a[data-use-case="${id}"]`);
      await link.waitFor();
      expect(Number(await link.getAttribute('data-count'))).toBeGreaterThanOrEqual(1);
      const first = page.locator(`article.insight[data-kind="${id}"]`).first();
      await first.waitFor();
      // Rendered, not raw: no literal Markdown bold and no bare [S0] markers.
      const text = (await first.textContent()) ?? '';
      expect(text).not.toMatch(/\*\*|\[S\d+/);
    }
  }, 120_000);

  it('renders a shift handoff with headings, local times with the zone and citations that open the cited event', async () => {
    await page.goto(`${andon.url}/#/reports`);
    const handoff = page.locator('article.handoff', { hasText: 'plant-a / line-1' }).first();
    await handoff.waitFor({ timeout: 30_000 });
    expect(await handoff.locator('h5, h4').allTextContents()).toEqual(
      expect.arrayContaining(['Downtime', 'Quality events']),
    );
    expect(await handoff.textContent()).not.toMatch(/\*\*|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    // plant-a works in Europe/Berlin: CET or CEST is named beside every time.
    expect(await handoff.locator('time').first().textContent()).toMatch(/ CES?T$/);
    const newYork = page.locator('article.handoff', { hasText: 'plant-b / line-3' }).first();
    expect(await newYork.locator('time').first().textContent()).toMatch(/ E[SD]T$/);
    expect(await page.locator('#chart-oee').textContent()).toMatch(/Availability/);
    // A citation opens the cited plant event beside the text; "Open full page" goes to it.
    await handoff.locator('sup.cite a').first().click();
    const peek = page.locator('#peek');
    await peek.locator('#peek-h').waitFor();
    expect(await peek.textContent()).toMatch(/Where|not in the operational index/);
    expect(page.url()).toMatch(/#\/reports$/);
    await page.screenshot({ path: join(CONSOLE_ARTIFACTS, 'tablet-reports-citation.png') });
    await peek.getByRole('link', { name: 'Open full page' }).click();
    await page.getByRole('heading', { name: /^Record / }).waitFor();
    expect(page.url()).toMatch(/#\/records\//);
  }, 60_000);

  it('shows the MES call of an action as a readable form with the exact bytes one click away', async () => {
    const { actions } = await getJson<{ actions: ActionSummary[] }>(
      `${andon.url}/api/actions?state=all&limit=500`,
      admin,
    );
    const shiftLog = actions.find((a) => a.actionType === 'mes.post_shift_log');
    if (!shiftLog) throw new Error('no shift-log proposal');
    await page.goto(`${andon.url}/#/actions/${encodeURIComponent(shiftLog.actionId)}`);
    const form = page.locator('#mes-form');
    await form.waitFor();
    expect(await form.locator('dt').allTextContents()).toEqual(
      expect.arrayContaining(['Summary', 'Body', 'Shift']),
    );
    expect(await form.textContent()).not.toMatch(/\\n|\*\*/);
    const bytes = page.locator('#mes-bytes pre');
    expect(await bytes.isVisible()).toBe(false);
    await page.locator('#mes-bytes summary').click();
    expect(JSON.parse((await bytes.textContent()) ?? '')).toMatchObject({ actionId: shiftLog.actionId });
    expect(await page.locator('#history li').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#policy-h').isVisible()).toBe(true);
  }, 60_000);

  it('updates the queue live over the authenticated stream, which refuses a caller without a token', async () => {
    const anonymous = await fetch(`${andon.url}/api/console/events`);
    expect(anonymous.status).toBe(401);
    await page.goto(`${andon.url}/#/queue`);
    await page.waitForFunction("document.body.dataset.live === 'live'", undefined, { timeout: 15_000 });
    const lot = 'LOT-A1-00001';
    const ncrId = `NCR-LIVE-${Date.now()}`;
    const res = await fetch(`${andon.url}/ingest/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_TOKEN}` },
      body: JSON.stringify({
        sourceSystem: 'QMS',
        sourceEventId: ncrId,
        eventType: 'nonconformance',
        location: { enterprise: 'acme', site: 'plant-a', area: 'molding', line: 'line-1' },
        occurredAt: new Date().toISOString(),
        payload: {
          ncrId,
          categoryCode: 'Q-VIS',
          severity: 'MAJOR',
          description: `Flash on ${lot}; 9 parts affected`,
          lotIds: [lot],
          product: 'PX-100',
          supplier: 'ResinWorks GmbH',
        },
      }),
    });
    expect(res.status).toBe(202);
    // No reload: the proposal appears (newest first) because the stream said the actions changed.
    await page.locator('#queue tbody tr', { hasText: ncrId }).first().waitFor({ timeout: 30_000 });
  }, 60_000);

  it('lists dead letters with reason, source, time and original bytes, and replays one after a confirmation', async () => {
    await page.goto(`${andon.url}/#/dead-letters`);
    const firstRow = page.locator('#dead-letters tbody tr').first();
    await firstRow.locator('input[type=checkbox]').waitFor({ timeout: 30_000 });
    expect(await firstRow.locator('time').count()).toBe(1);
    await firstRow.locator('details summary').click();
    expect(((await firstRow.locator('pre.bytes').textContent()) ?? '').length).toBeGreaterThan(0);
    await firstRow.locator('input[type=checkbox]').check();
    await page.getByRole('button', { name: 'Replay selected…' }).click();
    await page.getByRole('dialog', { name: 'Replay dead letters?' }).waitFor();
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    await page.locator('#toast', { hasText: /Replayed 1 record/ }).waitFor({ timeout: 15_000 });
  }, 60_000);

  it('answers an operator\'s "how do I" with every step of the procedure, in order, cited', async () => {
    await page.goto(`${andon.url}/#/ask`);
    await page.getByLabel('Question about approved procedures').fill('How do I clear a jam on press 2?');
    await page.getByRole('button', { name: 'Ask procedures' }).click();
    const steps = page.locator('#answer-text ol > li');
    await page.locator('#answer-h').waitFor({ timeout: 60_000 });
    expect(await page.locator('#answer').textContent()).not.toMatch(/No approved|error/i);
    expect(await steps.count()).toBe(8);
    expect(await steps.nth(1).textContent()).toMatch(/lockout\/tagout/);
    expect(await page.locator('#answer').textContent()).toMatch(/SOP-A-014 rev C/);
  }, 90_000);

  it('has no serious accessibility violations and a screenshot of each page at tablet and desktop size', async () => {
    const { actions } = await getJson<{ actions: ActionSummary[] }>(
      `${andon.url}/api/actions?state=all&limit=50`,
      admin,
    );
    const pages = [
      ['queue', '#/queue', 'Approval queue'],
      ['insights', '#/insights', 'Insights'],
      ['reports', '#/reports', 'Production reports'],
      ['shift-change', '#/shift-change', 'Shift change'],
      ['maintenance', '#/maintenance', 'Maintenance'],
      ['action', `#/actions/${encodeURIComponent(actions[0]?.actionId ?? '')}`, undefined],
      ['ledger', '#/ledger', 'Ledger'],
      ['ask', '#/ask', 'Ask'],
      ['roi', '#/roi', 'ROI'],
      ['dead-letters', '#/dead-letters', 'Dead letters'],
    ] as const;
    const found: Array<AxeViolation & { page: string }> = [];
    for (const size of VIEWPORTS) {
      await page.setViewportSize({ width: size.width, height: size.height });
      for (const [name, hash, heading] of pages) {
        await page.goto(`${andon.url}/${hash}`);
        await (
          heading ? page.getByRole('heading', { name: heading, exact: true }) : page.locator('#mes-h')
        ).waitFor({ timeout: 30_000 });
        // Signed in, the navigation stays in view (no scroll that hides it).
        expect(await page.evaluate('window.scrollY')).toBe(0);
        await page.screenshot({ path: join(CONSOLE_ARTIFACTS, `${size.name}-${name}.png`), fullPage: true });
        // Both sizes are axe-checked per role (supervisor, operator) in console-shift-change.cases.ts.
        if (size.name === 'tablet')
          found.push(
            ...(await seriousAxeViolations(page)).map((v) => ({ ...v, page: `${size.name} ${name}` })),
          );
      }
    }
    expect(found).toEqual([]);
  }, 240_000);

  // Last: these sign the page in as a supervisor and an operator.
  shiftChangeAndRoleCases(() => ({ andon, page, admin }));
});
