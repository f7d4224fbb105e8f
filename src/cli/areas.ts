/**
 * `tallyman areas list|add|rm|import|export`: the areas of interest. The bundled set stays in
 * code; added and imported areas are stored (`user_areas`) and override a bundled area of the
 * same id.
 */
import type { Command } from 'commander';
import { AREA_KINDS, type Area, type AreaGeometry, type AreaThresholds } from '../areas/types.js';
import { storeLocationFrom } from '../config.js';
import { CliError, EXIT } from './exit-codes.js';

const THRESHOLD_NAMES = [
  'portExitMarginM',
  'portStopStartKnots',
  'portStopEndKnots',
  'portGapMinMs',
  'gapMinMs',
  'gapDarkMaxMs',
  'darkCallMinDwellMs',
] as const satisfies readonly (keyof AreaThresholds)[];

function numbers(option: string, text: string, count: number): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const v = parts.map(Number);
  if (parts.length !== count || v.some((x) => parts.some((p) => p === '') || !Number.isFinite(x)))
    throw new CliError(`${option}: "${text}" is not ${count} comma-separated numbers`, EXIT.usage);
  return v;
}

/** `--circle lon,lat,radiusM` or `--polygon "lon,lat lon,lat …"` (≥ 3 points; closed for you). */
export function geometryFromOptions(circle?: string, polygon?: string): AreaGeometry {
  if ((circle === undefined) === (polygon === undefined))
    throw new CliError(
      'give exactly one of --circle lon,lat,radiusM or --polygon "lon,lat lon,lat …"',
      EXIT.usage,
    );
  if (circle !== undefined) {
    const [lon, lat, radiusM] = numbers('--circle', circle, 3);
    return { type: 'circle', lon, lat, radiusM };
  }
  const pts = (polygon ?? '')
    .trim()
    .split(/\s+/)
    .map((p) => numbers('--polygon', p, 2) as [number, number]);
  if (pts.length < 3) throw new CliError('--polygon: needs at least 3 points', EXIT.usage);
  const [f, l] = [pts[0], pts[pts.length - 1]];
  if (f[0] !== l[0] || f[1] !== l[1]) pts.push([f[0], f[1]]);
  return { type: 'polygon', rings: [pts] };
}

/** `--threshold name=value` (repeatable): the per-area overrides. */
export function thresholdsFromOptions(pairs: readonly string[]): AreaThresholds | undefined {
  if (pairs.length === 0) return undefined;
  const out: AreaThresholds = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq).trim() : '';
    const value = Number(pair.slice(eq + 1));
    if (!(THRESHOLD_NAMES as readonly string[]).includes(name))
      throw new CliError(
        `--threshold: "${pair}" is not name=value with a name among ${THRESHOLD_NAMES.join(', ')}`,
        EXIT.usage,
      );
    if (pair.slice(eq + 1).trim() === '' || !Number.isFinite(value) || value < 0)
      throw new CliError(
        `--threshold: ${name} must be a number ≥ 0 (got "${pair.slice(eq + 1)}")`,
        EXIT.usage,
      );
    out[name as (typeof THRESHOLD_NAMES)[number]] = value;
  }
  return out;
}

function describeGeometry(g: AreaGeometry): string {
  if (g.type === 'circle') return `circle ${g.lon}, ${g.lat}, r ${g.radiusM} m`;
  return `polygon, ${g.rings[0].length - 1} vertices`;
}

async function withStore<T>(
  cmd: Command,
  f: (db: import('kysely').Kysely<import('../store/schema.js').Database>) => Promise<T>,
): Promise<T> {
  const { db } = cmd.optsWithGlobals() as { db?: string };
  const { openStore } = await import('../store/index.js');
  const store = await openStore(storeLocationFrom(process.env, db));
  try {
    return await f(await store.db());
  } finally {
    await store.close();
  }
}

