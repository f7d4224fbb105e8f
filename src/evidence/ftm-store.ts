/** Reads the ledger and evidence from the store and writes them as FtM entities (`ftm.ts`). */
import type { Kysely } from 'kysely';
import { BUNDLED_AREAS, mergeAreas } from '../areas/index.js';
import { loadUserAreas } from '../areas/store.js';
import { listShipments } from '../shipments/store.js';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/types.js';
import { evidenceGraphToFtm, type FtmEntity, ftmJsonLines } from './ftm.js';
import { listClaims, listEvidence } from './store.js';

export async function evidenceFtmEntities(db: Kysely<Database>, store: Store): Promise<FtmEntity[]> {
  const areas = mergeAreas(BUNDLED_AREAS, await loadUserAreas(db));
  return evidenceGraphToFtm({
    vessels: (await store.listVessels()).map((v) => ({
      mmsi: v.mmsi,
      imo: v.imo,
      name: v.name,
      callSign: v.callSign,
      flag: v.flag,
    })),
    shipments: await listShipments(db),
    evidence: await listEvidence(db, { all: true }),
    claims: await listClaims(db),
    areaNames: new Map(areas.map((a) => [a.id, a.name])),
  });
}

export async function exportEvidenceFtm(
  db: Kysely<Database>,
  store: Store,
): Promise<{ text: string; counts: string }> {
  const entities = await evidenceFtmEntities(db, store);
  const bySchema = new Map<string, number>();
  for (const e of entities) bySchema.set(e.schema, (bySchema.get(e.schema) ?? 0) + 1);
  return {
    text: ftmJsonLines(entities),
    counts: `${entities.length} FtM entities (${[...bySchema].map(([k, n]) => `${n} ${k}`).join(', ')})`,
  };
}
