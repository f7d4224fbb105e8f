/** What the scale-out tests share: comparing two PostgreSQL stores, running worker processes. */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { cliAsync } from '../cli/run-cli.js';
import { ENGINES, type TestDb } from '../store/engines.js';

/** The tables compared, with the columns that may differ (which run wrote a row). */
export const COMPARED: Record<string, string> = {
  positions: 'mmsi, ts_ms, lon, lat, speed_knots, course_deg, heading_deg, nav_status, msg_type, source',
  vessels: '*',
  vessel_identities: '*',
  identity_reports: 'mmsi, ts_key, identity_no, ts_ms, msg_type, source',
  voyage_states: '*',
  voyage_reports: 'mmsi, ts_key, voyage_no, ts_ms, source',
  events:
    'id, type, mmsi, mmsi2, start_ms, end_ms, lon, lat, confidence, params_json, support_json, details_json',
};

export async function dump(url: string): Promise<Record<string, string[]>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const out: Record<string, string[]> = {};
    for (const [t, cols] of Object.entries(COMPARED)) {
      const r = await c.query({ text: `SELECT ${cols} FROM ${t}`, rowMode: 'array' });
      out[t] = r.rows.map((row) => JSON.stringify(row)).sort();
    }
    return out;
  } finally {
    await c.end();
  }
}

export async function count(url: string, table: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const made = await c.query(`SELECT to_regclass('${table}') IS NOT NULL AS made`);
    if (made.rows[0].made !== true) return 0;
    return Number((await c.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  } finally {
    await c.end();
  }
}

export interface Running {
  child: ChildProcess;
  logs: Array<Record<string, unknown>>;
  exit: Promise<number | null>;
  stderr: () => string;
}

export function startWorker(args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = cliAsync(args, env);
  const logs: Array<Record<string, unknown>> = [];
  let out = '';
  let err = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
    let nl = out.indexOf('\n');
    while (nl >= 0) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      if (line.startsWith('{')) logs.push(JSON.parse(line));
      nl = out.indexOf('\n');
    }
  });
  child.stderr?.on('data', (b: Buffer) => {
    err += b.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, logs, exit, stderr: () => err };
}

export async function until(
  what: string,
  ok: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Two fresh PostgreSQL stores (one for a single process, one for the workers), a stream name, NATS. */
export interface ScaleRig {
  single: TestDb;
  scaled: TestDb;
  stream: string;
  nc: NatsConnection;
}

/** Runs f on a fresh rig, then deletes its stream and drops both stores, whatever f did. */
export async function withScaleRig(f: (rig: ScaleRig) => Promise<void>): Promise<void> {
  const postgres = ENGINES.find((e) => e.name === 'postgres');
  if (postgres === undefined) throw new Error('no PostgreSQL engine');
  const single = await postgres.fresh();
  const scaled = await postgres.fresh();
  const stream = `T_${randomBytes(5).toString('hex')}`;
  const nc = await connect({ servers: '127.0.0.1:4222' });
  try {
    await f({ single, scaled, stream, nc });
  } finally {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch(() => {});
    await nc.close();
    await single.drop();
    await scaled.drop();
  }
}
