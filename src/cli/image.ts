/** `tallyman image add FILE …` and `tallyman image list`: satellite images as evidence with their georeference. */
import type { Command } from 'commander';
import { CliError, EXIT } from './exit-codes.js';
import { actorFrom, withLedger } from './ledger-common.js';
import { parseTimeOption } from './time-option.js';

const iso = (ms: number | null) =>
  ms === null
    ? '—'
    : new Date(ms)
        .toISOString()
        .replace(/:00\.000Z$/, 'Z')
        .replace('.000Z', 'Z');

/** `lon,lat,x,y` → a control point (repeatable option). */
export function parseGcp(value: string, previous: { lon: number; lat: number; x: number; y: number }[] = []) {
  const parts = value.split(',').map((s) => Number(s.trim()));
  const [lon, lat, x, y] = parts as [number, number, number, number];
  if (parts.length !== 4 || parts.some((p) => !Number.isFinite(p))) {
    throw new CliError(`--gcp: "${value}" is not lon,lat,x,y (four numbers)`, EXIT.usage);
  }
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
    throw new CliError(`--gcp: "${value}" has longitude/latitude out of range`, EXIT.usage);
  return [...previous, { lon, lat, x, y }];
}

/** Maps the imagery service's errors to exit codes. */
export async function imageryErrors<T>(fn: () => Promise<T>): Promise<T> {
  const { ImageryError } = await import('../imagery/service.js');
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ImageryError) {
      const code =
        err.code === 'not-found' ? EXIT.notFound : err.code === 'unreadable' ? EXIT.badInput : EXIT.usage;
      throw new CliError(err.message, code);
    }
    throw err;
  }
}

