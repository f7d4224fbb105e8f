/**
 * `tallyman shipments [propose]`, `tallyman shipment confirm|reject|approve|edit|show ID`: the ledger.
 * `propose` reads the events `detect` stored (detecting again, with the same parameters, only when
 * they are stale), proposes shipments from the calls, sightings and observations, and reconciles
 * them with the ledger.
 */
import type { Command } from 'commander';
import { CliError, EXIT } from './exit-codes.js';
import { actorFrom, positiveId, rangeOpt, withLedger } from './ledger-common.js';
import { parseTimeOption } from './time-option.js';

const FORMATS = ['table', 'json', 'csv', 'geojson', 'kml'] as const;

export function registerShipments(program: Command): void {
  program
    .command('shipments')
    .description(
      'list the shipment ledger, or `shipments propose` to propose shipments from the detected events',
    )
    .argument(
      '[action]',
      '"propose": propose shipments from the stored events (re-detected first when data came in after the last detect) and update the ledger; "import FILE": read a --csv/--json export',
    )
    .argument('[file]', 'import: the CSV or JSON file (as `tallyman shipments --csv|--json` writes)')
    .option('--status <status>', 'proposed | confirmed | rejected')
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV')
    .option('--geojson', 'print GeoJSON (a LineString per shipment)')
    .option('--kml', 'print KML 2.2')
    .option('--origins <ids>', 'propose: origin area ids, comma-separated (default rajin)')
    .option(
      '--destinations <ids>',
      'propose: destination area ids (default dunai,vostochny,nakhodka,vladivostok)',
    )
    .option('--max-transit-days <d>', 'propose: longest origin → destination time (default 4)')
    .option('--by <name>', 'who runs it (default $TALLYMAN_ANALYST, $USER)')
    .action(
      async (
        action: string | undefined,
        file: string | undefined,
        opts: Record<string, string | boolean | undefined>,
        cmd: Command,
      ) => {
        if (action === 'import') {
          const { importShipmentsCli } = await import('./shipments-import.js');
          return importShipmentsCli(file, opts, cmd);
        }
        if (file !== undefined) throw new CliError(`unexpected argument "${file}"`, EXIT.usage);
        if (action !== undefined && action !== 'propose')
          throw new CliError(
            `unknown action "${action}" (did you mean "shipments propose" or "shipment ${action} …"?)`,
            EXIT.usage,
          );
        const status = opts.status as string | undefined;
        if (status !== undefined && !['proposed', 'confirmed', 'rejected'].includes(status))
          throw new CliError(`--status: "${status}" is not proposed, confirmed or rejected`, EXIT.usage);
        const chosen = FORMATS.filter((f) => f !== 'table' && opts[f]);
        if (chosen.length > 1) throw new CliError(`choose one of --${chosen.join(', --')}`, EXIT.usage);
        const format = chosen[0] ?? 'table';
        await withLedger(cmd, async ({ db, store }) => {
          if (action === 'propose') await propose(store, db, opts);
          const { listShipments } = await import('../shipments/store.js');
          const list = await listShipments(db, status ? { status: status as 'proposed' } : {});
          const { simulatedNotice, simulatedSources } = await import('../store/simulated.js');
          const sources = await simulatedSources(db);
          const sightings =
            format === 'kml' ? await (await import('../shipments/store.js')).listSightings(db) : [];
          await print(list, format, simulatedNotice(sources), { simulated: sources.length > 0, sightings });
        });
      },
    );

  program
    .command('shipment')
    .description(
      'decide on, approve (four-eyes: not the confirmer) or correct one shipment: confirm | reject | approve | edit | show ID',
    )
    .argument('<verb>', 'confirm | reject | approve | edit | show')
    .argument('<id>', 'the shipment id (the `id` column of `tallyman shipments`)')
    .option('--reason <text>', 'why (required for confirm, reject, approve and edit)')
    .option(
      '--by <name>',
      'who decides or approves (default $TALLYMAN_ANALYST, $USER); approve: never the confirmer',
    )
    .option('--depart <time>', 'edit: departure (ISO 8601, UTC when no zone)')
    .option('--arrive <time>', 'edit: arrival')
    .option('--origin <area>', 'edit: origin area id')
    .option('--destination <area>', 'edit: destination area id')
    .option('--containers-loaded <n>', 'edit: containers loaded, a count or a range (230-270)')
    .option('--containers-discharged <n>', 'edit: containers discharged')
    .option('--note <text>', 'edit: a note')
    .option('--json', 'print the shipment as JSON')
    .action(
      async (
        verb: string,
        idArg: string,
        opts: Record<string, string | boolean | undefined>,
        cmd: Command,
      ) => {
        if (!['confirm', 'reject', 'approve', 'edit', 'show'].includes(verb))
          throw new CliError(`"${verb}" is not confirm, reject, approve, edit or show`, EXIT.usage);
        const id = positiveId('shipment id', idArg);
        const reason = (opts.reason as string | undefined) ?? '';
        if (verb !== 'show' && reason.trim() === '')
          throw new CliError(`shipment ${verb} needs --reason "…"`, EXIT.usage);
        const actor = actorFrom(opts.by as string | undefined);
        await withLedger(cmd, async ({ db, evidenceDir }) => {
          const s = await import('../shipments/store.js');
          let result: Awaited<ReturnType<typeof s.decideShipment>> | null = null;
          if (verb === 'confirm' || verb === 'reject') {
            result = await s.decideShipment(
              db,
              id,
              verb === 'confirm' ? 'confirmed' : 'rejected',
              reason,
              actor,
              Date.now(),
            );
          } else if (verb === 'approve') {
            await s.approveShipment(db, id, reason, actor, Date.now());
          } else if (verb === 'edit') {
            const edit = {
              departMs: parseTimeOption('--depart', opts.depart as string | undefined),
              arriveMs: parseTimeOption('--arrive', opts.arrive as string | undefined),
              originAreaId: opts.origin as string | undefined,
              destinationAreaId: opts.destination as string | undefined,
              containersLoaded: rangeOpt('--containers-loaded', opts.containersLoaded as string | undefined),
              containersDischarged: rangeOpt(
                '--containers-discharged',
                opts.containersDischarged as string | undefined,
              ),
              note: opts.note as string | undefined,
            };
            if (Object.values(edit).every((v) => v === undefined))
              throw new CliError('shipment edit: nothing to change (see --help for the fields)', EXIT.usage);
            result = await s.editShipment(db, id, edit, reason, actor, Date.now());
          }
          const shipment = await s.getShipment(db, id);
          if (!shipment) throw new CliError(`shipment ${id} does not exist`, EXIT.notFound);
          const { shipmentEvidence } = await import('../shipments/evidence-supports.js');
          const { filePath } = await import('../evidence/files.js');
          const { explainConfidence } = await import('../shipments/confidence.js');
          const evidence = (await shipmentEvidence(db, shipment)).map((e) => ({
            ...e,
            path: filePath(evidenceDir, e.sha256),
          }));
          const confidence = explainConfidence(shipment.supports);
          if (opts.json) {
            process.stdout.write(
              `${JSON.stringify({ shipment, renumbered: result?.renumbered ?? [], evidence, confidence }, null, 2)}\n`,
            );
            return;
          }
          const { iso } = await import('../shipments/ledger.js');
          const lines = [
            `shipment ${shipment.id}${shipment.number !== null ? ` (number ${shipment.number}${shipment.dateOrder ? `, ${ordinal(shipment.dateOrder)} by departure` : ''})` : ''}: ${shipment.status}` +
              (shipment.decidedBy ? ` by ${shipment.decidedBy}: ${shipment.decisionReason}` : '') +
              (shipment.approvedBy
                ? `; approved by ${shipment.approvedBy} ${iso(shipment.approvedMs ?? 0)} (four-eyes)`
                : shipment.status === 'confirmed'
                  ? '; not yet approved by a second person (four-eyes)'
                  : ''),
            `  ${shipment.vesselName ?? ''} MMSI ${shipment.mmsi}, ${shipment.originAreaId} (${shipment.originKind}) ${iso(shipment.departMs)} → ${shipment.destinationAreaId} (${shipment.destinationKind}) ${iso(shipment.arriveMs)}`,
            `  confidence ${confidence.text}`,
            evidence.length === 0
              ? `  evidence: none linked (tallyman evidence link EVIDENCE_ID --shipment ${shipment.id})`
              : `  evidence (${evidence.length}):`,
            ...evidence.map(
              (e) =>
                `    #${e.id} v${e.version} [${e.grade}] ${e.kind}: ${e.title}${e.simulated ? ' (SIMULATED)' : ''} — ${e.via}\n` +
                `      sha256 ${e.sha256}\n      file ${e.path}`,
            ),
          ];
          if (shipment.review)
            lines.push(`  review: ${shipment.review.reason} ${JSON.stringify(shipment.review.differences)}`);
          for (const r of result?.renumbered ?? [])
            lines.push(`  number ${r.to} given to shipment ${r.id}: it never changes`);
          process.stdout.write(`${lines.join('\n')}\n`);
        });
      },
    );
}

