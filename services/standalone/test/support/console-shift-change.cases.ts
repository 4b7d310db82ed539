import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { waitFor } from '@andon/testing';
import {
  CONSOLE_ARTIFACTS,
  VIEWPORTS,
  seriousAxeViolations,
  signIn,
  type AxeViolation,
} from './console-browser';
import { getJson, login, type RunningStandalone } from './standalone-process';

interface ShiftChangeLine {
  site: string;
  line: string;
  contentHash: string;
  content: {
    shift: { shiftId: string };
    openWorkOrders: unknown[];
    downtime: { shift: { minutes: number } };
  };
}
interface LedgerEntry {
  kind: string;
  subjectId: string;
  correlationId: string;
  payload: {
    message?: {
      shiftId?: string;
      contentHash?: string;
      signature?: {
        userId?: string;
        meaning?: string;
        printedName?: string;
        role?: string;
        reauthMethod?: string;
      };
    };
  };
}
interface MaintenanceView {
  machines: Array<{
    site: string;
    line: string;
    machineId: string;
    mtbfMinutes: number | null;
    mttrMinutes: number | null;
    failures: number;
  }>;
  openWorkOrders: Array<{ workOrderId: string }>;
}

async function post(
  url: string,
  token: string,
  body: unknown,
): Promise<{ status: number; body: { code?: string } & Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { code?: string } };
}

export interface ConsoleSuite {
  andon: RunningStandalone;
  page: Page;
  admin: string;
}

/**
 * The incoming supervisor's view of the shift change and its e-signed acknowledgement (in
 * the ledger, never an MES action), the maintenance view, one range for every report chart,
 * and every page checked with axe-core at tablet and desktop size for a supervisor and an
 * operator. Called inside the use-cases suite so it
 * shares its mesh, backfill and browser; it signs the page in as other users, so it runs last.
 */
