/**
 * Alert delivery by webhook: an HTTP POST of the alert as JSON, signed with HMAC-SHA256 over the
 * exact body bytes (header `X-Tallyman-Signature: sha256=<hex>`, the form GitHub's webhooks use,
 * so receivers can reuse their check), retried with exponential back-off on a network error, a
 * 5xx or 429. A 4xx other than 429 is the receiver refusing the alert: not retried.
 */
import { createHmac } from 'node:crypto';
import { type BackoffPolicy, backoffDelayMs } from '../sources/backoff.js';

export const SIGNATURE_HEADER = 'x-tallyman-signature';

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface WebhookOptions {
  url: string;
  /** HMAC key; the POST is sent unsigned without one. */
  secret: string | null;
  /** Attempts in all, first included (default 6: ~0.5+1+2+4+8 s of waiting). */
  attempts?: number;
  backoff?: BackoffPolicy;
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface WebhookResult {
  ok: boolean;
  attempts: number;
  status: number | null;
  error: string | null;
}

const DEFAULT_WEBHOOK_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, factor: 2 };

export async function postWebhook(payload: unknown, o: WebhookOptions): Promise<WebhookResult> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'tallyman-watch',
  };
  if (o.secret !== null) headers[SIGNATURE_HEADER] = signBody(body, o.secret);
  const attempts = o.attempts ?? 6;
  let last: WebhookResult = { ok: false, attempts: 0, status: null, error: null };
  for (let i = 0; i < attempts; i++) {
    if (o.signal?.aborted) break;
    try {
      const res = await fetch(o.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      last = { ok: res.ok, attempts: i + 1, status: res.status, error: res.ok ? null : `HTTP ${res.status}` };
      if (res.ok) return last;
      if (res.status < 500 && res.status !== 429) return last;
    } catch (err) {
      last = { ok: false, attempts: i + 1, status: null, error: (err as Error).message };
    }
    if (i + 1 < attempts) await sleep(backoffDelayMs(i, o.backoff ?? DEFAULT_WEBHOOK_BACKOFF), o.signal);
  }
  return last;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}
