import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openSource } from '../../src/sources/index.js';
import type { SourceOptions } from '../../src/sources/types.js';
import { captureHere, capturePath } from '../helpers/captures.js';
import { recordsOf } from '../tracks/records-of.js';
import { collect } from './collect.js';

describe('NMEA source', () => {
  it('drops positions of a time-less capture as no-receive-time, keeping the count', async () => {
    const src = await openSource(capturePath('pyais-messages.ais'));
    assert.equal(src.format, 'nmea');
    const got = await collect(src);
    assert.equal(got.positions.length, 0);
    assert.equal(src.counts.decode?.messages, 6);
    assert.equal(src.counts.ignoredByReason['no-receive-time'], 6);
    assert.equal(src.counts.ignoredByReason.comment, src.counts.decode?.ignoredByReason.comment);
  });

  it('gives a time-less capture the receivedAtMs fallback', async () => {
    const at = Date.UTC(2024, 2, 12, 6);
    const src = await openSource(capturePath('pyais-messages.ais'), { receivedAtMs: at });
    const got = await collect(src);
    assert.equal(got.positions.length, 6);
    assert.ok(got.positions.every((p) => p.tsMs === at && p.msgType === 1));
    assert.equal(src.counts.ignoredByReason['no-receive-time'], undefined);
  });

  it('uses the receive times the capture carries ($PGHP) and keeps the decoder stats', async () => {
    const src = await openSource(capturePath('dma-aislib-stream_example.txt'), {
      batchSize: 1000,
      receivedAtMs: 0,
    });
    const got = await collect(src);
    assert.ok(got.batches >= 4, `${got.batches} batches`);
    assert.ok(got.positions.length > 3000);
    // The first $PGHP stamps are 11:46:10.8xx; the README rounds them to 11:46:11.
    const lo = Date.UTC(2010, 5, 11, 11, 46, 10);
    const hi = Date.UTC(2010, 5, 11, 11, 46, 39);
    assert.ok(got.positions.every((p) => p.tsMs >= lo && p.tsMs < hi));
    assert.equal(src.counts.positions, got.positions.length);
    assert.equal(src.counts.statics, got.statics.length);
    assert.equal(src.counts.lines, 8551);
    assert.equal(src.counts.decode?.ignoredByReason['receive-time-carrier'], 4051);
  });

  it('lists the decoder rejects with file and line', async () => {
    const file = capturePath('dma-aislib-small_cb_example.txt');
    const src = await openSource(file, { receivedAtMs: 0 });
    const got = await collect(src);
    const total = Object.values(src.counts.rejectedByReason).reduce((a, b) => a + b, 0);
    assert.ok(got.rejects.length > 0);
    assert.ok(total >= got.rejects.length);
    assert.ok(got.rejects.every((r) => r.file === file && r.line >= 1 && r.line <= 27));
  });

  it('hands fixes out as columns when asked, the same fixes, statics, rejects, counts and batches', async () => {
    const cases: [string, SourceOptions][] = [
      ['dma-aislib-stream_example.txt', { receivedAtMs: 0, batchSize: 1000 }],
      ['aisdb-test_data_20211101.nm4', { batchSize: 7 }],
      ['libais-tagblock.nmea', { batchSize: 2 }],
      ['pyais-messages.ais', {}],
      ['dma-aislib-small_cb_example.txt', { receivedAtMs: 0 }],
    ];
    // AISdb's capture only where ../shared is (it cannot ship: test/data/ais/README.md)
    for (const [name, opts] of cases.filter(([name]) => captureHere(name))) {
      const asRecords = await openSource(capturePath(name), opts);
      const asColumns = await openSource(capturePath(name), { ...opts, positionColumns: true });
      const a = [];
      const b = [];
      for await (const batch of asRecords.batches()) {
        assert.equal(batch.columns, undefined);
        a.push({ positions: batch.positions, statics: batch.statics, rejects: batch.rejects });
      }
      for await (const batch of asColumns.batches()) {
        assert.equal(batch.positions.length, 0);
        assert.ok(batch.columns !== undefined);
        b.push({ positions: recordsOf(batch.columns), statics: batch.statics, rejects: batch.rejects });
      }
      assert.deepEqual(b, a, name);
      assert.deepEqual(asColumns.counts, asRecords.counts, name);
    }
  });
});
