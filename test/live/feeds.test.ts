/**
 * The other live feeds of `tallyman watch`: UDP datagrams (watch listens) and stdin through the
 * real CLI, on the simulated test scenario (SIMULATED). Bad lines in a feed are reported with the
 * feed, line and reason and counted; the good data beside them lands.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUNDLED_AREAS, mergeAreas } from '../../src/areas/index.js';
import { DEFAULT_PARAMS } from '../../src/events/params.js';
import { addRule, listAlerts } from '../../src/live/store.js';
import { runWatch } from '../../src/live/watch.js';
import { openStore } from '../../src/store/index.js';
import { cli, tempDir } from '../cli/run-cli.js';
import { scenarioFiles } from '../server/fixture.js';

const { nmea } = scenarioFiles();
const TEXT = readFileSync(nmea, 'utf8');
const LINES = TEXT.split('\n').filter(Boolean);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A UDP port free right now. */
async function freePort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('watch feeds', () => {
  it('UDP: datagrams of whole lines land, a bad line is reported and counted', async () => {
    const db = join(tempDir('tallyman-udp-'), 't.db');
    const store = await openStore({ path: db });
    const logLines: string[] = [];
    try {
      await addRule(
        await store.db(),
        'in Vostochny',
        { kind: 'area-enter', area: 'vostochny' },
        { actor: 't', nowMs: 1 },
      );
      const port = await freePort();
      const stop = new AbortController();
      const running = runWatch({
        feeds: [`udp://127.0.0.1:${port}`],
        store,
        areas: mergeAreas(BUNDLED_AREAS, []),
        params: DEFAULT_PARAMS,
        signal: stop.signal,
        detectEveryMs: 500,
        flushMs: 50,
        log: (s) => logLines.push(s),
      });
      await sleep(300); // bound
      const tx = createSocket('udp4');
      // 20 lines a datagram (~2 KB, under any MTU trouble on loopback), one bad line among them
      const lines = [
        ...LINES.slice(0, 500),
        '!AIVDM,1,1,,A,this is not a payload,0*00',
        ...LINES.slice(500, 3000),
      ];
      for (let i = 0; i < lines.length; i += 20) {
        await new Promise<void>((r) =>
          tx.send(`${lines.slice(i, i + 20).join('\n')}\n`, port, '127.0.0.1', () => r()),
        );
        if (i % 400 === 0) await sleep(5);
      }
      tx.close();
      await sleep(1500);
      stop.abort();
      const summary = await running;
      const feed = summary.feeds[0];
      assert.equal(feed.rejected, 1, logLines.join('\n'));
      assert.ok(
        logLines.some((l) => new RegExp(`^udp://127\\.0\\.0\\.1:${port}:\\d+: \\S+`).test(l)),
        logLines.join('\n'),
      );
      const d = await store.db();
      const stored = await d
        .selectFrom('positions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(stored.n), feed.positions);
      assert.ok(feed.positions > 2000, `${feed.positions} positions`);
      const runs = await d.selectFrom('ingest_runs').select(['source_name', 'status']).execute();
      assert.deepEqual(runs, [{ source_name: `udp://127.0.0.1:${port} [simulated]`, status: 'completed' }]);
      assert.ok((await listAlerts(d)).length > 0, 'an entry into Vostochny among the first 3,000 lines');
    } finally {
      await store.close();
    }
  });

  it('stdin through the CLI: alerts as JSON lines, the summary at its end', () => {
    const db = join(tempDir('tallyman-stdin-'), 't.db');
    const add = cli(['--db', db, 'alerts', 'add', 'dark calls', '--kind', 'dark-port-call']);
    assert.equal(add.status, 0, add.stderr);
    const r = cli(['--db', db, 'watch', '-', '--json', '--detect-every', '500'], {
      input: `${TEXT}!AIVDM,1,1,,A,this is not a payload,0*00\n`,
    });
    assert.equal(r.status, 0, r.stderr);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const summary = out.at(-1).summary;
    assert.equal(summary.feeds[0].name, '-');
    assert.equal(summary.feeds[0].positions, 7704);
    assert.equal(summary.feeds[0].rejected, 1);
    assert.match(r.stderr, /-:11105: /);
    const alerts = out.filter((x) => x.alert).map((x) => x.alert);
    assert.ok(alerts.length > 0);
    for (const a of alerts) {
      assert.equal(a.ruleKind, 'dark-port-call');
      assert.equal(a.notice, undefined, 'stdout carries the flag, not the notice');
      assert.equal(a.simulated, true);
      assert.equal(a.evidence.events[0].type, 'dark-port-call');
    }
    // the same alerts are stored, once each, and listed with their evidence
    const raised = cli(['--db', db, 'alerts', 'raised', '--json', '--limit', '1000']);
    const listed = raised.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(listed.length, alerts.length);
    assert.ok(listed.every((a) => /^SIMULATED/.test(a.notice)));
  });
});
