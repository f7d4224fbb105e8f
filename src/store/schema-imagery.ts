/**
 * Tables of the imagery module (migration 0005). An image is keyed by the SHA-256 of its bytes
 * (the same key as its evidence file); geometry and results are JSON text so both engines return
 * the same values.
 */
import type { Generated } from 'kysely';

export interface ImagesTable {
  sha256: string;
  file_name: string;
  /** geotiff | png | jpeg */
  format: string;
  size_bytes: number;
  width_px: number;
  height_px: number;
  /** geotiff | worldfile | gcp; null when not georeferenced. */
  georef_source: string | null;
  /** The Crs object of src/imagery/crs.ts as JSON; null when not georeferenced. */
  crs_json: string | null;
  /** Six numbers, GDAL geotransform order (src/imagery/affine.ts). */
  affine_json: string | null;
  /** Control points as given, [{lon, lat, x, y}]; null without. */
  gcps_json: string | null;
  gcp_rms_m: number | null;
  gsd_m: number | null;
  gsd_x_m: number | null;
  gsd_y_m: number | null;
  /** Closed ring of [lon, lat]. */
  footprint_json: string | null;
  centre_lon: number | null;
  centre_lat: number | null;
  acquired_ms: number | null;
  /** metadata | given */
  acquired_from: string | null;
  sensor: string | null;
  sensor_from: string | null;
  evidence_id: number | null;
  warnings_json: string;
  created_ms: number;
  created_by: string;
}

export interface ImageMeasurementsTable {
  id: Generated<number>;
  image_sha256: string;
  /** stack | ship */
  kind: string;
  /** What was drawn, in pixels: {rect} | {polygon} | {line, beamLine}, plus shadow and options. */
  geometry_json: string;
  /** The measurement (src/imagery/measure-stack.ts or measure-ship.ts) with the sun used. */
  result_json: string;
  container_observation_id: number | null;
  sighting_id: number | null;
  created_ms: number;
  created_by: string;
}

export interface ImageryTables {
  images: ImagesTable;
  image_measurements: ImageMeasurementsTable;
}