async function propose(
  store: import('../store/types.js').Store,
  db: Parameters<Parameters<typeof withLedger>[1]>[0]['db'],
  opts: Record<string, string | boolean | undefined>,
): Promise<void> {
  const { DEFAULT_SHIPMENT_PARAMS } = await import('../shipments/params.js');
  const params = { ...DEFAULT_SHIPMENT_PARAMS };
  const list = (v: unknown) =>
    String(v)
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  if (opts.origins) params.originAreaIds = list(opts.origins);
  if (opts.destinations) params.destinationAreaIds = list(opts.destinations);
  if (opts.maxTransitDays !== undefined) {
    const d = Number(opts.maxTransitDays);
    if (!(d > 0))
      throw new CliError(`--max-transit-days: "${opts.maxTransitDays}" is not a positive number`, EXIT.usage);
    params.maxTransitMs = d * 86_400_000;
  }
  const { BUNDLED_AREAS, mergeAreas } = await import('../areas/index.js');
  const { loadUserAreas } = await import('../areas/store.js');
  // The user's areas count as they do for `tallyman detect`: added ones and overrides by id.
  const areas = mergeAreas(BUNDLED_AREAS, await loadUserAreas(db));
  const known = new Set(areas.map((a) => a.id));
  for (const id of [...params.originAreaIds, ...params.destinationAreaIds])
    if (!known.has(id))
      throw new CliError(`unknown area "${id}" (known: ${[...known].join(', ')})`, EXIT.usage);
  const { currentEvents, readTracks } = await import('../events/detect-store.js');
  const { loadSurface } = await import('../geodata/surface.js');
  const { addLegs, proposeShipments } = await import('../shipments/propose.js');
  const s = await import('../shipments/store.js');
  const t0 = Date.now();
  // the events `detect` stored, with its parameters; detection again only where they are stale
  const current = await currentEvents(store, { areas, land: loadSurface });
  if (current.redetected !== null)
    process.stderr.write(
      `events were stale (${current.redetected}): detected again as run ${current.run.id} with the '${current.params.name}' parameters\n`,
    );
  const events = current.events;
  const names = new Map((await store.listVessels()).map((v) => [v.mmsi, v.name]));
  const proposals = proposeShipments({
    events,
    areas,
    sightings: await s.listSightings(db),
    containers: await s.listContainerObservations(db),
    params,
    eventParams: current.params,
  });
  // the legs follow the proposed vessels' fixes: only their tracks are read
  const { tracks } = await readTracks(store, {
    fromMs: null,
    toMs: null,
    mmsis: new Set(proposals.map((pr) => pr.mmsi)),
  });
  addLegs(proposals, tracks, current.params);
  const sum = await s.saveDetection(
    db,
    proposals,
    names,
    params,
    actorFrom(opts.by as string | undefined),
    Date.now(),
  );
  process.stderr.write(
    `events of detection run ${current.run.id} (${current.params.name}): ${events.length} events, ${proposals.length} shipments proposed (${Date.now() - t0} ms); ` +
      `ledger: ${sum.inserted} new, ${sum.updated} updated, ${sum.flagged} flagged for review, ${sum.cleared} review flags cleared\n`,
  );
}

