/**
 * `tallyman shipments import`: the plan of `import.ts` written in one `ledgerTx`. Each added
 * shipment gets a revision snapshot and an audit entry (`shipment.import`, detail: the file and
 * record), as a detection, a decision or an edit does (`store.ts`); nothing stored is changed.
 */
import type { Kysely } from 'kysely';
import { appendAudit, ledgerTx } from '../audit/chain.js';
import { rowHash } from '../audit/hash.js';
import type { Database } from '../store/schema.js';
import { type ImportError, type ImportPlan, type ParsedLedger, planLedgerImport } from './import.js';
import type { ShipmentParams } from './params.js';
import { listShipments } from './store.js';

export interface LedgerImportSummary {
  format: 'csv' | 'json';
  added: Array<{ id: number; where: string; status: string; number: number | null; note: string | null }>;
  unchanged: number;
  differs: ImportPlan['differs'];
  errors: ImportError[];
  /** Confirmed records whose number here differs from the file's. */
  renumberedFromFile: Array<{ where: string; fileNumber: number; number: number | null }>;
}

export async function importLedger(
  db: Kysely<Database>,
  parsed: ParsedLedger,
  source: string,
  params: Pick<ShipmentParams, 'matchToleranceMs'>,
  actor: string,
  nowMs: number,
): Promise<LedgerImportSummary> {
  return ledgerTx(db, async (tx) => {
    const stored = await listShipments(tx);
    const plan = planLedgerImport(stored, parsed.records, params);
    const added: LedgerImportSummary['added'] = [];
    for (const { record, status, number, note } of plan.insert) {
      const s = record.shipment;
      const { id } = await tx
        .insertInto('shipments')
        .values({
          status,
          number,
          mmsi: s.mmsi,
          vessel_name: s.vesselName,
          origin_area_id: s.originAreaId,
          origin_kind: s.originKind,
          origin_start_ms: s.originStartMs,
          origin_end_ms: s.originEndMs,
          origin_event_id: s.originEventId,
          destination_area_id: s.destinationAreaId,
          destination_kind: s.destinationKind,
          destination_start_ms: s.destinationStartMs,
          destination_end_ms: s.destinationEndMs,
          destination_event_id: s.destinationEventId,
          depart_ms: s.departMs,
          arrive_ms: s.arriveMs,
          transit_ms: s.transitMs,
          dark: s.dark ? 1 : 0,
          gap_event_ids_json: JSON.stringify(s.gapEventIds),
          alternative_destinations_json: JSON.stringify(s.alternativeDestinationIds),
          supports_json: JSON.stringify(s.supports),
          confidence: s.confidence,
          draught_from_m: s.draughtFromM,
          draught_to_m: s.draughtToM,
          cargo_mass_min_t: s.cargoMassT?.min ?? null,
          cargo_mass_max_t: s.cargoMassT?.max ?? null,
          containers_loaded_min: s.containersLoaded?.min ?? null,
          containers_loaded_max: s.containersLoaded?.max ?? null,
          containers_discharged_min: s.containersDischarged?.min ?? null,
          containers_discharged_max: s.containersDischarged?.max ?? null,
          path_json: JSON.stringify(s.path),
          legs_json: JSON.stringify(s.legs),
          decided_by: status === 'proposed' ? null : s.decidedBy,
          decided_ms: status === 'proposed' ? null : s.decidedMs,
          decision_reason: status === 'proposed' ? null : s.decisionReason,
          review_json: s.review === null ? null : JSON.stringify(s.review),
          note: [s.note, note].filter(Boolean).join('; ') || null,
          detected_ms: s.detectedMs,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const after = await tx
        .selectFrom('shipments')
        .selectAll()
        .where('id', '=', Number(id))
        .executeTakeFirstOrThrow();
      const detail = `${source} ${record.where}${record.fileId !== null ? ` (id ${record.fileId} there)` : ''}`;
      await tx
        .insertInto('shipment_revisions')
        .values({
          shipment_id: Number(id),
          revision: 1,
          ts_ms: nowMs,
          actor,
          action: 'shipment.import',
          reason: detail,
          snapshot_json: JSON.stringify(after),
        })
        .execute();
      await appendAudit(
        tx,
        {
          actor,
          action: 'shipment.import',
          entity: 'shipments',
          entityId: Number(id),
          beforeSha256: null,
          afterSha256: rowHash(after),
          detail,
        },
        nowMs,
      );
      added.push({ id: Number(id), where: record.where, status, number, note });
    }
    // The plan numbered new confirmed shipments after the stored ones; no number may repeat.
    const all = await listShipments(tx);
    const seen = new Set<number>();
    for (const s of all)
      if (s.number !== null) {
        if (seen.has(s.number)) throw new Error(`import would give number ${s.number} twice`);
        seen.add(s.number);
      }
    const renumberedFromFile = plan.insert
      .filter((x) => x.record.fileNumber !== null && x.record.fileNumber !== x.number)
      .map((x) => ({ where: x.record.where, fileNumber: x.record.fileNumber as number, number: x.number }));
    return {
      format: parsed.format,
      added,
      unchanged: plan.unchanged.length,
      differs: plan.differs,
      errors: parsed.errors,
      renumberedFromFile,
    };
  });
}
