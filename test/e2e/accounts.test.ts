/**
 * Accounts end to end in Chromium: the workbench in accounts mode shows its login page, a wrong
 * password is refused, a viewer cannot confirm a shipment (the ledger says why), an analyst's
 * confirmation is recorded under the analyst's name, and a reviewer (not the analyst) approves it
 * (small SIMULATED scenario).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { addUser } from '../../src/accounts/store.js';
import { openStore } from '../../src/store/index.js';
import { tempDir } from '../cli/run-cli.js';
import { fillStore } from '../server/fixture.js';
import { type RunningServer, startServer } from '../server/server-process.js';
import { ensureWebBuilt, launchChromium, requireChromium, waitForExpression } from './browser.js';

const skip = requireChromium();
const PASSWORD = 'correct horse battery staple';

describe('accounts in Chromium', { skip }, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const cspRefusals: string[] = [];
  /** The shipment the analyst confirmed, for the reviewer to approve. */
  let confirmedId = 0;

  before(async () => {
    ensureWebBuilt();
    const db = join(tempDir('tallyman-e2e-accounts-'), 'e2e.db');
    fillStore(db);
    const store = await openStore({ path: db });
    await addUser(await store.db(), 'vera', 'viewer', PASSWORD);
    await addUser(await store.db(), 'anna', 'analyst', PASSWORD);
    await addUser(await store.db(), 'rita', 'reviewer', PASSWORD);
    await store.close();
    server = await startServer(db);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    // The evidence comes late, as on a loaded server: what the user typed meanwhile must stay.
    await page.route('**/api/shipments/*/evidence', async (route) => {
      await new Promise((r) => setTimeout(r, 400));
      await route.continue();
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspRefusals.push(m.text());
    });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const logIn = async (name: string, password: string) => {
    await page.goto(`${server.url}/`);
    await page.waitForSelector('form#login');
    await page.locator('form#login [name=name]').fill(name);
    await page.locator('form#login [name=password]').fill(password);
    await page.locator('form#login button[type=submit]').click();
  };

  /** The ledger filtered by status, once the filtered list is on screen (not the one before it). */
  const showLedger = async (status: string) => {
    await page.goto(`${server.url}/#/ledger`);
    await page.waitForSelector('table.ledger tbody tr.row');
    await page.locator('form.filters select[name=status]').selectOption(status);
    await waitForExpression(
      page,
      `[...document.querySelectorAll('table.ledger tbody tr.row')].every((r) => r.classList.contains(${JSON.stringify(status)}))`,
      30_000,
    );
  };

  const openFirstProposed = async (): Promise<number> => {
    await showLedger('proposed');
    const row = page.locator('table.ledger tbody tr.row.proposed').first();
    const id = Number(await row.getAttribute('data-id'));
    await row.locator('button.open').click();
    const reason = 'e2e: dark call matches imagery';
    await page.locator('form.decide input[name=reason]').fill(reason);
    // typed while the evidence loads: its arrival re-renders the row and must keep the reason
    await page.waitForSelector(`[data-testid=evidence-${id}]`);
    assert.equal(await page.locator('form.decide input[name=reason]').inputValue(), reason);
    // the decision's answer first: filtering the list before it lands races the write
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/shipments/${id}/decision`)),
      page.locator(`[data-testid=confirm-${id}]`).click(),
    ]);
    return id;
  };

  test('the login page; a wrong password is refused', async () => {
    await logIn('vera', 'not the password at all');
    const errEl = page.locator('[data-testid=login-error]');
    for (let i = 0; i < 100 && ((await errEl.textContent()) ?? '') === ''; i++) await page.waitForTimeout(50);
    const err = await page.locator('[data-testid=login-error]').textContent();
    assert.match(err ?? '', /wrong name or password/);
    assert.ok(!(await page.locator('#map-view').isVisible()), 'the app stays hidden');
  });

  test('a viewer logs in and is refused a decision', async () => {
    await logIn('vera', PASSWORD);
    await page.waitForSelector('[data-testid=user]');
    assert.equal(await page.locator('[data-testid=user]').textContent(), 'vera (viewer)');
    await openFirstProposed();
    const out = page.locator('form.decide output');
    for (let i = 0; i < 100 && ((await out.textContent()) ?? '') === ''; i++) await page.waitForTimeout(50);
    assert.match((await out.textContent()) ?? '', /needs the analyst role; vera is viewer/);
    await page.locator('#logout').click();
    await page.waitForSelector('form#login');
  });

  test("an analyst's confirmation is recorded under the analyst's name", async () => {
    await logIn('anna', PASSWORD);
    await page.waitForSelector('[data-testid=user]');
    const id = await openFirstProposed();
    await page.locator('form.filters select[name=status]').selectOption('confirmed');
    const row = page.locator(`table.ledger tbody tr.row.confirmed[data-id="${id}"]`);
    await row.waitFor();
    // Asked as the page itself, on the analyst's session.
    const decidedBy = await page.evaluate(
      `fetch('api/shipments/${id}').then((r) => r.json()).then((b) => b.shipment.decidedBy)`,
    );
    assert.equal(decidedBy, 'anna');
    const actor = await page.evaluate(
      `fetch('api/audit?limit=5').then((r) => r.json()).then((b) => b.entries.find((e) => e.action === 'shipment.confirm').actor)`,
    );
    assert.equal(actor, 'anna');
    assert.deepEqual(cspRefusals, []);
    confirmedId = id;
    await page.locator('#logout').click();
    await page.waitForSelector('form#login');
  });

  test('an analyst cannot approve; a reviewer approves what the analyst confirmed', async () => {
    assert.ok(confirmedId > 0, 'the previous test confirmed a shipment');
    /** Opens the confirmed shipment and approves it, before its (delayed) evidence has come or after. */
    const openConfirmed = async (when: 'before evidence' | 'after evidence') => {
      await showLedger('confirmed');
      const row = page.locator(`table.ledger tbody tr.row.confirmed[data-id="${confirmedId}"]`);
      await row.locator('button.open').click();
      if (when === 'after evidence') await page.waitForSelector(`[data-testid=evidence-${confirmedId}]`);
      await page.locator('form.decide[data-action=approve] input[name=reason]').fill('e2e: second look');
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/shipments/${confirmedId}/approve`)),
        page.locator(`[data-testid=approve-${confirmedId}]`).click(),
      ]);
    };
    await logIn('anna', PASSWORD);
    await page.waitForSelector('[data-testid=user]');
    await openConfirmed('before evidence');
    const out = page.locator('form.decide[data-action=approve] output');
    for (let i = 0; i < 100 && ((await out.textContent()) ?? '') === ''; i++) await page.waitForTimeout(50);
    assert.match((await out.textContent()) ?? '', /reviewer/);
    // The refusal comes back before the (delayed) evidence; the render that shows the evidence
    // must keep it on screen.
    await page.waitForSelector(`[data-testid=evidence-${confirmedId}]`);
    assert.match((await out.textContent()) ?? '', /reviewer/);
    await page.locator('#logout').click();
    await page.waitForSelector('form#login');
    await logIn('rita', PASSWORD);
    await page.waitForSelector('[data-testid=user]');
    await openConfirmed('after evidence');
    await page.waitForSelector('text=approved by rita (four-eyes)');
    const approvedBy = await page.evaluate(
      `fetch('api/shipments/${confirmedId}').then((r) => r.json()).then((b) => b.shipment.approvedBy)`,
    );
    assert.equal(approvedBy, 'rita');
    assert.deepEqual(cspRefusals, []);
  });
});
