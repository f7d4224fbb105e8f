/**
 * MarineCadastre (NOAA/BOEM, from USCG NAIS) CSV rows → records (pure), both layouts.
 * n/a rules: Heading 511 → null, COG 360 → null, SOG 102.3 → null, empty cells → null,
 * VesselType/Status/Cargo written as floats (`70.0`) are read as integers, IMO `IMO9307839` →
 * 9307839 with placeholders below 1000000 (`IMO0000000`, `IMO0000001`) → null, Length/Width/Draft
 * 0 → null. BaseDateTime is ISO without a zone, which is UTC (NOAA data dictionary: "Full UTC date
 * and time"). VesselType codes outside 1–99 (e.g. the 1001–1025 codes of older NAIS tables) are
 * null and counted as unmapped. The Cargo column is not kept: it repeats the AIS type code.
 */
import * as c from './cells.js';
import { MC_COLUMNS, MC2024_COLUMNS, matchColumns } from './layouts.js';
import type { RowMapper } from './row.js';
import { rowResult } from './row.js';

export const MC_SOURCE = 'MarineCadastre';

type Field =
  | 'mmsi'
  | 'time'
  | 'lat'
  | 'lon'
  | 'sog'
  | 'cog'
  | 'heading'
  | 'name'
  | 'imo'
  | 'callSign'
  | 'vesselType'
  | 'status'
  | 'length'
  | 'width'
  | 'draft';

const LEGACY: Record<Field, string> = {
  mmsi: 'MMSI',
  time: 'BaseDateTime',
  lat: 'LAT',
  lon: 'LON',
  sog: 'SOG',
  cog: 'COG',
  heading: 'Heading',
  name: 'VesselName',
  imo: 'IMO',
  callSign: 'CallSign',
  vesselType: 'VesselType',
  status: 'Status',
  length: 'Length',
  width: 'Width',
  draft: 'Draft',
};

const V2024: Record<Field, string> = {
  mmsi: 'mmsi',
  time: 'base_date_time',
  lat: 'latitude',
  lon: 'longitude',
  sog: 'sog',
  cog: 'cog',
  heading: 'heading',
  name: 'vessel_name',
  imo: 'imo',
  callSign: 'call_sign',
  vesselType: 'vessel_type',
  status: 'status',
  length: 'length',
  width: 'width',
  draft: 'draft',
};

export function marineCadastreMapper(header: readonly string[], layout: 'legacy' | '2024'): RowMapper {
  const names = layout === 'legacy' ? LEGACY : V2024;
  const { index } = matchColumns(header, layout === 'legacy' ? MC_COLUMNS : MC2024_COLUMNS);
  const ix = Object.fromEntries(Object.entries(names).map(([f, col]) => [f, index[col]])) as Record<
    Field,
    number
  >;

  return (cells, note) => {
    const mmsi = c.mmsi(cells[ix.mmsi]);
    const tsMs = c.isoTime(cells[ix.time], names.time);
    const ll = c.latLon(cells[ix.lat], cells[ix.lon], [names.lat, names.lon]);
    const pos =
      ll === null
        ? null
        : {
            lon: ll.lon,
            lat: ll.lat,
            speedKnots: c.speedKnots(cells[ix.sog], names.sog),
            courseDeg: c.courseDeg(cells[ix.cog], names.cog),
            headingDeg: c.headingDeg(cells[ix.heading], names.heading),
            navStatus: c.navStatusCode(cells[ix.status], names.status),
          };
    const rawType = c.int(cells[ix.vesselType], names.vesselType);
    const shipType = c.shipTypeCode(cells[ix.vesselType], names.vesselType);
    if (rawType !== null && rawType !== 0 && shipType === null) note(`shipType:${rawType}`);
    const stat = {
      imo: c.imo(cells[ix.imo], names.imo),
      name: c.text(cells[ix.name]),
      callSign: c.text(cells[ix.callSign]),
      shipType,
      lengthM: c.metres(cells[ix.length], names.length),
      beamM: c.metres(cells[ix.width], names.width),
      toBowM: null,
      toSternM: null,
      toPortM: null,
      toStarboardM: null,
      draughtM: c.metres(cells[ix.draft], names.draft),
      destination: null,
      eta: null,
    };
    return rowResult(mmsi, tsMs, MC_SOURCE, pos, stat);
  };
}