export function registerImage(program: Command): void {
  const image = program
    .command('image')
    .description('satellite images: evidence files with georeference, time and sensor');
  image
    .command('sample')
    .description(
      'add the SIMULATED sample image (a synthesised quay at Rajin) so the Imagery page has one to try',
    )
    .option('--out <dir>', 'where to write the PNG and its world file (default: beside the evidence folder)')
    .option('--json', 'print JSON')
    .action(async (o: { out?: string; json?: boolean }, cmd: Command) => {
      const { mkdirSync, writeFileSync } = await import('node:fs');
      const { dirname, join } = await import('node:path');
      const { SAMPLE, sampleImage } = await import('../imagery/sample.js');
      await withLedger(cmd, async ({ db, evidenceDir, store }) => {
        const dir = o.out ?? join(dirname(evidenceDir), 'sample-imagery');
        mkdirSync(dir, { recursive: true });
        const s = sampleImage();
        const file = join(dir, SAMPLE.fileName);
        writeFileSync(file, s.png);
        writeFileSync(file.replace(/\.png$/, '.pgw'), s.worldFile);
        const { addImageFile } = await import('../imagery/service.js');
        const r = await imageryErrors(() =>
          addImageFile({ db, evidenceDir, store, actor: 'tallyman (sample)' }, file, {
            acquiredMs: SAMPLE.acquiredMs,
            sensor: SAMPLE.sensor,
            gcps: [],
            grade: { reliability: 'F', credibility: 6 },
            title: SAMPLE.title,
            source: SAMPLE.source,
            simulated: true,
          }),
        );
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ file, ...r }, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `${r.created ? 'added' : 'already added'} the SIMULATED sample image ${r.image.sha256.slice(0, 12)}… (${s.blocks} container blocks, ${s.containers} boxes visible) as evidence #${r.evidenceId}: ${file}\n`,
        );
      });
    });
  image
    .command('add')
    .description(
      'add a GeoTIFF, or a PNG/JPEG with a world file or ground control points, as graded evidence',
    )
    .argument('<file>')
    .option('--acquired <time>', 'acquisition time, ISO 8601 (UTC when no zone); overrides the metadata')
    .option('--sensor <name>', 'sensor or satellite, e.g. WorldView-3; overrides the metadata')
    .option(
      '--gcp <lon,lat,x,y>',
      'a ground control point: longitude, latitude and the pixel it is at (three or more)',
      parseGcp,
    )
    .option('--grade <code>', 'Admiralty code of the source, e.g. B2 (default F6: cannot be judged)')
    .option('--title <text>')
    .option('--source <text>', 'where the image comes from (provider, archive)')
    .option('--simulated', 'mark as simulated')
    .option('--by <name>')
    .option('--json', 'print JSON')
    .action(async (file: string, o: Record<string, unknown>, cmd: Command) => {
      const acquiredMs = parseTimeOption('--acquired', o.acquired as string | undefined);
      const { parseGrade } = await import('../evidence/grade.js');
      let grade: import('../evidence/grade.js').Grade | undefined;
      if (o.grade !== undefined) {
        const g = parseGrade(String(o.grade));
        if (!g.ok) throw new CliError(g.error, EXIT.usage);
        grade = g.grade;
      }
      const gcps = (o.gcp as { lon: number; lat: number; x: number; y: number }[] | undefined) ?? [];
      if (gcps.length > 0 && gcps.length < 3)
        throw new CliError(`--gcp: ${gcps.length} given, at least 3 are needed`, EXIT.usage);
      await withLedger(cmd, async ({ db, evidenceDir, store }) => {
        const { addImageFile } = await import('../imagery/service.js');
        const r = await imageryErrors(() =>
          addImageFile({ db, evidenceDir, store, actor: actorFrom(o.by as string | undefined) }, file, {
            acquiredMs,
            sensor: (o.sensor as string | undefined) ?? null,
            gcps,
            grade,
            title: o.title as string | undefined,
            source: (o.source as string | undefined) ?? null,
            simulated: o.simulated === true,
          }),
        );
        if (o.json) {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return;
        }
        const im = r.image;
        const lines = [
          `${r.created ? 'added' : r.updated ? 'updated' : 'already added'} image ${im.sha256} (${im.format}, ${im.widthPx}×${im.heightPx} px) as evidence #${r.evidenceId}${r.duplicateEvidence ? ' (file already in the ledger)' : ''}`,
          im.georef
            ? `georeferenced by ${im.georef.source}; GSD ${im.gsdM?.toFixed(3)} m (x ${im.gsdXM?.toFixed(3)}, y ${im.gsdYM?.toFixed(3)}); centre ${im.centre?.[1].toFixed(5)}, ${im.centre?.[0].toFixed(5)}`
            : 'NOT georeferenced: metric measurements are refused until control points are given (--gcp lon,lat,x,y, three or more)',
        ];
        if (r.gcpResidualsM)
          lines.push(
            `control point residuals (m): ${r.gcpResidualsM.map((x) => x.toFixed(2)).join(', ')}; RMS ${im.georef?.gcpRmsM?.toFixed(2)} m`,
          );
        lines.push(
          `acquired ${iso(im.acquiredMs)}${im.acquiredFrom ? ` (${im.acquiredFrom})` : ' — unknown: shadows cannot give heights (give --acquired)'}; sensor ${im.sensor ?? '—'}`,
        );
        for (const w of r.warnings) lines.push(`warning: ${w}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });

  image
    .command('suggest')
    .description(
      'assisted counting: container-like rectangles on a high-resolution image, for the analyst to accept or reject',
    )
    .argument('<image>', 'an added image (SHA-256 or prefix) or an image file')
    .option('--size <ft>', '20 or 40 (default both)')
    .option('--gsd <m>', 'metres per pixel, for an image without georeference')
    .option('--json', 'print JSON')
    .action(async (key: string, o: Record<string, unknown>, cmd: Command) => {
      const size = o.size === undefined ? undefined : Number(o.size);
      if (size !== undefined && size !== 20 && size !== 40)
        throw new CliError(`--size: "${o.size}" is not 20 or 40`, EXIT.usage);
      const gsdM = o.gsd === undefined ? undefined : Number(o.gsd);
      if (gsdM !== undefined && !(gsdM > 0))
        throw new CliError(`--gsd: "${o.gsd}" is not a positive number`, EXIT.usage);
      await withLedger(cmd, async ({ db, evidenceDir, store }) => {
        const { suggestOn } = await import('../imagery/service.js');
        const r = await imageryErrors(() =>
          suggestOn({ db, evidenceDir, store, actor: actorFrom(undefined) }, key, {
            sizes: size === undefined ? undefined : [size as 20 | 40],
            gsdM,
          }),
        );
        if (o.json) {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return;
        }
        const lines = [
          `${r.suggestions.length} suggested boxes (${
            Object.entries(r.bySize)
              .map(([k, v]) => `${v} × ${k} ft`)
              .join(', ') || 'none'
          }) at GSD ${r.gsdM.toFixed(2)} m; dominant edges at ${r.orientationsDeg.map((a) => `${a.toFixed(1)}°`).join(', ')}; noise σ ${r.noiseSigma.toFixed(1)}`,
        ];
        for (const s of r.suggestions) {
          const q = s.rect;
          lines.push(
            `  ${s.size} ft  --rect ${q.cx.toFixed(1)},${q.cy.toFixed(1)},${q.lengthPx},${q.widthPx},${q.angleDeg.toFixed(1)}  score ${s.score.toFixed(1)}`,
          );
        }
        for (const n of r.notes) lines.push(`note: ${n}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });

  image
    .command('list')
    .description('the images in the store')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      await withLedger(cmd, async ({ db }) => {
        const { listImages } = await import('../imagery/store.js');
        const images = await listImages(db);
        if (o.json) {
          process.stdout.write(`${JSON.stringify(images, null, 2)}\n`);
          return;
        }
        for (const im of images) {
          process.stdout.write(
            `${im.sha256.slice(0, 12)}  ${im.fileName}  ${im.widthPx}×${im.heightPx}  ${im.georef ? `${im.georef.source} ${im.gsdM?.toFixed(2)} m` : 'not georeferenced'}  ${iso(im.acquiredMs)}  ${im.sensor ?? ''}  evidence #${im.evidenceId ?? '—'}\n`,
          );
        }
        process.stdout.write(`${images.length} images\n`);
      });
    });
}
