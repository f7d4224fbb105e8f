/**
 * Generic CSV rows → records through a column map (pure). The map names, for each record
 * field, the column that holds it: `mmsi=ShipId,tsMs=time,lat=y,lon=x,speedKnots=sog`. mmsi and
 * tsMs are required; lat and lon go together. The same n/a rules as the vendor readers apply
 * (empty cell, lat 91/lon 181, SOG 102.3, COG 360, heading 511, dimension 0, IMO < 1000000).
 */
import * as c from './cells.js';
import { matchColumns } from './layouts.js';
import type { RowMapper } from './row.js';
import { rowResult } from './row.js';
import type { TimeFormat } from './types.js';

export const MAPPABLE_FIELDS = [
  'mmsi',
  'tsMs',
  'lat',
  'lon',
  'speedKnots',
  'courseDeg',
  'headingDeg',
  'navStatus',
  'imo',
  'name',
  'callSign',
  'shipType',
  'lengthM',
  'beamM',
  'toBowM',
  'toSternM',
  'toPortM',
  'toStarboardM',
  'draughtM',
  'destination',
  'eta',
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];
export type ColumnMap = Partial<Record<MappableField, string>>;

export const TIME_FORMATS: readonly TimeFormat[] = ['iso', 'epoch-s', 'epoch-ms', 'dmy'];

/** Parses `field=Column,field=Column`; throws an Error saying what is wrong. */
export function parseColumnMap(spec: string): ColumnMap {
  const map: ColumnMap = {};
  for (const part of spec.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw new Error(`--map: "${part}" is not field=Column`);
    const field = part.slice(0, eq).trim();
    const column = part.slice(eq + 1).trim();
    if (!(MAPPABLE_FIELDS as readonly string[]).includes(field)) {
      throw new Error(`--map: unknown field "${field}" (known: ${MAPPABLE_FIELDS.join(', ')})`);
    }
    if (column === '') throw new Error(`--map: field "${field}" has no column`);
    map[field as MappableField] = column;
  }
  return checkColumnMap(map);
}

export function checkColumnMap(map: Record<string, string>): ColumnMap {
  for (const k of Object.keys(map)) {
    if (!(MAPPABLE_FIELDS as readonly string[]).includes(k)) throw new Error(`--map: unknown field "${k}"`);
  }
  if (map.mmsi === undefined || map.tsMs === undefined) throw new Error('--map: mmsi and tsMs are required');
  if ((map.lat === undefined) !== (map.lon === undefined))
    throw new Error('--map: give both lat and lon, or neither');
  return map as ColumnMap;
}

export function parseTimeFormat(s: string): TimeFormat {
  if ((TIME_FORMATS as readonly string[]).includes(s)) return s as TimeFormat;
  throw new Error(`--time-format: "${s}" is not one of ${TIME_FORMATS.join(', ')}`);
}

export function readTime(cell: string | undefined, column: string, format: TimeFormat): number {
  switch (format) {
    case 'iso':
      return c.isoTime(cell, column);
    case 'epoch-s':
      return c.epochTime(cell, column, 's');
    case 'epoch-ms':
      return c.epochTime(cell, column, 'ms');
    case 'dmy':
      return c.dmyTime(cell, column);
  }
}

/** Builds the mapper; throws an Error naming the mapped columns the header lacks. */
export function genericMapper(
  header: readonly string[],
  map: ColumnMap,
  timeFormat: TimeFormat,
  source: string,
  file: string,
): RowMapper {
  const fields = Object.keys(map) as MappableField[];
  const { index, missing } = matchColumns(
    header,
    fields.map((f) => map[f] as string),
  );
  if (missing.length > 0) {
    throw new Error(`--map: ${file} has no column ${missing.map((m) => `"${m}"`).join(', ')}`);
  }
  const ix = (f: MappableField): number => (map[f] === undefined ? -1 : index[map[f] as string]);
  const col = (f: MappableField): string => map[f] ?? f;
  const I = Object.fromEntries(MAPPABLE_FIELDS.map((f) => [f, ix(f)])) as Record<MappableField, number>;
  const cell = (cells: string[], f: MappableField): string | undefined =>
    I[f] < 0 ? undefined : cells[I[f]];

  return (cells) => {
    const mmsi = c.mmsi(cell(cells, 'mmsi'));
    const tsMs = readTime(cell(cells, 'tsMs'), col('tsMs'), timeFormat);
    const ll = I.lat < 0 ? null : c.latLon(cell(cells, 'lat'), cell(cells, 'lon'), [col('lat'), col('lon')]);
    const pos =
      ll === null
        ? null
        : {
            lon: ll.lon,
            lat: ll.lat,
            speedKnots: c.speedKnots(cell(cells, 'speedKnots'), col('speedKnots')),
            courseDeg: c.courseDeg(cell(cells, 'courseDeg'), col('courseDeg')),
            headingDeg: c.headingDeg(cell(cells, 'headingDeg'), col('headingDeg')),
            navStatus: c.navStatusCode(cell(cells, 'navStatus'), col('navStatus')),
          };
    const stat = {
      imo: c.imo(cell(cells, 'imo'), col('imo')),
      name: c.text(cell(cells, 'name')),
      callSign: c.text(cell(cells, 'callSign')),
      shipType: c.shipTypeCode(cell(cells, 'shipType'), col('shipType')),
      lengthM: c.metres(cell(cells, 'lengthM'), col('lengthM')),
      beamM: c.metres(cell(cells, 'beamM'), col('beamM')),
      toBowM: c.metres(cell(cells, 'toBowM'), col('toBowM')),
      toSternM: c.metres(cell(cells, 'toSternM'), col('toSternM')),
      toPortM: c.metres(cell(cells, 'toPortM'), col('toPortM')),
      toStarboardM: c.metres(cell(cells, 'toStarboardM'), col('toStarboardM')),
      draughtM: c.metres(cell(cells, 'draughtM'), col('draughtM')),
      destination: c.text(cell(cells, 'destination')),
      eta: c.etaText(cell(cells, 'eta'), col('eta')),
    };
    return rowResult(mmsi, tsMs, source, pos, stat);
  };
}
