/**
 * `verify` against the two tamperings the chain alone cannot see: the last audit entries removed
 * together with the rows they audited (entries 1..k of a chain are still a valid chain), and files
 * in the evidence folder that no row refers to. Through the API on both engines, and through the
 * real CLI on SQLite (exit code 5, the break named).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { headBreak } from '../../src/audit/chain.js';
import { filePath, orphanFiles, putFile } from '../../src/evidence/files.js';
import { parseGrade } from '../../src/evidence/grade.js';
import { addEvidence, type EvidenceMeta } from '../../src/evidence/store.js';
import { verifyLedger } from '../../src/evidence/verify.js';
import { openStore } from '../../src/store/index.js';
import { sql } from '../../src/store/kysely.js';
import { cli, tempDir } from '../cli/run-cli.js';
import { ENGINES } from '../store/engines.js';

const skips = await Promise.all(ENGINES.map((e) => e.skip()));

const grade = parseGrade('B2');
assert.ok(grade.ok);
const meta = (title: string): EvidenceMeta => ({
  fileName: `${title}.txt`,
  kind: 'news-report',
  title,
  source: 'test',
  url: null,
  publisher: null,
  obtainedMs: null,
  collector: null,
  language: null,
  grade: grade.grade,
  simulated: true,
});

test('headBreak: the head record against the log’s last entry', () => {
  const h = (seq: number) => ({ seq, hash: `h${seq}` });
  assert.equal(headBreak(h(3), h(3)), null);
  assert.equal(headBreak({ seq: 0, hash: '0'.repeat(64) }, null), null);
  assert.deepEqual(headBreak(h(5), h(3)), {
    seq: 4,
    reason: 'last audit entries 4–5 removed: the head record says the log ends at 5, it ends at 3',
  });
  assert.match(headBreak(h(1), null)?.reason ?? '', /last audit entry 1 removed/);
  assert.match(headBreak(h(2), h(3))?.reason ?? '', /entry 3 added outside tallyman/);
  assert.match(headBreak(null, h(3))?.reason ?? '', /head record is missing/);
  assert.match(headBreak({ seq: 3, hash: 'other' }, h(3))?.reason ?? '', /replaced/);
});

test('orphanFiles: what no hash names', () => {
  const sha = 'ab'.padEnd(64, '0');
  assert.deepEqual(orphanFiles([join('ab', sha), join('cd', 'cd1'), 'notes.txt'], [sha]), [
    join('cd', 'cd1'),
    'notes.txt',
  ]);
});

for (const [i, engine] of ENGINES.entries()) {
  describe(`verify: cut tail and orphan files (${engine.name})`, { skip: skips[i] }, () => {
    const cleanup: Array<() => Promise<void> | void> = [];
    after(async () => {
      for (const c of cleanup) await c();
    });
    /** A new store and evidence folder, both removed after the tests. */
    const fresh = async () => {
      const tdb = await engine.fresh();
      cleanup.push(() => tdb.drop());
      const dir = mkdtempSync(join(tmpdir(), 'tallyman-verify-'));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      return { dir, store: await openStore(tdb.location) };
    };

    test('removing the last entries and their rows is a break at the first removed entry; their files are orphans', async () => {
      const { dir, store } = await fresh();
      try {
        const db = await store.db();
        const shas: string[] = [];
        for (const [n, title] of ['one', 'two', 'three'].entries()) {
          const bytes = Buffer.from(`report ${title} (simulated)\n`);
          const f = putFile(dir, bytes);
          shas.push(f.sha256);
          await addEvidence(
            db,
            { sha256: f.sha256, sizeBytes: bytes.length },
            meta(title),
            'alice',
            1000 + n,
          );
        }
        let v = await verifyLedger(db, dir);
        assert.equal(v.ok, true, JSON.stringify(v));
        assert.deepEqual(v.orphanFiles, []);
        const last = await db
          .selectFrom('audit_log')
          .select(['seq', 'hash'])
          .orderBy('seq', 'desc')
          .executeTakeFirstOrThrow();
        const head = await db.selectFrom('audit_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
        assert.deepEqual(
          [Number(head.seq), head.hash],
          [Number(last.seq), last.hash],
          'the head follows every append',
        );

        // The probe: the last two entries and the rows they audited deleted behind tallyman's back.
        await sql`delete from audit_log where seq > 1`.execute(db);
        await sql`delete from evidence_items where id > 1`.execute(db);
        v = await verifyLedger(db, dir);
        assert.equal(v.ok, false);
        assert.deepEqual(v.chainBreak, {
          seq: 2,
          reason: 'last audit entries 2–3 removed: the head record says the log ends at 3, it ends at 1',
        });
        assert.deepEqual(v.rowProblems, [], 'the rows went with their entries: only the head tells');
        assert.deepEqual(v.orphanFiles, [shas[1], shas[2]].map((s) => join(s.slice(0, 2), s)).sort());

        // The head row deleted as well: that is a break of its own.
        await sql`delete from audit_head`.execute(db);
        v = await verifyLedger(db, dir);
        assert.match(v.chainBreak?.reason ?? '', /head record is missing/);
      } finally {
        await store.close();
      }
    });

    test('a file put in the evidence folder outside tallyman is an orphan', async () => {
      const { dir, store } = await fresh();
      try {
        const db = await store.db();
        const kept = putFile(dir, Buffer.from('kept (simulated)\n'));
        await addEvidence(db, { sha256: kept.sha256, sizeBytes: 17 }, meta('kept'), 'alice', 1000);
        const stray = putFile(dir, Buffer.from('no row names me (simulated)\n'));
        writeFileSync(join(dir, 'notes.txt'), 'not evidence\n');
        const v = await verifyLedger(db, dir);
        assert.equal(v.ok, false);
        assert.equal(v.chainBreak, null);
        assert.deepEqual(v.orphanFiles, [join(stray.sha256.slice(0, 2), stray.sha256), 'notes.txt'].sort());
      } finally {
        await store.close();
      }
    });
  });
}

