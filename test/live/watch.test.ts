/**
 * `tallyman watch` against batch `detect`: the bundled test scenario (scenarios/test-small.json,
 * SIMULATED) replayed as a live feed — a file appended in chunks, and a local TCP server sending
 * it in chunks — leaves exactly the events that `ingest` + `detect` give on a store filled from the
 * same file, on SQLite and PostgreSQL. Along the way events are decided and revised, and the
 * alert rules raise their alerts once each.
 */
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BUNDLED_AREAS, mergeAreas } from '../../src/areas/index.js';
import { DEFAULT_PARAMS } from '../../src/events/params.js';
import { queryEvents } from '../../src/events/store.js';
import { loadSurface } from '../../src/geodata/surface.js';
import type { StoredAlert } from '../../src/live/store.js';
import { addRule, listAlerts } from '../../src/live/store.js';
import { runWatch } from '../../src/live/watch.js';
import { openStore } from '../../src/store/index.js';
import { cli, tempDir } from '../cli/run-cli.js';
import { scenarioFiles } from '../server/fixture.js';
import { ENGINES, type TestDb } from '../store/engines.js';

const skips = await Promise.all(ENGINES.map((e) => e.skip()));
const { nmea } = scenarioFiles();
const LINES = readFileSync(nmea, 'utf8').split('\n').filter(Boolean);
const CHUNKS = 6;
const chunks = Array.from({ length: CHUNKS }, (_, k) =>
  LINES.slice(Math.floor((k * LINES.length) / CHUNKS), Math.floor(((k + 1) * LINES.length) / CHUNKS)),
);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const land = loadSurface();
// the areas as `tallyman detect` and `watch` merge them (their order is the order of dark port calls)
const AREAS = mergeAreas(BUNDLED_AREAS, []);

/** Events of a store as plain JSON, in the detectors' order. */
async function storedEvents(location: TestDb['location']) {
  const store = await openStore(location);
  try {
    return (await queryEvents(await store.db())).map((s) => JSON.parse(JSON.stringify(s.event)));
  } finally {
    await store.close();
  }
}

/** Differences between two event lists, one line each (empty: identical, order included). */
function eventDiff(got: unknown[], want: unknown[]): string[] {
  const key = (e: unknown) => (e as { id: string }).id;
  const g = new Map(got.map((e) => [key(e), e]));
  const w = new Map(want.map((e) => [key(e), e]));
  const out: string[] = [];
  for (const [id, e] of w) {
    const x = g.get(id);
    if (x === undefined) out.push(`missing ${id} ${JSON.stringify(e).slice(0, 160)}`);
    else if (JSON.stringify(x) !== JSON.stringify(e)) {
      const fields = Object.keys(e as object).filter(
        (k) =>
          JSON.stringify((x as Record<string, unknown>)[k]) !==
          JSON.stringify((e as Record<string, unknown>)[k]),
      );
      out.push(
        `differs ${id} ${(e as { type: string }).type} in ${fields.join(', ')}: ${fields.map((f) => `${JSON.stringify((x as Record<string, unknown>)[f]).slice(0, 300)} vs ${JSON.stringify((e as Record<string, unknown>)[f]).slice(0, 300)}`).join('; ')}`,
      );
    }
  }
  for (const [id, e] of g) if (!w.has(id)) out.push(`extra ${id} ${JSON.stringify(e).slice(0, 160)}`);
  if (out.length === 0 && got.map(key).join() !== want.map(key).join())
    out.push('same events, another order');
  return out;
}

/**
 * Counts watch's detection passes: a feeder waits for one after each chunk, so that passes run
 * while the feed does however busy the machine is (up to a minute each).
 */
function passCounter() {
  let waiting: Array<{ sinceMs: number; resolve: () => void }> = [];
  return {
    onPass: (p: { startedMs: number }) => {
      for (const w of waiting) if (p.startedMs >= w.sinceMs) w.resolve();
      waiting = waiting.filter((w) => p.startedMs < w.sinceMs);
    },
    /** Resolves when a pass that started after this call has ended: one under way now does not count. */
    next: () =>
      new Promise<void>((resolve) => {
        waiting.push({ sinceMs: Date.now(), resolve });
        setTimeout(resolve, 60_000).unref();
      }),
  };
}

/** Watches `feed` until `feedDone` resolves and the feed has gone quiet, then stops it. */
async function watchUntil(
  db: TestDb,
  feed: string,
  feedDone: Promise<void>,
  passes: ReturnType<typeof passCounter>,
  twoConnections = false,
) {
  const store = await openStore(db.location);
  // as `tallyman watch` runs it: detection passes on a thread and connection of their own
  try {
    const d = await store.db();
    const w = { actor: 'test', nowMs: Date.now() };
    await addRule(d, 'in Vostochny', { kind: 'area-enter', area: 'vostochny' }, w);
    await addRule(d, 'dark near Vostochny', { kind: 'dark', area: 'vostochny' }, w);
    await addRule(d, 'dark port calls', { kind: 'dark-port-call' }, w);
    await addRule(d, 'identity changes', { kind: 'identity-change' }, w);
    // MAIA-1 of the scenario (simulated) meets another ship at sea
    const maia = { mmsis: [273412690], imos: [], names: [], sanctioned: false };
    await addRule(d, 'MAIA-1 meets', { kind: 'encounter', vessels: maia }, w);
    const stop = new AbortController();
    const delivered: StoredAlert[] = [];
    const changes: string[] = [];
    const running = runWatch({
      feeds: [feed],
      store,
      ...(twoConnections ? { detectThread: { location: db.location, land: true } } : {}),
      areas: AREAS,
      params: DEFAULT_PARAMS,
      land,
      signal: stop.signal,
      detectEveryMs: 300,
      flushMs: 50,
      onPass: passes.onPass,
      deliver: (a) => {
        delivered.push(...a);
      },
      onEvents: (c) => {
        for (const x of c) changes.push(x.state);
      },
    });
    await feedDone;
    await sleep(1500);
    stop.abort();
    const summary = await running;
    const alerts = await listAlerts(await store.db(), { limit: 10_000 });
    return { summary, delivered, changes, alerts };
  } finally {
    await store.close();
  }
}