export function registerAreas(program: Command): void {
  const areas = program.command('areas').description('areas of interest: bundled and your own');

  areas
    .command('list')
    .description('the areas in use (bundled, yours added, yours overriding a bundled id)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { BUNDLED_AREAS, mergeAreas } = await import('../areas/index.js');
      const { loadUserAreas } = await import('../areas/store.js');
      await withStore(cmd, async (db) => {
        const user = await loadUserAreas(db);
        const userIds = new Set(user.map((a) => a.id));
        const bundledIds = new Set(BUNDLED_AREAS.map((a) => a.id));
        const all = mergeAreas(BUNDLED_AREAS, user);
        const origin = (a: Area) =>
          userIds.has(a.id) ? (bundledIds.has(a.id) ? 'user (overrides bundled)' : 'user') : 'bundled';
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify(
              all.map((a) => ({ ...a, origin: origin(a) })),
              null,
              2,
            )}\n`,
          );
          return;
        }
        const { default: Table } = await import('cli-table3');
        const t = new Table({
          head: ['id', 'name', 'kind', 'geometry', 'thresholds', 'origin'],
          style: { head: [], border: [] },
        });
        for (const a of all)
          t.push([
            a.id,
            a.name,
            a.kind,
            describeGeometry(a.geometry),
            a.thresholds
              ? Object.entries(a.thresholds)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(' ')
              : '',
            origin(a),
          ]);
        process.stdout.write(`${t.toString()}\n${all.length} areas (${user.length} yours)\n`);
      });
    });

  areas
    .command('add')
    .description('add an area (or override a bundled one with the same id)')
    .requiredOption('--id <id>', 'lower-case letters, digits, dashes')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--kind <kind>', AREA_KINDS.join(' | '))
    .option('--circle <lon,lat,radiusM>', 'a circle: centre and entry radius in metres')
    .option('--polygon <"lon,lat lon,lat …">', 'a polygon: its outer ring')
    .option('--threshold <name=value...>', `per-area thresholds: ${THRESHOLD_NAMES.join(', ')}`)
    .option('--source <text>', 'where the coordinates come from', 'user')
    .option('--note <text>', 'a note')
    .option('--replace', 'replace your area with this id if there is one')
    .action(
      async (
        opts: {
          id: string;
          name: string;
          kind: string;
          circle?: string;
          polygon?: string;
          threshold?: string[];
          source: string;
          note?: string;
          replace?: boolean;
        },
        cmd: Command,
      ) => {
        const { BUNDLED_AREAS, prepareArea } = await import('../areas/index.js');
        const { loadUserAreas, saveUserAreas } = await import('../areas/store.js');
        const input: Area = {
          id: opts.id,
          name: opts.name,
          kind: opts.kind as Area['kind'],
          geometry: geometryFromOptions(opts.circle, opts.polygon),
          source: opts.source,
        };
        const thresholds = thresholdsFromOptions(opts.threshold ?? []);
        if (thresholds) input.thresholds = thresholds;
        if (opts.note !== undefined) input.note = opts.note;
        const prepared = prepareArea(input);
        if (!prepared.ok) throw new CliError(prepared.error, EXIT.usage);
        const area = prepared.area;
        for (const w of prepared.warnings) process.stderr.write(`tallyman areas add: warning: ${w}\n`);
        await withStore(cmd, async (db) => {
          const user = await loadUserAreas(db);
          if (!opts.replace && user.some((a) => a.id === area.id))
            throw new CliError(`area ${area.id} already exists (use --replace)`, EXIT.usage);
          await saveUserAreas(db, [area], Date.now());
        });
        const overrides = BUNDLED_AREAS.some((a) => a.id === area.id);
        process.stdout.write(
          `added ${area.id} (${area.kind}, ${describeGeometry(area.geometry)})${overrides ? ', overriding the bundled area' : ''}\n`,
        );
      },
    );

  areas
    .command('rm')
    .description('remove one of your areas (a bundled area it overrode comes back)')
    .argument('<id>', 'the area')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const { BUNDLED_AREAS } = await import('../areas/index.js');
      const { deleteUserArea } = await import('../areas/store.js');
      const removed = await withStore(cmd, (db) => deleteUserArea(db, id));
      const bundled = BUNDLED_AREAS.some((a) => a.id === id);
      if (!removed)
        throw new CliError(
          bundled
            ? `${id} is a bundled area: it cannot be removed, only overridden (areas add --id ${id} …)`
            : `no area ${id}`,
          EXIT.notFound,
        );
      process.stdout.write(`removed ${id}${bundled ? ' (the bundled area applies again)' : ''}\n`);
    });

  areas
    .command('import')
    .description(
      'add or replace areas from a GeoJSON FeatureCollection (Point + properties.radiusM, or Polygon)',
    )
    .argument('<file>', 'FILE.geojson')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const { readFile } = await import('node:fs/promises');
      const { importAreasGeoJson } = await import('../areas/index.js');
      const { saveUserAreas } = await import('../areas/store.js');
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        throw new CliError(
          `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
          EXIT.badInput,
        );
      }
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch (err) {
        throw new CliError(`${file}: not JSON (${(err as Error).message})`, EXIT.badInput);
      }
      const { areas: good, errors, warnings } = importAreasGeoJson(doc);
      if (good.length > 0) await withStore(cmd, (db) => saveUserAreas(db, good, Date.now()));
      for (const w of warnings)
        process.stderr.write(`${file}: feature ${w.featureIndex}: warning: ${w.reason}\n`);
      for (const e of errors)
        process.stderr.write(
          `${file}: ${e.featureIndex === null ? 'document' : `feature ${e.featureIndex}`}: ${e.reason}\n`,
        );
      process.stdout.write(
        `${file}: ${good.length} areas imported${good.length ? ` (${good.map((a) => a.id).join(', ')})` : ''}, ${errors.length} rejected\n`,
      );
      if (errors.length > 0)
        throw new CliError(
          `${file}: ${errors.length} feature(s) rejected (the good ones were imported)`,
          EXIT.badInput,
        );
    });

  areas
    .command('export')
    .description('the areas in use as a GeoJSON FeatureCollection (import reads it back)')
    .option('--user', 'only your own areas')
    .action(async (opts: { user?: boolean }, cmd: Command) => {
      const { BUNDLED_AREAS, exportAreasGeoJson, mergeAreas } = await import('../areas/index.js');
      const { loadUserAreas } = await import('../areas/store.js');
      const user = await withStore(cmd, (db) => loadUserAreas(db));
      const all = opts.user ? user : mergeAreas(BUNDLED_AREAS, user);
      process.stdout.write(`${JSON.stringify(exportAreasGeoJson(all), null, 2)}\n`);
    });
}
