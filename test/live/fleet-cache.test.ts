/**
 * The live passes' cache of the read window (src/live/fleet-cache.ts) gives what the store gives:
 * after each batch a feed writes — fixes late and out of order, repeats the store drops, renamed
 * ships, new vessels — every batch of vessels detection would read comes back from the cache with
 * the same columns and the same static reports as a read of the store, on SQLite and PostgreSQL,
 * while the window's start moves on, moves back, and another writer ingests beside the feed.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { planBatches, storeReader, type WindowReader } from '../../src/events/detect-store.js';
import { FleetCache, joinScans } from '../../src/live/fleet-cache.js';
import { ChangeSet, type VesselChange } from '../../src/live/range.js';
import { openStore } from '../../src/store/index.js';
import type { PositionScan } from '../../src/store/scan.js';
import type { Store } from '../../src/store/types.js';
import { type PositionRecord, type StaticRecord, staticRecord } from '../../src/tracks/records.js';
import { scanColumns } from '../helpers/scan-columns.js';
import { ENGINES, type TestDb } from '../store/engines.js';

const skips = await Promise.all(ENGINES.map((e) => e.skip()));
const T0 = Date.UTC(2024, 2, 1);
const HOUR = 3_600_000;
const MMSIS = [273000001, 273000002, 412000003, 412000004, 636000005, 636000006, 636000007];
const NAMES = ['ANGARA', 'MARIA', 'LADY R'];

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Round `k` of the feed: new fixes around hour 6k, some hours late, some repeated exactly. */
function feedBatch(k: number, rnd: () => number, written: PositionRecord[]) {
  const positions: PositionRecord[] = [];
  const statics: StaticRecord[] = [];
  const vessels = MMSIS.slice(0, 3 + Math.min(k, MMSIS.length - 3));
  for (const mmsi of vessels) {
    const n = 5 + Math.floor(rnd() * 20);
    for (let i = 0; i < n; i++) {
      const late = rnd() < 0.15 ? -Math.floor(rnd() * 30) * HOUR : 0;
      positions.push({
        mmsi,
        tsMs: Math.max(T0, T0 + k * 6 * HOUR + Math.floor(rnd() * 6 * HOUR) + late),
        lon: 130 + rnd(),
        lat: 42 + rnd(),
        speedKnots: rnd() < 0.1 ? null : Math.round(rnd() * 150) / 10,
        courseDeg: Math.round(rnd() * 3600) / 10,
        headingDeg: null,
        navStatus: rnd() < 0.2 ? null : Math.floor(rnd() * 9),
        msgType: 1,
        source: rnd() < 0.5 ? 'station-a' : rnd() < 0.5 ? 'station-b' : null,
      } as PositionRecord);
    }
    if (rnd() < 0.6) {
      const s = staticRecord(mmsi, T0 + k * 6 * HOUR + Math.floor(rnd() * 6 * HOUR), {
        source: 'station-a',
      });
      s.name = NAMES[Math.floor(rnd() * NAMES.length)];
      s.imo = 9000000 + (mmsi % 1000);
      s.msgType = 5;
      statics.push(s);
      const v = staticRecord(mmsi, T0 + k * 6 * HOUR + Math.floor(rnd() * 6 * HOUR), { source: 'station-b' });
      v.draughtM = 5 + Math.floor(rnd() * 3);
      v.destination = rnd() < 0.5 ? 'RAJIN' : 'VOSTOCHNY';
      statics.push(v);
    }
  }
  // a few fixes the store already holds, sent again
  for (let i = 0; i < 5 && written.length > 0; i++)
    positions.push(written[Math.floor(rnd() * written.length)]);
  for (const p of positions) written.push(p);
  return { positions, statics };
}

/** Every batch of the window read through `reader` and from the store: the same, field for field. */
async function assertSameReads(store: Store, reader: WindowReader, fromMs: number | null, label: string) {
  const direct = storeReader(store);
  // small batches, so that a batch boundary falls between vessels
  const batches = await planBatches(store, fromMs, null, 12);
  assert.ok(batches.length > 1, `${label}: several batches, got ${JSON.stringify(batches)}`);
  let rows = 0;
  for (const b of batches) {
    const whole = (parts: readonly PositionScan[]) =>
      joinScans(parts.map((s) => ({ scan: s, from: 0, to: s.length })));
    const want = whole(await direct.scan(b, fromMs, null));
    const got = whole(await reader.scan(b, fromMs, null));
    assert.deepEqual(
      scanColumns(got),
      scanColumns(want),
      `${label}: fixes of MMSIs ${b.fromMmsi}–${b.toMmsi}`,
    );
    const mmsis = new Set(want.mmsi.subarray(0, want.length));
    const byVessel = (list: StaticRecord[]) =>
      [...mmsis].sort().map((m) => list.filter((s) => s.mmsi === m).map((s) => JSON.stringify(s)));
    assert.deepEqual(
      byVessel(await reader.statics(mmsis, fromMs, null, b)),
      byVessel(await direct.statics(mmsis, fromMs, null, b)),
      `${label}: static reports of MMSIs ${b.fromMmsi}–${b.toMmsi}`,
    );
    rows += want.length;
  }
  return rows;
}

const begin = (store: Store, name: string) =>
  store.beginIngest({ sourceName: name, contentSha256: null, format: 'nmea', sizeBytes: null });

/**
 * Writes a feed's batch into run `runId` and gives the changes it makes as watch counts them
 * (`reports`: its static reports too; a worker's basis names only the vessels with new fixes).
 */
