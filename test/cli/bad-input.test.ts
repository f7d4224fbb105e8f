/**
 * Bad input to `ingest` and `decode`, refused clearly with nothing lost: a gzip that breaks off
 * part way (the lines before it kept and counted, exit 3 from both commands, file, line and byte
 * named), a --map naming a column the file lacks, and a file ingested under a wrong --map then
 * again under the right one.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { openStore } from '../../src/store/index.js';
import type { IngestRun } from '../../src/store/types.js';
import { cli, REPO, tempDir } from './run-cli.js';

/** A real capture (DMA AisLib's stream example, data/samples/README.md). */
const SAMPLE = join(REPO, 'data/samples/dma-aislib-stream_example.txt');

async function runs(db: string): Promise<IngestRun[]> {
  const store = await openStore({ path: db });
  try {
    return await store.ingestRuns();
  } finally {
    await store.close();
  }
}

describe('a gzip that breaks off part way', () => {
  const dir = tempDir();
  const whole = gzipSync(readFileSync(SAMPLE));
  const cutAt = Math.floor((whole.length * 2) / 3);
  const file = join(dir, 'capture.nmea.gz');
  writeFileSync(file, whole.subarray(0, cutAt));

  it('ingest keeps and counts the lines before the fault, names file, line and byte, exits 3; a re-run is not "already ingested"', async () => {
    const db = join(dir, 'a.db');
    const r = cli(['--db', db, 'ingest', file, '--json']);
    assert.equal(r.status, 3, r.stderr);
    const m = new RegExp(
      `${file}: broke off at line (\\d+) .*compressed byte ${cutAt}\\b.*unexpected end of file`,
    ).exec(r.stderr);
    assert.ok(m, r.stderr);
    const summary = JSON.parse(r.stdout);
    const input = summary.inputs[0];
    assert.equal(input.status, 'failed');
    assert.ok(input.counts.positions > 1000, `${input.counts.positions} positions before the fault`);
    assert.equal(input.counts.rejectedByReason['read-error'], 1);
    const [run] = await runs(db);
    assert.equal(run?.status, 'broken');
    assert.ok((run?.positionsAdded ?? 0) > 1000);
    const vessels = JSON.parse(cli(['--db', db, 'vessels', '--json']).stdout) as unknown[];
    assert.ok(vessels.length > 10, `${vessels.length} vessels`);

    const again = cli(['--db', db, 'ingest', file, '--json']);
    assert.equal(again.status, 3);
    assert.equal(JSON.parse(again.stdout).inputs[0].status, 'failed');
    assert.doesNotMatch(again.stdout, /already-ingested/);

    // decode: the same line, the same messages before it, the same exit code
    const d = cli(['decode', file, '--stats', '--json']);
    assert.equal(d.status, 3, d.stderr);
    assert.match(d.stderr, new RegExp(`${file}:${m[1]}: gzip data broken at compressed byte ${cutAt}\\b`));
    assert.equal(JSON.parse(d.stdout).messages, input.counts.decode.messages);
  });

  it('the whole file ingests and decodes with exit 0 (the fault, not gzip, is what fails)', () => {
    const ok = join(dir, 'whole.nmea.gz');
    writeFileSync(ok, whole);
    assert.equal(cli(['--db', join(dir, 'b.db'), 'ingest', ok]).status, 0);
    assert.equal(cli(['decode', ok, '--stats']).status, 0);
  });
});

describe('--map: a missing column, then a wrong map, then the right one', () => {
  // A generic vendor export: its own column names, positions in decimal degrees.
  const csv = [
    'ship_id,seen_utc,y_deg,x_deg,sog',
    '273456000,2024-03-12T06:00:00Z,42.2400,130.2800,0.1',
    '273456000,2024-03-12T06:10:00Z,42.2410,130.2810,0.2',
    '273456000,2024-03-12T06:20:00Z,42.2300,130.3000,6.5',
    '273456001,2024-03-12T06:00:00Z,42.7300,133.0700,0.0',
  ].join('\n');
  const right = 'mmsi=ship_id,tsMs=seen_utc,lat=y_deg,lon=x_deg,speedKnots=sog';

  it('a column the file lacks: exit 3, file and column named, nothing stored, not marked ingested', async () => {
    const dir = tempDir();
    const file = join(dir, 'export.csv');
    writeFileSync(file, csv);
    const db = join(dir, 'm.db');
    const r = cli(['--db', db, 'ingest', file, '--map', 'mmsi=ship_id,tsMs=seen_utc,lat=lat,lon=x_deg']);
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, new RegExp(`${file}.*no column "lat"`));
    assert.deepEqual(
      (await runs(db)).map((x) => x.status),
      ['rejected'],
    );
    const ok = cli(['--db', db, 'ingest', file, '--map', right, '--json']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).totals.positions, 4);
  });

  it('every row rejected under a wrong map is not "ingested"; the right map then lands; a third run is "already ingested"', async () => {
    const dir = tempDir();
    const file = join(dir, 'export.csv');
    writeFileSync(file, csv);
    const db = join(dir, 'm.db');
    // times taken from the speed column: every row is rejected
    const wrong = cli([
      '--db',
      db,
      'ingest',
      file,
      '--map',
      'mmsi=ship_id,tsMs=sog,lat=y_deg,lon=x_deg',
      '--json',
    ]);
    assert.equal(wrong.status, 3, wrong.stderr);
    assert.match(wrong.stderr, /all 4 rows rejected, nothing stored/);
    const ok = cli(['--db', db, 'ingest', file, '--map', right, '--json']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).inputs[0].status, 'ingested');
    const again = cli(['--db', db, 'ingest', file, '--map', right, '--json']);
    assert.equal(JSON.parse(again.stdout).inputs[0].status, 'already-ingested');
    const r = await runs(db);
    assert.deepEqual(
      r.map((x) => [x.status, x.positionsAdded]),
      [
        ['rejected', 0],
        ['completed', 4],
      ],
    );
    assert.match(r[1]?.optionsJson ?? '', /"lat":"y_deg"/);
  });

  it('a map that reads but is wrong (lat and lon swapped) can be corrected: the right map is another run', async () => {
    const dir = tempDir();
    const file = join(dir, 'export.csv');
    writeFileSync(file, csv);
    const db = join(dir, 'm.db');
    const swapped = 'mmsi=ship_id,tsMs=seen_utc,lat=x_deg,lon=y_deg';
    // 130.28 is no latitude: rows rejected; only a map that reads is a completed run
    const w = cli(['--db', db, 'ingest', file, '--map', swapped, '--json']);
    assert.equal(w.status, 3);
    const ok = cli(['--db', db, 'ingest', file, '--map', right, '--json']);
    assert.equal(ok.status, 0, ok.stderr);
    const track = JSON.parse(cli(['--db', db, 'track', '273456000']).stdout);
    assert.ok(JSON.stringify(track).includes('130.28'), JSON.stringify(track).slice(0, 300));
  });
});
