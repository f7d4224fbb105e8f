/** Reads the ledger, its evidence and the fleet's sanctions from the store as FtM entities (`ftm.ts`). */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { BUNDLED_AREAS, mergeAreas } from '../areas/index.js';
import { loadUserAreas } from '../areas/store.js';
import { filePath } from '../evidence/files.js';
import { sanctionFlags } from '../evidence/sanctions-store.js';
import { type EvidenceItem, listClaims, listEvidence } from '../evidence/store.js';
import type { Database } from '../store/schema.js';
import { simulatedSources } from '../store/simulated.js';
import type { Store } from '../store/types.js';
import { evidenceGraphToFtm, type FtmEntity, ftmCounts, ftmJsonLines } from './ftm.js';
import { listShipments } from './store.js';

/**
 * SHA-1 of each stored evidence file whose bytes still hash to its SHA-256 (FtM's `contentHash`
 * is SHA-1); a missing or changed file gets none, as `verify` reports it.
 */
function sha1Of(evidenceDir: string | undefined, items: readonly EvidenceItem[]): Map<string, string> {
  const out = new Map<string, string>();
  if (evidenceDir === undefined) return out;
  for (const sha256 of new Set(items.map((e) => e.sha256))) {
    const path = filePath(evidenceDir, sha256);
    if (!existsSync(path)) continue;
    const bytes = readFileSync(path);
    if (createHash('sha256').update(bytes).digest('hex') !== sha256) continue;
    out.set(sha256, createHash('sha1').update(bytes).digest('hex'));
  }
  return out;
}

export async function ledgerFtmEntities(
  db: Kysely<Database>,
  store: Store,
  evidenceDir?: string,
): Promise<FtmEntity[]> {
  const areas = mergeAreas(BUNDLED_AREAS, await loadUserAreas(db));
  const evidence = await listEvidence(db, { all: true });
  return evidenceGraphToFtm({
    vessels: (await store.listVessels()).map((v) => ({
      mmsi: v.mmsi,
      imo: v.imo,
      name: v.name,
      callSign: v.callSign,
      flag: v.flag,
    })),
    shipments: await listShipments(db),
    evidence,
    claims: await listClaims(db),
    areas,
    sha1BySha256: sha1Of(evidenceDir, evidence),
    sanctions: await sanctionFlags(db),
    simulatedSources: await simulatedSources(db),
  });
}

export async function exportLedgerFtm(
  db: Kysely<Database>,
  store: Store,
  evidenceDir?: string,
): Promise<{ text: string; counts: string }> {
  const entities = await ledgerFtmEntities(db, store, evidenceDir);
  return { text: ftmJsonLines(entities), counts: ftmCounts(entities) };
}
