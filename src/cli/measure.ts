/** `tallyman measure stack IMAGE --rect …` and `tallyman measure ship IMAGE --line …`. */
import type { Command } from 'commander';
import { CliError, EXIT } from './exit-codes.js';
import { imageryErrors } from './image.js';
import { actorFrom, withLedger } from './ledger-common.js';
import { parseTimeOption } from './time-option.js';

function numbers(name: string, value: string, count: number): number[] {
  const parts = value.split(',').map((s) => Number(s.trim()));
  if (parts.length !== count || parts.some((p) => !Number.isFinite(p))) {
    throw new CliError(`${name}: "${value}" is not ${count} comma-separated numbers`, EXIT.usage);
  }
  return parts;
}

function positive(name: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new CliError(`${name}: "${v}" is not a number ≥ 0`, EXIT.usage);
  return n;
}

const r1 = (x: number) => x.toFixed(1);
const range = (r: { min: number; best: number; max: number }, f = (x: number) => String(x)) =>
  r.min === r.max ? f(r.best) : `${f(r.best)} (${f(r.min)}–${f(r.max)})`;

/** The fleet of a scenario file as vessels to match (source `fleet:<file>`; simulated values stay marked so). */
async function fleetVessels(path: string): Promise<import('../imagery/measure-ship.js').KnownVessel[]> {
  const { readFileSync } = await import('node:fs');
  let doc: {
    fleet?: {
      name?: string;
      mmsi?: number;
      imo?: number | null;
      lengthM?: number;
      beamM?: number;
      simulatedFields?: string[];
    }[];
  };
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(`--fleet: ${path}: ${(e as Error).message}`, EXIT.badInput);
  }
  if (!Array.isArray(doc.fleet)) throw new CliError(`--fleet: ${path} has no "fleet" list`, EXIT.badInput);
  return doc.fleet.map((f) => ({
    mmsi: f.mmsi ?? null,
    imo: f.imo ?? null,
    name: f.name ?? null,
    lengthM: typeof f.lengthM === 'number' ? f.lengthM : null,
    beamM: typeof f.beamM === 'number' ? f.beamM : null,
    source: (f.simulatedFields ?? []).some((k) => k === 'lengthM' || k === 'beamM')
      ? `fleet (simulated dimensions)`
      : 'fleet',
  }));
}

