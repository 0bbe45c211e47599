import { LaurelError } from '@laurel/models';

export const FETCH_ERROR_CODES = [
  'FETCH_SCHEME_NOT_ALLOWED',
  'FETCH_ADDRESS_NOT_ALLOWED',
  'FETCH_DNS_FAILED',
  'FETCH_TIMEOUT',
  'FETCH_TOO_LARGE',
  'FETCH_TOO_MANY_REDIRECTS',
  'FETCH_HTTP_STATUS',
  'FETCH_NOT_JSON',
  'FETCH_FAILED',
] as const;

export type FetchErrorCode = (typeof FETCH_ERROR_CODES)[number];

/**
 * A guarded fetch did not produce a JSON document. `code` says why in a way
 * callers can branch on; the message names the URL but never quotes the
 * response, since a hostile server chooses those bytes.
 */
export class FetchRefusedError extends LaurelError {
  declare readonly code: FetchErrorCode;
  /** The URL being fetched when it failed (after any redirects). */
  readonly url: string;
  /** The HTTP status, for FETCH_HTTP_STATUS. */
  readonly status: number | undefined;

  constructor(
    code: FetchErrorCode,
    url: string,
    message: string,
    details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(code, message, { url, ...details }, options);
    this.url = url;
    this.status = typeof details.status === 'number' ? details.status : undefined;
  }
}
