/**
 * End to end: the workbench in Debian's headless Chromium against a real server on a store made
 * from the bundled SIMULATED Rajin-shuttle scenario (simulate → ingest → detect, as `npm start`
 * does). Screenshots go to test-artifacts/screenshots/ (printed); the map, ledger and estimate
 * pages are also copied to docs/screenshots/ for the README.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { tempDir } from '../cli/run-cli.js';
import { fillStore, RAJIN_SCENARIO } from '../server/fixture.js';
import { REPO, type RunningServer, startServer } from '../server/server-process.js';
import { ensureWebBuilt, launchChromium, requireChromium, waitForExpression } from './browser.js';

const SHOTS = join(REPO, 'test-artifacts/screenshots');
// The README's screenshots are rewritten only when asked (UPDATE_SCREENSHOTS=1): a plain test run
// leaves the checkout as it was.
const DOCS_SHOTS =
  process.env.UPDATE_SCREENSHOTS === '1' ? join(REPO, 'docs/screenshots') : tempDir('tallyman-shots-');

const skip = requireChromium();

// Page expressions are text: the tests compile without the DOM library.
/** Track features MapLibre has drawn in the current view (the layers of web/src/map.ts). */
const renderedTracks = async (page: Page): Promise<number> =>
  Number(
    await page.evaluate(
      "window.tallyman.map.queryRenderedFeatures({ layers: ['tracks-major', 'tracks-minor'] }).length",
    ),
  );
const TRACKS_RENDERED = 'document.documentElement.dataset.tracksRendered';