async function write(
  store: Store,
  runId: number,
  batch: { positions: PositionRecord[]; statics: StaticRecord[] },
  reports = true,
): Promise<VesselChange[]> {
  await store.writeBatch(runId, batch);
  const changes = new ChangeSet();
  for (const p of batch.positions) changes.add(p.mmsi, p.tsMs);
  if (reports) for (const s of batch.statics) if (s.tsMs !== null) changes.add(s.mmsi, s.tsMs, true);
  return changes.take();
}

for (const [i, engine] of ENGINES.entries()) {
  describe(`the live passes' window cache, ${engine.name}`, { skip: skips[i] }, () => {
    const dbs: TestDb[] = [];
    after(async () => {
      for (const d of dbs) await d.drop();
    });
    /** `test` on a fresh store of this engine. */
    const onFreshStore = async (test: (store: Store) => Promise<void>) => {
      const db = await engine.fresh();
      dbs.push(db);
      const store = await openStore(db.location);
      try {
        await test(store);
      } finally {
        await store.close();
      }
    };

    it('serves what the store gives after every batch of a feed, as the window moves', () =>
      onFreshStore(async (store) => {
        const rnd = random(20261207);
        const written: PositionRecord[] = [];
        const cache = new FleetCache(1_000_000);
        const run = await begin(store, 'tcp://127.0.0.1:1 [simulated]');
        const own = new Set([run.runId]);
        // null: the whole store; then later starts, an earlier one (a refill), and later again
        const starts = [
          null,
          null,
          T0 + 2 * HOUR,
          T0 + 2 * HOUR,
          T0 + 9 * HOUR,
          T0,
          T0 + 20 * HOUR,
          T0 + 21 * HOUR,
        ];
        let served = 0;
        for (const [k, fromMs] of starts.entries()) {
          const changed = await write(store, run.runId, feedBatch(k, rnd, written));
          const reader = await cache.prepare(store, changed, fromMs, own);
          if (reader === cache) served++;
          const rows = await assertSameReads(store, reader, fromMs, `round ${k}`);
          assert.ok(rows > 0);
          cache.filled();
        }
        // rounds 1–4 and 6–7 are served from memory; 0 fills it, 5 (an earlier start) fills it again
        assert.equal(served, 6);
        assert.ok(cache.size > 0);
      }));

    it('reads the store again when another writer ingests beside the feed', () =>
      onFreshStore(async (store) => {
        const rnd = random(7);
        const written: PositionRecord[] = [];
        const cache = new FleetCache(1_000_000);
        const feed = await begin(store, 'tcp://127.0.0.1:1');
        const own = new Set([feed.runId]);
        const changed = await write(store, feed.runId, feedBatch(0, rnd, written));
        assert.notEqual(await cache.prepare(store, changed, null, own), cache, 'the first pass fills');
        await assertSameReads(store, await cache.prepare(store, [], null, own), null, 'filled');
        cache.filled();
        assert.equal(await cache.prepare(store, [], null, own), cache, 'then serves');
        cache.filled();
        // an ingest the feed knows nothing of: running, the store is read directly; finished, refilled
        const other = await begin(store, 'other.nmea');
        await write(store, other.runId, feedBatch(3, rnd, written));
        const during = await cache.prepare(store, [], null, own);
        assert.notEqual(during, cache);
        await assertSameReads(store, during, null, 'while another ingest runs');
        await store.finishIngest(other.runId, { contentSha256: null, counts: {} });
        const refill = await cache.prepare(store, [], null, own);
        assert.notEqual(refill, cache);
        await assertSameReads(store, refill, null, 'after another ingest');
        cache.filled();
        const served = await cache.prepare(store, [], null, own);
        assert.equal(served, cache);
        await assertSameReads(store, served, null, 'served after the refill');
      }));

    it('for workers: takes in what the runs since the last detection added, or fills again', () =>
      onFreshStore(async (store) => {
        const rnd = random(99);
        const written: PositionRecord[] = [];
        const cache = new FleetCache(1_000_000);
        let served = 0;
        // each round is a worker's commit (a finished ingest run), then a detection run numbered k
        for (let k = 0; k < 7; k++) {
          const run = await begin(store, `partition ${k % 3}`);
          const batch = feedBatch(k, rnd, written);
          // round 4 commits static reports only; round 5 says another worker's run came between
          if (k === 4) batch.positions.length = 0;
          const changed = await write(store, run.runId, batch, false);
          await store.finishIngest(run.runId, { contentSha256: null, counts: {} });
          const basis = k === 0 ? null : { afterRunId: k === 5 ? 1000 : k - 1, runIds: [run.runId], changed };
          const fromMs = k < 3 ? null : T0 + k * HOUR;
          const reader = await cache.prepareAfterRun(store, basis, fromMs);
          if (reader === cache) served++;
          await assertSameReads(store, reader, fromMs, `worker round ${k}`);
          cache.filled(k);
        }
        // rounds 0 (a whole-store run) and 5 fill; the others are served
        assert.equal(served, 5);
      }));

    it('steps aside when the window holds more fixes than it may keep', () =>
      onFreshStore(async (store) => {
        const rnd = random(11);
        const cache = new FleetCache(50);
        const run = await begin(store, 'feed');
        const own = new Set([run.runId]);
        const written: PositionRecord[] = [];
        for (let k = 0; k < 3; k++) {
          const changed = await write(store, run.runId, feedBatch(k, rnd, written));
          const reader = await cache.prepare(store, changed, null, own);
          assert.notEqual(reader, cache, `round ${k}: read from the store`);
          await assertSameReads(store, reader, null, `round ${k}`);
          cache.filled();
        }
      }));
  });
}
