/**
 * Which ingested inputs were simulated. The scenario writer puts "simulated" in every file name it
 * writes (and in every station id), so the ingest runs' source names are enough to tell; every
 * table or page built from such a store says so.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export async function simulatedSources(db: Kysely<Database>): Promise<string[]> {
  const runs = await db.selectFrom('ingest_runs').select('source_name').execute();
  return [...new Set(runs.map((r) => r.source_name).filter((name) => /simulated/i.test(name)))].sort();
}

/**
 * Whether the store holds simulated inputs, asked again only until it does (an input, once
 * stored, stays): for a long-running process that stamps what it publishes.
 */
export function simulatedStore(db: () => Promise<Kysely<Database>>): () => Promise<boolean> {
  let simulated = false;
  return async () => {
    simulated ||= (await simulatedSources(await db())).length > 0;
    return simulated;
  };
}

/** The line printed under a table from a store holding simulated inputs, or null. */
export function simulatedNotice(sources: readonly string[]): string | null {
  if (sources.length === 0) return null;
  const names = sources.map((s) => s.split('/').pop()).join(', ');
  return `SIMULATED: this store holds simulated inputs (${names}); what is listed here is built from them.`;
}
