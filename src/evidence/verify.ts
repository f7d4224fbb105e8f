/**
 * `verify`: recompute every stored file's SHA-256, the whole audit chain and its head record, and
 * each audited row's hash against the last "after" hash the log holds for it; list the files in the
 * evidence folder that no row refers to. Reports every problem, the chain's first break by sequence
 * number (a cut tail is a break at the first removed entry), and files by evidence id or path.
 */
import type { Kysely } from 'kysely';
import { type ChainBreak, firstChainBreak, headBreak } from '../audit/chain.js';
import { rowHash } from '../audit/hash.js';
import type { Database } from '../store/schema.js';
import { checkFile, orphanFiles, storedFiles } from './files.js';

export interface VerifyReport {
  ok: boolean;
  auditEntries: number;
  chainBreak: ChainBreak | null;
  filesChecked: number;
  fileProblems: Array<{
    evidenceId: number;
    sha256: string;
    problem: 'missing' | 'changed';
    actualSha256?: string;
  }>;
  rowsChecked: number;
  rowProblems: Array<{ entity: string; id: string; problem: string }>;
  /** Files in the evidence folder (relative paths) that no evidence item or image refers to. */
  orphanFiles: string[];
}

/** Tables whose rows the log vouches for, one entry per write, entity id = row id. */
const AUDITED = [
  'evidence_items',
  'claims',
  'shipments',
  'sightings',
  'container_observations',
  'rail_observations',
] as const;

export async function verifyLedger(db: Kysely<Database>, evidenceDir: string): Promise<VerifyReport> {
  const log = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  const head = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  const last = log.at(-1);
  // A break inside the chain comes first; only an intact chain is then held to its head.
  const chainBreak =
    firstChainBreak(log) ??
    headBreak(
      head === undefined ? null : { seq: Number(head.seq), hash: head.hash },
      last === undefined ? null : { seq: Number(last.seq), hash: last.hash },
    );

  const fileProblems: VerifyReport['fileProblems'] = [];
  const items = await db.selectFrom('evidence_items').select(['id', 'sha256']).orderBy('id').execute();
  const seen = new Map<string, ReturnType<typeof checkFile>>();
  for (const it of items) {
    const c = seen.get(it.sha256) ?? checkFile(evidenceDir, it.sha256);
    seen.set(it.sha256, c);
    if (c.status === 'missing')
      fileProblems.push({ evidenceId: Number(it.id), sha256: it.sha256, problem: 'missing' });
    else if (c.status === 'changed')
      fileProblems.push({
        evidenceId: Number(it.id),
        sha256: it.sha256,
        problem: 'changed',
        actualSha256: c.actualSha256,
      });
  }

  const images = await db.selectFrom('images').select('sha256').execute();
  const orphans = orphanFiles(storedFiles(evidenceDir), [
    ...items.map((it) => it.sha256),
    ...images.map((im) => im.sha256),
  ]);

  const lastAfter = new Map<string, string | null>();
  for (const e of log) lastAfter.set(`${e.entity}\u0000${e.entity_id}`, e.after_sha256);
  const rowProblems: VerifyReport['rowProblems'] = [];
  let rowsChecked = 0;
  for (const table of AUDITED) {
    const rows = (await db.selectFrom(table).selectAll().execute()) as Array<{ id: number }>;
    const ids = new Set<string>();
    for (const r of rows) {
      rowsChecked++;
      const id = String(r.id);
      ids.add(id);
      const key = `${table}\u0000${id}`;
      if (!lastAfter.has(key))
        rowProblems.push({ entity: table, id, problem: 'row has no audit entry (written outside tallyman)' });
      else if (lastAfter.get(key) !== rowHash(r))
        rowProblems.push({
          entity: table,
          id,
          problem: 'row differs from the state the audit log recorded (changed outside tallyman)',
        });
    }
    for (const e of log)
      if (e.entity === table && e.after_sha256 !== null && !ids.has(e.entity_id))
        rowProblems.push({
          entity: table,
          id: e.entity_id,
          problem: 'row recorded in the audit log is missing',
        });
  }
  const dedup = new Map(rowProblems.map((p) => [`${p.entity}:${p.id}:${p.problem}`, p]));
  const rp = [...dedup.values()];
  return {
    ok: chainBreak === null && fileProblems.length === 0 && rp.length === 0 && orphans.length === 0,
    auditEntries: log.length,
    chainBreak,
    filesChecked: seen.size,
    fileProblems,
    rowsChecked,
    rowProblems: rp,
    orphanFiles: orphans,
  };
}
