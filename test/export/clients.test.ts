/**
 * Every GeoJSON, KML, CSV and GeoParquet export, from the CLI and from the API, on the bundled
 * SIMULATED scenario (scenarios/rajin-shuttle.json, filled the way `npm start` fills a store),
 * checked by the clients analysts open them with: GDAL (`ogrinfo`, `ogr2ogr` to GeoPackage, failing
 * on any warning), `xmllint` against a KML 2.2 schema, Python's `csv` module, and `hyparquet` (a
 * reader independent of the writer's code path) with the WKB decoded here byte by byte.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { cli, REPO, tempDir } from '../cli/run-cli.js';
import {
  GDAL,
  GDAL_COMPLAINT,
  OGR2OGR,
  PYTHON,
  pythonCsv,
  requireTools,
  runTool,
  XMLLINT,
} from '../helpers/tools.js';
import { fillStore, RAJIN_SCENARIO, scenarioFiles } from '../server/fixture.js';
import { type RunningServer, startServer } from '../server/server-process.js';

const KML_XSD = join(REPO, 'test/fixtures/kml-schema/tallyman-kml22-subset.xsd');
/** The OGC's own ogckml22.xsd, where a user has it (it cannot ship here: README beside KML_XSD). */
const OGC_KML_XSD = process.env.TALLYMAN_OGC_KML_XSD;

const skip = requireTools([GDAL, OGR2OGR, XMLLINT, PYTHON]);

interface Exported {
  name: string;
  file: string;
}

/** `ogrinfo` and `ogr2ogr -f GPKG` without a warning; the layers' feature counts in the GeoPackage. */
function gdalChecks(file: string, dir: string): Map<string, number> {
  const info = runTool('ogrinfo', ['-ro', '-al', '-so', file]);
  assert.equal(info.status, 0, `ogrinfo ${file}: ${info.stderr}`);
  assert.doesNotMatch(info.stderr, GDAL_COMPLAINT, `ogrinfo ${file}`);
  const gpkg = join(dir, `${file.split('/').pop()}.gpkg`);
  const conv = runTool('ogr2ogr', ['-f', 'GPKG', gpkg, file]);
  assert.equal(conv.status, 0, `ogr2ogr ${file}: ${conv.stderr}`);
  assert.doesNotMatch(conv.stderr, GDAL_COMPLAINT, `ogr2ogr ${file}`);
  const out = runTool('ogrinfo', ['-ro', '-al', '-so', gpkg]);
  assert.equal(out.status, 0, out.stderr);
  const layers = new Map<string, number>();
  for (const m of out.stdout.matchAll(/Layer name: (.+)\n(?:.*\n)*?Feature Count: (\d+)/g))
    layers.set(m[1]!, Number(m[2]));
  return layers;
}

