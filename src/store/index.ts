/** The store: the tables tallyman keeps, on SQLite (embedded) or PostgreSQL (team). */
export { DEFAULT_SQLITE_PATH, type OpenOptions, openStore } from './open.js';
export type { IngestStatus } from './schema.js';
export type * from './types.js';
