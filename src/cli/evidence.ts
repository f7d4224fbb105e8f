/**
 * `tallyman evidence add|list|correct|link`, `claim add`, `claims`, `verify`, and
 * `observe import|add-sighting|add-containers|add-rail|simulate`.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { EVIDENCE_KINDS } from '../evidence/kinds.js';
import { CONTAINER_METHODS, RAIL_UNITS } from '../shipments/types.js';
import { CliError, EXIT } from './exit-codes.js';
import { actorFrom, numberOpt, positiveId, rangeOpt, withLedger } from './ledger-common.js';
import { parseTimeOption } from './time-option.js';

type Opts = Record<string, string | boolean | undefined>;
const str = (v: unknown) => (v === undefined || v === '' ? null : String(v));

export function registerEvidence(program: Command): void {
  const ev = program.command('evidence').description('evidence files: content-addressed, graded, immutable');
  ev.command('add')
    .description('store a file (once per content) with its metadata and Admiralty grade')
    .argument('<file>')
    .requiredOption('--title <text>')
    .requiredOption('--grade <code>', 'Admiralty code: reliability A–F and credibility 1–6, e.g. B2')
    .option('--kind <kind>', EVIDENCE_KINDS.join(' | '), 'document')
    .option('--source <text>')
    .option('--url <url>')
    .option('--publisher <text>')
    .option('--obtained <time>', 'when it was obtained (ISO 8601)')
    .option('--collector <name>')
    .option('--language <code>')
    .option('--simulated', 'mark as simulated')
    .option('--shipment <id>', 'link it to this shipment')
    .option('--by <name>')
    .option('--json')
    .action(async (file: string, o: Opts, cmd: Command) => {
      const { parseGrade } = await import('../evidence/grade.js');
      const g = parseGrade(String(o.grade));
      if (!g.ok) throw new CliError(g.error, EXIT.usage);
      if (!(EVIDENCE_KINDS as readonly string[]).includes(String(o.kind)))
        throw new CliError(`--kind: "${o.kind}" is not one of ${EVIDENCE_KINDS.join(', ')}`, EXIT.usage);
      if (String(o.title).trim() === '') throw new CliError('--title is empty', EXIT.usage);
      if (o.url !== undefined && !/^[a-z][a-z0-9+.-]*:\/\//i.test(String(o.url)))
        throw new CliError(`--url: "${o.url}" is not an absolute URL`, EXIT.usage);
      let bytes: Buffer;
      try {
        if (!statSync(file).isFile()) throw new Error('not a file');
        bytes = readFileSync(file);
      } catch (e) {
        throw new CliError(`${file}: cannot read (${(e as Error).message})`, EXIT.badInput);
      }
      const obtainedMs = parseTimeOption('--obtained', o.obtained as string | undefined) ?? null;
      const shipmentId = o.shipment === undefined ? null : positiveId('--shipment', String(o.shipment));
      const actor = actorFrom(o.by as string | undefined);
      await withLedger(cmd, async ({ db, evidenceDir }) => {
        const { putFile } = await import('../evidence/files.js');
        const { addEvidence, linkEvidence } = await import('../evidence/store.js');
        const put = putFile(evidenceDir, bytes);
        const r = await addEvidence(
          db,
          { sha256: put.sha256, sizeBytes: bytes.length },
          {
            fileName: basename(file),
            kind: o.kind as 'document',
            title: String(o.title),
            source: str(o.source),
            url: str(o.url),
            publisher: str(o.publisher),
            obtainedMs,
            collector: str(o.collector),
            language: str(o.language),
            grade: g.grade,
            simulated: o.simulated === true,
          },
          actor,
          Date.now(),
        );
        if (shipmentId !== null) await linkEvidence(db, r.item.id, 'shipment', shipmentId, actor, Date.now());
        if (o.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        else
          process.stdout.write(
            r.duplicate
              ? `evidence ${r.item.id}: this content is already stored (sha256 ${r.item.sha256}); nothing added\n`
              : `evidence ${r.item.id}: ${r.item.title} [${g.grade.reliability}${g.grade.credibility}] sha256 ${r.item.sha256}\n`,
          );
      });
    });

  ev.command('list')
    .description('current versions (--all: every version)')
    .option('--all')
    .option('--json')
    .action(async (o: Opts, cmd: Command) => {
      await withLedger(cmd, async ({ db }) => {
        const { listEvidence } = await import('../evidence/store.js');
        const items = await listEvidence(db, { all: o.all === true });
        if (o.json) return void process.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
        const { default: Table } = await import('cli-table3');
        const t = new Table({
          head: ['id', 'v', 'grade', 'kind', 'title', 'publisher', 'obtained', 'sha256'],
          style: { head: [], border: [] },
        });
        for (const i of items)
          t.push([
            i.id + (i.replacesId ? ` (fixes ${i.replacesId})` : ''),
            i.version,
            `${i.grade.reliability}${i.grade.credibility}`,
            i.kind + (i.simulated ? ' (simulated)' : ''),
            i.title,
            i.publisher ?? '',
            i.obtainedMs === null ? '' : new Date(i.obtainedMs).toISOString().slice(0, 10),
            i.sha256.slice(0, 16),
          ]);
        process.stdout.write(`${t.toString()}\n${items.length} items\n`);
      });
    });

  ev.command('export-ftm')
    .description('the evidence graph as FollowTheMoney entities, one JSON object per line (opens in Aleph)')
    .option('--out <file>', 'write to this file (default: standard output)')
    .action(async (o: Opts, cmd: Command) => {
      await withLedger(cmd, async ({ db, store, evidenceDir }) => {
        const { exportLedgerFtm } = await import('../shipments/ftm-store.js');
        const text = await exportLedgerFtm(db, store, evidenceDir);
        if (o.out === undefined) return void process.stdout.write(text.text);
        writeFileSync(String(o.out), text.text);
        process.stderr.write(`${o.out}: ${text.counts}\n`);
      });
    });

  ev.command('correct')
    .description('a corrected version of an item (new metadata, same file); the old one stays')
    .argument('<id>')
    .requiredOption('--reason <text>')
    .option('--title <text>')
    .option('--grade <code>')
    .option('--source <text>')
    .option('--url <url>')
    .option('--publisher <text>')
    .option('--obtained <time>')
    .option('--collector <name>')
    .option('--language <code>')
    .option('--by <name>')
    .action(async (idArg: string, o: Opts, cmd: Command) => {
      const id = positiveId('evidence id', idArg);
      const { parseGrade } = await import('../evidence/grade.js');
      const changes: Record<string, unknown> = {};
      if (o.grade !== undefined) {
        const g = parseGrade(String(o.grade));
        if (!g.ok) throw new CliError(g.error, EXIT.usage);
        changes.grade = g.grade;
      }
      for (const k of ['title', 'source', 'url', 'publisher', 'collector', 'language'])
        if (o[k] !== undefined) changes[k] = String(o[k]);
      if (o.obtained !== undefined) changes.obtainedMs = parseTimeOption('--obtained', String(o.obtained));
      if (Object.keys(changes).length === 0)
        throw new CliError('evidence correct: nothing to change', EXIT.usage);
      await withLedger(cmd, async ({ db }) => {
        const { correctEvidence } = await import('../evidence/store.js');
        const item = await correctEvidence(
          db,
          id,
          changes,
          String(o.reason),
          actorFrom(o.by as string | undefined),
          Date.now(),
        );
        process.stdout.write(`evidence ${item.id} (version ${item.version}) replaces ${id}\n`);
      });
    });

  ev.command('link')
    .description('link evidence to a shipment, sighting or observation')
    .argument('<id>')
    .option('--shipment <id>')
    .option('--sighting <id>')
    .option('--container-observation <id>')
    .option('--rail-observation <id>')
    .option('--by <name>')
    .action(async (idArg: string, o: Opts, cmd: Command) => {
      const id = positiveId('evidence id', idArg);
      const targets = (['shipment', 'sighting', 'containerObservation', 'railObservation'] as const).filter(
        (k) => o[k] !== undefined,
      );
      if (targets.length !== 1)
        throw new CliError(
          'give exactly one of --shipment, --sighting, --container-observation, --rail-observation',
          EXIT.usage,
        );
      const k = targets[0];
      const kind = (
        {
          shipment: 'shipment',
          sighting: 'sighting',
          containerObservation: 'container-observation',
          railObservation: 'rail-observation',
        } as const
      )[k];
      const target = positiveId(`--${kind}`, String(o[k]));
      await withLedger(cmd, async ({ db }) => {
        const { linkEvidence } = await import('../evidence/store.js');
        const added = await linkEvidence(
          db,
          id,
          kind,
          target,
          actorFrom(o.by as string | undefined),
          Date.now(),
        );
        process.stdout.write(added ? `evidence ${id} → ${kind} ${target}\n` : `already linked\n`);
      });
    });

  const claim = program
    .command('claim')
    .description('claims: statements with a quantity, linked to evidence');
  claim
    .command('add')
    .argument('<statement>')
    .option(
      '--measure <key>',
      'what is quantified, e.g. containers-total (claims on one measure are compared)',
    )
    .option('--quantity <n>', 'a number or a range (6700, 4200000-5800000)')
    .option('--unit <unit>')
    .option('--from <time>', 'period start')
    .option('--to <time>', 'period end')
    .option('--place <text>')
    .option('--evidence <ids>', 'evidence ids, comma-separated')
    .option('--replaces <id>', 'this claim corrects an earlier one')
    .option('--by <name>')
    .action(async (statement: string, o: Opts, cmd: Command) => {
      const q = rangeOpt('--quantity', (o.quantity as string | undefined)?.replace(/,(?=\d{3})/g, ''));
      const evidenceIds =
        o.evidence === undefined
          ? []
          : String(o.evidence)
              .split(',')
              .map((x) => positiveId('--evidence', x.trim()));
      const replaces = o.replaces === undefined ? null : positiveId('--replaces', String(o.replaces));
      await withLedger(cmd, async ({ db }) => {
        const { addClaim } = await import('../evidence/store.js');
        const id = await addClaim(
          db,
          {
            statement,
            measure: str(o.measure),
            quantityMin: q?.min ?? null,
            quantityMax: q?.max ?? null,
            unit: str(o.unit),
            periodFromMs: parseTimeOption('--from', o.from as string | undefined) ?? null,
            periodToMs: parseTimeOption('--to', o.to as string | undefined) ?? null,
            place: str(o.place),
            evidenceIds,
          },
          actorFrom(o.by as string | undefined),
          Date.now(),
          replaces,
        );
        process.stdout.write(`claim ${id}\n`);
      });
    });

  program
    .command('claims')
    .description('claims grouped by measure, conflicting ones side by side')
    .option('--json')
    .action(async (o: Opts, cmd: Command) => {
      await withLedger(cmd, async ({ db }) => {
        const { listClaims } = await import('../evidence/store.js');
        const { groupClaims, currentClaims } = await import('../evidence/claims.js');
        const all = await listClaims(db);
        const groups = groupClaims(all);
        if (o.json)
          return void process.stdout.write(
            `${JSON.stringify({ claims: currentClaims(all), groups }, null, 2)}\n`,
          );
        const day = (ms: number | null) => (ms === null ? '…' : new Date(ms).toISOString().slice(0, 10));
        const q = (c: (typeof all)[number]) =>
          c.quantityMin === null
            ? ''
            : c.quantityMax !== null && c.quantityMax !== c.quantityMin
              ? `${c.quantityMin}–${c.quantityMax}`
              : `${c.quantityMin}`;
        const lines: string[] = [];
        for (const g of groups) {
          lines.push(
            `${g.measure}${g.unit ? ` (${g.unit})` : ''}${g.conflicts.length ? `: ${g.conflicts.length} conflict(s)` : ''}`,
          );
          for (const c of g.claims) {
            const inConflict = g.conflicts.some(([a, b]) => a === c.id || b === c.id);
            lines.push(
              `  ${inConflict ? '!' : ' '} claim ${c.id}: ${q(c)} ${c.unit ?? ''}, ${day(c.periodFromMs)} – ${day(c.periodToMs)}${c.place ? `, ${c.place}` : ''} [${c.bestGrade ?? 'no evidence'}; evidence ${c.evidenceIds.join(',') || '-'}] ${c.statement}`,
            );
          }
        }
        const loose = currentClaims(all).filter((c) => c.measure === null || c.quantityMin === null);
        if (loose.length) lines.push('other claims');
        for (const c of loose)
          lines.push(`    claim ${c.id}: ${c.statement} [${c.bestGrade ?? 'no evidence'}]`);
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });

  program
    .command('verify')
    .description(
      'recompute every evidence file hash, the audit chain and its head, audited rows, orphan files; exit 5 on any break',
    )
    .option('--json')
    .action(async (o: Opts, cmd: Command) => {
      await withLedger(cmd, async ({ db, evidenceDir }) => {
        const { verifyLedger } = await import('../evidence/verify.js');
        const r = await verifyLedger(db, evidenceDir);
        if (o.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        else {
          const lines = [
            `audit log: ${r.auditEntries} entries, ${r.chainBreak ? `FIRST BREAK at entry ${r.chainBreak.seq}: ${r.chainBreak.reason}` : 'chain intact'}`,
            `evidence files: ${r.filesChecked} checked in ${evidenceDir}, ${r.fileProblems.length} problem(s)`,
            ...r.fileProblems.map(
              (p) =>
                `  evidence ${p.evidenceId}: file ${p.problem} (expected sha256 ${p.sha256}${p.actualSha256 ? `, found ${p.actualSha256}` : ''})`,
            ),
            `orphan files: ${r.orphanFiles.length} in ${evidenceDir} that no evidence item refers to`,
            ...r.orphanFiles.map(
              (f) => `  ${f}: no row refers to this file (added or left outside tallyman)`,
            ),
            `audited rows: ${r.rowsChecked} checked, ${r.rowProblems.length} problem(s)`,
            ...r.rowProblems.map((p) => `  ${p.entity} ${p.id}: ${p.problem}`),
            r.ok ? 'verify: OK' : 'verify: FAILED',
          ];
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        if (!r.ok) throw new CliError('verification failed', EXIT.verifyFailed);
      });
    });

  registerObserve(program);
}

function registerObserve(program: Command): void {
  const ob = program
    .command('observe')
    .description('observations: imagery sightings, container counts, rail counts');
  ob.command('import')
    .argument('<file>', 'JSON: { sightings: [...], containers: [...], rail: [...] }')
    .option('--by <name>')
    .action(async (file: string, o: Opts, cmd: Command) => {
      let doc: unknown;
      try {
        doc = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new CliError(`${file}: ${(e as Error).message}`, EXIT.badInput);
      }
      await withLedger(cmd, async ({ db }) => {
        const { importObservations } = await import('../shipments/observe.js');
        const r = await importObservations(db, doc, actorFrom(o.by as string | undefined));
        for (const e of r.errors) process.stderr.write(`${file}: ${e.path}: ${e.reason}\n`);
        process.stdout.write(
          `${file}: ${r.sightings} sightings, ${r.containers} container observations, ${r.rail} rail observations; ${r.errors.length} rejected\n`,
        );
        if (r.sightings + r.containers + r.rail === 0 && r.errors.length > 0)
          throw new CliError(`${file}: nothing imported`, EXIT.badInput);
      });
    });
  ob.command('add-sighting')
    .requiredOption('--provider <name>')
    .requiredOption('--image <id>')
    .requiredOption('--time <time>')
    .requiredOption('--lon <deg>')
    .requiredOption('--lat <deg>')
    .option('--gsd <m>')
    .option('--mmsi <mmsi>')
    .option('--name <vessel>')
    .option('--identified-by <list>', 'length,shape,markings,ais-correlation,other')
    .option('--confidence <0-1>')
    .option('--evidence <id>')
    .option('--simulated')
    .option('--by <name>')
    .action(async (o: Opts, cmd: Command) => {
      const input = {
        provider: String(o.provider),
        imageId: String(o.image),
        acquired: String(o.time),
        lon: numberOpt('--lon', o.lon as string),
        lat: numberOpt('--lat', o.lat as string),
        gsdM: numberOpt('--gsd', o.gsd as string | undefined) ?? null,
        mmsi: numberOpt('--mmsi', o.mmsi as string | undefined) ?? null,
        vesselName: str(o.name),
        identifiedBy: o.identifiedBy ? String(o.identifiedBy).split(',') : [],
        idConfidence: numberOpt('--confidence', o.confidence as string | undefined),
        evidenceId: numberOpt('--evidence', o.evidence as string | undefined) ?? null,
        simulated: o.simulated === true,
      };
      await withLedger(cmd, async ({ db }) => {
        const { recordSighting } = await import('../shipments/observe.js');
        const id = await recordSighting(db, input as never, actorFrom(o.by as string | undefined));
        process.stdout.write(`sighting ${id}\n`);
      });
    });
  ob.command('add-containers')
    .requiredOption('--time <time>')
    .requiredOption('--place <area or name>')
    .requiredOption('--count <n>', 'a count or a range 230-270')
    .requiredOption('--method <m>', CONTAINER_METHODS.join(' | '))
    .option('--size <ft>', '20 or 40')
    .option('--lon <deg>')
    .option('--lat <deg>')
    .option('--image-evidence <id>')
    .option('--sighting <id>')
    .option('--simulated')
    .option('--by <name>')
    .action(async (o: Opts, cmd: Command) => {
      const r = rangeOpt('--count', o.count as string);
      const input = {
        observed: String(o.time),
        place: String(o.place),
        countMin: r?.min,
        countMax: r?.max,
        method: o.method,
        sizeFt: numberOpt('--size', o.size as string | undefined) ?? null,
        lon: numberOpt('--lon', o.lon as string | undefined) ?? null,
        lat: numberOpt('--lat', o.lat as string | undefined) ?? null,
        imageEvidenceId: numberOpt('--image-evidence', o.imageEvidence as string | undefined) ?? null,
        sightingId: numberOpt('--sighting', o.sighting as string | undefined) ?? null,
        simulated: o.simulated === true,
      };
      await withLedger(cmd, async ({ db }) => {
        const { recordContainerObservation } = await import('../shipments/observe.js');
        const id = await recordContainerObservation(
          db,
          input as never,
          actorFrom(o.by as string | undefined),
        );
        process.stdout.write(`container observation ${id}\n`);
      });
    });
  ob.command('add-rail')
    .requiredOption('--time <time>')
    .requiredOption('--place <name>')
    .requiredOption('--count <n>', 'a count or a range')
    .option('--unit <u>', RAIL_UNITS.join(' | '), 'railcars')
    .option('--shipments <ids>', 'shipment ids, comma-separated')
    .option('--lon <deg>')
    .option('--lat <deg>')
    .option('--evidence <id>')
    .option('--simulated')
    .option('--by <name>')
    .action(async (o: Opts, cmd: Command) => {
      const r = rangeOpt('--count', o.count as string);
      const input = {
        observed: String(o.time),
        place: String(o.place),
        unit: o.unit,
        countMin: r?.min,
        countMax: r?.max,
        shipmentIds: o.shipments
          ? String(o.shipments)
              .split(',')
              .map((x) => positiveId('--shipments', x.trim()))
          : [],
        lon: numberOpt('--lon', o.lon as string | undefined) ?? null,
        lat: numberOpt('--lat', o.lat as string | undefined) ?? null,
        evidenceId: numberOpt('--evidence', o.evidence as string | undefined) ?? null,
        simulated: o.simulated === true,
      };
      await withLedger(cmd, async ({ db }) => {
        const { recordRailObservation } = await import('../shipments/observe.js');
        const id = await recordRailObservation(db, input as never, actorFrom(o.by as string | undefined));
        process.stdout.write(`rail observation ${id}\n`);
      });
    });
  ob.command('simulate')
    .description('write simulated observations (sightings, containers, rail) for a scenario file')
    .argument('<scenario>', 'scenario JSON (e.g. scenarios/test-small.json)')
    .requiredOption('--out <file>')
    .option('--seed <n>')
    .action(async (scenarioFile: string, o: Opts) => {
      const { parseScenario, formatScenarioErrors, simulateScenario } = await import('../scenario/index.js');
      const { simulateObservations } = await import('../scenario/observations.js');
      let text: string;
      try {
        text = readFileSync(scenarioFile, 'utf8');
      } catch (e) {
        throw new CliError(`${scenarioFile}: ${(e as Error).message}`, EXIT.badInput);
      }
      const r = parseScenario(text);
      if (!r.ok) throw new CliError(formatScenarioErrors(scenarioFile, r.errors), EXIT.badInput);
      const seed = numberOpt('--seed', o.seed as string | undefined);
      const obs = simulateObservations(simulateScenario(r.scenario), undefined, seed);
      writeFileSync(String(o.out), `${JSON.stringify(obs, null, 2)}\n`);
      process.stdout.write(
        `${o.out}: ${obs.sightings.length} sightings, ${obs.containers.length} container counts, ${obs.rail.length} rail counts (simulated)\n`,
      );
    });
}
