/**
 * The imagery operations as the CLI and the HTTP API use them: add an image (an evidence file, an
 * `images` row), measure a stack (→ a container observation), measure a ship (→ candidates, a
 * sighting). The shell around the pure modules: it reads files and the store, nothing else does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Kysely } from 'kysely';
import { filePath, putFile } from '../evidence/files.js';
import type { Grade } from '../evidence/grade.js';
import { addEvidence } from '../evidence/store.js';
import { recordContainerObservation, recordSighting } from '../shipments/observe.js';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/types.js';
import type { ControlPoint } from './affine.js';
import type { ContainerSize } from './containers.js';
import { type Georef, imageGeometry, metricJacobian, pixelToLonLat } from './georef.js';
import { ImageError, loadImage } from './load.js';
import {
  type KnownVessel,
  matchVessels,
  measureShip,
  type ShipMeasurement,
  type VesselCandidate,
} from './measure-ship.js';
import { type MeasureError, measureStack, type StackMeasurement, type TierInput } from './measure-stack.js';
import { POLYGON_MAX_VERTICES, type Point, polygonToRect, type RotatedRect } from './rect.js';
import { type SunPosition, sunPosition } from './solar.js';
import { findImage, type StoredImage, saveImage, saveMeasurement } from './store.js';
import { MAX_SUGGEST_GSD_M, type Suggestion, suggestContainers } from './suggest.js';

export type ImageryErrorCode = 'not-found' | 'bad-input' | 'unreadable' | 'refused';

export class ImageryError extends Error {
  constructor(
    readonly code: ImageryErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ImageryCtx {
  db: Kysely<Database>;
  evidenceDir: string;
  store: Store;
  actor: string;
  nowMs?: number;
}

export interface AddImageOptions {
  acquiredMs?: number | null;
  sensor?: string | null;
  gcps?: readonly ControlPoint[];
  grade?: Grade;
  title?: string;
  source?: string | null;
  simulated?: boolean;
}

export interface AddImageResult {
  image: StoredImage;
  evidenceId: number;
  /** The evidence file was already in the ledger. */
  duplicateEvidence: boolean;
  created: boolean;
  updated: boolean;
  gcpResidualsM: number[] | null;
  warnings: string[];
}

async function load(path: string, opts: Parameters<typeof loadImage>[1]) {
  try {
    return await loadImage(path, opts);
  } catch (err) {
    if (err instanceof ImageError)
      throw new ImageryError(
        /control point|at least 3|one line/.test(err.reason) ? 'bad-input' : 'unreadable',
        err.message,
      );
    throw err;
  }
}

/** Adds an image file: evidence item (content-addressed, graded) and its imagery record. */
export async function addImageFile(
  ctx: ImageryCtx,
  path: string,
  opts: AddImageOptions = {},
): Promise<AddImageResult> {
  const img = await load(path, { acquiredMs: opts.acquiredMs, sensor: opts.sensor, gcps: opts.gcps });
  const nowMs = ctx.nowMs ?? Date.now();
  const put = putFile(ctx.evidenceDir, readFileSync(path));
  const ev = await addEvidence(
    ctx.db,
    { sha256: put.sha256, sizeBytes: img.sizeBytes },
    {
      fileName: basename(path),
      kind: 'satellite-image',
      title:
        opts.title ??
        `${img.sensor ?? 'image'} ${img.acquiredMs === null ? '' : new Date(img.acquiredMs).toISOString().slice(0, 16)}`.trim(),
      source: opts.source ?? img.sensor,
      url: null,
      publisher: null,
      obtainedMs: null,
      collector: null,
      language: null,
      // "Cannot be judged" unless the analyst grades it: the file alone says nothing of its source.
      grade: opts.grade ?? { reliability: 'F', credibility: 6 },
      simulated: opts.simulated ?? false,
    },
    ctx.actor,
    nowMs,
  );
  const saved = await saveImage(ctx.db, img, {
    fileName: basename(path),
    gcps: opts.gcps ?? null,
    evidenceId: ev.item.id,
    actor: ctx.actor,
    nowMs,
  });
  return {
    image: saved.image,
    evidenceId: ev.item.id,
    duplicateEvidence: ev.duplicate,
    created: saved.created,
    updated: saved.updated,
    gcpResidualsM: img.georef?.gcpResidualsM ?? null,
    warnings: img.warnings,
  };
}

interface Resolved {
  stored: StoredImage | null;
  sha256: string;
  widthPx: number;
  heightPx: number;
  georef: Georef | null;
  gcpRmsM: number;
  acquiredMs: number | null;
}