for (const [i, engine] of ENGINES.entries()) {
  describe(`watch on ${engine.name}`, () => {
    const skip = skips[i];
    const dbs: TestDb[] = [];
    after(async () => {
      for (const d of dbs) await d.drop();
    });
    let batch: unknown[] | null = null;
    const batchEvents = async () => {
      if (batch !== null) return batch;
      const t = await engine.fresh();
      dbs.push(t);
      for (const args of [
        ['ingest', nmea],
        ['detect', '--no-progress'],
      ]) {
        const r = cli(['--db', t.arg, ...args]);
        assert.equal(r.status, 0, r.stderr);
      }
      batch = await storedEvents(t.location);
      return batch;
    };

    it('a file appended in chunks, followed: the events of a batch detect', { skip }, async () => {
      const want = await batchEvents();
      const t = await engine.fresh();
      dbs.push(t);
      const file = join(tempDir('tallyman-watch-'), 'feed.simulated.nmea');
      writeFileSync(file, '');
      const passes = passCounter();
      const feeding = (async () => {
        for (const c of chunks) {
          // the pass waited for is one that started after the chunk was written
          const passed = passes.next();
          appendFileSync(file, `${c.join('\n')}\n`);
          await sleep(700);
          await passed;
        }
      })();
      const r = await watchUntil(t, file, feeding, passes);
      assert.equal(r.summary.feeds[0].positions + r.summary.feeds[0].statics > 9000, true);
      // a pass that started after each chunk (the feeder waits for one); the final pass runs only
      // when the last chunk was read after its pass had begun
      assert.ok(r.summary.detectionPasses >= chunks.length, `${r.summary.detectionPasses} passes`);
      // passes after the first fill read the window from memory: the events below check that path
      assert.ok(r.summary.passesFromMemory >= 1, JSON.stringify(r.summary));
      const got = await storedEvents(t.location);
      assert.ok(want.length > 50, `${want.length} events`);
      assert.deepEqual(eventDiff(got, want), []);
      // events were emitted as they were decided, and some revised as more data came in
      assert.ok(r.changes.includes('decided'));
      assert.ok(r.summary.events.decided >= want.length, JSON.stringify(r.summary.events));
      // every alert once, delivered as stored, each with its evidence
      assert.ok(r.alerts.length > 0);
      assert.equal(new Set(r.alerts.map((a) => a.key)).size, r.alerts.length);
      assert.deepEqual(r.delivered.map((a) => a.key).sort(), r.alerts.map((a) => a.key).sort());
      const kinds = new Set(r.alerts.map((a) => a.ruleKind));
      for (const k of ['area-enter', 'dark-port-call', 'encounter']) assert.ok(kinds.has(k as never), k);
      for (const a of r.alerts) {
        assert.ok(a.simulated, 'raised on simulated data: marked so');
        assert.ok(a.evidence.positions.length + a.evidence.events.length > 0, a.key);
      }
      for (const a of r.alerts.filter((x) => x.ruleKind === 'dark-port-call'))
        assert.equal(a.evidence.events[0].type, 'dark-port-call');
    });

    it('a TCP feed sent in chunks, detection on a thread of its own: the same events', { skip }, async () => {
      const want = await batchEvents();
      const t = await engine.fresh();
      dbs.push(t);
      let sent!: () => void;
      const feedDone = new Promise<void>((r) => {
        sent = r;
      });
      const sockets = new Set<Socket>();
      const passes = passCounter();
      const server = createServer((sock: Socket) => {
        sockets.add(sock);
        (async () => {
          for (const c of chunks) {
            const passed = passes.next();
            sock.write(`${c.join('\n')}\n`);
            await sleep(700);
            await passed;
          }
          sent();
        })();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as { port: number }).port;
      try {
        const r = await watchUntil(t, `tcp://127.0.0.1:${port}`, feedDone, passes, true);
        // a pass that started after each chunk (the feeder waits for one)
        assert.ok(r.summary.detectionPasses >= chunks.length, `${r.summary.detectionPasses} passes`);
        assert.ok(r.summary.passesFromMemory >= 1, JSON.stringify(r.summary));
        assert.deepEqual(eventDiff(await storedEvents(t.location), want), []);
        assert.ok(r.alerts.length > 0);
        // the run is named after the feed and says the data is simulated
        const store = await openStore(t.location);
        try {
          const runs = await (await store.db()).selectFrom('ingest_runs').select('source_name').execute();
          assert.deepEqual(
            runs.map((x) => x.source_name),
            [`tcp://127.0.0.1:${port} [simulated]`],
          );
        } finally {
          await store.close();
        }
      } finally {
        for (const so of sockets) so.destroy();
        server.close();
      }
    });
  });
}
