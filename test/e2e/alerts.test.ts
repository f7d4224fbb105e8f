/**
 * End to end: the alerts page and the live map in Debian's headless Chromium against a real
 * server on the small SIMULATED test scenario. A rule added through the page's form is listed; an
 * alert and a position that a watch process stores reach the open page and the map live, over the
 * server-sent event stream.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { insertAlerts, listRules, saveLivePositions } from '../../src/live/store.js';
import { openStore } from '../../src/store/index.js';
import { tempDir } from '../cli/run-cli.js';
import { fillStore } from '../server/fixture.js';
import { type RunningServer, startServer } from '../server/server-process.js';
import { ensureWebBuilt, launchChromium, requireChromium, waitForExpression } from './browser.js';

const skip = requireChromium();

describe('alerts in Chromium', { skip }, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let db: string;
  const cspRefusals: string[] = [];

  before(async () => {
    ensureWebBuilt();
    db = join(tempDir('tallyman-e2e-alerts-'), 'e2e.db');
    fillStore(db);
    server = await startServer(db);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspRefusals.push(m.text());
    });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const store = async <T>(f: (s: Awaited<ReturnType<typeof openStore>>) => Promise<T>) => {
    const s = await openStore({ path: db });
    try {
      return await f(s);
    } finally {
      await s.close();
    }
  };

  test('add a rule on the page; a stored alert appears live with SIMULATED', async () => {
    await page.goto(`${server.url}/#/alerts`);
    await page.waitForSelector('[data-testid=rule-form]');
    await page.fill('[data-testid=rule-form] input[name=name]', 'into Vostochny');
    await page.selectOption('[data-testid=rule-form] select[name=kind]', 'area-enter');
    await page.fill('[data-testid=rule-form] input[name=area]', 'vostochny');
    await page.click('[data-testid=rule-form] button[type=submit]');
    await page.waitForSelector('[data-testid=rule-1]');
    assert.match(
      (await page.textContent('[data-testid=rule-1]')) ?? '',
      /into Vostochny.*area-enter · area vostochny/s,
    );
    const rules = await store(async (s) => listRules(await s.db()));
    assert.equal(rules.length, 1);
    // the page is open and subscribed: a watch process stores an alert
    await new Promise((r) => setTimeout(r, 500));
    await store(async (s) =>
      insertAlerts(
        await s.db(),
        [
          {
            key: 'r1:273219870:enter:vostochny:1693526458000',
            ruleId: 1,
            ruleName: 'into Vostochny',
            ruleKind: 'area-enter',
            mmsi: 273219870,
            tsMs: 1693526458000,
            title: 'ANGARA (MMSI 273219870) entered Vostochny port (Wrangel Bay)',
            evidence: {
              positions: [
                {
                  mmsi: 273219870,
                  tsMs: 1693526458000,
                  lon: 133.07,
                  lat: 42.73,
                  speedKnots: 3,
                  courseDeg: 40,
                },
              ],
              events: [],
            },
          },
        ],
        { nowMs: Date.now(), simulated: true },
      ),
    );
    await page.waitForSelector('table.alerts tbody tr', { timeout: 5000 });
    const row = (await page.textContent('table.alerts tbody tr')) ?? '';
    assert.match(row, /SIMULATED/);
    assert.match(row, /ANGARA \(MMSI 273219870\) entered Vostochny/);
    assert.match(row, /1 fixes/);
  });

  test('the map: a live position is drawn and a new alert pops up', async () => {
    await page.goto(`${server.url}/#/map`);
    await waitForExpression(
      page,
      "window.tallyman.map && window.tallyman.map.getLayer('live-positions')",
      30_000,
    );
    await new Promise((r) => setTimeout(r, 700));
    await store(async (s) => {
      const d = await s.db();
      await saveLivePositions(
        d,
        [{ mmsi: 273219870, tsMs: 1693600000000, lon: 132.5, lat: 42.6, speedKnots: 10, courseDeg: 80 }],
        Date.now(),
      );
      await insertAlerts(
        d,
        [
          {
            key: 'r1:273219870:enter:vostochny:1693600000000',
            ruleId: 1,
            ruleName: 'into Vostochny',
            ruleKind: 'area-enter',
            mmsi: 273219870,
            tsMs: 1693600000000,
            title: 'ANGARA (MMSI 273219870) entered Vostochny port (Wrangel Bay)',
            evidence: { positions: [], events: [] },
          },
        ],
        { nowMs: Date.now(), simulated: true },
      );
    });
    const coords = await waitForExpression(
      page,
      "(() => { const f = window.tallyman.map.querySourceFeatures('live-positions').find((x) => x.properties.mmsi === 273219870); return f ? JSON.stringify(f.geometry.coordinates) : null; })()",
      5000,
    );
    // tiled by MapLibre: within a tile's grid of the stored fix
    const [lon, lat] = JSON.parse(String(coords)) as [number, number];
    assert.ok(Math.abs(lon - 132.5) < 0.01 && Math.abs(lat - 42.6) < 0.01, String(coords));
    await page.waitForSelector('#live-alerts .live-alert', { timeout: 5000 });
    assert.match((await page.textContent('#live-alerts')) ?? '', /SIMULATED · into Vostochny/);
    assert.deepEqual(cspRefusals, []);
  });
});
