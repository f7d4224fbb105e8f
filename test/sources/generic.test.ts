// @needs-shared-data: reads real AIS captures from ../shared/data/ais, which cannot ship (their licences: that folder's README)
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSource, parseColumnMap, parseTimeFormat } from '../../src/sources/index.js';
import { collect, TRACKS } from './collect.js';

const BOSTON = `${TRACKS}trajectools-boston-201401.csv`;
const BOSTON_MAP =
  'mmsi=mmsi,tsMs=basedatetime,lat=lat,lon=lon,speedKnots=sog,courseDeg=cog,headingDeg=heading,navStatus=status';

describe('generic CSV with a column map (real Boston tracks)', () => {
  it('reads every row as a position of the four vessels', async () => {
    const src = await openSource(BOSTON, {
      columnMap: parseColumnMap(BOSTON_MAP),
      sourceLabel: 'trajectools',
    });
    assert.equal(src.format, 'csv-mapped');
    const got = await collect(src);
    const rows = (await readFile(BOSTON, 'utf8')).trim().split('\n').slice(1);
    assert.equal(got.positions.length, rows.length);
    assert.equal(got.rejects.length, 0);
    const per = new Map<number, number>();
    for (const p of got.positions) per.set(p.mmsi, (per.get(p.mmsi) ?? 0) + 1);
    assert.deepEqual(Object.fromEntries(per), {
      215020081: 534,
      240000208: 80,
      255880350: 94,
      257990100: 264,
    });
    assert.equal(got.positions.filter((p) => p.mmsi === 257990100 && p.navStatus === 1).length, 59);
    const first = got.positions.find((p) => p.mmsi === 215020081);
    assert.equal(first?.source, 'trajectools');
    assert.ok(
      got.positions.every(
        (p) => p.tsMs >= Date.UTC(2014, 0, 1, 4, 43) && p.tsMs < Date.UTC(2014, 0, 7, 17, 19),
      ),
    );
    assert.equal(got.statics.length, 0);
  });

  it('says which columns each known layout lacks when no map is given', async () => {
    await assert.rejects(openSource(BOSTON), (err: Error) => {
      assert.match(err.message, /^unknown CSV layout in .*trajectools-boston-201401\.csv: /);
      assert.match(err.message, /not DMA \(missing: Timestamp, Type of mobile, Latitude, Longitude,/);
      // Headers match case-insensitively: its mmsi, basedatetime, lat, lon, sog, cog, heading count.
      assert.match(
        err.message,
        /not MarineCadastre \(missing: VesselName, IMO, CallSign, VesselType, Length, Width, Draft, Cargo, TransceiverClass\)/,
      );
      assert.match(
        err.message,
        /not MarineCadastre 2024 \(missing: base_date_time, longitude, latitude, vessel_name,/,
      );
      assert.match(err.message, /; give --map$/);
      assert.doesNotMatch(err.message, /missing: [^)]*\bMMSI\b/);
      return true;
    });
  });

  it('checks the map itself', () => {
    assert.throws(() => parseColumnMap('mmsi=a,tsMs=b,speed=c'), /unknown field "speed"/);
    assert.throws(() => parseColumnMap('mmsi=a'), /mmsi and tsMs are required/);
    assert.throws(() => parseColumnMap('mmsi=a,tsMs=b,lat=y'), /both lat and lon/);
    assert.throws(() => parseColumnMap('mmsi'), /not field=Column/);
    assert.throws(() => parseTimeFormat('unix'), /not one of iso, epoch-s, epoch-ms, dmy/);
    assert.deepEqual(parseColumnMap('mmsi=ShipId, tsMs=time ,lat=y,lon=x'), {
      mmsi: 'ShipId',
      tsMs: 'time',
      lat: 'y',
      lon: 'x',
    });
  });
});

describe('generic CSV, time formats and statics', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tallyman-generic-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  for (const [fmt, t1, t2] of [
    ['epoch-s', '1635731889', '1635731890.5'],
    ['epoch-ms', '1635731889000', '1635731890500'],
    ['dmy', '01/11/2021 01:58:09', '01/11/2021 01:58:10'],
    ['iso', '2021-11-01T01:58:09Z', '2021-11-01T01:58:10.500Z'],
  ] as const) {
    it(`reads ${fmt} times`, async () => {
      const file = join(dir, `${fmt}.csv`);
      await writeFile(
        file,
        `ShipId;ignored,time,y,x,Vessel,Len\n273345000;a,${t1},43.1,131.9,MARIA,120\n"273345000",${t2},43.2,131.8,,\n0,${t2},43.2,131.8,,\n`
          .replace('ShipId;ignored', 'ShipId')
          .replace('273345000;a', '273345000'),
      );
      const src = await openSource(file, {
        columnMap: parseColumnMap('mmsi=ShipId,tsMs=time,lat=y,lon=x,name=Vessel,lengthM=Len'),
        timeFormat: fmt,
      });
      const got = await collect(src);
      assert.equal(got.positions.length, 2);
      const expectedSecond =
        fmt === 'dmy' ? Date.UTC(2021, 10, 1, 1, 58, 10) : Date.UTC(2021, 10, 1, 1, 58, 10, 500);
      assert.deepEqual(
        got.positions.map((p) => p.tsMs),
        [Date.UTC(2021, 10, 1, 1, 58, 9), expectedSecond],
      );
      assert.deepEqual(
        got.statics.map((s) => [s.name, s.lengthM]),
        [['MARIA', 120]],
      );
      assert.deepEqual(src.counts.rejectedByReason, { 'mmsi-out-of-range': 1 });
    });
  }

  it('names a mapped column the file lacks', async () => {
    const file = join(dir, 'nocol.csv');
    await writeFile(file, 'a,b\n1,2\n');
    const src = await openSource(file, { columnMap: parseColumnMap('mmsi=ShipId,tsMs=b') });
    await assert.rejects(collect(src), /--map: .*nocol\.csv has no column "ShipId"/);
  });
});