export function registerMeasure(program: Command): void {
  const measure = program
    .command('measure')
    .description('measure container stacks and ships on an image (by SHA-256 or file)');
  measure
    .command('stack')
    .description(
      'a container stack → bays × rows × tiers → a container count range, recorded as a container observation',
    )
    .argument('<image>', 'an added image (SHA-256 or its first 8+ hex digits) or an image file')
    .option(
      '--rect <cx,cy,lengthPx,widthPx,angleDeg>',
      'the stack as a rotated rectangle in pixels (angle clockwise from +x)',
    )
    .option(
      '--polygon <x1,y1,x2,y2,…>',
      'the stack as a polygon in pixels (its minimum-area rectangle is measured)',
    )
    .option('--shadow <px>', 'shadow length in pixels, measured along the sun direction')
    .option('--tiers <n>', 'tiers as counted or known (instead of a shadow)')
    .option('--size <ft>', '20 or 40 (default: both reported)')
    .option('--edge-px <n>', 'placement error of each drawn edge, pixels', '1')
    .option('--acquired <time>', 'acquisition time, when the image has none')
    .option(
      '--place <text>',
      'place name or area id for the observation (default: the stack centre as lat,lon)',
    )
    .option('--no-record', 'measure only; record nothing')
    .option('--simulated', 'mark the observation as simulated')
    .option('--by <name>')
    .option('--json', 'print JSON')
    .action(async (key: string, o: Record<string, unknown>, cmd: Command) => {
      if ((o.rect === undefined) === (o.polygon === undefined))
        throw new CliError('give exactly one of --rect or --polygon', EXIT.usage);
      let rect: import('../imagery/rect.js').RotatedRect | undefined;
      if (o.rect !== undefined) {
        const [cx, cy, lengthPx, widthPx, angleDeg] = numbers('--rect', String(o.rect), 5) as [
          number,
          number,
          number,
          number,
          number,
        ];
        rect = { cx, cy, lengthPx, widthPx, angleDeg };
      }
      let polygon: [number, number][] | undefined;
      if (o.polygon !== undefined) {
        const v = String(o.polygon)
          .split(',')
          .map((s) => Number(s.trim()));
        if (v.length < 6 || v.length % 2 !== 0 || v.some((x) => !Number.isFinite(x)))
          throw new CliError(`--polygon: "${o.polygon}" is not x,y pairs (three or more)`, EXIT.usage);
        polygon = [];
        for (let i = 0; i < v.length; i += 2) polygon.push([v[i] as number, v[i + 1] as number]);
      }
      if (o.shadow !== undefined && o.tiers !== undefined)
        throw new CliError('give --shadow or --tiers, not both', EXIT.usage);
      const tiers = o.tiers === undefined ? undefined : Number(o.tiers);
      if (tiers !== undefined && !(Number.isInteger(tiers) && tiers >= 1))
        throw new CliError(`--tiers: "${o.tiers}" is not a whole number ≥ 1`, EXIT.usage);
      const size = o.size === undefined ? undefined : Number(o.size);
      if (size !== undefined && size !== 20 && size !== 40)
        throw new CliError(`--size: "${o.size}" is not 20 or 40`, EXIT.usage);
      const acquiredMs = parseTimeOption('--acquired', o.acquired as string | undefined);
      await withLedger(cmd, async ({ db, evidenceDir, store }) => {
        const { measureStackOn } = await import('../imagery/service.js');
        const r = await imageryErrors(() =>
          measureStackOn({ db, evidenceDir, store, actor: actorFrom(o.by as string | undefined) }, key, {
            rect,
            polygon,
            shadowPx: positive('--shadow', o.shadow),
            tiers,
            size: size as 20 | 40 | undefined,
            edgePx: positive('--edge-px', o.edgePx),
            acquiredMs,
            place: o.place as string | undefined,
            record: o.record !== false,
            simulated: o.simulated === true,
          }),
        );
        if (o.json) {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return;
        }
        const m = r.measurement;
        const out = [
          `stack ${range(m.lengthM, r1)} m × ${range(m.widthM, r1)} m (edges ±${m.edgePx} px), axis ${m.orientationDeg.toFixed(0)}° from north`,
        ];
        if (r.sun)
          out.push(
            `sun at ${new Date(r.acquiredMs ?? 0).toISOString()}: elevation ${r.sun.elevationDeg.toFixed(2)}°, azimuth ${r.sun.azimuthDeg.toFixed(2)}°`,
          );
        if (m.shadowM && m.heightM)
          out.push(`shadow ${range(m.shadowM, r1)} m → height ${range(m.heightM, r1)} m`);
        for (const c of m.counts) {
          out.push(
            `${c.size} ft: ${range(c.bays)} bays × ${range(c.rows)} rows × ${range(c.tiers)} tiers = ${range(c.containers)} containers (${range(c.teu)} TEU)`,
          );
        }
        if (r.containerObservationId !== null)
          out.push(
            `recorded as container observation #${r.containerObservationId} (measurement #${r.measurementId})`,
          );
        for (const n of r.notes) out.push(`note: ${n}`);
        process.stdout.write(`${out.join('\n')}\n`);
      });
    });

  measure
    .command('ship')
    .description('a ship’s length (and beam) → candidate vessels by dimensions, recorded as a sighting')
    .argument('<image>', 'an added image (SHA-256 or prefix) or an image file')
    .requiredOption('--line <x1,y1,x2,y2>', 'bow to stern, pixels')
    .option('--beam-line <x1,y1,x2,y2>', 'side to side at the widest point, pixels')
    .option('--edge-px <n>', 'placement error of each line end, pixels', '1')
    .option('--acquired <time>', 'acquisition time, when the image has none')
    .option('--mmsi <n>', 'record the sighting as this vessel (the analyst’s identification)')
    .option(
      '--fleet <scenario.json>',
      'also match the fleet of a scenario file (its dimensions marked simulated)',
    )
    .option('--no-record', 'measure only; record nothing')
    .option('--simulated', 'mark the sighting as simulated')
    .option('--by <name>')
    .option('--json', 'print JSON')
    .action(async (key: string, o: Record<string, unknown>, cmd: Command) => {
      const l = numbers('--line', String(o.line), 4) as [number, number, number, number];
      const b =
        o.beamLine === undefined
          ? undefined
          : (numbers('--beam-line', String(o.beamLine), 4) as [number, number, number, number]);
      const mmsi = o.mmsi === undefined ? undefined : Number(o.mmsi);
      if (mmsi !== undefined && !(Number.isInteger(mmsi) && mmsi >= 1 && mmsi <= 999_999_999))
        throw new CliError(`--mmsi: "${o.mmsi}" is not an MMSI`, EXIT.usage);
      const acquiredMs = parseTimeOption('--acquired', o.acquired as string | undefined);
      const extraVessels = o.fleet === undefined ? [] : await fleetVessels(String(o.fleet));
      await withLedger(cmd, async ({ db, evidenceDir, store }) => {
        const { measureShipOn } = await import('../imagery/service.js');
        const r = await imageryErrors(() =>
          measureShipOn({ db, evidenceDir, store, actor: actorFrom(o.by as string | undefined) }, key, {
            line: [
              [l[0], l[1]],
              [l[2], l[3]],
            ],
            beamLine: b
              ? [
                  [b[0], b[1]],
                  [b[2], b[3]],
                ]
              : undefined,
            edgePx: positive('--edge-px', o.edgePx),
            acquiredMs,
            mmsi,
            extraVessels,
            record: o.record !== false,
            simulated: o.simulated === true,
          }),
        );
        if (o.json) {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return;
        }
        const m = r.measurement;
        const out = [
          `ship ${range(m.lengthM, r1)} m${m.beamM ? ` × ${range(m.beamM, r1)} m` : ''}, line bearing ${m.headingDeg.toFixed(0)}°`,
        ];
        if (r.candidates.length === 0) out.push('no known vessel fits these dimensions (within 3σ)');
        for (const c of r.candidates.slice(0, 10)) {
          const v = c.vessel;
          out.push(
            `  ${(v.name ?? '?').padEnd(20)} MMSI ${v.mmsi ?? '—'}  ${v.lengthM} × ${v.beamM ?? '?'} m  fit ${c.score.toFixed(2)} (length z ${c.lengthZ.toFixed(1)}${c.beamZ === null ? '' : `, beam z ${c.beamZ.toFixed(1)}`})  [${v.source}]`,
          );
        }
        if (r.sightingId !== null)
          out.push(`recorded as sighting #${r.sightingId} (measurement #${r.measurementId})`);
        for (const n of r.notes) out.push(`note: ${n}`);
        process.stdout.write(`${out.join('\n')}\n`);
      });
    });
}
