// @needs-shared-data: reads real AIS captures from ../shared/data/ais, which cannot ship (their licences: that folder's README)
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSource } from '../../src/sources/index.js';
import { collect, TRACKS } from './collect.js';

const SNAPSHOT = `${TRACKS}dma-aisdk-20180601-snapshot.csv`;

describe('DMA CSV, 22 columns (real aisdk snapshot of 2018-06-01)', async () => {
  const src = await openSource(SNAPSHOT);
  const got = await collect(src);
  const rows = (await readFile(SNAPSHOT, 'utf8'))
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(','));
  const vessels = rows.filter((r) => r[1] === 'Class A' || r[1] === 'Class B');
  const na = vessels.filter((r) => r[3] === '91.000000' && r[4] === '181.000000');

  it('is detected as DMA', () => assert.equal(src.format, 'dma'));

  it('takes positions from Class A/B only; base stations and AtoN are counted as ignored', () => {
    assert.equal(vessels.length, 126);
    assert.equal(got.positions.length, vessels.length - na.length);
    assert.equal(
      src.counts.ignoredByReason['base-station'],
      rows.filter((r) => r[1] === 'Base Station').length,
    );
    assert.equal(src.counts.ignoredByReason.aton, rows.filter((r) => r[1] === 'AtoN').length);
    assert.equal(got.rejects.length, 0);
    const baseMmsis = new Set(
      rows.filter((r) => r[1] !== 'Class A' && r[1] !== 'Class B').map((r) => Number(r[2])),
    );
    assert.ok(got.positions.every((p) => !baseMmsis.has(p.mmsi)));
  });

  it('reads 91/181 rows as static-only, with IMO, ship type, ETA in our form', () => {
    assert.equal(na.length, 10);
    const astina = got.statics.find((s) => s.mmsi === 266220000);
    assert.deepEqual(astina, {
      mmsi: 266220000,
      tsMs: Date.UTC(2018, 5, 1),
      imo: 9320063,
      name: 'ASTINA',
      callSign: 'SHZA',
      shipType: 81, // Tanker + "Category X"
      lengthM: 130,
      beamM: 20,
      toBowM: null,
      toSternM: null,
      toPortM: null,
      toStarboardM: null,
      draughtM: 5.9,
      destination: 'FREDERICIA',
      eta: '05-31T04:00Z',
      msgType: null,
      source: 'DMA',
    });
    assert.equal(got.statics.find((s) => s.mmsi === 250515000)?.shipType, 70); // Cargo, no category
    assert.equal(got.statics.find((s) => s.mmsi === 219014345)?.shipType, 36); // Sailing
    assert.equal(got.positions.filter((p) => p.mmsi === 266220000).length, 0);
  });

  it('reads IMO Unknown, empty and single-space cells as null', () => {
    const p = got.positions.find((x) => x.mmsi === 215810000); // the row with ' ' Draught/Destination/ETA
    assert.equal(p?.navStatus, 4);
    assert.equal(p?.headingDeg, 256);
    assert.equal(
      got.statics.find((s) => s.mmsi === 215810000),
      undefined,
    );
    const moored = got.positions.find((x) => x.mmsi === 219937000);
    assert.equal(moored?.headingDeg, null);
    assert.equal(moored?.navStatus, 5);
    assert.ok(got.statics.every((s) => s.imo === null || s.imo >= 1_000_000));
  });
});