/** An image by SHA-256 (or prefix) in the store, else a file path (stored record preferred when its content was added). */
export async function resolveImage(ctx: ImageryCtx, key: string): Promise<Resolved> {
  const byKey = /^[0-9a-fA-F]{8,64}$/.test(key) ? await findImage(ctx.db, key) : null;
  if (byKey === 'ambiguous')
    throw new ImageryError('bad-input', `"${key}" matches several images: give more of the SHA-256`);
  let stored = byKey;
  if (!stored) {
    let img: Awaited<ReturnType<typeof loadImage>>;
    try {
      img = await loadImage(key);
    } catch (err) {
      if (err instanceof ImageError && /ENOENT/.test(err.reason))
        throw new ImageryError('not-found', `no image "${key}": neither a stored image's SHA-256 nor a file`);
      if (err instanceof ImageError) throw new ImageryError('unreadable', err.message);
      throw err;
    }
    const again = await findImage(ctx.db, img.sha256);
    stored = again === 'ambiguous' ? null : again;
    if (!stored) {
      return {
        stored: null,
        sha256: img.sha256,
        widthPx: img.widthPx,
        heightPx: img.heightPx,
        georef: img.georef,
        gcpRmsM: 0,
        acquiredMs: img.acquiredMs,
      };
    }
  }
  return {
    stored,
    sha256: stored.sha256,
    widthPx: stored.widthPx,
    heightPx: stored.heightPx,
    georef: stored.georef,
    gcpRmsM: stored.georef?.gcpRmsM ?? 0,
    acquiredMs: stored.acquiredMs,
  };
}

const refuse = (e: MeasureError): never => {
  throw new ImageryError(e.code === 'bad-input' ? 'bad-input' : 'refused', e.message);
};

export interface StackRequest {
  rect?: RotatedRect;
  polygon?: Point[];
  shadowPx?: number;
  tiers?: number;
  size?: ContainerSize;
  edgePx?: number;
  acquiredMs?: number;
  place?: string;
  /** Record a container observation (needs the image in the store and a time). Default true. */
  record?: boolean;
  simulated?: boolean;
}

export interface StackResult {
  imageSha256: string;
  rect: RotatedRect;
  centre: [number, number] | null;
  /** The image's footprint (closed ring of [lon, lat]), for laying the image under a 3D view. */
  footprint: [number, number][] | null;
  acquiredMs: number | null;
  sun: SunPosition | null;
  measurement: StackMeasurement;
  containerObservationId: number | null;
  measurementId: number | null;
  notes: string[];
}

