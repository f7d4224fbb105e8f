/**
 * The minimum role of every route, in one table. `buildApp` refuses to start when a route is
 * missing here (or listed here but not served), and test/server/accounts.test.ts walks this table:
 * in accounts mode every route must refuse anonymous requests (401) and every role below its own
 * (403), on SQLite and PostgreSQL.
 *
 * `anonymous` routes are the ones a browser needs before it has logged in. The web app's files
 * (HTML, scripts, styles, the basemap) are served to anyone too: they hold no data of the store.
 * In single-user loopback mode (no users in the store) the local user holds every role.
 */
import type { Role } from '../accounts/roles.js';

export type RouteRole = Role | 'anonymous';

export const ROUTE_ROLES: Readonly<Record<string, RouteRole>> = {
  // Accounts: the session, logging in and out, the user list.
  'GET /api/session': 'anonymous',
  'POST /api/login': 'anonymous',
  'POST /api/logout': 'viewer',
  'GET /api/users': 'admin',
  // Reading the store: every account.
  'GET /api/meta': 'viewer',
  'GET /api/openapi.json': 'viewer',
  'GET /api/docs/:name': 'viewer',
  'GET /api/search': 'viewer',
  'GET /api/vessels': 'viewer',
  'GET /api/vessels/:mmsi': 'viewer',
  'GET /api/vessels/:mmsi/track': 'viewer',
  'GET /api/tracks': 'viewer',
  'GET /api/events': 'viewer',
  'GET /api/areas': 'viewer',
  'GET /api/shipments': 'viewer',
  'GET /api/shipments/:id': 'viewer',
  'GET /api/sightings': 'viewer',
  'GET /api/evidence': 'viewer',
  'GET /api/evidence/:id/file': 'viewer',
  'GET /api/evidence/supports': 'viewer',
  'GET /api/shipments/:id/evidence': 'viewer',
  'GET /api/audit': 'viewer',
  'GET /api/alerts': 'viewer',
  'GET /api/alerts/rules': 'viewer',
  'GET /api/alerts/stream': 'viewer',
  'GET /api/estimate': 'viewer',
  'GET /api/images': 'viewer',
  'GET /api/images/:sha/file': 'viewer',
  'GET /api/images/:sha/measurements': 'viewer',
  'GET /api/export/tracks.geojson': 'viewer',
  'GET /api/export/tracks.kml': 'viewer',
  'GET /api/export/positions.csv': 'viewer',
  'GET /api/export/events.csv': 'viewer',
  'GET /api/export/shipments.csv': 'viewer',
  'GET /api/export/shipments.kml': 'viewer',
  'GET /api/export/positions.parquet': 'viewer',
  'GET /api/export/tracks.parquet': 'viewer',
  'GET /api/export/events.parquet': 'viewer',
  'GET /api/export/shipments.parquet': 'viewer',
  'GET /api/export/evidence.ftm.json': 'viewer',
  // An analyst's work: decisions on the ledger (audited under their name), measurements (stored),
  // and verify (reads every evidence file: not for every viewer to start at will).
  'POST /api/shipments/:id/decision': 'analyst',
  'POST /api/images/:sha/measure/stack': 'analyst',
  'POST /api/images/:sha/measure/ship': 'analyst',
  'POST /api/verify': 'analyst',
  // Alert rules: what watch tells the team about (audited under the analyst's name).
  'POST /api/alerts/rules': 'analyst',
  'POST /api/alerts/rules/:id': 'analyst',
  'POST /api/alerts/rules/:id/delete': 'analyst',
  // A reviewer's work: the second pair of eyes on a confirmation (four-eyes; never the confirmer's
  // own, whatever the role: the ledger refuses that with 409).
  'POST /api/shipments/:id/approve': 'reviewer',
};

export const routeKey = (r: { method: string; url: string }): string => `${r.method} ${r.url}`;

/** Throws unless every served route has its row and every row a route (so the table cannot drift). */
export function checkRoleTable(routes: readonly { method: string; url: string }[]): void {
  const served = new Set(routes.map(routeKey));
  const missing = [...served].filter((k) => !(k in ROUTE_ROLES));
  const extra = Object.keys(ROUTE_ROLES).filter((k) => !served.has(k));
  if (missing.length > 0 || extra.length > 0)
    throw new Error(
      `src/server/roles.ts does not match the routes: ${[
        ...missing.map((k) => `no role for ${k}`),
        ...extra.map((k) => `${k} is not served`),
      ].join('; ')}`,
    );
}
