// @needs-shared-data: reads real AIS captures from ../shared/data/ais, which cannot ship (their licences: that folder's README)
/**
 * The detectors over real AIS: the MarineCadastre snapshot (one row per vessel: nothing to find
 * but shared IMOs, and it must run cleanly) and the Boston tracks (real gaps).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { BUNDLED_AREAS } from '../../src/areas/bundled.js';
import { validImo } from '../../src/events/identity.js';
import { DEFAULT_PARAMS } from '../../src/events/params.js';
import { detectAll } from '../../src/events/pipeline.js';
import type { EventOf, VesselEvent } from '../../src/events/types.js';
import { loadSurface } from '../../src/geodata/surface.js';
import { openSource, parseColumnMap } from '../../src/sources/index.js';
import { buildTracks } from '../../src/tracks/columns.js';
import type { PositionRecord, StaticRecord } from '../../src/tracks/records.js';
import { SHARED_AIS } from '../helpers/captures.js';

const dir = new URL('../../../shared/data/ais/tracks/', import.meta.url);
/** Land and water as `tallyman detect` reads them. */
const SURFACE = loadSurface();
const num = (s: string | undefined): number | null => (s === undefined || s.trim() === '' ? null : Number(s));

function readCsv(name: string): Array<Record<string, string>> {
  return parse(readFileSync(new URL(name, dir), 'utf8'), { columns: true, skip_empty_lines: true });
}

describe('MarineCadastre snapshot 2023-01-11 (1,000 vessels, one row each)', () => {
  const rows = readCsv('aisdb-marinecadastre-20230111.csv');
  const positions: PositionRecord[] = rows.map((r) => ({
    mmsi: Number(r.MMSI),
    tsMs: Date.parse(`${r.BaseDateTime}Z`),
    lon: Number(r.LON),
    lat: Number(r.LAT),
    speedKnots: r.SOG === '102.3' ? null : num(r.SOG),
    courseDeg: r.COG === '360.0' ? null : num(r.COG),
    headingDeg: r.Heading === '511.0' ? null : num(r.Heading),
    navStatus: num(r.Status),
    msgType: null,
    source: 'marinecadastre',
  }));
  const statics: StaticRecord[] = rows.map((r) => ({
    mmsi: Number(r.MMSI),
    tsMs: Date.parse(`${r.BaseDateTime}Z`),
    imo: r.IMO?.startsWith('IMO') ? Number(r.IMO.slice(3)) : null,
    name: r.VesselName || null,
    callSign: r.CallSign || null,
    shipType: num(r.VesselType),
    lengthM: num(r.Length),
    beamM: num(r.Width),
    toBowM: null,
    toSternM: null,
    toPortM: null,
    toStarboardM: null,
    draughtM: num(r.Draft),
    destination: null,
    eta: null,
    msgType: null,
    source: 'marinecadastre',
  }));
  const tracks = buildTracks(positions, statics);
  const events = detectAll(tracks, BUNDLED_AREAS);

  it('builds one track per MMSI and drops nothing', () => {
    assert.equal(tracks.length, new Set(rows.map((r) => r.MMSI)).size);
    assert.equal(
      tracks.reduce((n, t) => n + t.length, 0),
      rows.length,
    );
    assert.equal(
      tracks.reduce((n, t) => n + t.dropped.length, 0),
      0,
    );
  });
  it('finds only what one row per vessel can show: IMOs reported under two MMSIs', () => {
    const byImo = new Map<number, Set<number>>();
    for (const s of statics)
      if (validImo(s.imo)) byImo.set(s.imo, (byImo.get(s.imo) ?? new Set()).add(s.mmsi));
    const expected = [...byImo.values()].reduce((n, m) => n + (m.size * (m.size - 1)) / 2, 0);
    assert.deepEqual(
      [...new Set(events.map((e) => e.type))].filter((t) => t !== 'imo-shared'),
      [],
    );
    assert.equal(events.length, expected);
    // the vendor's placeholder IMO0000001 fails the check digit and is no evidence
    assert.ok(rows.some((r) => r.IMO === 'IMO0000001'));
    assert.ok(events.every((e) => e.type === 'imo-shared' && e.details.imo !== 1));
  });
});

// The Boston file is read and detected once; both describe blocks below look at the result.
const bostonRows = readCsv('trajectools-boston-201401.csv');
const bostonPositions: PositionRecord[] = bostonRows.map((r) => ({
  mmsi: Number(r.mmsi),
  tsMs: Date.parse(r.basedatetime),
  lon: Number(r.lon),
  lat: Number(r.lat),
  speedKnots: num(r.sog),
  courseDeg: num(r.cog),
  headingDeg: num(r.heading),
  navStatus: num(r.status),
  msgType: null,
  source: 'marinecadastre',
}));
const bostonTracks = buildTracks(bostonPositions);
const bostonEvents = detectAll(bostonTracks, BUNDLED_AREAS);