export async function measureStackOn(ctx: ImageryCtx, key: string, req: StackRequest): Promise<StackResult> {
  if (req.polygon && req.polygon.length > POLYGON_MAX_VERTICES)
    throw new ImageryError(
      'bad-input',
      `the polygon has ${req.polygon.length} vertices: at most ${POLYGON_MAX_VERTICES} (draw the stack's outline, not every pixel)`,
    );
  const img = await resolveImage(ctx, key);
  let rect = req.rect ?? null;
  if (!rect && req.polygon) {
    rect = polygonToRect(req.polygon);
    if (!rect) throw new ImageryError('bad-input', 'the polygon needs three or more points not on one line');
  }
  if (!rect) throw new ImageryError('bad-input', 'give the stack as a rectangle or a polygon');
  const acquiredMs = req.acquiredMs ?? img.acquiredMs;
  const centre = img.georef ? pixelToLonLat(img.georef, rect.cx, rect.cy) : null;
  const sun = acquiredMs !== null && centre ? sunPosition(acquiredMs, centre[0], centre[1]) : null;
  let tiers: TierInput = { kind: 'none' };
  if (req.tiers !== undefined) tiers = { kind: 'entered', tiers: req.tiers };
  else if (req.shadowPx !== undefined) {
    if (img.georef && !sun)
      throw new ImageryError(
        'refused',
        'a shadow needs the sun: the image has no acquisition time (give --acquired, or enter --tiers)',
      );
    tiers = {
      kind: 'shadow',
      shadowPx: req.shadowPx,
      sunElevationDeg: sun?.elevationDeg ?? Number.NaN,
      sunAzimuthDeg: sun?.azimuthDeg ?? 0,
    };
  }
  const m = measureStack({
    rect,
    imageWidthPx: img.widthPx,
    imageHeightPx: img.heightPx,
    jacobian: img.georef ? metricJacobian(img.georef, rect.cx, rect.cy) : null,
    georefErrorM: img.gcpRmsM,
    edgePx: req.edgePx,
    sizes: req.size ? [req.size] : [20, 40],
    tiers,
  });
  if (!m.ok) return refuse(m);
  const notes: string[] = [];
  if (tiers.kind === 'none') notes.push('no shadow and no tiers given: counted one tier high');
  let containerObservationId: number | null = null;
  let measurementId: number | null = null;
  const nowMs = ctx.nowMs ?? Date.now();
  if (req.record !== false) {
    if (!img.stored) notes.push('not recorded: the image is not in the store (tallyman image add it first)');
    else if (acquiredMs === null)
      notes.push('not recorded as a container observation: the image has no acquisition time');
    else {
      const count =
        m.counts.length === 1
          ? (m.counts[0] as (typeof m.counts)[number]).containers
          : {
              min: Math.min(...m.counts.map((c) => c.containers.min)),
              max: Math.max(...m.counts.map((c) => c.containers.max)),
            };
      containerObservationId = Number(
        await recordContainerObservation(
          ctx.db,
          {
            observed: acquiredMs,
            place:
              req.place ??
              (centre
                ? `${centre[1].toFixed(4)},${centre[0].toFixed(4)}`
                : `image ${img.sha256.slice(0, 12)}`),
            lon: centre?.[0] ?? null,
            lat: centre?.[1] ?? null,
            countMin: count.min,
            countMax: count.max,
            sizeFt: req.size ?? null,
            method: 'measured-stack',
            imageEvidenceId: img.stored.evidenceId,
            sightingId: null,
            simulated: req.simulated ?? false,
            note: `measured on image ${img.sha256.slice(0, 12)}: ${m.lengthM.best.toFixed(1)} × ${m.widthM.best.toFixed(1)} m, tiers ${m.counts[0]?.tiers.min}–${m.counts[0]?.tiers.max} (${m.tierSource})`,
          },
          ctx.actor,
          nowMs,
        ),
      );
      measurementId = await saveMeasurement(ctx.db, {
        imageSha256: img.sha256,
        kind: 'stack',
        geometry: {
          rect,
          polygon: req.polygon ?? null,
          shadowPx: req.shadowPx ?? null,
          tiers: req.tiers ?? null,
          edgePx: m.edgePx,
        },
        result: { ...m, sun, acquiredMs },
        containerObservationId,
        sightingId: null,
        createdMs: nowMs,
        createdBy: ctx.actor,
      });
    }
  }
  const footprint = img.georef ? imageGeometry(img.georef, img.widthPx, img.heightPx).footprint : null;
  return {
    imageSha256: img.sha256,
    rect,
    centre,
    footprint,
    acquiredMs,
    sun,
    measurement: m,
    containerObservationId,
    measurementId,
    notes,
  };
}

export interface ShipRequest {
  line: [Point, Point];
  beamLine?: [Point, Point];
  edgePx?: number;
  acquiredMs?: number;
  /** The analyst's identification: record the sighting as this vessel. */
  mmsi?: number;
  /** Extra vessels to match beside the store's (a fleet list, with their source). */
  extraVessels?: readonly KnownVessel[];
  record?: boolean;
  simulated?: boolean;
}

export interface ShipResult {
  imageSha256: string;
  centre: [number, number] | null;
  measurement: ShipMeasurement;
  candidates: VesselCandidate[];
  sightingId: number | null;
  measurementId: number | null;
  notes: string[];
}