export function shiftChangeAndRoleCases(suite: () => ConsoleSuite): void {
  // A nested block: its beforeAll runs when the outer suite's earlier tests are done.
  describe('shift change, maintenance and every page per role', () => {
    let andon: RunningStandalone;
    let page: Page;
    let admin: string;
    let supervisor: string;
    let plantA: ShiftChangeLine;

    beforeAll(async () => {
      ({ andon, page, admin } = suite());
      supervisor = await login(andon.url, 'sup.ben');
      plantA = await waitFor(
        async () =>
          (
            await getJson<{ lines: ShiftChangeLine[] }>(
              `${andon.url}/api/reports/shift-change?site=plant-a`,
              supervisor,
            )
          ).lines.find((l) => l.line === 'line-1'),
        { timeoutMs: 60_000, intervalMs: 1_000, description: 'an ended shift on plant-a/line-1' },
      );
    }, 90_000);

    it("shows what changed since the last shift in the site's local time, and records the supervisor's e-signed acknowledgement in the ledger", async () => {
      // The shop-floor tablet (the suite's earlier pass ends at desktop size).
      await page.setViewportSize({ width: 1024, height: 768 });
      await signIn(page, andon.url, 'sup.ben');
      await page.goto(`${andon.url}/#/shift-change`);
      const card = page.locator('section.shift-change[data-site="plant-a"][data-line="line-1"]');
      await card.waitFor({ timeout: 30_000 });
      expect(await card.locator('dt').allTextContents()).toEqual([
        'Downtime',
        'Holds',
        'NCRs raised',
        'NCRs closed',
        'Open work orders',
      ]);
      // plant-a works in Europe/Berlin: the zone is named beside every time, and no ISO instant is shown.
      expect(await card.locator('time').first().textContent()).toMatch(/ CES?T$/);
      // Nowhere on the card, shift id included, is an ISO instant shown.
      expect(await card.textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      const shown = (await card.locator('.ack code').textContent()) ?? '';
      const shiftId = (await card.getAttribute('data-shift')) ?? '';
      expect(shown).toMatch(/^[0-9a-f]{64}$/);

      await card.getByRole('button', { name: 'Acknowledge shift…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Acknowledge shift change' });
      await dialog.waitFor();
      expect(await dialog.textContent()).toMatch(/Meaning of this signature: Review/);
      await dialog.getByLabel('Re-enter your password').fill('andon-demo');
      await page.screenshot({ path: join(CONSOLE_ARTIFACTS, 'tablet-shift-change-acknowledge.png') });
      await dialog.getByRole('button', { name: 'Sign acknowledgement' }).click();
      await card.locator('.ack-done', { hasText: 'Ben Sutter' }).waitFor({ timeout: 30_000 });

      const { entries } = await getJson<{ entries: LedgerEntry[] }>(
        `${andon.url}/api/ledger/entries?kind=shift.acknowledged&subjectId=${encodeURIComponent(shiftId)}`,
        admin,
      );
      const ack = entries.find((e) => e.payload.message?.signature?.userId === 'sup.ben');
      expect(ack?.payload.message).toMatchObject({
        shiftId,
        contentHash: shown,
        signature: {
          meaning: 'SIGNATURE_MEANING_REVIEW',
          printedName: 'Ben Sutter',
          role: 'production_supervisor',
          reauthMethod: 'REAUTH_METHOD_PASSWORD',
        },
      });
      // Not an MES action: nothing else in the ledger carries the acknowledgement's correlation.
      const related = await getJson<{ entries: LedgerEntry[] }>(
        `${andon.url}/api/ledger/entries?correlationId=${encodeURIComponent(ack?.correlationId ?? '-')}`,
        admin,
      );
      expect(related.entries.map((e) => e.kind)).toEqual(['shift.acknowledged']);
      const verify = await post(`${andon.url}/api/ledger/verify`, admin, {});
      expect(verify.body).toMatchObject({ ok: true });
    }, 90_000);

    it("refuses an acknowledgement outside the signer's site, line or role, without re-authentication, or with another meaning", async () => {
      const body = {
        site: 'plant-a',
        line: 'line-2',
        shiftId: plantA.content.shift.shiftId,
        contentHash: plantA.contentHash,
        meaning: 'review',
        reason: 'taken over',
        password: 'andon-demo',
      };
      const [dan, ines, hugo] = await Promise.all([
        login(andon.url, 'sup.dan'),
        login(andon.url, 'sup.ines'),
        login(andon.url, 'op.hugo'),
      ]);
      const url = `${andon.url}/api/shift-acknowledgements`;
      expect((await post(url, dan, body)).body.code).toBe('SITE_OUT_OF_SCOPE');
      expect((await post(url, ines, body)).body.code).toBe('LINE_OUT_OF_SCOPE');
      expect((await post(url, hugo, body)).body.code).toBe('ROLE_NOT_PERMITTED');
      expect((await post(url, supervisor, { ...body, password: 'wrong-password' })).status).toBe(401);
      expect((await post(url, supervisor, { ...body, meaning: 'approval' })).status).toBe(400);
      // plant-b's supervisor cannot read plant-a's shift change either.
      expect(
        (
          await fetch(`${andon.url}/api/reports/shift-change?site=plant-a`, {
            headers: { authorization: `Bearer ${dan}` },
          })
        ).status,
      ).toBe(403);
    }, 30_000);

    it('shows open work orders and MTBF / MTTR per machine, over the range chosen', async () => {
      const week = await getJson<MaintenanceView>(
        `${andon.url}/api/reports/maintenance?site=plant-a&hours=168`,
        supervisor,
      );
      expect(week.machines.length).toBeGreaterThan(0);
      await page.goto(`${andon.url}/#/maintenance`);
      await page.getByRole('heading', { name: 'Maintenance', exact: true }).waitFor();
      const rows = page.locator('#machines tbody tr[data-machine]');
      expect(await rows.count()).toBe(week.machines.length);
      const failing = week.machines.find((m) => m.mtbfMinutes !== null);
      if (failing) {
        const row = page.locator(`#machines tbody tr[data-machine="${failing.machineId}"]`).first();
        expect(await row.locator('td').nth(2).textContent()).toBe(String(failing.failures));
        expect(await page.locator('#chart-mtbf svg').count()).toBe(1);
      }
      expect(await page.locator('#work-orders tbody tr').count()).toBe(
        Math.max(1, week.openWorkOrders.length),
      );
      await page.selectOption('#maint-range', '24');
      await page.waitForFunction(
        "document.querySelector('#maint-range')?.value === '24' && document.querySelector('#machines') !== null",
      );
      expect(await page.locator('#maint-range-form').textContent()).toMatch(/CES?T/);
    }, 60_000);

    it('drives every report chart with one range, and shows a value beside the pointer', async () => {
      await page.goto(`${andon.url}/#/reports`);
      await page.locator('#chart-pareto-reason').waitFor({ timeout: 30_000 });
      const before = await page.locator('#chart-pareto-reason figcaption').textContent();
      await page.selectOption('#range', '168');
      await page.waitForFunction(
        `document.querySelector('#chart-pareto-reason figcaption')?.textContent !== ${JSON.stringify(before)}`,
      );
      expect(await page.locator('#chart-oee figcaption').textContent()).toMatch(/latest shift in the range/);
      const bar = page.locator('#chart-pareto-reason [data-tip]').first();
      await bar.hover();
      const tip = page.locator('#chart-tip');
      await tip.waitFor();
      expect(await tip.textContent()).toBe(await bar.getAttribute('data-tip'));
      expect(await tip.textContent()).toMatch(/ min$/);
    }, 60_000);

    it('has no serious accessibility violation on any page at tablet and desktop size, for a supervisor and an operator', async () => {
      const pages = [
        'queue',
        'insights',
        'reports',
        'shift-change',
        'maintenance',
        'ledger',
        'ask',
        'roi',
        'dead-letters',
      ];
      const found: Array<AxeViolation & { page: string }> = [];
      for (const user of ['sup.ben', 'op.hugo']) {
        await page.setViewportSize({ width: 1024, height: 768 });
        await signIn(page, andon.url, user);
        for (const size of VIEWPORTS) {
          await page.setViewportSize({ width: size.width, height: size.height });
          for (const name of pages) {
            // Emptied first, so the check waits for this view, not the previous one's heading.
            // (the same hash again, right after sign-in, re-renders through a hashchange).
            await page.evaluate(
              `document.getElementById('main').innerHTML = ''; location.hash === '#/${name}' ? dispatchEvent(new HashChangeEvent('hashchange')) : (location.hash = '#/${name}')`,
            );
            await page.locator('main h1').first().waitFor({ timeout: 30_000 });
            expect(await page.evaluate('window.scrollY')).toBe(0);
            // Screenshots of every page at both sizes come from the admin pass (bounded run time).
            found.push(
              ...(await seriousAxeViolations(page)).map((v) => ({
                ...v,
                page: `${user} ${size.name} ${name}`,
              })),
            );
          }
        }
      }
      expect(found).toEqual([]);
    }, 300_000);
  });
}
