/** Queries on the imagery tables (schema-imagery.ts): images by SHA-256, measurements by image. */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { ImagesTable } from '../store/schema-imagery.js';
import type { Affine, ControlPoint } from './affine.js';
import type { Crs } from './crs.js';
import type { Georef } from './georef.js';
import type { LoadedImage } from './load.js';

export interface StoredImage {
  sha256: string;
  fileName: string;
  format: string;
  sizeBytes: number;
  widthPx: number;
  heightPx: number;
  georef: Georef | null;
  gcps: ControlPoint[] | null;
  gsdM: number | null;
  gsdXM: number | null;
  gsdYM: number | null;
  footprint: [number, number][] | null;
  centre: [number, number] | null;
  acquiredMs: number | null;
  acquiredFrom: string | null;
  sensor: string | null;
  sensorFrom: string | null;
  evidenceId: number | null;
  warnings: string[];
  createdMs: number;
  createdBy: string;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function toImage(r: ImagesTable): StoredImage {
  const affine = r.affine_json ? (JSON.parse(r.affine_json) as Affine) : null;
  const crs = r.crs_json ? (JSON.parse(r.crs_json) as Crs) : null;
  const gcps = r.gcps_json ? (JSON.parse(r.gcps_json) as ControlPoint[]) : null;
  return {
    sha256: r.sha256,
    fileName: r.file_name,
    format: r.format,
    sizeBytes: Number(r.size_bytes),
    widthPx: Number(r.width_px),
    heightPx: Number(r.height_px),
    georef:
      affine && crs && r.georef_source
        ? {
            source: r.georef_source as Georef['source'],
            affine,
            crs,
            gcpResidualsM: null,
            gcpRmsM: num(r.gcp_rms_m),
          }
        : null,
    gcps,
    gsdM: num(r.gsd_m),
    gsdXM: num(r.gsd_x_m),
    gsdYM: num(r.gsd_y_m),
    footprint: r.footprint_json ? (JSON.parse(r.footprint_json) as [number, number][]) : null,
    centre:
      r.centre_lon === null || r.centre_lat === null ? null : [Number(r.centre_lon), Number(r.centre_lat)],
    acquiredMs: num(r.acquired_ms),
    acquiredFrom: r.acquired_from,
    sensor: r.sensor,
    sensorFrom: r.sensor_from,
    evidenceId: num(r.evidence_id),
    warnings: JSON.parse(r.warnings_json) as string[],
    createdMs: Number(r.created_ms),
    createdBy: r.created_by,
  };
}

/**
 * Records an image (once per content). Adding the same bytes again keeps the first record unless
 * it brings a georeference or time the first lacked, or new control points: those are updated.
 */
export async function saveImage(
  db: Kysely<Database>,
  img: LoadedImage,
  extra: {
    fileName: string;
    gcps: readonly ControlPoint[] | null;
    evidenceId: number | null;
    actor: string;
    nowMs: number;
  },
): Promise<{ image: StoredImage; created: boolean; updated: boolean }> {
  const row: ImagesTable = {
    sha256: img.sha256,
    file_name: extra.fileName,
    format: img.format,
    size_bytes: img.sizeBytes,
    width_px: img.widthPx,
    height_px: img.heightPx,
    georef_source: img.georef?.source ?? null,
    crs_json: img.georef ? JSON.stringify(img.georef.crs) : null,
    affine_json: img.georef ? JSON.stringify(img.georef.affine) : null,
    gcps_json: extra.gcps && extra.gcps.length > 0 ? JSON.stringify(extra.gcps) : null,
    gcp_rms_m: img.georef?.gcpRmsM ?? null,
    gsd_m: img.geometry?.gsdM ?? null,
    gsd_x_m: img.geometry?.gsdXM ?? null,
    gsd_y_m: img.geometry?.gsdYM ?? null,
    footprint_json: img.geometry ? JSON.stringify(img.geometry.footprint) : null,
    centre_lon: img.geometry?.centre[0] ?? null,
    centre_lat: img.geometry?.centre[1] ?? null,
    acquired_ms: img.acquiredMs,
    acquired_from: img.acquiredFrom,
    sensor: img.sensor,
    sensor_from: img.sensorFrom,
    evidence_id: extra.evidenceId,
    warnings_json: JSON.stringify(img.warnings),
    created_ms: extra.nowMs,
    created_by: extra.actor,
  };
  const existing = await db
    .selectFrom('images')
    .selectAll()
    .where('sha256', '=', img.sha256)
    .executeTakeFirst();
  if (!existing) {
    await db.insertInto('images').values(row).execute();
    return { image: toImage(row), created: true, updated: false };
  }
  const changes: Partial<ImagesTable> = {};
  if ((existing.georef_source === null && row.georef_source !== null) || row.georef_source === 'gcp') {
    for (const k of [
      'georef_source',
      'crs_json',
      'affine_json',
      'gcps_json',
      'gcp_rms_m',
      'gsd_m',
      'gsd_x_m',
      'gsd_y_m',
      'footprint_json',
      'centre_lon',
      'centre_lat',
    ] as const) {
      (changes as Record<string, unknown>)[k] = row[k];
    }
  }
  if ((existing.acquired_ms === null || row.acquired_from === 'given') && row.acquired_ms !== null) {
    changes.acquired_ms = row.acquired_ms;
    changes.acquired_from = row.acquired_from;
  }
  if ((existing.sensor === null || row.sensor_from === 'given') && row.sensor !== null) {
    changes.sensor = row.sensor;
    changes.sensor_from = row.sensor_from;
  }
  if (existing.evidence_id === null && row.evidence_id !== null) changes.evidence_id = row.evidence_id;
  const updated = Object.keys(changes).length > 0;
  if (updated) await db.updateTable('images').set(changes).where('sha256', '=', img.sha256).execute();
  const after = await db
    .selectFrom('images')
    .selectAll()
    .where('sha256', '=', img.sha256)
    .executeTakeFirstOrThrow();
  return { image: toImage(after), created: false, updated };
}

/** An image by full SHA-256 or a unique prefix of at least 8 hex digits; 'ambiguous' when several match. */
export async function findImage(
  db: Kysely<Database>,
  shaOrPrefix: string,
): Promise<StoredImage | null | 'ambiguous'> {
  const key = shaOrPrefix.toLowerCase();
  if (!/^[0-9a-f]{8,64}$/.test(key)) return null;
  const rows = await db
    .selectFrom('images')
    .selectAll()
    .where('sha256', 'like', `${key}%`)
    .limit(2)
    .execute();
  if (rows.length > 1) return 'ambiguous';
  return rows[0] ? toImage(rows[0]) : null;
}

export async function listImages(db: Kysely<Database>): Promise<StoredImage[]> {
  const rows = await db.selectFrom('images').selectAll().orderBy('created_ms').orderBy('sha256').execute();
  return rows.map(toImage);
}

export interface StoredMeasurement {
  id: number;
  imageSha256: string;
  kind: 'stack' | 'ship';
  geometry: unknown;
  result: unknown;
  containerObservationId: number | null;
  sightingId: number | null;
  createdMs: number;
  createdBy: string;
}

export async function saveMeasurement(
  db: Kysely<Database>,
  m: Omit<StoredMeasurement, 'id'>,
): Promise<number> {
  const { id } = await db
    .insertInto('image_measurements')
    .values({
      image_sha256: m.imageSha256,
      kind: m.kind,
      geometry_json: JSON.stringify(m.geometry),
      result_json: JSON.stringify(m.result),
      container_observation_id: m.containerObservationId,
      sighting_id: m.sightingId,
      created_ms: m.createdMs,
      created_by: m.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

export async function listMeasurements(
  db: Kysely<Database>,
  imageSha256?: string,
): Promise<StoredMeasurement[]> {
  let q = db.selectFrom('image_measurements').selectAll().orderBy('id');
  if (imageSha256) q = q.where('image_sha256', '=', imageSha256);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    imageSha256: r.image_sha256,
    kind: r.kind as 'stack' | 'ship',
    geometry: JSON.parse(r.geometry_json),
    result: JSON.parse(r.result_json),
    containerObservationId: num(r.container_observation_id),
    sightingId: num(r.sighting_id),
    createdMs: Number(r.created_ms),
    createdBy: r.created_by,
  }));
}
