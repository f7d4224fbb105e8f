/**
 * Alert rules and alerts in the store, on SQLite and PostgreSQL: rule writes are audited (who,
 * when, what, with row hashes the hash-chained log vouches for), alerts are stored once per key;
 * and the `tallyman alerts` commands on a store filled from the simulated test scenario.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { firstChainBreak } from '../../src/audit/chain.js';
import type { Alert } from '../../src/live/engine.js';
import {
  addRule,
  deleteRule,
  insertAlerts,
  listAlerts,
  listRules,
  ruleAudit,
  updateRule,
} from '../../src/live/store.js';
import { openStore } from '../../src/store/index.js';
import { cli, tempDir } from '../cli/run-cli.js';
import { scenarioFiles } from '../server/fixture.js';
import { ENGINES, type TestDb } from '../store/engines.js';

const skips = await Promise.all(ENGINES.map((e) => e.skip()));

const alert = (key: string, ruleId: number): Alert => ({
  key,
  ruleId,
  ruleName: 'x',
  ruleKind: 'area-enter',
  mmsi: 273219870,
  tsMs: 1_700_000_000_000,
  title: 'ANGARA entered Vostochny',
  evidence: {
    positions: [{ mmsi: 273219870, tsMs: 1, lon: 133, lat: 42.7, speedKnots: 3, courseDeg: null }],
    events: [],
  },
});

for (const [i, engine] of ENGINES.entries()) {
  describe(`alert rules on ${engine.name}`, () => {
    const skip = skips[i];
    const dbs: TestDb[] = [];
    after(async () => {
      for (const d of dbs) await d.drop();
    });

    it('create, change, delete: each audited with who and when; the chain holds', { skip }, async () => {
      const t = await engine.fresh();
      dbs.push(t);
      const store = await openStore(t.location);
      try {
        const db = await store.db();
        const r = await addRule(
          db,
          'Rajin dark',
          { kind: 'dark', area: 'rajin' },
          { actor: 'ana', nowMs: 1000 },
        );
        assert.equal(r.createdBy, 'ana');
        await assert.rejects(
          addRule(db, 'bad', { kind: 'encounter' } as never, { actor: 'ana', nowMs: 1001 }),
          /needs vessels/,
        );
        const changed = await updateRule(
          db,
          r.id,
          { enabled: false, spec: { kind: 'dark', area: 'rajin', silenceMs: 3_600_000 } },
          { actor: 'bo', nowMs: 2000, reason: 'shorter silence' },
        );
        assert.equal(changed?.enabled, false);
        assert.equal(changed?.spec.silenceMs, 3_600_000);
        assert.equal(await updateRule(db, 999, { enabled: true }, { actor: 'bo', nowMs: 2001 }), null);
        assert.equal(await deleteRule(db, r.id, { actor: 'cy', nowMs: 3000 }), true);
        assert.equal(await deleteRule(db, r.id, { actor: 'cy', nowMs: 3001 }), false);
        assert.deepEqual(await listRules(db), []);
        const audit = await ruleAudit(db);
        assert.deepEqual(
          audit.map((a) => [a.actor, a.action, a.ruleId, a.tsMs]),
          [
            ['ana', 'alert-rule-create', r.id, 1000],
            ['bo', 'alert-rule-change', r.id, 2000],
            ['cy', 'alert-rule-delete', r.id, 3000],
          ],
        );
        assert.equal(audit[1].detail, 'shorter silence');
        const log = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
        assert.equal(firstChainBreak(log), null);
        // the change's "before" is the creation's "after": one row's history, link by link
        const rows = log.filter((e) => e.entity === 'alert_rules');
        assert.equal(rows[1].before_sha256, rows[0].after_sha256);
        assert.equal(rows[2].before_sha256, rows[1].after_sha256);
        assert.equal(rows[2].after_sha256, null);
      } finally {
        await store.close();
      }
    });

    it('alerts are stored once per key', { skip }, async () => {
      const t = await engine.fresh();
      dbs.push(t);
      const store = await openStore(t.location);
      try {
        const db = await store.db();
        const first = await insertAlerts(db, [alert('k1', 1), alert('k2', 1), alert('k1', 1)], {
          nowMs: 5,
          simulated: true,
        });
        assert.deepEqual(
          first.map((a) => a.key),
          ['k1', 'k2'],
        );
        const again = await insertAlerts(db, [alert('k2', 1), alert('k3', 2)], { nowMs: 6, simulated: true });
        assert.deepEqual(
          again.map((a) => a.key),
          ['k3'],
        );
        const all = await listAlerts(db);
        assert.deepEqual(
          all.map((a) => a.key),
          ['k1', 'k2', 'k3'],
        );
        assert.deepEqual(all[0].evidence, alert('k1', 1).evidence);
        assert.deepEqual(
          (await listAlerts(db, { afterId: all[0].id })).map((a) => a.key),
          ['k2', 'k3'],
        );
      } finally {
        await store.close();
      }
    });
  });
}

describe('tallyman alerts (CLI, SQLite)', () => {
  it('add, list with the audit, test over the stored data, rm', () => {
    const { nmea } = scenarioFiles();
    const db = join(tempDir('tallyman-alerts-'), 't.db');
    for (const args of [
      ['ingest', nmea],
      ['detect', '--no-progress'],
    ]) {
      const r = cli(['--db', db, ...args]);
      assert.equal(r.status, 0, r.stderr);
    }
    const add = cli([
      '--db',
      db,
      'alerts',
      'add',
      'dark calls at Dunai',
      '--kind',
      'dark-port-call',
      '--area',
      'dunai',
      '--by',
      'ana',
    ]);
    assert.equal(add.status, 0, add.stderr);
    assert.match(add.stdout, /rule 1 added: dark calls at Dunai: dark-port-call area dunai/);
    const bad = cli(['--db', db, 'alerts', 'add', 'x', '--kind', 'area-enter']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /needs an area/);
    const noArea = cli(['--db', db, 'alerts', 'add', 'x', '--kind', 'area-enter', '--area', 'atlantis']);
    assert.equal(noArea.status, 4);
    const enter = cli([
      '--db',
      db,
      'alerts',
      'add',
      'into Vostochny',
      '--kind',
      'area-enter',
      '--area',
      'vostochny',
      '--by',
      'bo',
    ]);
    assert.equal(enter.status, 0, enter.stderr);
    const list = cli(['--db', db, 'alerts', 'list', '--audit']);
    assert.match(list.stdout, /1 {2}on {3}dark calls at Dunai/);
    assert.match(list.stdout, /ana {2}alert-rule-create rule 1/);
    assert.match(list.stdout, /bo {2}alert-rule-create rule 2/);
    // the scenario (simulated) has two dark calls at Dunai among its dark port call candidates
    const test = cli(['--db', db, 'alerts', 'test', '1']);
    assert.equal(test.status, 0, test.stderr);
    assert.match(test.stdout, /^SIMULATED/);
    assert.match(test.stdout, /rule 1 \(dark calls at Dunai\) would have raised 2 alert\(s\)/);
    const test2 = cli(['--db', db, 'alerts', 'test', '2', '--json']);
    const entries = test2.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.ok(entries.length >= 5, `${entries.length} entries into Vostochny`);
    assert.ok(
      entries.every(
        (e) => e.ruleKind === 'area-enter' && e.simulated === true && e.evidence.positions.length > 0,
      ),
    );
    const rm = cli(['--db', db, 'alerts', 'rm', '1', '--by', 'cy']);
    assert.equal(rm.status, 0, rm.stderr);
    assert.equal(cli(['--db', db, 'alerts', 'rm', '1']).status, 4);
    const after = cli(['--db', db, 'alerts', 'list', '--json', '--audit']);
    const j = JSON.parse(after.stdout);
    assert.deepEqual(
      j.rules.map((r: { id: number }) => r.id),
      [2],
    );
    assert.deepEqual(
      j.audit.map((a: { actor: string; action: string }) => `${a.actor} ${a.action}`),
      ['ana alert-rule-create', 'bo alert-rule-create', 'cy alert-rule-delete'],
    );
    assert.equal(cli(['--db', db, 'verify']).status, 0);
  });
});
