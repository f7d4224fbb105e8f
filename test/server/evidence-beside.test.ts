/**
 * Evidence beside decisions over HTTP and in the CLI, on SQLite and PostgreSQL: one shipment's
 * evidence items (title, grade, kind, hash, stored file) with its confidence explained, what each
 * item supports, the stored file itself, and the served docs the workbench links to.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cli, tempDir } from '../cli/run-cli.js';
import { ENGINES, type TestDb } from '../store/engines.js';
import { fillStore } from './fixture.js';
import { type RunningServer, startServer } from './server-process.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked field by field below
type Json = any;

const skips = await Promise.all(ENGINES.map((e) => e.skip()));

for (const [k, engine] of ENGINES.entries()) {
  describe(`evidence beside decisions on ${engine.name}`, { skip: skips[k] }, () => {
    let db: TestDb;
    let server: RunningServer;
    let shipmentId = 0;
    const dir = tempDir('tallyman-evidence-beside-');
    const note = join(dir, 'loading-note.txt');
    const bytes = 'SIMULATED: ship alongside Pier 2 at Rajin, stack of ~270 TEU\n';
    // One evidence folder for the CLI and the server, whatever the engine.
    const env = { TALLYMAN_EVIDENCE_DIR: join(dir, 'evidence') };

    before(async () => {
      db = await engine.fresh();
      fillStore(db.arg);
      const list = JSON.parse(cli(['--db', db.arg, 'shipments', '--json']).stdout) as Array<{ id: number }>;
      shipmentId = list[0].id;
      writeFileSync(note, bytes);
      const add = cli(
        [
          '--db',
          db.arg,
          'evidence',
          'add',
          note,
          '--title',
          'Loading seen at Rajin',
          '--grade',
          'B2',
          '--kind',
          'satellite-image',
          '--shipment',
          String(shipmentId),
          '--simulated',
          '--by',
          'alice',
        ],
        { env },
      );
      assert.equal(add.status, 0, add.stderr);
      server = await startServer(db.arg, { env });
    });
    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    test('a shipment lists its evidence with grade, kind, hash and file, and explains its confidence', async () => {
      const r = await fetch(`${server.url}/api/shipments/${shipmentId}/evidence`);
      assert.equal(r.status, 200);
      const body = (await r.json()) as Json;
      const item = body.evidence.find((e: { title: string }) => e.title === 'Loading seen at Rajin');
      assert.ok(item, JSON.stringify(body.evidence));
      assert.equal(item.grade, 'B2');
      assert.equal(item.kind, 'satellite-image');
      assert.equal(item.sha256, createHash('sha256').update(bytes).digest('hex'));
      assert.equal(item.via, 'linked');
      assert.equal(item.simulated, true);
      // the findings add up to the level the ledger shows, and the document is one of them
      const sum = body.confidence.findings.reduce((n: number, f: { points: number }) => n + f.points, 0);
      assert.equal(sum, body.confidence.points);
      const shown = (
        await ((await (await fetch(`${server.url}/api/shipments/${shipmentId}`)).json()) as Json)
      ).shipment;
      assert.equal(body.confidence.level, shown.confidence);
      assert.ok(
        body.confidence.findings.some(
          (f: { kind: string; points: number }) => f.kind === 'document' && f.points === 1,
        ),
      );
      assert.match(body.confidence.text, /^\d\/4 \(1 weak … 4 strong\)/);

      const file = await fetch(`${server.url}/${item.fileUrl}`);
      assert.equal(file.status, 200);
      assert.equal(await file.text(), bytes);
      assert.match(file.headers.get('content-disposition') ?? '', /inline; filename="loading-note.txt"/);
      assert.equal((await fetch(`${server.url}/api/evidence/9999/file`)).status, 404);
      assert.equal((await fetch(`${server.url}/api/shipments/999999/evidence`)).status, 404);
    });

    test('the evidence list says what each item supports', async () => {
      const body = await ((await (await fetch(`${server.url}/api/evidence/supports`)).json()) as Json);
      const all = body.supports.flatMap((s: { evidenceId: number; supports: unknown[] }) => s.supports);
      const mine = all.find(
        (x: { kind: string; id: number }) => x.kind === 'shipment' && x.id === shipmentId,
      );
      assert.ok(mine, JSON.stringify(body));
      assert.match(mine.label, /^shipment id \d+ \(proposed\): /);
    });

    test('shipment show prints the same evidence and the confidence findings', () => {
      const r = cli(['--db', db.arg, 'shipment', 'show', String(shipmentId), '--json'], { env });
      assert.equal(r.status, 0, r.stderr);
      const j = JSON.parse(r.stdout);
      const item = j.evidence.find((e: { title: string }) => e.title === 'Loading seen at Rajin');
      assert.equal(item.grade, 'B2');
      assert.equal(j.confidence.level, j.shipment.confidence);
      assert.equal(item.path, join(dir, 'evidence', item.sha256.slice(0, 2), item.sha256));
      const text = cli(['--db', db.arg, 'shipment', 'show', String(shipmentId)], { env }).stdout;
      assert.match(text, /\[B2\] satellite-image: Loading seen at Rajin \(SIMULATED\) — linked/);
      assert.match(text, /sha256 [0-9a-f]{64}/);
      assert.match(text, /confidence \d\/4 \(1 weak … 4 strong\): [\d.]+ points/);
    });

    test('the docs the workbench cites are served', async () => {
      const r = await fetch(`${server.url}/api/docs/sources.md`);
      assert.equal(r.status, 200);
      assert.equal(await r.text(), readFileSync(new URL('../../docs/sources.md', import.meta.url), 'utf8'));
      assert.equal((await fetch(`${server.url}/api/docs/..%2Fpackage.json`)).status, 400);
    });
  });
}