describe('Boston tracks, January 2014 (4 vessels)', () => {
  const positions = bostonPositions;
  const tracks = bostonTracks;
  const events = bostonEvents;
  const gaps = events.filter((e): e is EventOf<'gap'> & VesselEvent => e.type === 'gap');

  it('finds every silence of ≥ 6 h between consecutive rows, and no other', () => {
    const byMmsi = new Map<number, number[]>();
    for (const p of positions) byMmsi.set(p.mmsi, [...(byMmsi.get(p.mmsi) ?? []), p.tsMs]);
    const expected: string[] = [];
    for (const [mmsi, ts] of byMmsi) {
      ts.sort((a, b) => a - b);
      for (let i = 1; i < ts.length; i++)
        if (ts[i] - ts[i - 1] >= 6 * 3_600_000) expected.push(`${mmsi} ${ts[i - 1]}`);
    }
    assert.deepEqual(gaps.map((g) => `${g.mmsi} ${g.startMs}`).sort(), expected.sort());
  });
  it('the gaps the data README lists: 20.0 h and 18.5 h (215020081), 35.0 h and 12.1 h (257990100)', () => {
    const h = (mmsi: number) =>
      gaps
        .filter((g) => g.mmsi === mmsi)
        .map((g) => Math.round(g.details.durationMs / 360_000) / 10)
        .sort((a, b) => b - a);
    assert.deepEqual(h(215020081), [20, 18.5]);
    assert.deepEqual(h(257990100), [35, 12.1]);
    // Boston is far from every bundled area and out of reach of the others heard there
    for (const g of gaps) assert.equal(g.details.darkPortCallAreaIds.length, 0);
  });
  it('no spoofing on real tracks', () => {
    assert.equal(events.filter((e) => e.type === 'speed-anomaly' || e.type === 'two-places').length, 0);
  });
  it('no position on land, berths in Boston harbour and the Weymouth Fore River included', () => {
    const withLand = detectAll(tracks, BUNDLED_AREAS, DEFAULT_PARAMS, undefined, {
      land: SURFACE,
    });
    assert.deepEqual(
      withLand.filter((e) => e.type === 'on-land'),
      [],
    );
    // the same events otherwise: the check adds, it does not disturb
    assert.deepEqual(withLand, events);
  });
});

describe('Boston: the stay at anchor', () => {
  const rows = bostonRows;
  const events = bostonEvents;

  it('is the one stop: 257990100 from its first to its last fix at status 1 (at anchor), off Boston', () => {
    // The data README: 257990100 has 59 points at status 1 = at anchor.
    const anchored = rows.filter((r) => r.mmsi === '257990100' && r.status === '1');
    assert.equal(anchored.length, 59);
    const times = anchored.map((r) => Date.parse(r.basedatetime)).sort((a, b) => a - b);
    const stops = events.filter((e): e is EventOf<'stop'> & VesselEvent => e.type === 'stop');
    assert.equal(stops.length, 1, JSON.stringify(stops));
    const [stop] = stops;
    assert.equal(stop.mmsi, 257990100);
    assert.equal(stop.startMs, times[0]);
    assert.equal(stop.endMs, times[times.length - 1]);
    assert.equal(stop.details.nearestAreaId, null, 'no bundled area near Boston');
    assert.ok(stop.details.radiusM < 250, `swing radius ${stop.details.radiusM} m`);
    assert.equal(
      stop.support.reduce((n, s) => n + s.count, 0),
      59,
    );
  });
});

describe('every real capture in shared/data/ais runs through the detectors', () => {
  const aisDir = SHARED_AIS;
  const inputs = [
    ...readdirSync(aisDir)
      .filter((f) => !/\.(md|chk|jsonl|json)$/.test(f) && statSync(new URL(f, aisDir)).isFile())
      .map((f) => new URL(f, aisDir)),
    ...readdirSync(new URL('tracks/', aisDir))
      .filter((f) => f.endsWith('.csv'))
      .map((f) => new URL(`tracks/${f}`, aisDir)),
  ];

  it('decodes, builds tracks and detects without an error on each file; prints what it found', async () => {
    assert.ok(inputs.length >= 15, `${inputs.length} inputs`);
    const table: string[] = ['file | positions | vessels | events by type'];
    let withEvents = 0;
    for (const url of inputs) {
      const path = fileURLToPath(url);
      // Time-less captures get one receive time, as `tallyman ingest --received-at` gives them.
      // The Boston file's columns are MarineCadastre's 2014 export, read as the README's --map does.
      const source = await openSource(path, {
        receivedAtMs: Date.UTC(2024, 0, 1),
        ...(path.endsWith('trajectools-boston-201401.csv')
          ? {
              columnMap: parseColumnMap(
                'mmsi=mmsi,tsMs=basedatetime,lat=lat,lon=lon,speedKnots=sog,courseDeg=cog,headingDeg=heading,navStatus=status',
              ),
            }
          : {}),
      });
      const positions: PositionRecord[] = [];
      const statics: StaticRecord[] = [];
      for await (const b of source.batches()) {
        positions.push(...b.positions);
        statics.push(...b.statics);
      }
      const tracks = buildTracks(positions, statics);
      const events = detectAll(tracks, BUNDLED_AREAS, DEFAULT_PARAMS, undefined, {
        land: SURFACE,
      });
      for (const e of events) {
        assert.ok(e.endMs >= e.startMs, `${path}: ${e.type} ends before it starts`);
        assert.ok(Number.isFinite(e.lon) && Number.isFinite(e.lat), `${path}: ${e.type} has no position`);
      }
      const byType: Record<string, number> = {};
      for (const e of events) byType[e.type] = (byType[e.type] ?? 0) + 1;
      if (events.length > 0) withEvents++;
      table.push(
        `${path.split('/ais/')[1]} | ${positions.length} | ${tracks.length} | ${JSON.stringify(byType)}`,
      );
    }
    console.log(table.join('\n'));
    assert.ok(withEvents >= 3, 'the track files at least give events');
  });
});