describe('DMA CSV, 26 columns (2021+ layout, written from the README description)', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tallyman-dma-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('reads the A,B,C,D offsets and the vendor edge cases', async () => {
    const header =
      '# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,Heading,IMO,Callsign,Name,Ship type,Cargo type,Width,Length,Type of position fixing device,Draught,Destination,ETA,Data source type,A,B,C,D';
    const lines = [
      header,
      // a position with a single-space ETA and destination
      '15/03/2021 12:00:05,Class A,273345000,43.100000,131.900000,Moored,0.0,0.0,12.3,90,9123456,UBCD7,MARIA,Cargo,,18,120,GPS,7.1, , ,AIS,100,20,8,10',
      // static-only (91/181), IMO Unknown, ETA with day > 12
      '15/03/2021 12:00:06,Class A,445123000,91.000000,181.000000,Unknown value,,,,,Unknown,,ANGARA,Tanker,Category Y,,,Undefined,,RAJIN,31/05/2021 04:00:00,AIS,,,,',
      // Class B with n/a SOG/COG/heading, unknown ship type label
      '15/03/2021 12:00:07,Class B,219000001,55.500000,11.000000,Unknown value,,102.3,360.0,511,Unknown,,,Hovercraft,,,,Undefined,,,,AIS,,,,',
      '15/03/2021 12:00:08,Base Station,002190047,55.000000,11.000000,Unknown value,,,,,Unknown,,,Undefined,,,,Surveyed,,,,AIS,,,,',
      '15/03/2021 12:00:09,AtoN,992191234,55.000000,11.000000,Unknown value,,,,,Unknown,,BUOY,Undefined,,,,Surveyed,,,,AIS,,,,',
      '15/03/2021 12:00:10,SAR Airborne,111219001,55.000000,11.000000,Unknown value,,,,,Unknown,,,Undefined,,,,GPS,,,,AIS,,,,',
      // bad rows beside good ones
      '2021-03-15 12:00:11,Class A,273345000,43.1,131.9,Moored,,,,,Unknown,,,Undefined,,,,GPS,,,,AIS,,,,',
      '15/03/2021 12:00:12,Class A,273345000,43.1,131.9,Moored,,,,,Unknown,,,Undefined,,,,GPS,,,,AIS',
      '15/03/2021 12:00:13,Class A,273345000,43.1,131.9,Moored,,,,,Unknown,,,Undefined,,,,GPS,,,32/13/2021 00:00:00,AIS,,,,',
    ];
    const file = join(dir, 'aisdk-2021-03-15.csv');
    await writeFile(file, `${lines.join('\r\n')}\r\n`);
    const src = await openSource(file);
    assert.equal(src.format, 'dma');
    const got = await collect(src);

    assert.equal(got.positions.length, 2);
    const maria = got.positions[0];
    assert.deepEqual(
      [
        maria.mmsi,
        maria.tsMs,
        maria.lat,
        maria.lon,
        maria.navStatus,
        maria.speedKnots,
        maria.courseDeg,
        maria.headingDeg,
      ],
      [273345000, Date.UTC(2021, 2, 15, 12, 0, 5), 43.1, 131.9, 5, 0, 12.3, 90],
    );
    const b = got.positions[1];
    assert.deepEqual([b.speedKnots, b.courseDeg, b.headingDeg, b.navStatus], [null, null, null, 15]);

    const s = got.statics.find((x) => x.mmsi === 273345000);
    assert.deepEqual(
      [
        s?.imo,
        s?.name,
        s?.shipType,
        s?.lengthM,
        s?.beamM,
        s?.toBowM,
        s?.toSternM,
        s?.toPortM,
        s?.toStarboardM,
      ],
      [9123456, 'MARIA', 70, 120, 18, 100, 20, 8, 10],
    );
    assert.equal(s?.destination, null);
    assert.equal(s?.eta, null);
    const angara = got.statics.find((x) => x.mmsi === 445123000);
    assert.deepEqual(
      [angara?.imo, angara?.shipType, angara?.destination, angara?.eta],
      [null, 82, 'RAJIN', '05-31T04:00Z'],
    );

    assert.deepEqual(src.counts.ignoredByReason, { 'base-station': 1, aton: 1, 'other-mobile': 1 });
    assert.deepEqual(src.counts.unmapped, { 'shipType:Hovercraft': 1 });
    assert.deepEqual(src.counts.rejectedByReason, { 'bad-time': 2, 'wrong-column-count': 1 });
    assert.deepEqual(
      got.rejects.map((r) => [r.line, r.reason]),
      [
        [8, 'bad-time'],
        [9, 'wrong-column-count'],
        [10, 'bad-time'],
      ],
    );
  });
});