export async function measureShipOn(ctx: ImageryCtx, key: string, req: ShipRequest): Promise<ShipResult> {
  const img = await resolveImage(ctx, key);
  const [a, b] = req.line;
  const mid: Point = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const m = measureShip({
    line: req.line,
    beamLine: req.beamLine ?? null,
    imageWidthPx: img.widthPx,
    imageHeightPx: img.heightPx,
    jacobian: img.georef ? metricJacobian(img.georef, mid[0], mid[1]) : null,
    georefErrorM: img.gcpRmsM,
    edgePx: req.edgePx,
  });
  if (!m.ok) return refuse(m);
  const vessels: KnownVessel[] = (await ctx.store.listVessels()).map((v) => ({
    mmsi: v.mmsi,
    imo: v.imo,
    name: v.name,
    lengthM: v.lengthM,
    beamM: v.beamM,
    source: 'store',
  }));
  const candidates = matchVessels(m, [...vessels, ...(req.extraVessels ?? [])]);
  const centre = img.georef ? pixelToLonLat(img.georef, mid[0], mid[1]) : null;
  const acquiredMs = req.acquiredMs ?? img.acquiredMs;
  const notes: string[] = [];
  let sightingId: number | null = null;
  let measurementId: number | null = null;
  const nowMs = ctx.nowMs ?? Date.now();
  if (req.record !== false) {
    if (!img.stored) notes.push('not recorded: the image is not in the store (tallyman image add it first)');
    else if (acquiredMs === null || centre === null)
      notes.push('not recorded as a sighting: the image has no acquisition time');
    else {
      const chosen =
        req.mmsi === undefined ? null : (candidates.find((c) => c.vessel.mmsi === req.mmsi) ?? null);
      if (req.mmsi !== undefined && !chosen)
        notes.push(
          `MMSI ${req.mmsi} is not among the candidates that fit the measured size; recorded as identified by the analyst anyway`,
        );
      sightingId = Number(
        await recordSighting(
          ctx.db,
          {
            provider: img.stored.sensor ?? 'unknown',
            imageId: img.sha256,
            acquired: acquiredMs,
            gsdM: img.stored.gsdM,
            footprint: img.stored.footprint,
            lon: centre[0],
            lat: centre[1],
            mmsi: req.mmsi ?? null,
            vesselName: chosen?.vessel.name ?? null,
            identifiedBy: req.mmsi === undefined ? [] : ['length'],
            idConfidence: req.mmsi === undefined ? 0 : Math.round((chosen?.score ?? 0.1) * 100) / 100,
            evidenceId: img.stored.evidenceId,
            simulated: req.simulated ?? false,
            note: `ship ${m.lengthM.best.toFixed(1)} m${m.beamM ? ` × ${m.beamM.best.toFixed(1)} m` : ''} measured on image ${img.sha256.slice(0, 12)}`,
          },
          ctx.actor,
          nowMs,
        ),
      );
      measurementId = await saveMeasurement(ctx.db, {
        imageSha256: img.sha256,
        kind: 'ship',
        geometry: { line: req.line, beamLine: req.beamLine ?? null, edgePx: req.edgePx ?? null },
        result: { ...m, candidates: candidates.slice(0, 10) },
        containerObservationId: null,
        sightingId,
        createdMs: nowMs,
        createdBy: ctx.actor,
      });
    }
  }
  return { imageSha256: img.sha256, centre, measurement: m, candidates, sightingId, measurementId, notes };
}

export interface SuggestRequest {
  sizes?: readonly ContainerSize[];
  /** Override the image's GSD (metres per pixel), e.g. for an image without georeference. */
  gsdM?: number;
}

export interface SuggestOnResult {
  imageSha256: string;
  gsdM: number;
  orientationsDeg: number[];
  noiseSigma: number;
  suggestions: Suggestion[];
  bySize: Record<string, number>;
  notes: string[];
}

/** Assisted counting on an added image (read back from the evidence store) or an image file. */
export async function suggestOn(
  ctx: ImageryCtx,
  key: string,
  req: SuggestRequest = {},
): Promise<SuggestOnResult> {
  const img = await resolveImage(ctx, key);
  const path = img.stored ? filePath(ctx.evidenceDir, img.sha256) : key;
  if (!existsSync(path))
    throw new ImageryError(
      'not-found',
      `the file of image ${img.sha256.slice(0, 12)} is not in the evidence store (${path})`,
    );
  const loaded = await load(path, { withPixels: true });
  const gsdM = req.gsdM ?? (img.georef ? imageGeometry(img.georef, img.widthPx, img.heightPx).gsdM : null);
  if (gsdM === null)
    throw new ImageryError(
      'refused',
      'the image is not georeferenced: give its pixel size (--gsd) or add it with control points',
    );
  const notes: string[] = [];
  if (gsdM > MAX_SUGGEST_GSD_M)
    notes.push(
      `GSD ${gsdM.toFixed(2)} m is coarser than ${MAX_SUGGEST_GSD_M} m: single boxes cannot be told apart, nothing is suggested`,
    );
  const r = suggestContainers(loaded.planes ?? [], loaded.widthPx, loaded.heightPx, {
    gsdM,
    sizes: req.sizes,
  });
  const bySize: Record<string, number> = {};
  for (const s of r.suggestions) bySize[String(s.size)] = (bySize[String(s.size)] ?? 0) + 1;
  notes.push(
    'suggestions are for the analyst to accept or reject; they count the top boxes seen from above, not tiers',
  );
  return {
    imageSha256: img.sha256,
    gsdM,
    orientationsDeg: r.orientationsDeg,
    noiseSigma: r.noiseSigma,
    suggestions: r.suggestions,
    bySize,
    notes,
  };
}