describe('workbench in Chromium', { skip }, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let dbDir: string;
  let proposed = false;
  /** What the Content-Security-Policy refused (Chromium says so on the console): must stay empty. */
  const cspRefusals: string[] = [];

  before(async () => {
    ensureWebBuilt();
    dbDir = tempDir('tallyman-e2e-');
    proposed = fillStore(join(dbDir, 'e2e.db'), RAJIN_SCENARIO).proposed;
    server = await startServer(join(dbDir, 'e2e.db'));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 860 }, acceptDownloads: true });
    // Nothing may leave this machine: every request must go to the workbench's own origin.
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) {
        throw new Error(`request off the machine: ${r.url()}`);
      }
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspRefusals.push(m.text());
    });
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(DOCS_SHOTS, { recursive: true });
    console.log(`# screenshots: ${SHOTS}`);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const shot = async (name: string, docs = false) => {
    const path = join(SHOTS, `${name}.png`);
    await page.screenshot({ path });
    if (docs) copyFileSync(path, join(DOCS_SHOTS, `${name}.png`));
  };

  test('loads the map with the tracks drawn and the simulated banner', async () => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${server.url}/`);
    await waitForExpression(page, TRACKS_RENDERED, 60_000);
    const banner = page.locator('#banner');
    assert.ok(await banner.isVisible());
    assert.match((await banner.textContent()) ?? '', /SIMULATED DATA/);
    assert.ok((await renderedTracks(page)) > 0, 'track features on the map');
    const points = Number(await page.evaluate(TRACKS_RENDERED));
    assert.ok(points > 1000, `${points} fixes drawn`);
    const paintMs = Number(await page.evaluate('window.tallyman.trackPaintMs'));
    console.log(`# first meaningful paint (tracks drawn): ${Math.round(paintMs)} ms`);
    assert.ok(
      requests.every((u) => u.startsWith(server.url)),
      'only same-origin requests',
    );
    await shot('map', true);
  });

  test('zooming in draws every fix; zooming out goes back to the simplified tracks', async () => {
    const detail = 'document.documentElement.dataset.tracksDetail';
    assert.equal(await page.evaluate(detail), 'overview');
    const overviewPoints = Number(await page.evaluate(TRACKS_RENDERED));
    const zoomTo = (z: number) =>
      page.evaluate(
        `new Promise((r) => { const m = window.tallyman.map; m.once('moveend', r); m.jumpTo({ zoom: ${z} }); })`,
      );
    await zoomTo(9);
    await waitForExpression(page, `${detail} === 'full'`, 60_000);
    const fullPoints = Number(await page.evaluate(TRACKS_RENDERED));
    assert.ok(
      fullPoints > overviewPoints,
      `${fullPoints} fixes at zoom 9, ${overviewPoints} in the overview`,
    );
    await zoomTo(5);
    await waitForExpression(page, `${detail} === 'overview'`, 60_000);
    assert.equal(Number(await page.evaluate(TRACKS_RENDERED)), overviewPoints);
    console.log(`# level of detail: ${overviewPoints} fixes in the overview, ${fullPoints} from zoom 8`);
  });

  test('the time slider filters the map and the vessel list', async () => {
    const before = await renderedTracks(page);
    const listBefore = await page.locator('table.vessels tbody tr').count();
    // A one-week window at the start of the period.
    await page.locator('.timeline .to').fill('7');
    await page.waitForTimeout(500);
    const after = await renderedTracks(page);
    assert.ok(after < before, `${after} track features after the filter, ${before} before`);
    const label = await page.locator('.timeline .label').textContent();
    assert.match(label ?? '', /2023-08-0\d → 2023-08-0\d/);
    const heard = await page.locator('#side .muted').first().textContent();
    assert.match(heard ?? '', /vessels heard/);
    assert.ok((await page.locator('table.vessels tbody tr').count()) <= listBefore);
    await shot('map-week');
    await page.locator('.timeline .all').click();
  });

  test('vessel page: identity history and events', async () => {
    await page.locator('table.vessels tbody tr a').first().click();
    await page.waitForSelector('table.identities');
    const name = await page.locator('[data-testid=vessel-name]').textContent();
    assert.ok((name ?? '').length > 0);
    assert.ok((await page.locator('table.identities tbody tr').count()) >= 1);
    // Events come from `tallyman detect`, run by the fixture.
    assert.ok((await page.locator('table.events tbody tr').count()) >= 1);
    assert.ok(await page.locator('#banner').isVisible());
    await shot('vessel');
  });

  test('every page carries the banner; a module not in this build says so plainly', async () => {
    for (const p of ['ledger', 'evidence', 'imagery', 'estimates']) {
      await page.goto(`${server.url}/#/${p}`);
      await page.waitForSelector('#page h1');
      assert.ok(await page.locator('#banner').isVisible(), `banner on ${p}`);
      const unavailable = page.locator('[data-testid=unavailable]');
      if ((await unavailable.count()) > 0) {
        assert.match((await unavailable.textContent()) ?? '', /Not available yet/);
      }
    }
  });

  /** The containers median on the estimates page (confirmed basis), or null when there is no estimate. */
  const containersEstimate = async (): Promise<number | null> => {
    await page.goto(`${server.url}/#/estimates`);
    await page.waitForSelector('[data-testid=containers-median], [data-testid=no-estimate]', {
      timeout: 60_000,
    });
    const v = page.locator('[data-testid=containers-median]');
    return (await v.count()) > 0 ? Number(await v.getAttribute('data-value')) : null;
  };

  const confirmFirstProposed = async (reason: string): Promise<number> => {
    await page.goto(`${server.url}/#/ledger`);
    await page.waitForSelector('table.ledger tbody tr.row');
    await page.locator('form.filters select[name=status]').selectOption('proposed');
    const row = page.locator('table.ledger tbody tr.row.proposed').first();
    const id = Number(await row.getAttribute('data-id'));
    await row.locator('button.open').click();
    await page.locator('form.decide input[name=reason]').fill(reason);
    await page.locator(`[data-testid=confirm-${id}]`).click();
    await page.locator('form.filters select[name=status]').selectOption('confirmed');
    await page.waitForSelector(`table.ledger tbody tr.row.confirmed[data-id="${id}"]`);
    return id;
  };

  test('confirming proposed shipments in the ledger changes the estimate', async (t) => {
    if (!proposed) {
      t.skip('this build has no `tallyman shipments propose`');
      return;
    }
    const before = await containersEstimate();
    const first = await confirmFirstProposed('e2e: dark call at the origin matches the simulated imagery');
    const number = await page.locator(`tr.row[data-id="${first}"] td`).nth(1).textContent();
    assert.match(number ?? '', /^\d+$/, 'a confirmed shipment gets a number');
    const one = await containersEstimate();
    assert.notEqual(one, before, 'the estimate changed after the first confirmation');
    await confirmFirstProposed('e2e: a second shipment');
    await page.goto(`${server.url}/#/ledger`);
    await page.waitForSelector('table.ledger tbody tr.row');
    await page.locator('form.filters select[name=status]').selectOption('');
    await page.locator(`tr.row[data-id="${first}"] button.open`).click();
    await shot('ledger', true);
    const two = await containersEstimate();
    assert.ok(
      two !== null && one !== null && two > one,
      `estimate ${one} → ${two} after a second confirmation`,
    );
    await shot('estimates-confirmed');
    // The README's picture: every shipment in the ledger, confirmed and proposed.
    await page.locator('input[name=basis][value=all]').check();
    await page.waitForSelector('.basis input[value=all]:checked');
    await page.waitForSelector('[data-testid=containers-median]', { timeout: 60_000 });
    await shot('estimates', true);
    await page.goto(`${server.url}/#/evidence`);
    await page.locator('[data-testid=verify]').click();
    await page.waitForSelector('.verify-result.ok, .verify-result.bad');
    assert.match((await page.locator('.verify-result').textContent()) ?? '', /intact/);
    await shot('evidence');
  });

  test('the one-page brief: the map as drawn, the ledger summary and the estimate', async () => {
    await page.goto(`${server.url}/#/brief`);
    await page.waitForSelector('img.brief-map', { timeout: 60_000 });
    const src = (await page.locator('img.brief-map').getAttribute('src')) ?? '';
    assert.match(src, /^data:image\/png;base64,/);
    // A blank canvas compresses to a few kilobytes; a drawn map with tracks does not.
    assert.ok(src.length > 50_000, `map picture of ${src.length} characters`);
    assert.match((await page.locator('.brief-sim').textContent()) ?? '', /SIMULATED/);
    if (proposed) assert.ok((await page.locator('.brief table.list tbody tr').count()) >= 2);
    // The basis of the figures, in words (TALLYMAN_FOUR_EYES unset here: "confirmed", or the
    // proposals' basis when nothing confirmed gives an estimate).
    assert.match((await page.locator('[data-testid=brief-basis]').textContent()) ?? '', /^Basis: confirmed/);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(SHOTS, 'brief-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });

  test('exports a KML of the tracks in the selected range', async () => {
    await page.goto(`${server.url}/#/map`);
    await page.waitForSelector('a[data-export=kml]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('a[data-export=kml]').click(),
    ]);
    const path = join(SHOTS, 'export.kml');
    await download.saveAs(path);
    const kml = readFileSync(path, 'utf8');
    assert.match(kml, /<kml xmlns="http:\/\/www\.opengis\.net\/kml\/2\.2">/);
    assert.match(kml, /SIMULATED/);
    assert.ok((kml.match(/<Placemark>/g) ?? []).length > 5);
    assert.match(download.suggestedFilename(), /\.kml$/);
  });

  test('the Content-Security-Policy refused nothing the workbench did (3D page included)', async () => {
    await page.goto(`${server.url}/imagery3d.html`);
    await page.waitForSelector('#view');
    assert.deepEqual(cspRefusals, []);
  });

  test('no other page can frame the workbench (frame-ancestors none)', async () => {
    const other = await browser.newPage();
    const refusals: string[] = [];
    other.on('console', (m) => refusals.push(m.text()));
    try {
      // about:blank with an iframe: a page of another origin framing the ledger's buttons.
      await other.setContent(`<iframe id="f" src="${server.url}/#/ledger"></iframe>`);
      await other.waitForTimeout(1500);
      const framed = other.frames().find((f) => f.url().startsWith(server.url));
      const loaded = framed
        ? await framed.evaluate('document.querySelector("#nav") !== null').catch(() => false)
        : false;
      assert.equal(loaded, false, 'the workbench loaded inside a frame');
      assert.ok(
        refusals.some((t) => /frame-ancestors/.test(t)),
        `Chromium refused the frame: ${refusals.join(' | ')}`,
      );
    } finally {
      await other.close();
    }
  });
});
