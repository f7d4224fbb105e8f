/** Which engine a Kysely instance talks to, for the few places where the SQL differs. */
import { type Kysely, PostgresAdapter } from './kysely.js';

export type Engine = 'sqlite' | 'postgres';

export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
