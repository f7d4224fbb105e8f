// @needs-shared-data: reads real AIS captures from ../shared/data/ais, which cannot ship (their licences: that folder's README)
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSource } from '../../src/sources/index.js';
import { AIS, collect, TRACKS } from './collect.js';

const FILE = `${TRACKS}aisdb-marinecadastre-20230111.csv`;

/** The file's rows as plain cells (it has no quoted fields), read independently of the reader. */
async function rawRows(): Promise<string[][]> {
  const text = await readFile(FILE, 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.replace(/\r$/, '').split(','));
}

describe('MarineCadastre legacy CSV (real AISdb/NOAA sample)', async () => {
  const source = await openSource(FILE, { batchSize: 300 });
  const { positions, statics, rejects, batches } = await collect(source);
  const rows = await rawRows();

  it('is detected and read whole, in batches', () => {
    assert.equal(source.format, 'marinecadastre');
    assert.equal(rows.length, 1000);
    assert.equal(positions.length, 1000);
    assert.equal(new Set(positions.map((p) => p.mmsi)).size, 1000);
    assert.equal(rejects.length, 0);
    assert.ok(batches >= 4, `${batches} batches`);
    assert.equal(source.counts.positions, 1000);
    assert.equal(source.counts.lines, 1001);
  });

  it('has the n/a counts the README gives, and they match the file', () => {
    const col = (name: number, v: string) => rows.filter((r) => r[name] === v || r[name] === '').length;
    const headingNa = col(6, '511.0');
    const cogNa = col(5, '360.0');
    const sogNa = col(4, '102.3');
    assert.deepEqual([headingNa, cogNa, sogNa], [426, 90, 4]);
    assert.equal(positions.filter((p) => p.headingDeg === null).length, headingNa);
    assert.equal(positions.filter((p) => p.courseDeg === null).length, cogNa);
    assert.equal(positions.filter((p) => p.speedKnots === null).length, sogNa);
  });

  it('keeps class A and B rows alike (954 A, 46 B)', () => {
    const a = rows.filter((r) => r[16] === 'A').map((r) => Number(r[0]));
    const b = rows.filter((r) => r[16] === 'B').map((r) => Number(r[0]));
    assert.deepEqual([a.length, b.length], [954, 46]);
    const got = new Set(positions.map((p) => p.mmsi));
    for (const m of [...a, ...b]) assert.ok(got.has(m));
  });

  it('maps one row field by field', () => {
    // 636021061,2023-01-11T00:00:00,26.09241,-80.04806,8.8,272.7,270.0,MSC NAISHA III,IMO9307839,5LCB4,70,8.0,208.0,30.0,8.0,70.0,A
    const p = positions.find((x) => x.mmsi === 636021061);
    assert.deepEqual(p, {
      mmsi: 636021061,
      tsMs: Date.UTC(2023, 0, 11),
      lon: -80.04806,
      lat: 26.09241,
      speedKnots: 8.8,
      courseDeg: 272.7,
      headingDeg: 270,
      navStatus: 8,
      msgType: null,
      source: 'MarineCadastre',
    });
    const s = statics.find((x) => x.mmsi === 636021061);
    assert.equal(s?.imo, 9307839);
    assert.equal(s?.name, 'MSC NAISHA III');
    assert.equal(s?.callSign, '5LCB4');
    assert.equal(s?.shipType, 70);
    assert.deepEqual([s?.lengthM, s?.beamM, s?.draughtM], [208, 30, 8]);
  });

  it('turns IMO placeholders into null and keeps real IMO numbers', () => {
    const placeholders = rows.filter((r) => /^IMO0{6}\d$/.test(r[8])).map((r) => Number(r[0]));
    assert.ok(placeholders.length > 0);
    const byMmsi = new Map(statics.map((s) => [s.mmsi, s]));
    for (const m of placeholders) assert.equal(byMmsi.get(m)?.imo ?? null, null);
    const real = rows.filter((r) => /^IMO[1-9]\d{6}$/.test(r[8]));
    for (const r of real) assert.equal(byMmsi.get(Number(r[0]))?.imo, Number(r[8].slice(3)));
  });

  it('makes a static record exactly for rows with an identity column', () => {
    const withIdentity = rows.filter((r) =>
      [7, 8, 9, 10, 12, 13, 14].some((i) => r[i] !== '' && Number(r[i]) !== 0),
    );
    assert.equal(statics.length, withIdentity.length);
  });

  it('hashes the raw content and counts its bytes', async () => {
    const { createHash } = await import('node:crypto');
    const bytes = await readFile(FILE);
    assert.equal(source.sha256(), createHash('sha256').update(bytes).digest('hex'));
    assert.equal(source.bytesRead(), bytes.length);
    assert.equal(source.totalBytes, bytes.length);
  });
});

