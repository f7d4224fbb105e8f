/**
 * End to end in Debian's headless Chromium, on a store of the small SIMULATED scenario: the search
 * box (a vessel by name opens its page and the map zooms to it; an area flies the map there), the
 * vessel page's filterable event list, evidence beside a decision in the ledger, and numbers that
 * stay put when an earlier shipment is confirmed after a later one. Screenshots of the vessel page
 * and the ledger with its evidence go to docs/screenshots/ for the README.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { cli, tempDir } from '../cli/run-cli.js';
import { fillStore } from '../server/fixture.js';
import { REPO, type RunningServer, startServer } from '../server/server-process.js';
import { ensureWebBuilt, launchChromium, requireChromium, waitForExpression } from './browser.js';

const SHOTS = join(REPO, 'test-artifacts/screenshots');
// The README's screenshots are rewritten only when asked (UPDATE_SCREENSHOTS=1): a plain test run
// leaves the checkout as it was.
const DOCS_SHOTS =
  process.env.UPDATE_SCREENSHOTS === '1' ? join(REPO, 'docs/screenshots') : tempDir('tallyman-shots-');
const skip = requireChromium();

describe('publishing in Chromium: search, evidence, stable numbers', { skip }, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const dir = tempDir('tallyman-e2e-publish-');
  const db = join(dir, 'publish.db');
  const env = { TALLYMAN_EVIDENCE_DIR: join(dir, 'evidence') };
  let shipments: Array<{ id: number; departMs: number }> = [];

  before(async () => {
    ensureWebBuilt();
    fillStore(db);
    shipments = (JSON.parse(cli(['--db', db, 'shipments', '--json']).stdout) as typeof shipments).sort(
      (a, b) => a.departMs - b.departMs,
    );
    assert.ok(shipments.length >= 3, 'the small scenario proposes three shipments');
    const note = join(dir, 'loading-note.txt');
    writeFileSync(note, 'SIMULATED: ship alongside Pier 2 at Rajin, stack of ~270 TEU\n');
    const add = cli(
      [
        '--db',
        db,
        'evidence',
        'add',
        note,
        '--title',
        'Loading seen at Rajin (simulated)',
        '--grade',
        'B2',
        '--kind',
        'satellite-image',
        '--shipment',
        String(shipments[1].id),
        '--simulated',
        '--by',
        'alice',
      ],
      { env },
    );
    assert.equal(add.status, 0, add.stderr);
    server = await startServer(db, { env });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !/^(data|blob):/.test(r.url()))
        throw new Error(`request off the machine: ${r.url()}`);
    });
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(DOCS_SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const shot = async (name: string) => {
    const path = join(SHOTS, `${name}.png`);
    await page.screenshot({ path });
    copyFileSync(path, join(DOCS_SHOTS, `${name}.png`));
  };
  const zoom = async () => Number(await page.evaluate('window.tallyman.map.getZoom()'));

  test('search: a vessel by name opens its page, highlighted and zoomed to; an area flies there', async () => {
    await page.goto(`${server.url}/#/map`);
    await waitForExpression(page, 'document.documentElement.dataset.tracksRendered', 60_000);
    console.log(
      `# map: tracks drawn ${Math.round(Number(await page.evaluate('window.tallyman.trackPaintMs')))} ms after navigation (small SIMULATED scenario)`,
    );
    // the loading indicator counted its steps and went away; places are named; the legend matches
    await waitForExpression(page, "document.querySelector('#map-loading').hidden", 20_000);
    assert.equal(await page.locator('#map-loading').getAttribute('data-progress'), '5/5');
    await page.evaluate('window.tallyman.map.jumpTo({ center: [131.2, 42.6], zoom: 6 })');
    await page.waitForSelector('.map-label.place[data-area=rajin]');
    assert.match((await page.locator('.map-label.place[data-area=rajin]').textContent()) ?? '', /Rajin/);
    assert.ok((await page.locator('.map-label.sea').count()) > 0, 'sea names');
    assert.equal(await page.locator('.legend .sw.solid').count(), 0);
    assert.equal(await page.locator('.legend .sw.major').count(), 1);
    // clicking an event opens what it is
    await waitForExpression(page, '!window.tallyman.map.isMoving()', 10_000);
    const at = (await page.evaluate(
      "(() => { const m = window.tallyman.map; const f = m.queryRenderedFeatures({ layers: ['ev-port-call'] })[0]; if (!f) return null; const p = m.project(f.geometry.coordinates); const r = m.getCanvas().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; })()",
    )) as [number, number] | null;
    assert.ok(at, 'a port call drawn at zoom 6');
    await page.mouse.click(at[0], at[1]);
    await page.waitForSelector('[data-testid=map-popup]');
    // the event under the pointer (a port call, or an event beside it), named in words, with its vessel
    assert.match(
      (await page.locator('[data-testid=map-popup]').textContent()) ?? '',
      /^(port call|dark port call|AIS gap|encounter|stop|loitering|draught change|identity change)[^·]*· (confidence \d\/4 · )?MMSI \d+.*vessel page$/,
    );
    await page.evaluate('window.tallyman.map.jumpTo({ center: [0, 20], zoom: 2 })');
    const z0 = await zoom();
    await page.locator('[data-testid=search]').fill('angara');
    await page.waitForSelector('[data-testid=search-hit]');
    const labels = await page.locator('[data-testid=search-hit]').allTextContents();
    assert.match(labels[0] ?? '', /ANGARA · MMSI 273219870/);
    await page.locator('[data-testid=search-hit]').first().click();
    await page.waitForSelector('[data-testid=vessel-name]');
    assert.equal(new URL(page.url()).hash, '#/vessel/273219870');
    assert.match((await page.locator('[data-testid=vessel-name]').textContent()) ?? '', /ANGARA/);
    await waitForExpression(
      page,
      "!window.tallyman.map.isMoving() && window.tallyman.map.queryRenderedFeatures({ layers: ['highlight'] }).length > 0",
      20_000,
    );
    assert.ok((await zoom()) > z0, `zoomed in to the vessel (${z0} → ${await zoom()})`);

    // the identity table fits the panel; the event list filters by type
    const fits = await page.evaluate(
      "(() => { const w = document.querySelector('.table-wrap'); return w.scrollWidth <= w.clientWidth + 1; })()",
    );
    assert.ok(fits, 'identity table not cut off');
    await page.locator('[data-testid=event-type]').selectOption('port-call');
    await waitForExpression(
      page,
      "document.querySelector('.events-count').textContent.includes('port-call')",
      10_000,
    );
    const types = await page
      .locator('table.events tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event-type')));
    assert.ok(types.length > 0 && types.every((t) => t === 'port-call'), JSON.stringify(types));
    await shot('vessel');

    await page.locator('[data-testid=search]').fill('Dunai');
    await page.waitForSelector('[data-testid=search-hit]');
    await page.locator('[data-testid=search]').press('Enter');
    await waitForExpression(
      page,
      '!window.tallyman.map.isMoving() && window.tallyman.map.getZoom() > 10',
      20_000,
    );
    const c = (await page.evaluate('window.tallyman.map.getCenter().toArray()')) as [number, number];
    assert.ok(Math.abs(c[0] - 132.3375) < 0.01 && Math.abs(c[1] - 42.8803) < 0.01, `centre ${c}`);
  });

  test('the ledger shows the evidence behind a shipment: title, grade, kind, hash, file; confidence explained', async () => {
    const id = shipments[1].id;
    await page.goto(`${server.url}/#/ledger/${id}`);
    const box = page.locator(`[data-testid=evidence-${id}]`);
    await box.waitFor();
    const text = (await box.textContent()) ?? '';
    assert.match(text, /Loading seen at Rajin \(simulated\)/);
    assert.match(text, /B2/);
    assert.match(text, /satellite-image/);
    assert.match(text, /confidence \d\/4/);
    assert.match(text, /linked document \(evidence\) \+1/);
    const href = await box.locator('a[href^="api/evidence/"]').first().getAttribute('href');
    const file = await fetch(`${server.url}/${href}`);
    assert.equal(await file.text(), 'SIMULATED: ship alongside Pier 2 at Rajin, stack of ~270 TEU\n');
    await shot('ledger-evidence');
  });

  test('confirming an earlier shipment after a later one leaves the later one its number', async () => {
    const [early, , late] = shipments;
    const confirm = async (id: number, reason: string) => {
      await page.goto(`${server.url}/#/ledger`);
      await page.waitForSelector(`tr.row[data-id="${id}"]`);
      await page.locator(`tr.row[data-id="${id}"] button.open`).click();
      await page.locator('form.decide input[name=reason]').fill(reason);
      await page.locator(`[data-testid=confirm-${id}]`).click();
      await page.waitForSelector(`tr.row.confirmed[data-id="${id}"]`);
    };
    await confirm(late.id, 'e2e: the later shipment first');
    assert.equal(await page.locator(`[data-testid=number-${late.id}]`).textContent(), '1');
    await confirm(early.id, 'e2e: then the earlier one');
    await page.reload();
    await page.waitForSelector(`tr.row.confirmed[data-id="${early.id}"]`);
    assert.equal(
      await page.locator(`[data-testid=number-${late.id}]`).textContent(),
      '1',
      'no. 1 stays no. 1',
    );
    assert.equal(await page.locator(`[data-testid=number-${early.id}]`).textContent(), '2');
    const byDate = async (id: number) =>
      (await page.locator(`tr.row[data-id="${id}"] td`).nth(2).textContent())?.trim();
    assert.equal(await byDate(early.id), '1', 'first by departure');
    assert.equal(await byDate(late.id), '2');
  });

  test('the brief prints to PDF through Chromium, with its title, figures and sources', () => {
    const pdf = join(dir, 'brief.pdf');
    const r = cli(['--db', db, 'brief', '--pdf', pdf], { env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /brief: .*brief\.pdf \(SIMULATED data\) in [\d.]+ s/);
    assert.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
    // The text as a reader's PDF viewer extracts it (poppler-utils; skipped with a reason if absent).
    if (!existsSync('/usr/bin/pdftotext')) {
      assert.ok(process.env.CI !== 'true', 'CI=true: pdftotext (poppler-utils) is missing');
      console.log('# pdftotext not installed (apt-get install -y poppler-utils): PDF text not checked');
      return;
    }
    const text = spawnSync('/usr/bin/pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
    assert.match(text, /tallyman brief \(SIMULATED\)/);
    assert.match(text, /SIMULATED DATA/);
    assert.match(text, /Containers per month/);
    assert.match(text, /Rounds delivered, cumulative/);
    assert.match(text, /Sources: docs\/sources\.md/);
    assert.match(text, /page 1 of \d/);
    assert.doesNotMatch(text, /\d,\d{3},\d{3},\d{3}/, 'no ten-digit figures: compact numbers with units');
    if (existsSync('/usr/bin/pdftoppm')) {
      spawnSync('/usr/bin/pdftoppm', [
        '-r',
        '80',
        '-png',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        pdf,
        join(DOCS_SHOTS, 'brief'),
      ]);
      assert.ok(existsSync(join(DOCS_SHOTS, 'brief.png')));
    }
  });
});
