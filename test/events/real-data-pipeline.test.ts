// @needs-shared-data: reads real AIS captures from ../shared/data/ais, which cannot ship (their licences: that folder's README)
/**
 * Every real capture and track file in ../shared/data/ais, ingested together into one temporary
 * SQLite store and run through `tallyman detect` and `tallyman shipments propose` as a user would
 * (the CLI in child processes, once, in `before`; the tests read what it left). The data is
 * Danish, US, Finnish, Greek and other traffic with no link to the bundled areas in the Sea of
 * Japan, and years apart (time-less captures get one --received-at), so:
 *
 * - no shipment is proposed;
 * - no dark port call is placed at a bundled area;
 * - no silence longer than 30 days is called `transponder-off` (years between two captures are
 *   not a ship switching off);
 * - no vessel on land (a lone garbled fix far inland, as one capture holds, is not a ship on land);
 * - no speed anomaly between fixes of a time-less capture: they share the one --received-at instant;
 * - the Boston gaps the data README lists are still found (215020081: 20.0 h and 18.5 h;
 *   257990100: 35.0 h and 12.1 h).
 *
 * The figures are printed as a diagnostic. The data is not shipped: without ../shared/data/ais the
 * tests skip with the reason printed, except under CI=true, where that is a failure.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import type { EventOf, VesselEvent } from '../../src/events/types.js';
import { type CliResult, cli, SHARED_AIS, tempDir } from '../cli/run-cli.js';
import { inCI } from '../helpers/services.js';

const BOSTON = 'tracks/trajectools-boston-201401.csv';
/** The Boston file's columns are MarineCadastre's 2014 export (see tracks/README.md). */
const BOSTON_MAP =
  'mmsi=mmsi,tsMs=basedatetime,lat=lat,lon=lon,speedKnots=sog,courseDeg=cog,headingDeg=heading,navStatus=status';
/** Receive time for the captures that carry none, as `tallyman ingest --received-at` gives it. */
const RECEIVED_AT = '2024-01-01T00:00:00Z';
const DAY_MS = 86_400_000;
const LONG_SILENCE_MS = 30 * DAY_MS;
/** None: nothing here is a ship on land (one capture's lone fix in Antarctica is a garbled message). */
const MAX_ON_LAND_VESSELS = 0;
/** Boston, January 2014: the span of the track file (2014-01-01T04:43Z – 2014-01-07T17:18Z). */
const BOSTON_FROM_MS = Date.UTC(2014, 0, 1);
const BOSTON_TO_MS = Date.UTC(2014, 0, 8);

/** The real inputs: every capture (not the expected-value files beside them) and every track CSV. */
function realInputs(): string[] {
  const top = readdirSync(SHARED_AIS)
    .filter((f) => !/\.(md|chk|jsonl|json)$/.test(f) && statSync(join(SHARED_AIS, f)).isFile())
    .map((f) => join(SHARED_AIS, f));
  const tracks = readdirSync(join(SHARED_AIS, 'tracks'))
    .filter((f) => f.endsWith('.csv'))
    .map((f) => join(SHARED_AIS, 'tracks', f));
  return [...top, ...tracks].sort();
}

const absent = existsSync(SHARED_AIS) ? null : `no real captures at ${SHARED_AIS}`;
if (absent && !inCI) console.log(`# skipping: ${absent}`);

interface IngestSummary {
  inputs: { name: string; status: string; error?: string }[];
}
interface Run {
  inputs: string[];
  ingests: IngestSummary[];
  detect: { vessels: number; positions: number };
  shipments: { id: number; status: string; mmsi: number; originAreaId: string; destinationAreaId: string }[];
  events: VesselEvent[];
}

