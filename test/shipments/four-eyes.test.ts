/**
 * The four-eyes rule (src/shipments/four-eyes.ts, migration 0010), on SQLite and PostgreSQL:
 * - a store audited before 0010 migrates without a `verify` problem (the new columns leave the
 *   row hash alone while NULL);
 * - approval only of a confirmed shipment, never by its confirmer, once; an edit, a rejection or a
 *   new confirmation clears it; every step audited and `verify` clean;
 * - over HTTP: `POST /api/shipments/:id/approve` (another person counts, self-approval 409, the
 *   reviewer role in accounts mode), and the estimate's confirmed basis with and without
 *   TALLYMAN_FOUR_EYES=1, stated in words;
 * - the CLI: `tallyman shipment approve ID --reason …`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { addUser, createToken } from '../../src/accounts/store.js';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import { rowHash } from '../../src/audit/hash.js';
import { LedgerError } from '../../src/audit/ledger-error.js';
import { verifyLedger } from '../../src/evidence/verify.js';
import {
  approvedShipmentIds,
  basisText,
  countsOnBasis,
  fourEyesFrom,
} from '../../src/shipments/four-eyes.js';
import { DEFAULT_SHIPMENT_PARAMS } from '../../src/shipments/params.js';
import { proposeShipments } from '../../src/shipments/propose.js';
import {
  approveShipment,
  decideShipment,
  editShipment,
  listShipments,
  saveDetection,
  shipmentRevisions,
} from '../../src/shipments/store.js';
import { openStore } from '../../src/store/index.js';
import { Kysely, PostgresDialect, SqliteDialect } from '../../src/store/kysely.js';
import { migrate } from '../../src/store/migrate.js';
import type { Database } from '../../src/store/schema.js';
import { cli } from '../cli/run-cli.js';
import { fillStore } from '../server/fixture.js';
import { send as sendJson } from '../server/http.js';
import { type RunningServer, startServer } from '../server/server-process.js';
import { ENGINES, type TestDb } from '../store/engines.js';
import { runSmall } from './scenario.js';

const P = DEFAULT_SHIPMENT_PARAMS;
const NAMES = new Map<number, string | null>();
const FOUR_EYES_TEXT = 'confirmed and approved by a second person (four-eyes)';

describe('four-eyes (pure)', () => {
  test('the switch, the basis in words, what counts', () => {
    assert.equal(fourEyesFrom({}), false);
    assert.equal(fourEyesFrom({ TALLYMAN_FOUR_EYES: '1' }), true);
    assert.equal(fourEyesFrom({ TALLYMAN_FOUR_EYES: 'true' }), true);
    assert.equal(fourEyesFrom({ TALLYMAN_FOUR_EYES: '0' }), false);
    assert.equal(basisText('confirmed', false), 'confirmed');
    assert.equal(basisText('confirmed', true), FOUR_EYES_TEXT);
    const unapproved = { status: 'confirmed', approvedBy: null };
    const approved = { status: 'confirmed', approvedBy: 'bob' };
    assert.equal(countsOnBasis(unapproved, 'confirmed', false), true);
    assert.equal(countsOnBasis(unapproved, 'confirmed', true), false);
    assert.equal(countsOnBasis(approved, 'confirmed', true), true);
    assert.equal(countsOnBasis({ status: 'proposed', approvedBy: null }, 'all', true), true);
    assert.equal(countsOnBasis({ status: 'rejected', approvedBy: null }, 'all', true), false);
  });

  test('rowHash: the approval columns count only once set (rows audited before 0010 still match)', () => {
    const row = { id: 1, status: 'confirmed', decided_by: 'alice' };
    assert.equal(rowHash({ ...row, approved_by: null, approved_ms: null }), rowHash(row));
    assert.notEqual(rowHash({ ...row, approved_by: 'bob', approved_ms: 5 }), rowHash(row));
    assert.notEqual(rowHash({ ...row, decided_by: null }), rowHash({ id: 1, status: 'confirmed' }));
  });
});

/** A Kysely of the test database as openStore would make it (int8 read as numbers), for an older schema. */
function kyselyFor(db: TestDb): Kysely<Database> {
  if (db.location.url !== undefined) {
    const pool = new pg.Pool({
      connectionString: db.location.url,
      max: 1,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === 20 && format !== 'binary'
            ? (v: string) => Number(v)
            : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: new BetterSqlite3(db.location.path!) }),
  });
}

