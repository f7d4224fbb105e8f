/**
 * GeoParquet 1.1 (geoparquet.org/releases/v1.1.0): a Parquet file with one WKB geometry column,
 * `geometry`, described by the `geo` key of the file metadata (encoding, geometry types, bbox; no
 * `crs`, which the standard reads as OGC:CRS84, longitude/latitude on WGS84 as everywhere in
 * tallyman). Written by hyparquet-writer (pure JavaScript, nothing native, nothing fetched). The
 * geometry column is a plain BYTE_ARRAY, not Parquet's newer GEOMETRY logical type, so that
 * readers of GeoParquet 1.0 (GDAL ≥ 3.5, DuckDB spatial, GeoPandas, QGIS) all take it.
 * A file from simulated data says so in a `simulated` column and the `tallyman` metadata key.
 */
import { geojsonToWkb, parquetWriteBuffer } from 'hyparquet-writer';

export type GeoGeometry =
  | { type: 'Point'; coordinates: [number, number] }
  | { type: 'LineString'; coordinates: Array<[number, number]> };

export type ColumnType = 'STRING' | 'INT32' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP' | 'JSON';

export interface GeoColumn {
  name: string;
  type: ColumnType;
  /** One value per row; null where not known. TIMESTAMP values are epoch milliseconds (UTC). */
  data: unknown[];
}

export interface GeoTable {
  columns: GeoColumn[];
  /** One per row; null for a row without a place. */
  geometries: Array<GeoGeometry | null>;
  simulated: boolean;
}

/** The `geo` metadata of GeoParquet 1.1 for the `geometry` column. */
export function geoMetadata(geometries: ReadonlyArray<GeoGeometry | null>) {
  const types = new Set<string>();
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const grow = ([x, y]: readonly [number, number]) => {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  };
  for (const g of geometries) {
    if (g === null) continue;
    types.add(g.type);
    if (g.type === 'Point') grow(g.coordinates);
    else for (const c of g.coordinates) grow(c);
  }
  return {
    version: '1.1.0',
    primary_column: 'geometry',
    columns: {
      geometry: {
        encoding: 'WKB',
        geometry_types: [...types].sort(),
        ...(Number.isFinite(minX) ? { bbox: [minX, minY, maxX, maxY] } : {}),
      },
    },
  };
}

/** The file's bytes. */
export function geoParquet(table: GeoTable): Uint8Array {
  const n = table.geometries.length;
  for (const c of table.columns) {
    if (c.data.length !== n) throw new Error(`column ${c.name}: ${c.data.length} values for ${n} rows`);
  }
  const columnData = [
    ...table.columns.map((c) => ({
      name: c.name,
      type: c.type,
      data: c.type === 'JSON' ? c.data.map((v) => (v === undefined ? null : v)) : c.data,
    })),
    { name: 'simulated', type: 'BOOLEAN' as const, data: new Array<boolean>(n).fill(table.simulated) },
    {
      name: 'geometry',
      type: 'BYTE_ARRAY' as const,
      data: table.geometries.map((g) => (g === null ? null : geojsonToWkb(g))),
    },
  ];
  const buffer = parquetWriteBuffer({
    // biome-ignore lint/suspicious/noExplicitAny: hyparquet-writer types each column's data as one of its decoded array types
    columnData: columnData as any,
    kvMetadata: [
      { key: 'geo', value: JSON.stringify(geoMetadata(table.geometries)) },
      { key: 'tallyman', value: JSON.stringify({ simulated: table.simulated }) },
    ],
    createdBy: 'tallyman',
  });
  return new Uint8Array(buffer);
}
