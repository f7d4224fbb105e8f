/** What every route handler gets: the store, the answer cache and the current dataset summary. */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/types.js';
import { AnswerCache } from './cache.js';
import { type DatasetSummary, datasetSummary, dataVersion } from './queries.js';

export interface Dataset {
  version: string;
  summary: DatasetSummary;
  simulated: boolean;
}

export interface ServerContext {
  store: Store;
  db(): Promise<Kysely<Database>>;
  cache: AnswerCache;
  /** The summary for the data as it is now (recomputed only when an ingest changed it). */
  dataset(): Promise<Dataset>;
  /** The dataset as last read, without asking the store (for headers on every answer). */
  peek(): Dataset | null;
  /** Bumped by the server's own writes (ledger decisions), so cached answers built on them expire. */
  bumpWrites(): void;
  writes(): number;
}

export function createContext(store: Store): ServerContext {
  const cache = new AnswerCache();
  let last: Dataset | null = null;
  let writes = 0;
  return {
    store,
    db: () => store.db(),
    cache,
    bumpWrites: () => {
      writes++;
    },
    writes: () => writes,
    peek: () => last,
    async dataset() {
      const db = await store.db();
      const version = await dataVersion(db);
      if (last !== null && last.version === version) return last;
      const summary = await datasetSummary(db);
      last = { version, summary, simulated: summary.simulatedSources.length > 0 };
      return last;
    },
  };
}
