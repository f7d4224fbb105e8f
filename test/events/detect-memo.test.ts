/**
 * The memo of each vessel's own work between live passes (src/events/detect-memo.ts) changes no
 * event: the bundled test scenario (SIMULATED, its DMA CSV) fed in chunks — the first 60% of the
 * lines, then the rest of one third of the vessels at a time — each detected by a live pass that
 * takes the unchanged vessels from the memo, leaves the store with exactly the events of a store
 * given the same chunks and detected afresh over the same range after each; and once the memo has
 * seen the window, a pass builds again only the vessels its chunk changed.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { BUNDLED_AREAS, mergeAreas } from '../../src/areas/index.js';
import { DEFAULT_CONTEXT_MS, detectInStore } from '../../src/events/detect-store.js';
import { DEFAULT_PARAMS } from '../../src/events/params.js';
import { queryEvents } from '../../src/events/store.js';
import { loadSurface } from '../../src/geodata/surface.js';
import { DetectionPasses } from '../../src/live/pass.js';
import type { VesselChange } from '../../src/live/range.js';
import { openStore } from '../../src/store/index.js';
import { sql } from '../../src/store/kysely.js';
import type { Store } from '../../src/store/types.js';
import { cli, tempDir } from '../cli/run-cli.js';
import { scenarioFiles } from '../server/fixture.js';

const GROUPS = 3;
const AREAS = mergeAreas(BUNDLED_AREAS, []);
const land = loadSurface();

/** Each vessel's first and last fix of ingest run `runId`: what watch would count as changed. */
async function changedBy(store: Store, runId: number): Promise<VesselChange[]> {
  const rows = await sql<{ mmsi: number; first_ms: number; last_ms: number }>`
    select mmsi, min(ts_ms) as first_ms, max(ts_ms) as last_ms from positions
    where ingest_run_id = ${runId} group by mmsi`.execute(await store.db());
  return rows.rows.map((r) => ({
    mmsi: Number(r.mmsi),
    firstMs: Number(r.first_ms),
    lastMs: Number(r.last_ms),
    statics: true,
  }));
}

const stored = async (store: Store) =>
  (await queryEvents(await store.db())).map((s) => JSON.stringify(s.event));

it('live passes with the memo leave the events of fresh detections, chunk after chunk', async () => {
  const dir = tempDir('tallyman-memo-');
  const csv = join(scenarioFiles().dir, 'test-small.simulated-dma.csv');
  const [header, ...lines] = readFileSync(csv, 'utf8').split('\n').filter(Boolean);
  const head = Math.floor(lines.length * 0.6);
  const mmsiOf = (line: string) => Number(line.split(',')[2]);
  const chunks = [
    lines.slice(0, head),
    ...Array.from({ length: GROUPS }, (_, g) => lines.slice(head).filter((l) => mmsiOf(l) % GROUPS === g)),
  ];
  const live = await openStore({ path: join(dir, 'live.db') });
  const fresh = await openStore({ path: join(dir, 'fresh.db') });
  try {
    const passes = new DetectionPasses(live, {
      areas: AREAS,
      params: DEFAULT_PARAMS,
      land,
      contextMs: DEFAULT_CONTEXT_MS,
    });
    const own = new Set<number>();
    let servedBefore = false;
    let checked = 0;
    for (const [k, part] of chunks.entries()) {
      const file = join(dir, `chunk-${k}.csv`);
      writeFileSync(file, `${[header, ...part].join('\n')}\n`);
      for (const db of ['live.db', 'fresh.db']) {
        const r = cli(['--db', join(dir, db), 'ingest', file, '--no-progress']);
        assert.equal(r.status, 0, r.stderr);
      }
      const runId = ((await live.ingestRuns()).at(-1) as { id: number }).id;
      own.add(runId);
      const pass = await passes.run(await changedBy(live, runId), k === 0, own);
      assert.equal(pass.skipped, false);
      // a pass whose window starts earlier than the last reads the store again (fleet-cache.ts);
      // one served from memory after one that was builds again only the vessels its chunk changed
      if (k > 0 && pass.fromMemory && servedBefore) {
        const changed = new Set(part.map(mmsiOf)).size;
        assert.ok(changed > 0 && changed < pass.vessels);
        assert.equal(
          pass.vessels - pass.reused,
          changed,
          `chunk ${k}: only its ${changed} vessels built again`,
        );
        checked++;
      }
      servedBefore = pass.fromMemory;
      await detectInStore(fresh, {
        sinceMs: pass.sinceMs,
        untilMs: null,
        areas: AREAS,
        areaFilter: null,
        params: DEFAULT_PARAMS,
        land,
        contextMs: DEFAULT_CONTEXT_MS,
        complete: true,
      });
      const want = await stored(fresh);
      assert.ok(want.length > 0, `chunk ${k}: events found`);
      assert.deepEqual(
        await stored(live),
        want,
        `chunk ${k}: the live store's events equal a fresh detection's`,
      );
    }
    assert.ok(checked > 0, 'a pass took the unchanged vessels from the memo');
  } finally {
    await live.close();
    await fresh.close();
  }
});
