/**
 * What workers agree on, kept in the PostgreSQL store they write to: which worker holds which
 * partition (session advisory locks: they go with the connection, so a worker killed by -9 frees
 * its partitions the moment the server sees its socket close), how many workers are alive (one
 * presence lock each), and per partition the last stream sequence whose effect is committed
 * (`scale_offsets`, the source of truth; JetStream acks only follow it).
 *
 * Lock keys are two 32-bit numbers: a namespace hashed from the store's schema, the stream and the
 * role (so stores and streams sharing a server never wait for each other), and a number in it.
 */
import pg from 'pg';

export const TABLES_SQL = [
  `CREATE TABLE IF NOT EXISTS scale_offsets (
     stream text NOT NULL, part integer NOT NULL, seq bigint NOT NULL, updated_ms bigint NOT NULL,
     PRIMARY KEY (stream, part))`,
  // what workers before scale_run_intents recorded once a run was begun (a worker killed before
  // that left a run nobody knew to finish): still read, for the runs of those workers
  `CREATE TABLE IF NOT EXISTS scale_runs (
     run_id bigint PRIMARY KEY, stream text NOT NULL, worker_key integer NOT NULL)`,
  // written before the run is begun, so no run is ever without its worker
  `CREATE TABLE IF NOT EXISTS scale_run_intents (
     content_sha256 text PRIMARY KEY, stream text NOT NULL, worker_key integer NOT NULL)`,
];

type Role = 'part' | 'worker' | 'commit' | 'detect';

/** The SQL for a role's namespace: hashtext of schema, stream and role (int4). */
const ns = (role: Role) =>
  role === 'commit' || role === 'detect'
    ? `hashtext(current_schema() || '|tallyman-scale|${role}')`
    : `hashtext(current_schema() || '|' || $1::text || '|${role}')`;

export async function connectPg(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  // a lock client idle for hours must not be cut by a NAT or a firewall in between
  c.on('error', () => {});
  return c;
}

/**
 * A short name for the store a worker writes (database and schema), for its consumers' names:
 * two stores fed from one stream must not share (and delete) each other's consumers.
 */
export async function storeTag(c: pg.Client): Promise<string> {
  const r = await c.query("SELECT substr(md5(current_database() || '/' || current_schema()), 1, 10) AS tag");
  return `tallyman-${r.rows[0].tag}`;
}

export async function ensureTables(c: pg.Client): Promise<void> {
  await c.query('BEGIN');
  try {
    // two workers starting at once must not race on CREATE TABLE's catalog rows
    await c.query(`SELECT pg_advisory_xact_lock(${ns('commit')}, 1)`);
    for (const s of TABLES_SQL) await c.query(s);
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK');
    throw err;
  }
}

export async function tryLockPartition(c: pg.Client, stream: string, part: number): Promise<boolean> {
  const r = await c.query(`SELECT pg_try_advisory_lock(${ns('part')}, $2) AS ok`, [stream, part]);
  return r.rows[0].ok === true;
}

export async function unlockPartition(c: pg.Client, stream: string, part: number): Promise<void> {
  await c.query(`SELECT pg_advisory_unlock(${ns('part')}, $2)`, [stream, part]);
}

/** Takes this worker's presence lock; returns false when the key is taken (pick another). */
export async function lockPresence(c: pg.Client, stream: string, key: number): Promise<boolean> {
  const r = await c.query(`SELECT pg_try_advisory_lock(${ns('worker')}, $2) AS ok`, [stream, key]);
  return r.rows[0].ok === true;
}

/** The presence keys of the workers alive on this stream and store. */
export async function liveWorkers(c: pg.Client, stream: string): Promise<number[]> {
  const r = await c.query(
    `SELECT objid::bigint AS key FROM pg_locks
     WHERE locktype = 'advisory' AND granted AND objsubid = 2
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND classid = ((${ns('worker')})::bigint & 4294967295)::oid`,
    [stream],
  );
  return r.rows.map((row: { key: string }) => Number(row.key) | 0);
}