async function print(
  list: import('../shipments/ledger.js').Shipment[],
  format: (typeof FORMATS)[number],
  notice: string | null,
  data: { simulated: boolean; sightings: import('../shipments/types.js').Sighting[] },
): Promise<void> {
  const ex = await import('../shipments/export.js');
  if (format === 'json') return void process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
  if (format === 'csv') return void process.stdout.write(ex.shipmentsCsv(list, data));
  if (format === 'geojson')
    return void process.stdout.write(`${JSON.stringify(ex.shipmentsGeoJson(list, data))}\n`);
  if (format === 'kml') return void process.stdout.write(ex.shipmentsKml(list, data));
  const { default: Table } = await import('cli-table3');
  const { iso } = await import('../shipments/ledger.js');
  const t = new Table({
    head: [
      'id',
      'no.',
      'status',
      'vessel',
      'route',
      'depart',
      'arrive',
      'dark',
      'conf',
      'containers',
      'review',
    ],
    style: { head: [], border: [] },
  });
  const r = (x: { min: number; max: number } | null) =>
    x === null ? '' : x.min === x.max ? `${x.min}` : `${x.min}–${x.max}`;
  for (const s of list)
    t.push([
      s.id,
      s.number ?? '',
      s.status,
      `${s.vesselName ?? ''} ${s.mmsi}`,
      `${s.originAreaId}(${s.originKind[0]}) → ${s.destinationAreaId}(${s.destinationKind[0]})`,
      `${s.originKind === 'ais' ? '' : '≥ '}${iso(s.departMs)}`,
      `${s.destinationKind === 'ais' ? '' : '≤ '}${iso(s.arriveMs)}`,
      s.dark ? 'yes' : '',
      s.confidence,
      [r(s.containersLoaded), r(s.containersDischarged)].filter(Boolean).join(' / '),
      s.review ? s.review.reason : '',
    ]);
  const windows = list.some((s) => s.originKind !== 'ais' || s.destinationKind !== 'ais')
    ? '≥ / ≤: an end not seen on AIS (dark or imaged): the earliest the ship can have left, the latest it can have arrived; the voyage lies within\n'
    : '';
  process.stdout.write(`${t.toString()}\n${list.length} shipments\n${windows}${notice ? `${notice}\n` : ''}`);
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st. */
export function ordinal(n: number): string {
  const t = n % 100;
  const suffix = t >= 11 && t <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