describe('MarineCadastre 2024 layout', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tallyman-mc24-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('reads the same rows written in the 2024 layout (lon before lat, space in the time)', async () => {
    const rows = await rawRows();
    const header =
      'mmsi,base_date_time,longitude,latitude,sog,cog,heading,vessel_name,imo,call_sign,vessel_type,status,length,width,draft,cargo,transceiver';
    const lines = rows.map((r) => [r[0], r[1].replace('T', ' '), r[3], r[2], ...r.slice(4)].join(','));
    const file = join(dir, 'ais-2023-01-11.csv');
    await writeFile(file, `${header}\n${lines.join('\n')}\n`);
    const legacy = await collect(await openSource(`${TRACKS}aisdb-marinecadastre-20230111.csv`));
    const src = await openSource(file);
    assert.equal(src.format, 'marinecadastre-2024');
    const got = await collect(src);
    assert.deepEqual(got.positions, legacy.positions);
    assert.deepEqual(got.statics, legacy.statics);
  });

  it('rejects bad rows by reason and keeps the good ones', async () => {
    const file = join(dir, 'bad.csv');
    const header =
      'mmsi,base_date_time,longitude,latitude,sog,cog,heading,vessel_name,imo,call_sign,vessel_type,status,length,width,draft,cargo,transceiver';
    const good =
      '368382440,2025-12-31 00:00:00,-76.43,36.96,4.7,321.6,327,PATRICIA B. MORAN,IMO1079618,WDP7519,52,0,26,11,5.0,52,A';
    await writeFile(
      file,
      [
        header,
        good,
        '368382440,2025-12-31 00:00:00,-76.43,36.96', // too few columns
        'x68382440,2025-12-31 00:00:00,-76.43,36.96,4.7,321.6,327,N,,C,52,0,26,11,5.0,52,A',
        '1368382440,2025-12-31 00:00:00,-76.43,36.96,4.7,321.6,327,N,,C,52,0,26,11,5.0,52,A',
        '368382440,31/12/2025,-76.43,36.96,4.7,321.6,327,N,,C,52,0,26,11,5.0,52,A',
        '368382440,2025-12-31 00:00:01,-76.43,96.96,4.7,321.6,327,N,,C,52,0,26,11,5.0,52,A',
        '368382440,2025-12-31 00:00:02,-196.43,36.96,4.7,321.6,327,N,,C,52,0,26,11,5.0,52,A',
        '368382440,2025-12-31 00:00:03,-76.43,36.96,fast,321.6,327,N,,C,52,0,26,11,5.0,52,A',
        good.replace('00:00:00', '00:01:00'),
        '',
      ].join('\n'),
    );
    const src = await openSource(file);
    const got = await collect(src);
    assert.equal(got.positions.length, 2);
    assert.deepEqual(src.counts.rejectedByReason, {
      'wrong-column-count': 1,
      'bad-mmsi': 1,
      'mmsi-out-of-range': 1,
      'bad-time': 1,
      'lat-out-of-range': 1,
      'lon-out-of-range': 1,
      'bad-number': 1,
    });
    assert.deepEqual(
      got.rejects.map((r) => r.line),
      [3, 4, 5, 6, 7, 8, 9],
    );
    assert.ok(got.rejects.every((r) => r.file === file && r.text.length > 0));
    assert.equal(got.rejects[6].detail, 'sog="fast"');
    assert.equal(got.statics[0].imo, 1079618);
  });
});

describe('NMEA detection on the real captures', async () => {
  const { readdir } = await import('node:fs/promises');
  const names = (await readdir(AIS)).filter(
    (n) => !/\.(chk|json|jsonl|md)$/.test(n) && n !== 'bench' && n !== 'tracks',
  );
  it('finds every capture', () => assert.ok(names.length >= 20, names.join(' ')));
  for (const n of names) {
    it(`${n} is NMEA`, async () => {
      const src = await openSource(`${AIS}${n}`);
      assert.equal(src.format, 'nmea');
    });
  }
  for (const n of ['aisdb-marinecadastre-20230111.csv', 'dma-aisdk-20180601-snapshot.csv']) {
    it(`${n} is not NMEA`, async () => assert.notEqual((await openSource(`${TRACKS}${n}`)).format, 'nmea'));
  }
});
