/** The API as the browser sees it: typed fetches over the server's zod schemas (types only). */
import type { z } from 'zod';
import type * as S from '../../src/server/routes-core-schemas.js';
import type { shipmentEvidenceResponse } from '../../src/server/routes-evidence-items.js';

export type Meta = z.infer<typeof S.metaResponse>;
export type Vessel = z.infer<typeof S.vesselSchema>;
export type VesselDetail = z.infer<typeof S.vesselResponse>;
export type CompactTrack = z.infer<typeof S.compactTrackSchema>;
export type ApiEvent = z.infer<typeof S.eventSchema>;
export type EventsAnswer = z.infer<typeof S.eventsResponse>;
export type VesselsAnswer = z.infer<typeof S.vesselsResponse>;
export type AreasAnswer = z.infer<typeof S.areaFeatureCollection>;
export type ShipmentEvidence = z.infer<typeof shipmentEvidenceResponse>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { message?: string } | null;
    throw new ApiError(res.status, body?.message ?? `${res.status} ${res.statusText}`);
  }
  return (await res.json()) as T;
}

/** The CSRF token of the session (web/src/session.ts), sent on every POST in accounts mode. */
let csrfToken: string | null = null;
export const setCsrfToken = (t: string | null): void => {
  csrfToken = t;
};

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(csrfToken === null ? {} : { 'x-csrf-token': csrfToken }),
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    const b = (await res.json().catch(() => null)) as { message?: string } | null;
    throw new ApiError(res.status, b?.message ?? `${res.status} ${res.statusText}`);
  }
  return (await res.json()) as T;
}

export const query = (params: Record<string, string | number | undefined | null>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
};

/**
 * Follows a paged list (`next` → `cursor`) to its end, handing each page over as it arrives: for
 * the map's layers, which draw what has come so far.
 */
export async function eachPage<T extends { next: string | null }>(
  path: string,
  onPage: (page: T) => void,
): Promise<void> {
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: T = await getJson<T>(
      cursor === null ? path : `${path}${sep}cursor=${encodeURIComponent(cursor)}`,
    );
    onPage(page);
    cursor = page.next;
  } while (cursor !== null);
}
