import { FetchRefusedError, type JsonResponse } from '@laurel/guarded-fetch';
import { LaurelError } from '@laurel/models';

/**
 * Why a platform call did not succeed:
 * - auth: the platform refused the API key (401/403); retrying cannot help.
 * - duplicate: the platform already holds this badge (Credly's 422).
 * - rejected: any other 4xx; the request itself is wrong.
 * - transient: 5xx, 408, 429, timeouts and connection failures; worth retrying.
 */
export type BadgePlatformFailure = 'auth' | 'duplicate' | 'rejected' | 'transient';

export class BadgePlatformError extends LaurelError {
  constructor(
    readonly failure: BadgePlatformFailure,
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super('BADGE_PLATFORM_FAILED', message, { failure, ...(status !== undefined ? { status } : {}) }, options);
  }

  get retryable(): boolean {
    return this.failure === 'transient';
  }
}

/** A short, printable summary of what the platform said; never the request. */
export function platformMessage(json: unknown): string | undefined {
  const pick = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map(pick).filter(Boolean).join('; ') || undefined;
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      return pick(record.message) ?? pick(record.errors) ?? pick(record.error) ?? pick(record.data) ?? pick(Object.values(record));
    }
    return undefined;
  };
  const text = pick(json);
  if (text === undefined) return undefined;
  const cleaned = text.replace(/[^\x20-\x7e]/g, ' ').trim();
  return cleaned.length > 200 ? `${cleaned.slice(0, 200)}...` : cleaned;
}

/** Turns a non-2xx answer into a BadgePlatformError. */
export function statusError(platform: string, what: string, response: JsonResponse): BadgePlatformError {
  const { status } = response;
  const said = platformMessage(response.json);
  const suffix = said ? `: ${said}` : '';
  if (status === 401 || status === 403) return new BadgePlatformError('auth', `${platform} refused the API key (HTTP ${status}) on ${what}${suffix}`, status);
  if (status === 408 || status === 429 || status >= 500) return new BadgePlatformError('transient', `${platform} answered HTTP ${status} on ${what}${suffix}`, status);
  return new BadgePlatformError('rejected', `${platform} rejected ${what} (HTTP ${status})${suffix}`, status);
}

/** Network-level failures (timeouts, refused connections) are transient; policy refusals are not. */
export function fetchError(platform: string, what: string, error: unknown): BadgePlatformError {
  if (error instanceof FetchRefusedError) {
    const transient = ['FETCH_TIMEOUT', 'FETCH_FAILED', 'FETCH_DNS_FAILED', 'FETCH_NOT_JSON'].includes(error.code);
    return new BadgePlatformError(transient ? 'transient' : 'rejected', `${platform} ${what} failed: ${error.message}`, undefined, { cause: error });
  }
  return new BadgePlatformError('transient', `${platform} ${what} failed: ${error instanceof Error ? error.message : String(error)}`, undefined, { cause: error });
}
