/**
 * A vessel named on the command line by MMSI, IMO, call sign or name (current or former), as the
 * workbench's search box takes it. An ambiguous name is a usage error (exit 2) that lists the
 * candidates; a name nothing matches is "not found" (exit 4). A bare number no vessel has is taken
 * as an MMSI, as before, so `--vessel 273…` of a vessel not yet in the store still filters.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { CliError, EXIT } from './exit-codes.js';

export async function resolveVesselArg(db: Kysely<Database>, text: string, what: string): Promise<number> {
  const { resolveVessel } = await import('../search/search.js');
  const { vesselCandidates } = await import('../search/search-store.js');
  const r = resolveVessel(text, await vesselCandidates(db));
  if (r.ok) {
    if (r.matched !== 'mmsi') process.stderr.write(`${what} "${text}": ${r.label} (by ${r.matched})\n`);
    return r.mmsi;
  }
  const n = Number(text.trim());
  if (r.reason === 'not-found' && /^\d{1,9}$/.test(text.trim()) && n >= 1) return n;
  if (r.reason === 'not-found') throw new CliError(`${what}: ${r.message}`, EXIT.notFound);
  const list = r.candidates
    .slice(0, 20)
    .map((c) => `  ${c.kind === 'vessel' ? c.mmsi : ''}  ${c.label} (by ${c.matched})`)
    .join('\n');
  const more = r.candidates.length > 20 ? `\n  … and ${r.candidates.length - 20} more` : '';
  throw new CliError(`${what}: ${r.message}:\n${list}${more}`, EXIT.usage);
}