/** The field types GDAL reads from a file's layer, e.g. { shipmentId: 'Integer', transitH: 'Real' }. */
function gdalFields(file: string, layer: string): Record<string, string> {
  const r = runTool('ogrinfo', ['-ro', '-so', file, layer]);
  assert.equal(r.status, 0, r.stderr);
  const out: Record<string, string> = {};
  for (const m of r.stdout.matchAll(/^(\w[\w-]*): (\w+(?:\(\w+\))?) \(/gm)) out[m[1]!] = m[2]!;
  return out;
}

function xmllint(file: string, xsd: string): void {
  const r = runTool('xmllint', ['--noout', '--schema', xsd, file]);
  assert.equal(r.status, 0, `xmllint ${file} against ${xsd}: ${r.stderr.slice(0, 2000)}`);
  assert.match(r.stderr, /validates/);
}

/** ISO WKB (little or big endian) of a Point or LineString, decoded here, independent of both libraries. */
function decodeWkb(bytes: Uint8Array): { type: string; coordinates: number[] | number[][] } {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = v.getUint8(0) === 1;
  const code = v.getUint32(1, le);
  if (code === 1) return { type: 'Point', coordinates: [v.getFloat64(5, le), v.getFloat64(13, le)] };
  if (code === 2) {
    const n = v.getUint32(5, le);
    const coordinates: number[][] = [];
    for (let i = 0; i < n; i++)
      coordinates.push([v.getFloat64(9 + 16 * i, le), v.getFloat64(17 + 16 * i, le)]);
    assert.equal(bytes.byteLength, 9 + 16 * n, 'LineString WKB length');
    return { type: 'LineString', coordinates };
  }
  throw new Error(`unexpected WKB geometry code ${code}`);
}

async function readParquet(file: string) {
  const buf = await asyncBufferFromFile(file);
  // geoparquet: false keeps the geometry column as the WKB bytes the file holds
  const metadata = await parquetMetadataAsync(buf, { geoparquet: false });
  const rows = (await parquetReadObjects({ file: buf, metadata, utf8: false })) as Array<
    Record<string, unknown>
  >;
  const decoded = (await parquetReadObjects({ file: buf })) as Array<Record<string, unknown>>;
  const kv = Object.fromEntries((metadata.key_value_metadata ?? []).map((k) => [k.key, k.value]));
  return {
    metadata,
    rows,
    decoded,
    geo: JSON.parse(kv.geo ?? 'null'),
    tallyman: JSON.parse(kv.tallyman ?? 'null'),
  };
}

describe('exports opened by the real clients (bundled SIMULATED scenario)', { skip }, () => {
  let dir: string;
  let db: string;
  let server: RunningServer;
  let vessels: Array<{ mmsi: number; positionCount: number }> = [];
  let eventCount = 0;
  let shipmentIds: number[] = [];
  let busiest = 0;
  const geojson: Exported[] = [];
  const kml: Exported[] = [];
  const csv: Exported[] = [];

  const must = (args: string[]) => {
    const r = cli(['--db', db, ...args]);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const save = (name: string, body: string) => {
    const file = join(dir, name);
    writeFileSync(file, body);
    return file;
  };
  const api = async (path: string) => {
    const r = await fetch(`${server.url}${path}`);
    assert.equal(r.status, 200, `${path}: ${r.status} ${await r.clone().text()}`);
    return r;
  };

  before(async () => {
    dir = tempDir('tallyman-exports-');
    db = join(dir, 'scenario.db');
    const filled = fillStore(db, RAJIN_SCENARIO);
    assert.ok(filled.detected && filled.proposed, 'detect and shipments propose in this build');
    vessels = JSON.parse(must(['vessels', '--json']));
    busiest = [...vessels].sort((a, b) => b.positionCount - a.positionCount)[0]!.mmsi;
    eventCount = JSON.parse(must(['events', '--json'])).length;
    shipmentIds = JSON.parse(must(['shipments', '--json'])).map((s: { id: number }) => s.id);
    // a reason that would run as a formula in a spreadsheet (OWASP "CSV Injection")
    must([
      'shipment',
      'confirm',
      String(shipmentIds[0]),
      '--reason',
      '=HYPERLINK("http://evil.example","x")',
      '--by',
      'test',
    ]);

    geojson.push(
      { name: 'cli shipments', file: save('cli-shipments.geojson', must(['shipments', '--geojson'])) },
      { name: 'cli events', file: save('cli-events.geojson', must(['events', '--geojson'])) },
      {
        name: 'cli track',
        file: save('cli-track.geojson', must(['track', String(busiest), '--format', 'geojson'])),
      },
      { name: 'cli areas', file: save('cli-areas.geojson', must(['areas', 'export'])) },
    );
    kml.push({ name: 'cli shipments', file: save('cli-shipments.kml', must(['shipments', '--kml'])) });
    csv.push(
      { name: 'cli shipments', file: save('cli-shipments.csv', must(['shipments', '--csv'])) },
      { name: 'cli events', file: save('cli-events.csv', must(['events', '--csv'])) },
      { name: 'cli track', file: save('cli-track.csv', must(['track', String(busiest), '--format', 'csv'])) },
    );
    for (const what of ['positions', 'tracks', 'events', 'shipments'])
      must(['export', what, '--out', join(dir, `cli-${what}.parquet`)]);
    csv.push({
      name: 'cli estimate',
      file: save('cli-estimate.csv', must(['estimate', '--csv', '--samples', '2000', '--seed', '1'])),
    });

    server = await startServer(db);
    const text = async (path: string) => (await api(path)).text();
    geojson.push(
      { name: 'api tracks', file: save('api-tracks.geojson', await text('/api/export/tracks.geojson')) },
      {
        name: 'api track',
        file: save('api-track.geojson', await text(`/api/vessels/${busiest}/track?format=geojson`)),
      },
      { name: 'api areas', file: save('api-areas.geojson', await text('/api/areas')) },
    );
    kml.push(
      { name: 'api tracks', file: save('api-tracks.kml', await text('/api/export/tracks.kml')) },
      { name: 'api shipments', file: save('api-shipments.kml', await text('/api/export/shipments.kml')) },
    );
    csv.push(
      { name: 'api shipments', file: save('api-shipments.csv', await text('/api/export/shipments.csv')) },
      { name: 'api events', file: save('api-events.csv', await text('/api/export/events.csv')) },
      {
        name: 'api positions',
        file: save('api-positions.csv', await text(`/api/export/positions.csv?vessel=${busiest}`)),
      },
    );
    for (const what of ['positions', 'tracks', 'events', 'shipments']) {
      const r = await api(`/api/export/${what}.parquet`);
      assert.equal(r.headers.get('content-type'), 'application/vnd.apache.parquet');
      writeFileSync(join(dir, `api-${what}.parquet`), Buffer.from(await r.arrayBuffer()));
    }
  });
  after(async () => {
    await server?.stop();
  });

  test('every GeoJSON: ogrinfo and ogr2ogr to GeoPackage without a warning, every feature kept', () => {
    for (const g of geojson) {
      const doc = JSON.parse(readFileSync(g.file, 'utf8'));
      const layers = gdalChecks(g.file, dir);
      const total = [...layers.values()].reduce((a, b) => a + b, 0);
      assert.equal(total, doc.features.length, `${g.name}: features in the GeoPackage`);
      const ids = doc.features.map((f: { id?: unknown }) => f.id).filter((id: unknown) => id !== undefined);
      assert.equal(new Set(ids).size, ids.length, `${g.name}: feature ids unique`);
      if (!g.name.includes('areas')) {
        assert.equal(doc.simulated, true, `${g.name}: simulated at the top`);
        for (const f of doc.features)
          assert.equal(f.properties.simulated, true, `${g.name}: simulated per feature`);
      }
    }
  });

  test('GeoJSON times are ISO 8601 and GDAL reads them as DateTime', () => {
    const shipments = gdalFields(join(dir, 'cli-shipments.geojson'), 'cli-shipments');
    assert.equal(shipments.departUtc, 'DateTime');
    assert.equal(shipments.shipmentId, 'Integer');
    assert.equal(gdalFields(join(dir, 'cli-events.geojson'), 'cli-events').start, 'DateTime');
    const track = JSON.parse(readFileSync(join(dir, 'cli-track.geojson'), 'utf8')).features[0];
    const times = (track.properties.times as string).split(' ');
    assert.equal(times.length, track.geometry.coordinates.length);
    for (const t of times) assert.match(t, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
    assert.ok(
      times.every((t, i) => i === 0 || Date.parse(times[i - 1]!) <= Date.parse(t)),
      'in time order',
    );
    assert.equal(gdalFields(join(dir, 'cli-track.geojson'), 'cli-track').startTime, 'DateTime');
    assert.equal(JSON.stringify(track).includes('timesMs'), false);
  });

  test('every KML: valid against the KML 2.2 schema, GDAL without a warning, typed layers by kind', () => {
    for (const k of kml) {
      xmllint(k.file, KML_XSD);
      if (OGC_KML_XSD) xmllint(k.file, OGC_KML_XSD);
      const body = readFileSync(k.file, 'utf8');
      assert.match(body, /<name>[^<]*\(SIMULATED DATA\)<\/name>/, `${k.name}: title`);
      assert.match(body, /<description>SIMULATED: /, `${k.name}: description`);
      gdalChecks(k.file, dir);
    }
    const shipmentLayers = gdalChecks(join(dir, 'cli-shipments.kml'), dir);
    assert.deepEqual([...shipmentLayers.keys()].sort(), [
      'dark legs',
      'port calls',
      'shipments',
      'sightings',
    ]);
    assert.equal(shipmentLayers.get('shipments'), shipmentIds.length);
    assert.equal(shipmentLayers.get('port calls'), 2 * shipmentIds.length);
    const f = gdalFields(join(dir, 'cli-shipments.kml'), 'shipments');
    assert.equal(f.shipmentId, 'Integer');
    assert.equal(f.transitH, 'Real');
    assert.equal(f.confidence, 'Integer');
    assert.equal(gdalFields(join(dir, 'api-shipments.kml'), 'sightings').idConfidence, 'Real');
    const trackLayers = gdalChecks(join(dir, 'api-tracks.kml'), dir);
    assert.deepEqual([...trackLayers.keys()].sort(), ['dark legs', 'tracks']);
    assert.equal(gdalFields(join(dir, 'api-tracks.kml'), 'dark legs').silenceH, 'Real');
    assert.equal(
      readFileSync(join(dir, 'cli-shipments.kml'), 'utf8'),
      readFileSync(join(dir, 'api-shipments.kml'), 'utf8'),
    );
  });

  test('the KML schema check can fail: an untyped field type and a misplaced element are refused', () => {
    const good = readFileSync(join(dir, 'cli-shipments.kml'), 'utf8');
    for (const [what, bad] of [
      ['SimpleField type', good.replace('type="double"', 'type="real"')],
      ['element order', good.replace(/(<TimeSpan>.*?<\/TimeSpan>)(<styleUrl>[^<]*<\/styleUrl>)/, '$2$1')],
    ] as const) {
      assert.notEqual(bad, good, what);
      const r = runTool('xmllint', ['--noout', '--schema', KML_XSD, save('bad.kml', bad)]);
      assert.notEqual(r.status, 0, `${what}: refused`);
    }
  });

  test('every CSV: Python csv reads it, each row as wide as the header, simulated on every row', () => {
    for (const c of csv) {
      const r = pythonCsv(c.file);
      assert.deepEqual(r.badRows, [], `${c.name}: rows with another cell count`);
      assert.equal(r.header[r.header.length - 1], 'simulated', `${c.name}: header`);
      assert.equal(r.firstRow[r.firstRow.length - 1], 'true', `${c.name}: first row simulated`);
      const body = readFileSync(c.file, 'utf8');
      assert.equal(body.split('\r\n').length - 1, r.rows + 1, `${c.name}: CRLF line ends`);
      assert.doesNotMatch(body, /[^\r]\n/, `${c.name}: CRLF line ends only`);
    }
    assert.equal(pythonCsv(join(dir, 'cli-events.csv')).rows, eventCount);
    assert.equal(pythonCsv(join(dir, 'cli-shipments.csv')).rows, shipmentIds.length);
    assert.equal(
      pythonCsv(join(dir, 'api-positions.csv')).rows,
      vessels.find((v) => v.mmsi === busiest)!.positionCount,
    );
    // one events CSV: the CLI and the API write the same bytes for the same store
    assert.equal(
      readFileSync(join(dir, 'cli-events.csv'), 'utf8'),
      readFileSync(join(dir, 'api-events.csv'), 'utf8'),
    );
    assert.equal(
      readFileSync(join(dir, 'cli-track.csv'), 'utf8'),
      readFileSync(join(dir, 'api-positions.csv'), 'utf8'),
    );
  });

  test('decode --format csv: Python csv reads it, each row as wide as the header', () => {
    const nmea = readFileSync(scenarioFiles(RAJIN_SCENARIO).nmea, 'utf8')
      .split('\n')
      .slice(0, 20_000)
      .join('\n');
    const r = cli(['decode', '--format', 'csv'], { input: nmea });
    assert.equal(r.status, 0, r.stderr);
    const file = save('cli-decode.csv', r.stdout);
    const p = pythonCsv(file);
    assert.deepEqual(p.badRows, []);
    assert.equal(p.header[0], 'received_at_ms');
    assert.ok(p.rows > 1000, `${p.rows} rows`);
  });

  test('a formula in a reason is neutralised in the CSV and read back as written', () => {
    for (const name of ['cli-shipments.csv', 'api-shipments.csv']) {
      const script = `import csv,sys\nfor row in csv.DictReader(open(sys.argv[1], newline='')):\n    if row['decision_reason']: print(row['decision_reason'])`;
      const r = runTool('python3', ['-c', script, join(dir, name)]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.trim(), `'=HYPERLINK("http://evil.example","x")`, name);
    }
    const lon = pythonCsv(join(dir, 'cli-events.csv')).header.indexOf('lon');
    assert.ok(lon > 0);
    const imported = cli([
      '--db',
      join(dir, 'reimport.db'),
      'shipments',
      'import',
      join(dir, 'cli-shipments.csv'),
      '--json',
      '--by',
      'test',
    ]);
    assert.equal(imported.status, 0, imported.stderr);
    const back = JSON.parse(cli(['--db', join(dir, 'reimport.db'), 'shipments', '--json']).stdout) as Array<{
      decisionReason: string | null;
    }>;
    assert.ok(
      back.some((s) => s.decisionReason === '=HYPERLINK("http://evil.example","x")'),
      'reason restored on import',
    );
  });

  test('GeoParquet from the CLI and the API: geo metadata, row counts, types, WKB geometries', async () => {
    const positions = vessels.reduce((a, v) => a + v.positionCount, 0);
    const expected: Record<string, { rows: number; types: string[] }> = {
      positions: { rows: positions, types: ['Point'] },
      tracks: { rows: vessels.filter((v) => v.positionCount > 0).length, types: ['LineString', 'Point'] },
      events: { rows: eventCount, types: ['Point'] },
      shipments: { rows: shipmentIds.length, types: ['LineString'] },
    };
    for (const source of ['cli', 'api']) {
      for (const [what, want] of Object.entries(expected)) {
        const name = `${source} ${what}`;
        const p = await readParquet(join(dir, `${source}-${what}.parquet`));
        assert.equal(p.geo.version, '1.1.0', name);
        assert.equal(p.geo.primary_column, 'geometry', name);
        assert.equal(p.geo.columns.geometry.encoding, 'WKB', name);
        for (const t of p.geo.columns.geometry.geometry_types)
          assert.ok(want.types.includes(t), `${name}: ${t}`);
        assert.equal(p.tallyman.simulated, true, name);
        assert.equal(Number(p.metadata.num_rows), want.rows, `${name}: rows`);
        assert.equal(p.rows.length, want.rows, `${name}: rows read`);
        const schema = Object.fromEntries(p.metadata.schema.map((s) => [s.name, s]));
        assert.equal(schema.geometry?.type, 'BYTE_ARRAY', name);
        assert.equal(schema.simulated?.type, 'BOOLEAN', name);
        const [minX, minY, maxX, maxY] = p.geo.columns.geometry.bbox as number[];
        for (let i = 0; i < p.rows.length; i += Math.max(1, Math.floor(p.rows.length / 500))) {
          const row = p.rows[i]!;
          assert.equal(row.simulated, true);
          const g = decodeWkb(row.geometry as Uint8Array);
          assert.deepEqual(g, p.decoded[i]!.geometry, `${name} row ${i}: WKB as hyparquet decodes it`);
          const pts = (g.type === 'Point' ? [g.coordinates] : g.coordinates) as number[][];
          for (const [x, y] of pts)
            assert.ok(x! >= minX! && x! <= maxX! && y! >= minY! && y! <= maxY!, `${name}: in bbox`);
        }
        if (what === 'positions') {
          assert.equal(schema.time?.type, 'INT64');
          assert.equal(schema.time?.converted_type, 'TIMESTAMP_MILLIS');
          assert.equal(schema.mmsi?.type, 'INT32');
          const first = p.decoded[0]!;
          assert.ok(first.time instanceof Date, 'time read back as a timestamp');
        }
        if (what === 'shipments') {
          const ids = p.rows.map((r) => r.shipmentId).sort();
          assert.deepEqual(ids, [...shipmentIds].sort());
        }
      }
    }
    const gdal = runTool('ogrinfo', ['--formats']);
    if (/Parquet/.test(gdal.stdout)) {
      const r = runTool('ogrinfo', ['-ro', '-al', '-so', join(dir, 'cli-shipments.parquet')]);
      assert.equal(r.status, 0, r.stderr);
      assert.doesNotMatch(r.stderr, GDAL_COMPLAINT);
      assert.match(r.stdout, new RegExp(`Feature Count: ${shipmentIds.length}`));
    } else
      console.log(
        '# GDAL here has no Parquet driver (Debian 12 builds without Arrow): hyparquet is the reader',
      );
  });
});
