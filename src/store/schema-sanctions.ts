/**
 * Sanction and port-state detention records imported from OpenSanctions (migration 0006; read and
 * matched by src/evidence/sanctions.ts). One row per source entity id; a re-import replaces the row.
 */
import type { Generated } from 'kysely';

export interface SanctionRecordsTable {
  id: Generated<number>;
  /** The OpenSanctions entity id (e.g. `NK-…`, `ofac-…`): unique. */
  source_id: string;
  name: string | null;
  imo: number | null;
  mmsi: number | null;
  flag: string | null;
  /** FtM topics as JSON text, e.g. `["sanction","mare.detained"]`. */
  topics_json: string;
  /** Source datasets, `;`-joined (e.g. `us_ofac_sdn;un_1718_vessels`). */
  dataset: string | null;
  /** `sanction`, `detention` or `other`, from the topics (`src/evidence/sanctions.ts` `kindOf`). */
  kind: string;
  url: string | null;
  /** The file it came from. */
  source_file: string;
  imported_ms: number;
}
