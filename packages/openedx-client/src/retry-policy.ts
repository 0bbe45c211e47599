import { retryAfterMs } from './retry-after.js';

export interface RetryPolicy {
  /** Attempts per call, the first included, before a transient failure is given up. Default 5. */
  maxAttempts: number;
  /** First backoff; doubles each attempt up to maxDelayMs. Default 500. */
  baseDelayMs: number;
  /**
   * Upper bound of any wait, Retry-After included. Default 10000: four waits stay
   * well under the event bus's claim time (EVENT_BUS_CLAIM_IDLE_MS, 60 s), so a
   * slow LMS does not make another consumer take the event over.
   */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 10_000 };

/** Statuses worth asking again: the LMS is busy or briefly broken, not saying no. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** How long to wait before attempt `attempt + 1`: the server's Retry-After when it gives one, else exponential backoff. */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfter: string | undefined, now: number): number {
  const backoff = policy.baseDelayMs * 2 ** Math.min(attempt - 1, 30);
  const asked = retryAfterMs(retryAfter, now);
  return Math.min(policy.maxDelayMs, asked ?? backoff);
}