/** A request as the workbench makes it: a POST without an API token names its own origin. */
const send = (
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
) =>
  sendJson(
    base,
    method,
    path,
    {
      ...(method === 'POST' && !headers.authorization
        ? { origin: base, 'sec-fetch-site': 'same-origin' }
        : {}),
      ...headers,
    },
    body,
  );

const skips = await Promise.all(ENGINES.map((e) => e.skip()));

for (const [k, engine] of ENGINES.entries()) {
  const skip = skips[k]!;

  describe(`four-eyes in the ledger on ${engine.name}`, () => {
    const cleanup: Array<() => Promise<void>> = [];
    after(async () => {
      for (const c of cleanup) await c();
    });

    test('a store audited before 0010 migrates clean; approve, refusals, clearing, verify', {
      skip,
    }, async () => {
      const tdb = await engine.fresh();
      cleanup.push(() => tdb.drop());
      // Written and audited under 0009: rows without the approval columns.
      const old = kyselyFor(tdb);
      try {
        await migrate(old as unknown as Kysely<unknown>, engine.name, { to: '0009-accounts' });
        const proposals = proposeShipments({ events: runSmall().events, areas: BUNDLED_AREAS });
        assert.equal((await saveDetection(old, proposals, NAMES, P, 'detector', 1000)).inserted, 3);
      } finally {
        await old.destroy();
      }
      const store = await openStore(tdb.location);
      try {
        const db = await store.db();
        const v0 = await verifyLedger(db, '/nonexistent-evidence-dir');
        assert.equal(
          v0.ok,
          true,
          `rows audited before 0010 verify after it: ${JSON.stringify(v0.rowProblems)}`,
        );
        const [a, b, c] = await listShipments(db);
        assert.equal(a.approvedBy, null);

        // only a confirmed shipment
        await assert.rejects(
          approveShipment(db, a.id, 'looks right', 'bob', 1500),
          (e: Error) =>
            e instanceof LedgerError && e.kind === 'conflict' && /only a confirmed/.test(e.message),
        );
        await decideShipment(db, a.id, 'confirmed', 'seen loading', 'alice', 2000);
        await decideShipment(db, b.id, 'confirmed', 'draught', 'alice', 2100);
        await decideShipment(db, c.id, 'confirmed', 'call', 'carol', 2200);
        // never by the confirmer
        await assert.rejects(
          approveShipment(db, a.id, 'my own', 'alice', 2500),
          (e: Error) =>
            e instanceof LedgerError && e.kind === 'conflict' && /other than the confirmer/.test(e.message),
        );
        await assert.rejects(approveShipment(db, a.id, '  ', 'bob', 2500), /needs a reason/);
        await assert.rejects(
          approveShipment(db, 9999, 'x', 'bob', 2500),
          (e: Error) => e instanceof LedgerError && e.kind === 'not-found',
        );
        assert.deepEqual([...(await approvedShipmentIds(db))], []);

        // by another person: counts
        const r = await approveShipment(db, a.id, 'checked the imagery', 'bob', 3000);
        assert.equal(r.shipment.approvedBy, 'bob');
        assert.equal(r.shipment.approvedMs, 3000);
        assert.equal(r.shipment.number, 1, 'an approval does not renumber');
        await assert.rejects(approveShipment(db, a.id, 'again', 'dave', 3100), /already approved by bob/);
        await approveShipment(db, c.id, 'ok', 'alice', 3200);
        assert.deepEqual([...(await approvedShipmentIds(db))].sort(), [String(a.id), String(c.id)].sort());
        const revs = await shipmentRevisions(db, a.id);
        assert.equal(revs.at(-1)!.action, 'shipment.approve');
        assert.equal(revs.at(-1)!.actor, 'bob');
        assert.equal(revs.at(-1)!.reason, 'checked the imagery');
        const audit = await db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(2).execute();
        assert.deepEqual(
          audit.map((e) => [e.action, e.actor, e.entity_id]),
          [
            ['shipment.approve', 'alice', String(c.id)],
            ['shipment.approve', 'bob', String(a.id)],
          ],
        );
        assert.equal((await verifyLedger(db, '/nonexistent-evidence-dir')).ok, true);

        // an edit clears the approval; so does a rejection, and a new confirmation
        const e = await editShipment(db, a.id, { note: 'count revised' }, 'new imagery', 'alice', 4000);
        assert.equal(e.shipment.approvedBy, null);
        assert.equal(e.shipment.approvedMs, null);
        await approveShipment(db, a.id, 'checked again', 'bob', 4100);
        await decideShipment(db, c.id, 'rejected', 'wrong ship after all', 'carol', 4200);
        assert.equal((await listShipments(db)).find((s) => s.id === c.id)!.approvedBy, null);
        await decideShipment(db, a.id, 'confirmed', 'reconfirmed', 'bob', 4300);
        const a2 = (await listShipments(db)).find((s) => s.id === a.id)!;
        assert.equal(a2.approvedBy, null, 'a new confirmation needs a new approval');
        await assert.rejects(approveShipment(db, a.id, 'mine now', 'bob', 4400), /other than the confirmer/);
        await approveShipment(db, a.id, 'second eyes', 'alice', 4500);
        assert.deepEqual([...(await approvedShipmentIds(db))], [String(a.id)]);

        const v = await verifyLedger(db, '/nonexistent-evidence-dir');
        assert.equal(v.ok, true, JSON.stringify(v));
        // and verify still sees an approval written outside tallyman
        await db.updateTable('shipments').set({ approved_by: 'mallory' }).where('id', '=', b.id).execute();
        const bad = await verifyLedger(db, '/nonexistent-evidence-dir');
        assert.equal(bad.ok, false);
        assert.ok(bad.rowProblems.some((p) => p.entity === 'shipments' && p.id === String(b.id)));
      } finally {
        await store.close();
      }
    });
  });

  describe(`four-eyes over HTTP and the CLI on ${engine.name}`, () => {
    let db: TestDb;
    let plain: RunningServer;
    let strict: RunningServer;
    let ids: number[] = [];
    before(async () => {
      if (skip) return;
      db = await engine.fresh();
      fillStore(db.arg);
      [plain, strict] = await Promise.all([
        startServer(db.arg, { env: { TALLYMAN_FOUR_EYES: '' } }),
        startServer(db.arg, { env: { TALLYMAN_FOUR_EYES: '1' } }),
      ]);
      ids = ((await send(plain.url, 'GET', '/api/shipments')).json().shipments as { id: number }[]).map(
        (s) => s.id,
      );
    });
    after(async () => {
      if (skip) return;
      await plain?.stop();
      await strict?.stop();
      await db?.drop();
    });

    const estimate = async (base: string) =>
      (await send(base, 'GET', '/api/estimate?basis=confirmed&samples=1000')).json() as {
        basis: string;
        fourEyes: boolean;
        basisText: string;
        shipmentsCounted: number;
        inputSha256: string;
        shipmentsInLedger: { confirmed: number; approved: number };
      };

    test('approve by another person counts; self-approval 409; the basis changes with the switch', {
      skip,
    }, async () => {
      assert.ok(ids.length >= 3, 'the fixture proposes shipments');
      const [x, y] = ids as [number, number];
      for (const id of [x, y]) {
        const r = await send(
          plain.url,
          'POST',
          `/api/shipments/${id}/decision`,
          {},
          {
            decision: 'confirm',
            reason: 'four-eyes test',
            by: 'alice',
          },
        );
        assert.equal(r.status, 200, r.text);
      }
      let p = await estimate(plain.url);
      let s = await estimate(strict.url);
      assert.deepEqual([p.fourEyes, p.basisText, p.shipmentsCounted], [false, 'confirmed', 2]);
      assert.deepEqual([s.fourEyes, s.basisText, s.shipmentsCounted], [true, FOUR_EYES_TEXT, 0]);

      const self = await send(
        strict.url,
        'POST',
        `/api/shipments/${x}/approve`,
        {},
        {
          reason: 'my own',
          by: 'alice',
        },
      );
      assert.equal(self.status, 409, self.text);
      assert.match(self.text, /other than the confirmer/);
      const proposed = ids[2]!;
      const notConfirmed = await send(
        strict.url,
        'POST',
        `/api/shipments/${proposed}/approve`,
        {},
        {
          reason: 'x',
          by: 'bob',
        },
      );
      assert.equal(notConfirmed.status, 409, notConfirmed.text);
      const missing = await send(
        strict.url,
        'POST',
        '/api/shipments/999999/approve',
        {},
        { reason: 'x', by: 'bob' },
      );
      assert.equal(missing.status, 404);
      const noReason = await send(strict.url, 'POST', `/api/shipments/${x}/approve`, {}, { by: 'bob' });
      assert.equal(noReason.status, 400);

      const ok = await send(
        strict.url,
        'POST',
        `/api/shipments/${x}/approve`,
        {},
        {
          reason: 'checked',
          by: 'bob',
        },
      );
      assert.equal(ok.status, 200, ok.text);
      assert.equal((ok.json().shipment as { approvedBy: string }).approvedBy, 'bob');

      p = await estimate(plain.url);
      s = await estimate(strict.url);
      assert.equal(p.shipmentsCounted, 2, 'without the rule every confirmed shipment counts');
      assert.equal(s.shipmentsCounted, 1, 'with it only the approved one');
      assert.deepEqual(s.shipmentsInLedger.approved, 1);
      assert.notEqual(p.inputSha256, s.inputSha256);

      // the CLI: approve the other one, self-approval refused (exit 2), show says who approved
      const run = (...args: string[]) => cli(['--db', db.arg, ...args]);
      const selfCli = run('shipment', 'approve', String(y), '--reason', 'mine', '--by', 'alice');
      assert.equal(selfCli.status, 2, selfCli.stderr);
      assert.match(selfCli.stderr, /other than the confirmer/);
      assert.match(run('shipment', 'approve', String(y), '--by', 'carol').stderr, /needs --reason/);
      const viaCli = run('shipment', 'approve', String(y), '--reason', 'second look', '--by', 'carol');
      assert.equal(viaCli.status, 0, viaCli.stderr);
      assert.match(viaCli.stdout, /approved by carol .*\(four-eyes\)/);
      const shown = JSON.parse(run('shipment', 'show', String(y), '--json').stdout) as {
        shipment: { approvedBy: string };
      };
      assert.equal(shown.shipment.approvedBy, 'carol');
      s = await estimate(strict.url);
      assert.equal(s.shipmentsCounted, 2);
      // `tallyman estimate --basis confirmed` states its basis, and follows the switch
      const est = (env: NodeJS.ProcessEnv) => {
        const r = cli(['--db', db.arg, 'estimate', '--basis', 'confirmed', '--samples', '1000', '--json'], {
          env,
        });
        assert.equal(r.status, 0, r.stderr);
        return JSON.parse(r.stdout) as { source: string; inputSha256: string };
      };
      const cliPlain = est({ TALLYMAN_FOUR_EYES: '' });
      const cliStrict = est({ TALLYMAN_FOUR_EYES: '1' });
      assert.match(cliPlain.source, /basis: confirmed shipments$/);
      assert.ok(cliStrict.source.endsWith(`basis: ${FOUR_EYES_TEXT} shipments`), cliStrict.source);
      assert.equal(cliStrict.inputSha256, cliPlain.inputSha256, 'both confirmed shipments are approved now');
      // an edit from the CLI clears it again
      assert.equal(
        run('shipment', 'edit', String(y), '--note', 'n', '--reason', 'typo', '--by', 'alice').status,
        0,
      );
      s = await estimate(strict.url);
      assert.equal(s.shipmentsCounted, 1);
      const verify = run('verify');
      assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    });

    test("accounts mode: approving needs the reviewer role, and never one's own confirmation", {
      skip,
    }, async () => {
      const store = await openStore(db.location);
      try {
        const d = await store.db();
        await addUser(d, 'fe-analyst', 'analyst', 'correct horse battery staple');
        await addUser(d, 'fe-reviewer', 'reviewer', 'correct horse battery staple');
        const analyst = { authorization: `Bearer ${(await createToken(d, 'fe-analyst', 't', null)).token}` };
        const reviewer = {
          authorization: `Bearer ${(await createToken(d, 'fe-reviewer', 't', null)).token}`,
        };
        await new Promise((r) => setTimeout(r, 1100)); // the server re-reads the mode once a second
        const z = ids[2]!;
        const confirm = (h: Record<string, string>, id: number) =>
          send(strict.url, 'POST', `/api/shipments/${id}/decision`, h, { decision: 'confirm', reason: 'r' });
        const approve = (h: Record<string, string>, id: number) =>
          send(strict.url, 'POST', `/api/shipments/${id}/approve`, h, { reason: 'r', by: 'someone-else' });
        assert.equal((await confirm(analyst, z)).status, 200);
        assert.equal((await approve(analyst, z)).status, 403, 'an analyst may not approve');
        const r = await approve(reviewer, z);
        assert.equal(r.status, 200, r.text);
        assert.equal(
          (r.json().shipment as { approvedBy: string }).approvedBy,
          'fe-reviewer',
          '`by` is ignored',
        );
        // a reviewer who confirmed may not approve it, whatever `by` says
        assert.equal((await confirm(reviewer, z)).status, 200);
        const own = await approve(reviewer, z);
        assert.equal(own.status, 409, own.text);
      } finally {
        await store.close();
      }
    });
  });
}