/** The partition's committed sequence (0: nothing applied), making its row when missing. */
export async function readOffset(c: pg.Client, stream: string, part: number): Promise<number> {
  await c.query(
    `INSERT INTO scale_offsets (stream, part, seq, updated_ms) VALUES ($1, $2, 0, $3)
     ON CONFLICT (stream, part) DO NOTHING`,
    [stream, part, Date.now()],
  );
  const r = await c.query('SELECT seq FROM scale_offsets WHERE stream = $1 AND part = $2', [stream, part]);
  return Number(r.rows[0].seq);
}

export class FencedError extends Error {}

/**
 * Moves the partitions' sequences forward in one transaction, each only from the value this
 * worker read (compare-and-set): a worker that lost a partition without knowing it (its lock
 * connection dropped) cannot move it, and learns so here.
 */
export async function advanceOffsets(
  c: pg.Client,
  stream: string,
  moves: ReadonlyArray<{ part: number; from: number; to: number }>,
): Promise<void> {
  await c.query('BEGIN');
  try {
    for (const m of moves) {
      const r = await c.query(
        'UPDATE scale_offsets SET seq = $4, updated_ms = $5 WHERE stream = $1 AND part = $2 AND seq = $3',
        [stream, m.part, m.from, m.to, Date.now()],
      );
      if (r.rowCount !== 1)
        throw new FencedError(
          `partition ${m.part} of ${stream} moved on without this worker (seq ≠ ${m.from})`,
        );
    }
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK');
    throw err;
  }
}

/** Says which worker is about to begin the run of this content hash (before it is begun). */
export async function recordRunIntent(
  c: pg.Client,
  stream: string,
  sha: string,
  workerKey: number,
): Promise<void> {
  await c.query(
    `INSERT INTO scale_run_intents (content_sha256, stream, worker_key) VALUES ($1, $2, $3)
     ON CONFLICT (content_sha256) DO NOTHING`,
    [sha, stream, workerKey],
  );
}

/** Ingest runs a worker left `running` when it died: their content hashes, to finish them. */
export async function orphanRuns(
  c: pg.Client,
  stream: string,
  live: readonly number[],
): Promise<Array<{ runId: number; sha: string }>> {
  const r = await c.query(
    `SELECT i.id AS run_id, i.content_sha256 FROM ingest_runs i
     WHERE i.status = 'running' AND (
       EXISTS (SELECT 1 FROM scale_runs s WHERE s.run_id = i.id AND s.stream = $1
               AND NOT (s.worker_key = ANY($2::int[])))
       OR EXISTS (SELECT 1 FROM scale_run_intents s WHERE s.content_sha256 = i.content_sha256
               AND s.stream = $1 AND NOT (s.worker_key = ANY($2::int[]))))`,
    [stream, [...live]],
  );
  return r.rows.map((row: { run_id: string; content_sha256: string }) => ({
    runId: Number(row.run_id),
    sha: row.content_sha256,
  }));
}

/** While held (shared), a commit is in flight; detection takes it exclusive to see none. */
export async function lockCommitShared(c: pg.Client): Promise<void> {
  await c.query(`SELECT pg_advisory_lock_shared(${ns('commit')}, 0)`);
}
export async function unlockCommitShared(c: pg.Client): Promise<void> {
  await c.query(`SELECT pg_advisory_unlock_shared(${ns('commit')}, 0)`);
}
export async function lockCommitExclusive(c: pg.Client): Promise<void> {
  await c.query(`SELECT pg_advisory_lock(${ns('commit')}, 0)`);
}
export async function unlockCommitExclusive(c: pg.Client): Promise<void> {
  await c.query(`SELECT pg_advisory_unlock(${ns('commit')}, 0)`);
}
/** One detection at a time per store: two would replace each other's events. */
export async function lockDetect(c: pg.Client): Promise<void> {
  await c.query(`SELECT pg_advisory_lock(${ns('detect')}, 0)`);
}
export async function unlockDetect(c: pg.Client): Promise<void> {
  await c.query(`SELECT pg_advisory_unlock(${ns('detect')}, 0)`);
}