describe('real captures, ingested together: ingest → detect → shipments propose', {
  skip: !inCI && absent ? absent : false,
}, () => {
  let dir = '';
  let r: Run;

  before(() => {
    if (absent) throw new Error(`${absent} (CI=true: the real-data tests must run)`);
    dir = tempDir('tallyman-real-');
    const db = join(dir, 'real.db');
    const ok = (what: string, res: CliResult) => {
      assert.equal(res.status, 0, `${what} exited ${res.status}:\n${res.stderr.slice(-4000)}`);
      return res.stdout;
    };
    const inputs = realInputs();
    const boston = join(SHARED_AIS, BOSTON);
    assert.ok(inputs.includes(boston), `${BOSTON} is missing`);
    const others = inputs.filter((f) => f !== boston);
    const ingests = [
      JSON.parse(
        ok(
          'ingest',
          cli(['--db', db, 'ingest', ...others, '--received-at', RECEIVED_AT, '--json', '--no-progress']),
        ),
      ),
      JSON.parse(
        ok(
          'ingest Boston',
          cli(['--db', db, 'ingest', boston, '--map', BOSTON_MAP, '--json', '--no-progress']),
        ),
      ),
    ] as IngestSummary[];
    const detect = JSON.parse(ok('detect', cli(['--db', db, 'detect', '--json', '--no-progress'])));
    const shipments = JSON.parse(
      ok('shipments propose', cli(['--db', db, 'shipments', 'propose', '--json'])),
    );
    const events = JSON.parse(ok('events', cli(['--db', db, 'events', '--json'])));
    r = { inputs, ingests, detect, shipments, events };
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const of = <T extends VesselEvent['type']>(type: T) =>
    r.events.filter((e): e is EventOf<T> & VesselEvent => e.type === type);
  const bundled = new Set(BUNDLED_AREAS.map((a) => a.id));
  const darkCallsAtBundled = () => of('dark-port-call').filter((e) => bundled.has(e.details.areaId));
  const longSilencesCalledDark = () =>
    of('gap').filter(
      (g) => g.details.durationMs > LONG_SILENCE_MS && g.details.likelyCause === 'transponder-off',
    );
  const onLandVessels = () => new Set(of('on-land').map((e) => e.mmsi));
  const days = (ms: number) => `${(ms / DAY_MS).toFixed(0)} d`;

  it('ingests every capture and track file, detects over them, proposes; prints the figures', (t) => {
    // the figures first, so that they print whatever fails below or in the other tests
    const gaps = of('gap');
    const stored: Record<string, number> = {};
    for (const e of r.events) stored[e.type] = (stored[e.type] ?? 0) + 1;
    const row = (what: string, figure: string, target: string) =>
      `${what.padEnd(36)} ${figure.padStart(24)}   ${target}`;
    t.diagnostic(
      [
        row('measure', 'figure', 'target'),
        row(
          'inputs / vessels / positions',
          `${r.inputs.length} / ${r.detect.vessels} / ${r.detect.positions}`,
          '',
        ),
        row('shipments proposed', String(r.shipments.length), '0'),
        row('dark port calls at bundled areas', String(darkCallsAtBundled().length), '0'),
        row(
          'gaps > 30 d called transponder-off',
          `${longSilencesCalledDark().length} of ${gaps.filter((g) => g.details.durationMs > LONG_SILENCE_MS).length}`,
          '0',
        ),
        row(
          'vessels with an on-land event',
          `${onLandVessels().size} of ${r.detect.vessels} (${((100 * onLandVessels().size) / r.detect.vessels).toFixed(1)} %)`,
          `≤ ${MAX_ON_LAND_VESSELS} vessels`,
        ),
        `events stored by type: ${JSON.stringify(stored)}`,
      ].join('\n'),
    );
    const names = r.ingests.flatMap((s) => s.inputs.map((i) => `${i.name} ${i.status}`)).sort();
    assert.deepEqual(
      names,
      r.inputs.map((f) => `${f} ingested`),
    );
    assert.ok(r.inputs.length >= 23, `${r.inputs.length} inputs`);
    // Boston's 972 rows alone are 4 vessels; the captures add thousands
    assert.ok(r.detect.vessels > 1000 && r.detect.positions > 5000, JSON.stringify(r.detect));
    assert.ok(gaps.length > 0, 'no gap at all');
  });

  it('proposes no shipment: nothing here sails between the bundled origins and destinations', () => {
    assert.deepEqual(
      r.shipments.map((s) => `${s.id} ${s.mmsi} ${s.originAreaId} → ${s.destinationAreaId} (${s.status})`),
      [],
    );
  });

  it('judges no speed between fixes that share the one --received-at instant of a time-less capture', () => {
    const at = Date.parse(RECEIVED_AT);
    const spoofing = r.events.filter(
      (e) => (e.type === 'speed-anomaly' || e.type === 'two-places') && (e.startMs === at || e.endMs === at),
    );
    assert.deepEqual(
      spoofing.map((e) => `${e.type} ${e.mmsi}`),
      [],
    );
  });

  it('places no dark port call at a bundled area (none of these ships is near the Sea of Japan)', () => {
    const found = darkCallsAtBundled();
    const byArea: Record<string, number> = {};
    for (const e of found) byArea[e.details.areaId] = (byArea[e.details.areaId] ?? 0) + 1;
    assert.equal(
      found.length,
      0,
      `${found.length} dark port calls by area ${JSON.stringify(byArea)}, of ${new Set(found.map((e) => e.mmsi)).size} vessels; first: ${JSON.stringify(found.slice(0, 3).map((e) => `${e.mmsi} ${e.details.areaId} ${days(e.endMs - e.startMs)}`))}`,
    );
  });

  it('calls no silence longer than 30 days transponder-off (months between captures are not a ship going dark)', () => {
    const found = longSilencesCalledDark();
    assert.deepEqual(
      found.map(
        (g) =>
          `${g.mmsi} ${new Date(g.startMs).toISOString().slice(0, 10)} → ${new Date(g.endMs).toISOString().slice(0, 10)} (${days(g.details.durationMs)}): ${g.details.likelyCause}`,
      ),
      [],
    );
  });

  it('puts no vessel on land (a lone garbled fix inland is not one), none on navigable water', () => {
    const n = onLandVessels().size;
    assert.ok(
      n <= MAX_ON_LAND_VESSELS,
      `${n} of ${r.detect.vessels} vessels (${((100 * n) / r.detect.vessels).toFixed(1)} %) have an on-land event`,
    );
    // convicted by the map alone only far from any water, else by the track (off a ship at sea)
    for (const e of of('on-land'))
      assert.ok(
        e.details.evidence === 'off-a-ship-at-sea' || e.details.distanceToWaterM >= 50_000,
        `${e.mmsi} ${e.lon},${e.lat}: ${e.details.evidence}, ${e.details.distanceToWaterM} m`,
      );
  });

  it('still finds the Boston gaps: 20.0 h and 18.5 h (215020081), 35.0 h and 12.1 h (257990100)', () => {
    const hours = (mmsi: number) =>
      of('gap')
        .filter((g) => g.mmsi === mmsi && g.startMs >= BOSTON_FROM_MS && g.endMs <= BOSTON_TO_MS)
        .map((g) => Math.round(g.details.durationMs / 360_000) / 10)
        .sort((a, b) => b - a);
    assert.deepEqual(hours(215020081), [20, 18.5]);
    assert.deepEqual(hours(257990100), [35, 12.1]);
  });
});
