/**
 * Reconnect delays for a live feed (pure): exponential from `initialMs`, doubling up to `maxMs`,
 * with "full jitter" in the upper half (delay × [0.5, 1)) so that many clients that lost the same
 * server do not all come back in the same instant. The caller resets the attempt count after a
 * successful read.
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, factor: 2 };

/** Delay before reconnect attempt `attempt` (0 = first retry); `random` in [0, 1). */
export function backoffDelayMs(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random = Math.random(),
): number {
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt));
  return Math.round(base * (0.5 + 0.5 * random));
}
