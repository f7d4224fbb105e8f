/**
 * Evidence on SQLite and PostgreSQL: content addressing, grades, immutability by versions,
 * claims side by side, and `verifyLedger` finding a tampered file, a tampered log entry, a
 * removed log entry and a row changed behind the ledger's back.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { groupClaims } from '../../src/evidence/claims.js';
import { filePath, putFile } from '../../src/evidence/files.js';
import { parseGrade } from '../../src/evidence/grade.js';
import {
  addClaim,
  addEvidence,
  correctEvidence,
  type EvidenceMeta,
  linkEvidence,
  listClaims,
  listEvidence,
} from '../../src/evidence/store.js';
import { verifyLedger } from '../../src/evidence/verify.js';
import { openStore } from '../../src/store/index.js';
import { sql } from '../../src/store/kysely.js';
import { ENGINES } from '../store/engines.js';

const skips = await Promise.all(ENGINES.map((e) => e.skip()));

const meta = (title: string, grade = 'B2'): EvidenceMeta => {
  const g = parseGrade(grade);
  assert.ok(g.ok);
  return {
    fileName: `${title}.txt`,
    kind: 'news-report',
    title,
    source: 'test',
    url: 'https://example.org/a',
    publisher: 'Example',
    obtainedMs: Date.UTC(2024, 1, 28),
    collector: 'tester',
    language: 'en',
    grade: g.grade,
    simulated: true,
  };
};

test('Admiralty grades: A–F and 1–6 only', () => {
  assert.deepEqual(parseGrade('b2'), { ok: true, grade: { reliability: 'B', credibility: 2 } });
  assert.deepEqual(parseGrade('F6'), { ok: true, grade: { reliability: 'F', credibility: 6 } });
  for (const bad of ['G1', 'A7', 'A0', '2B', '', 'AB']) {
    const r = parseGrade(bad);
    assert.equal(r.ok, false, bad);
    if (!r.ok) assert.match(r.error, /A–F.*1–6/);
  }
});

test('claims on one measure side by side; conflicts only for like periods', () => {
  const base = {
    version: 1,
    replacesId: null,
    unit: 'containers',
    place: null,
    evidenceIds: [],
    bestGrade: null,
    createdMs: 0,
    createdBy: 't',
    periodFromMs: null,
  };
  const feb = Date.UTC(2024, 1, 28);
  const g = groupClaims([
    {
      ...base,
      id: 1,
      statement: 'ROK',
      measure: 'containers-total',
      quantityMin: 6700,
      quantityMax: 6700,
      periodToMs: feb,
    },
    {
      ...base,
      id: 2,
      statement: 'US',
      measure: 'containers-total',
      quantityMin: 10000,
      quantityMax: null,
      periodToMs: feb,
    },
    {
      ...base,
      id: 3,
      statement: 'MSMT',
      measure: 'containers-total',
      quantityMin: 20000,
      quantityMax: null,
      periodToMs: Date.UTC(2025, 4, 1),
    },
    {
      ...base,
      id: 4,
      statement: 'corrected US',
      measure: 'containers-total',
      quantityMin: 6700,
      quantityMax: 7000,
      periodToMs: feb,
      replacesId: 2,
    },
  ]);
  assert.equal(g.length, 1);
  assert.deepEqual(g[0].claims.map((c) => c.id).sort(), [1, 3, 4]);
  assert.deepEqual(g[0].conflicts, [], 'the corrected claim agrees; the 2025 figure is another period');
  const g2 = groupClaims([
    {
      ...base,
      id: 1,
      statement: 'ROK',
      measure: 'containers-total',
      quantityMin: 6700,
      quantityMax: 6700,
      periodToMs: feb,
    },
    {
      ...base,
      id: 2,
      statement: 'US',
      measure: 'containers-total',
      quantityMin: 10000,
      quantityMax: null,
      periodToMs: feb,
    },
  ]);
  assert.deepEqual(g2[0].conflicts, [[1, 2]]);
});

for (const [i, engine] of ENGINES.entries()) {
  describe(`evidence on ${engine.name}`, { skip: skips[i] }, () => {
    const cleanup: Array<() => Promise<void> | void> = [];
    after(async () => {
      for (const c of cleanup) await c();
    });

    test('stored once, corrected by versions, claims linked, verify catches each kind of tampering', async () => {
      const tdb = await engine.fresh();
      cleanup.push(() => tdb.drop());
      const dir = mkdtempSync(join(tmpdir(), 'tallyman-evidence-'));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      const store = await openStore(tdb.location);
      try {
        const db = await store.db();
        const bytes = Buffer.from('ROK defence ministry briefing (simulated text)\n');
        const f = putFile(dir, bytes);
        assert.equal(f.existed, false);
        const a = await addEvidence(
          db,
          { sha256: f.sha256, sizeBytes: bytes.length },
          meta('briefing'),
          'alice',
          1000,
        );
        assert.equal(a.duplicate, false);
        // the same file again: stored once, same item back
        const f2 = putFile(dir, bytes);
        assert.equal(f2.existed, true);
        const a2 = await addEvidence(
          db,
          { sha256: f2.sha256, sizeBytes: bytes.length },
          meta('again'),
          'bob',
          2000,
        );
        assert.equal(a2.duplicate, true);
        assert.equal(a2.item.id, a.item.id);
        assert.equal((await listEvidence(db)).length, 1);

        // a correction is a new version; the original stays, unchanged
        const c = await correctEvidence(
          db,
          a.item.id,
          { grade: { reliability: 'A', credibility: 2 } },
          'source confirmed',
          'alice',
          3000,
        );
        assert.equal(c.version, 2);
        assert.equal(c.replacesId, a.item.id);
        const all = await listEvidence(db, { all: true });
        assert.equal(all.length, 2);
        assert.equal(all[0].grade.reliability, 'B');
        assert.equal(all[0].replacedById, c.id);
        assert.deepEqual(
          (await listEvidence(db)).map((x) => x.id),
          [c.id],
        );
        await assert.rejects(
          correctEvidence(db, a.item.id, { title: 'x' }, 'again', 'bob', 3500),
          /already corrected by/,
        );
        await assert.rejects(
          correctEvidence(db, 999, { title: 'x' }, 'r', 'bob', 3500),
          /999 does not exist/,
        );

        const other = putFile(dir, Buffer.from('US State Department statement (simulated)\n'));
        const b = await addEvidence(
          db,
          { sha256: other.sha256, sizeBytes: 40 },
          meta('statement', 'C3'),
          'alice',
          4000,
        );
        const k1 = await addClaim(
          db,
          {
            statement: '6,700 containers by Feb 2024',
            measure: 'containers-total',
            quantityMin: 6700,
            quantityMax: 6700,
            unit: 'containers',
            periodFromMs: null,
            periodToMs: Date.UTC(2024, 1, 27),
            place: null,
            evidenceIds: [c.id],
          },
          'alice',
          5000,
        );
        const k2 = await addClaim(
          db,
          {
            statement: '>10,000 containers by Feb 2024',
            measure: 'containers-total',
            quantityMin: 10000,
            quantityMax: null,
            unit: 'containers',
            periodFromMs: null,
            periodToMs: Date.UTC(2024, 1, 28),
            place: null,
            evidenceIds: [b.item.id],
          },
          'alice',
          5100,
        );
        await assert.rejects(
          addClaim(
            db,
            {
              statement: 'x',
              measure: null,
              quantityMin: null,
              quantityMax: null,
              unit: null,
              periodFromMs: null,
              periodToMs: null,
              place: null,
              evidenceIds: [424242],
            },
            'a',
            1,
          ),
          /evidence 424242 does not exist/,
        );
        await assert.rejects(
          addClaim(
            db,
            {
              statement: 'x',
              measure: null,
              quantityMin: 5,
              quantityMax: 2,
              unit: null,
              periodFromMs: null,
              periodToMs: null,
              place: null,
              evidenceIds: [],
            },
            'a',
            1,
          ),
          /runs backwards/,
        );
        const groups = groupClaims(await listClaims(db));
        assert.deepEqual(groups[0].conflicts, [[k1, k2]]);
        assert.equal(groups[0].claims.find((x) => x.id === k1)?.bestGrade, 'A2');
        await assert.rejects(
          linkEvidence(db, b.item.id, 'shipment', 77, 'a', 1),
          /shipment 77 does not exist/,
        );

        let v = await verifyLedger(db, dir);
        assert.equal(v.ok, true, JSON.stringify(v));
        assert.equal(v.auditEntries, 5);

        // 1. a stored file altered
        const path = filePath(dir, other.sha256);
        chmodSync(path, 0o644);
        writeFileSync(path, 'US State Department statement (altered)\n');
        v = await verifyLedger(db, dir);
        assert.equal(v.ok, false);
        assert.deepEqual(
          v.fileProblems.map((p) => [p.evidenceId, p.problem]),
          [[b.item.id, 'changed']],
        );
        assert.equal(v.chainBreak, null);
        // …and removed
        rmSync(path);
        v = await verifyLedger(db, dir);
        assert.deepEqual(
          v.fileProblems.map((p) => [p.evidenceId, p.problem]),
          [[b.item.id, 'missing']],
        );
        putFile(dir, Buffer.from('US State Department statement (simulated)\n'));
        assert.equal((await verifyLedger(db, dir)).ok, true);

        // 2. an audit entry altered: the chain breaks at that entry
        await sql`update audit_log set actor = 'mallory' where seq = 3`.execute(db);
        v = await verifyLedger(db, dir);
        assert.deepEqual(v.chainBreak?.seq, 3);
        assert.match(v.chainBreak?.reason ?? '', /altered/);
        await sql`update audit_log set actor = 'alice' where seq = 3`.execute(db);
        assert.equal((await verifyLedger(db, dir)).ok, true);

        // 3. an entry removed: the break is named where the sequence jumps
        const row4 = await db
          .selectFrom('audit_log')
          .selectAll()
          .where('seq', '=', 4)
          .executeTakeFirstOrThrow();
        await sql`delete from audit_log where seq = 4`.execute(db);
        v = await verifyLedger(db, dir);
        assert.equal(v.chainBreak?.seq, 5);
        await db.insertInto('audit_log').values(row4).execute();

        // 4. a claim changed in place behind the ledger's back
        await sql`update claims set quantity_min = 60000 where id = ${k1}`.execute(db);
        v = await verifyLedger(db, dir);
        assert.equal(v.chainBreak, null);
        assert.deepEqual(
          v.rowProblems.map((p) => [p.entity, p.id]),
          [['claims', String(k1)]],
        );
      } finally {
        await store.close();
      }
    });
  });
}
