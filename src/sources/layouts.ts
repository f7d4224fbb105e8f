/**
 * The vendor CSV layouts we read, by their header, and how a header is matched to them.
 *
 * - DMA (Danish Maritime Authority, aisdk daily files): 22 columns; files from 2021 on add
 *   `A,B,C,D` (26). Column list as in /work/shared/data/ais/tracks/README.md and DMA's own table
 *   (reproduced in the MobilityDB workshop, https://mobilitydb.github.io/MobilityDB-workshop/).
 * - MarineCadastre legacy (2015–2023 daily CSV, `AIS_YYYY_MM_DD.zip`): 17 columns, NOAA data
 *   dictionary (https://coast.noaa.gov/data/marinecadastre/ais/data-dictionary.pdf).
 * - MarineCadastre 2024+ ("csv2", `ais-YYYY-MM-DD.csv.zst`): the same 17 fields in snake_case with
 *   longitude BEFORE latitude and a space between date and time. Verified against public code
 *   that reads these files (found with the code search: test fixtures with the header
 *   `mmsi,base_date_time,longitude,latitude,sog,cog,heading,vessel_name,imo,call_sign,vessel_type,
 *   status,length,width,draft,cargo,transceiver` and rows such as
 *   `368382440,2025-12-31 00:00:00,-76.43,36.96,...`, and research notes on the NOAA "csv2" URLs
 *   saying "the schema changes to snake_case with lon before lat").
 */

export const DMA_COLUMNS = [
  'Timestamp',
  'Type of mobile',
  'MMSI',
  'Latitude',
  'Longitude',
  'Navigational status',
  'ROT',
  'SOG',
  'COG',
  'Heading',
  'IMO',
  'Callsign',
  'Name',
  'Ship type',
  'Cargo type',
  'Width',
  'Length',
  'Type of position fixing device',
  'Draught',
  'Destination',
  'ETA',
  'Data source type',
] as const;
/** The 2021+ DMA files add the antenna offsets. */
export const DMA_EXTRA_COLUMNS = ['A', 'B', 'C', 'D'] as const;

export const MC_COLUMNS = [
  'MMSI',
  'BaseDateTime',
  'LAT',
  'LON',
  'SOG',
  'COG',
  'Heading',
  'VesselName',
  'IMO',
  'CallSign',
  'VesselType',
  'Status',
  'Length',
  'Width',
  'Draft',
  'Cargo',
  'TransceiverClass',
] as const;

export const MC2024_COLUMNS = [
  'mmsi',
  'base_date_time',
  'longitude',
  'latitude',
  'sog',
  'cog',
  'heading',
  'vessel_name',
  'imo',
  'call_sign',
  'vessel_type',
  'status',
  'length',
  'width',
  'draft',
  'cargo',
  'transceiver',
] as const;

export type KnownLayout = 'dma' | 'marinecadastre' | 'marinecadastre-2024';

export const LAYOUTS: { id: KnownLayout; label: string; columns: readonly string[] }[] = [
  { id: 'dma', label: 'DMA', columns: DMA_COLUMNS },
  { id: 'marinecadastre', label: 'MarineCadastre', columns: MC_COLUMNS },
  { id: 'marinecadastre-2024', label: 'MarineCadastre 2024', columns: MC2024_COLUMNS },
];

/** Header cell as compared: DMA's first cell is "# Timestamp"; a BOM or spaces may cling to any. */
export function normalizeHeaderCell(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .replace(/^#\s*/, '')
    .trim()
    .toLowerCase();
}

/** Index of each wanted column in the header (case-insensitive), or the list of those missing. */
export function matchColumns(
  header: readonly string[],
  wanted: readonly string[],
): { index: Record<string, number>; missing: string[] } {
  const at = new Map<string, number>();
  header.forEach((h, i) => {
    const k = normalizeHeaderCell(h);
    if (!at.has(k)) at.set(k, i);
  });
  const index: Record<string, number> = {};
  const missing: string[] = [];
  for (const w of wanted) {
    const i = at.get(normalizeHeaderCell(w));
    if (i === undefined) missing.push(w);
    else index[w] = i;
  }
  return { index, missing };
}
