import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { waitFor } from '@andon/testing';
import { getJson, login, startStandalone, type RunningStandalone } from './support/standalone-process';

const ROOT = resolve(__dirname, '../../..');
const ARTIFACTS = join(ROOT, '.ci/artifacts/console-e2e');

/** Runs the `andon` CLI exactly as `npm run andon -- ...` does. */
function runAndon(
  args: string[],
  env: NodeJS.ProcessEnv,
): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['-r', '@swc-node/register', 'tools/cli/src/main.ts', ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
const INGEST_TOKEN = 'e2e-ingest-token';
/** The simulated MES's API credential (the write-back adapter presents the same one). */
const MES_TOKEN = 'e2e-mes-token';

interface ActionSummary {
  actionId: string;
  actionType: string;
  state: string;
  payloadJson?: string;
}

/**
 * The product promise in a real browser: an NCR arrives, the quality agent proposes a
 * lot hold, a quality engineer and a production supervisor each sign it in the console,
 * the write-back holds the lot in the simulated MES, and the ledger verifies.
 */
describe('console: two-person hold in a real browser', () => {
  let andon: RunningStandalone;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    andon = await startStandalone({
      SIM_GENERATOR: 'false',
      INGEST_HTTP_TOKENS: INGEST_TOKEN,
      MES_API_TOKEN: MES_TOKEN,
    });
    browser = await chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 900, height: 1100 } });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await andon?.stop();
  });

  async function signIn(user: string): Promise<void> {
    await page.goto(`${andon.url}/`);
    await page.evaluate('sessionStorage.clear()');
    await page.goto(`${andon.url}/`);
    await page.getByLabel('User').fill(user);
    await page.getByLabel('Password').fill('andon-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Approval queue' }).waitFor();
  }

  async function sign(actionId: string, meaning: 'approval' | 'responsibility', shot: string): Promise<void> {
    await page.goto(`${andon.url}/#/actions/${encodeURIComponent(actionId)}`);
    await page.getByRole('button', { name: 'Approve…' }).click();
    // The dialog states what each meaning affirms (21 CFR 11.50) and which action hash is signed.
    await page
      .getByRole('radio', {
        name: new RegExp(`^${meaning === 'approval' ? 'Approval' : 'Responsibility'} —`),
      })
      .check();
    expect(await page.locator('#sign-hash').textContent()).toMatch(/^[0-9a-f]{64}$/);
    await page.getByLabel('Reason').fill('Containment per NCR; evidence reviewed');
    await page.getByLabel('Re-enter your password').fill('andon-demo');
    await page.getByRole('button', { name: 'Sign', exact: true }).click();
    await page.locator('#sign').waitFor({ state: 'hidden' });
    await page.screenshot({ path: join(ARTIFACTS, shot), fullPage: true });
  }

  it('holds the lot only after both signatures and the ledger verifies', async () => {
    const lots = await getJson<Array<{ id: string; status: string }>>(
      `${andon.url}/mes/v1/lots?site=plant-a&line=line-1`,
      MES_TOKEN,
    );
    const lot = lots[0];
    if (!lot) throw new Error('mes-sim has no lot on plant-a/line-1');
    expect(lot.status).toBe('released');

    const ncr = {
      sourceSystem: 'QMS',
      sourceEventId: `e2e-ncr-${Date.now()}`,
      eventType: 'nonconformance',
      location: { enterprise: 'acme', site: 'plant-a', area: 'molding', line: 'line-1' },
      occurredAt: new Date().toISOString(),
      payload: {
        ncrId: 'NCR-E2E-1',
        categoryCode: 'Q-DIM',
        severity: 'MAJOR',
        description: `Wall thickness out of tolerance on ${lot.id}; 14 parts affected`,
        lotIds: [lot.id],
        product: 'PX-100',
        supplier: 'ResinWorks GmbH',
      },
    };
    const ingest = await fetch(`${andon.url}/ingest/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_TOKEN}` },
      body: JSON.stringify(ncr),
    });
    expect(ingest.status).toBe(202);

    const anna = await login(andon.url, 'qe.anna');
    const hold = await waitFor(
      async () => {
        const { actions } = await getJson<{ actions: ActionSummary[] }>(
          `${andon.url}/api/actions?state=pending`,
          anna,
        );
        return actions.find(
          (a) => a.actionType === 'mes.hold_lot' && (a.payloadJson ?? JSON.stringify(a)).includes(lot.id),
        );
      },
      { timeoutMs: 60_000, description: `a proposed hold of ${lot.id}` },
    );

    await signIn('qe.anna');
    await page.screenshot({ path: join(ARTIFACTS, '01-queue.png'), fullPage: true });
    await sign(hold.actionId, 'approval', '02-first-signature.png');
    expect(await page.locator('#action-state').textContent()).toBe('pending');
    expect(await page.locator('#requirements').textContent()).toMatch(/awaits|approver/i);
    // Evidence clicks through to the source record, fetched with the signed-in user's token.
    // It opens beside the action first; "Open full page" shows the record on its own.
    await page
      .getByRole('link', { name: /^event: / })
      .first()
      .click();
    await page.locator('#peek #peek-h').waitFor();
    expect(await page.locator('#peek').textContent()).toMatch(/NCR-E2E-1|nonconformance/i);
    await page.locator('#peek').getByRole('link', { name: 'Open full page' }).click();
    await page.getByRole('heading', { name: /^Record / }).waitFor();
    expect(await page.locator('main').textContent()).toMatch(/NCR-E2E-1|nonconformance/i);
    await page.screenshot({ path: join(ARTIFACTS, '02b-evidence-record.png'), fullPage: true });
    const afterFirst = await getJson<{ status: string }>(`${andon.url}/mes/v1/lots/${lot.id}`, MES_TOKEN);
    expect(afterFirst.status).toBe('released');

    await signIn('sup.ben');
    await sign(hold.actionId, 'responsibility', '03-second-signature.png');

    const held = await waitFor(
      async () => {
        const l = await getJson<{ status: string }>(`${andon.url}/mes/v1/lots/${lot.id}`, MES_TOKEN);
        return l.status === 'held' ? l : undefined;
      },
      { timeoutMs: 30_000, description: `${lot.id} held in mes-sim` },
    );
    expect(held.status).toBe('held');
    const effects = await getJson<unknown[]>(
      `${andon.url}/mes/v1/effects?actionId=${encodeURIComponent(hold.actionId)}`,
      MES_TOKEN,
    );
    expect(effects).toHaveLength(1);

    await page.goto(`${andon.url}/#/ledger/${encodeURIComponent(hold.actionId)}`);
    await page.getByRole('button', { name: 'Verify ledger' }).click();
    await page.locator('#verify-ok').waitFor({ timeout: 15_000 });
    const timeline = await page.locator('ol.timeline').textContent();
    expect(timeline).toMatch(/action\.proposed/);
    expect(timeline).toMatch(/action\.executed/);
    await page.screenshot({ path: join(ARTIFACTS, '04-ledger-verified.png'), fullPage: true });

    // ROI: the hold counts as a timed output (from the NCR's occurrence to the proposal), and
    // MTTR comes from plant data through the validated plant query, its query shown.
    await page.goto(`${andon.url}/#/roi`);
    await page.getByRole('heading', { name: 'From plant event to output' }).waitFor();
    expect(
      await page.getByRole('table', { name: /Median minutes from the triggering plant event/ }).textContent(),
    ).toMatch(/action:mes\.hold_lot/);
    // ...and the approved hold counts in what people did with the proposals.
    const holdRow = page
      .getByRole('table', { name: 'Proposed actions and their outcomes by action type' })
      .getByRole('row')
      .filter({ hasText: 'mes.hold_lot' });
    expect(Number(await holdRow.getByRole('cell').nth(2).textContent())).toBeGreaterThanOrEqual(1);
    await page.getByRole('heading', { name: 'MTTR this week by line' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('#reliability').textContent()).toMatch(/"metric": "mttr"/);
    await page
      .getByRole('heading', { name: 'NCR cycle time this week by line' })
      .waitFor({ timeout: 15_000 });
    expect(await page.locator('#reliability').textContent()).toMatch(/"metric": "ncr_cycle_time"/);
    await page.screenshot({ path: join(ARTIFACTS, '05-roi.png'), fullPage: true });

    // The operator CLI against the same running mesh: verify and export the ledger.
    const cliEnv = {
      ...process.env,
      ANDON_URL: andon.url,
      ANDON_USER: 'admin',
      ANDON_PASSWORD: 'andon-demo',
    };
    const verify = runAndon(['ledger', 'verify'], cliEnv);
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/ledger OK[^:]*: \d+ entries verified/);
    const exportFile = join(andon.dataDir, 'ledger-export.jsonl');
    expect(runAndon(['ledger', 'export', '--out', exportFile], cliEnv).status).toBe(0);
    const lines = readFileSync(exportFile, 'utf8').trim().split('\n');
    expect(lines.some((l) => l.includes(hold.actionId))).toBe(true);
  }, 240_000);
});
