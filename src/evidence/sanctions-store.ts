/**
 * OpenSanctions records in the store (`sanction_records`, migration 0006) and the fleet's flags.
 * `sanctionFlags(db)` is what a vessel page needs: MMSI → the sanctions and detentions matched.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../store/schema.js';
import {
  type FleetVessel,
  matchSanctions,
  type SanctionKind,
  type SanctionMatch,
  type SanctionRecord,
  type VesselSanctions,
} from './sanctions.js';

/** Adds new records and replaces those whose source id is already stored (a newer list). */
export async function storeSanctionRecords(
  db: Kysely<Database>,
  records: readonly SanctionRecord[],
  sourceFile: string,
  nowMs: number,
): Promise<{ added: number; replaced: number }> {
  return db.transaction().execute(async (tx) => {
    let added = 0;
    let replaced = 0;
    for (const r of records) {
      const row = {
        source_id: r.sourceId,
        name: r.name,
        imo: r.imo,
        mmsi: r.mmsi,
        flag: r.flag,
        topics_json: JSON.stringify(r.topics),
        dataset: r.datasets.length > 0 ? r.datasets.join(';') : null,
        kind: r.kind,
        url: r.url,
        source_file: sourceFile,
        imported_ms: nowMs,
      };
      const old = await tx
        .selectFrom('sanction_records')
        .select('id')
        .where('source_id', '=', r.sourceId)
        .executeTakeFirst();
      if (old) {
        await tx.updateTable('sanction_records').set(row).where('id', '=', old.id).execute();
        replaced++;
      } else {
        await tx.insertInto('sanction_records').values(row).execute();
        added++;
      }
    }
    return { added, replaced };
  });
}

type SanctionRow = Selectable<Database['sanction_records']>;

const recordOf = (r: SanctionRow): SanctionRecord => ({
  sourceId: r.source_id,
  name: r.name,
  imo: r.imo === null ? null : Number(r.imo),
  mmsi: r.mmsi === null ? null : Number(r.mmsi),
  flag: r.flag,
  topics: JSON.parse(r.topics_json) as string[],
  datasets: r.dataset ? r.dataset.split(';') : [],
  kind: r.kind as SanctionKind,
  url: r.url,
});

export async function listSanctionRecords(db: Kysely<Database>): Promise<SanctionRecord[]> {
  const rows = await db.selectFrom('sanction_records').selectAll().orderBy('source_id').execute();
  return rows.map(recordOf);
}

/** The fleet: every stored vessel (AIS identity) and every vessel of a ledger shipment. */
export async function fleetVessels(db: Kysely<Database>): Promise<FleetVessel[]> {
  const vessels = await db.selectFrom('vessels').select(['mmsi', 'imo', 'name']).execute();
  const out = new Map<number, FleetVessel>();
  for (const v of vessels)
    out.set(Number(v.mmsi), {
      mmsi: Number(v.mmsi),
      imo: v.imo === null ? null : Number(v.imo),
      name: v.name,
    });
  const ships = await db.selectFrom('shipments').select(['mmsi', 'vessel_name']).execute();
  for (const s of ships)
    if (!out.has(Number(s.mmsi)))
      out.set(Number(s.mmsi), { mmsi: Number(s.mmsi), imo: null, name: s.vessel_name });
  return [...out.values()].sort((a, b) => a.mmsi - b.mmsi);
}

export async function fleetSanctions(db: Kysely<Database>): Promise<VesselSanctions[]> {
  return matchSanctions(await fleetVessels(db), await listSanctionRecords(db));
}

/** MMSI → sanctions and detentions matched, for the fleet vessels with any. */
export async function sanctionFlags(
  db: Kysely<Database>,
): Promise<Map<number, { sanctions: SanctionMatch[]; detentions: SanctionMatch[] }>> {
  return new Map(
    (await fleetSanctions(db)).map((v) => [
      v.vessel.mmsi,
      { sanctions: v.sanctions, detentions: v.detentions },
    ]),
  );
}

/**
 * One vessel's matches, for a vessel page: reads only the records that share its IMO or MMSI
 * (rather than matching the whole fleet), with the number of records imported so the page can
 * tell "none matched" from "no list imported".
 */
export async function vesselSanctions(
  db: Kysely<Database>,
  mmsi: number,
): Promise<{ recordsImported: number; sanctions: SanctionMatch[]; detentions: SanctionMatch[] }> {
  const row = await db
    .selectFrom('vessels')
    .select(['imo', 'name'])
    .where('mmsi', '=', mmsi)
    .executeTakeFirst();
  const vessel: FleetVessel = {
    mmsi,
    imo: row?.imo === null || row?.imo === undefined ? null : Number(row.imo),
    name: row?.name ?? null,
  };
  const rows = await db
    .selectFrom('sanction_records')
    .selectAll()
    .where((eb) =>
      vessel.imo === null
        ? eb('mmsi', '=', mmsi)
        : eb.or([eb('mmsi', '=', mmsi), eb('imo', '=', vessel.imo)]),
    )
    .orderBy('source_id')
    .execute();
  const count = await db
    .selectFrom('sanction_records')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  const [found] = matchSanctions([vessel], rows.map(recordOf));
  return {
    recordsImported: Number(count?.n ?? 0),
    sanctions: found?.sanctions ?? [],
    detentions: found?.detentions ?? [],
  };
}