test('`tallyman verify` exits 5 and names the cut tail and the orphan files (sqlite, real CLI)', () => {
  const dir = tempDir();
  const dbPath = join(dir, 'tallyman.db');
  const evidence = join(dir, 'evidence');
  const base = ['--db', dbPath, '--evidence-dir', evidence];
  const files = ['a', 'b', 'c'].map((n) => {
    const p = join(dir, `${n}.txt`);
    writeFileSync(p, `document ${n} (simulated)\n`);
    return p;
  });
  try {
    for (const f of files) {
      const r = cli([...base, 'evidence', 'add', f, '--title', f, '--grade', 'B2', '--simulated']);
      assert.equal(r.status, 0, r.stderr);
    }
    assert.equal(cli([...base, 'verify']).status, 0);
    const db = new BetterSqlite3(dbPath);
    const cut = db
      .prepare('select sha256 from evidence_items where id > 1 order by id')
      .pluck()
      .all() as string[];
    db.exec('delete from audit_log where seq > 1; delete from evidence_items where id > 1;');
    db.close();
    const r = cli([...base, 'verify']);
    assert.equal(r.status, 5, r.stderr);
    assert.match(
      r.stdout,
      /audit log: 1 entries, FIRST BREAK at entry 2: last audit entries 2–3 removed: the head record says the log ends at 3, it ends at 1/,
    );
    assert.match(r.stdout, /orphan files: 2 in /);
    for (const sha of cut)
      assert.ok(r.stdout.includes(`${filePath('', sha)}: no row refers to this file`), r.stdout);
    assert.match(r.stdout, /verify: FAILED/);
    console.log(`# verify after the cut:\n${r.stdout.replace(/^/gm, '#   ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
