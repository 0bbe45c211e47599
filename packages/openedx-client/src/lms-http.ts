import { FetchRefusedError, type GuardedFetcher, type JsonRequest, type JsonResponse } from '@laurel/guarded-fetch';
import { LmsRequestError } from './errors.js';
import { isRetryableStatus, retryDelayMs, type RetryPolicy } from './retry-policy.js';

export interface LmsHttpOptions {
  /** The LMS root, e.g. https://lms.example.org (no trailing slash needed). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  fetcher: GuardedFetcher;
  retry: RetryPolicy;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** Tokens are renewed this long before the LMS says they expire, so none expires in flight. */
const EXPIRY_MARGIN_MS = 30_000;

interface CachedToken {
  value: string;
  expiresAt: number;
}

/** Fetcher errors that are about the path to the LMS, not the request: worth retrying. */
function isTransientFetchError(error: unknown): error is FetchRefusedError {
  return error instanceof FetchRefusedError && (error.code === 'FETCH_TIMEOUT' || error.code === 'FETCH_FAILED' || error.code === 'FETCH_DNS_FAILED');
}

/**
 * GETs against the Open edX REST APIs with an OAuth 2.0 client-credentials
 * JWT (RFC 6749 §4.4; Open edX's `/oauth2/access_token` with `token_type=jwt`),
 * cached until shortly before it expires and fetched again once when the LMS
 * answers 401. 429, 5xx and connection failures are retried with exponential
 * backoff, honouring Retry-After. Only GETs are retried: reading twice is harmless.
 */
export class LmsHttp {
  private token: CachedToken | undefined;
  private pendingToken: Promise<CachedToken> | undefined;
  readonly baseUrl: string;

  constructor(private readonly options: LmsHttpOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /** GETs `path` (already encoded) and returns the 2xx JSON body; throws LmsRequestError. */
  async getJson(path: string, what: string): Promise<unknown> {
    let refreshed = false;
    for (;;) {
      const token = await this.accessToken();
      const response = await this.send({ method: 'GET', url: `${this.baseUrl}${path}`, headers: { authorization: `JWT ${token.value}` } }, what);
      if (response.status === 401 && !refreshed) {
        // Expired or revoked early: forget it and try once with a fresh one.
        refreshed = true;
        if (this.token === token) this.token = undefined;
        continue;
      }
      return this.bodyOf(response, what);
    }
  }

  private bodyOf(response: JsonResponse, what: string): unknown {
    const { status } = response;
    if (status >= 200 && status <= 299) return response.json;
    if (status === 401 || status === 403) throw new LmsRequestError('auth', `the LMS refused our credentials (HTTP ${status}) on ${what}`, status);
    if (status === 404) throw new LmsRequestError('not-found', `the LMS knows no ${what} (HTTP 404)`, status);
    if (isRetryableStatus(status)) throw new LmsRequestError('transient', `the LMS kept failing on ${what} (last HTTP ${status})`, status);
    throw new LmsRequestError('rejected', `the LMS rejected ${what} (HTTP ${status})`, status);
  }

  /** One request, retried while the answer (or its absence) is transient; returns the last answer. */
  private async send(request: JsonRequest, what: string): Promise<JsonResponse> {
    const { retry, now, sleep } = this.options;
    for (let attempt = 1; ; attempt++) {
      let response: JsonResponse;
      try {
        response = await this.options.fetcher.requestJson(request);
      } catch (error) {
        if (!isTransientFetchError(error)) throw new LmsRequestError('refused', `the fetch policy does not let us call the LMS for ${what} (check LMS_BASE_URL and FETCH_ALLOW_*): ${error instanceof Error ? error.message : String(error)}`, undefined, { cause: error });
        if (attempt >= retry.maxAttempts) throw new LmsRequestError('transient', `the LMS did not answer ${what} after ${attempt} attempts`, undefined, { cause: error });
        await sleep(retryDelayMs(retry, attempt, undefined, now()));
        continue;
      }
      if (!isRetryableStatus(response.status) || attempt >= retry.maxAttempts) return response;
      await sleep(retryDelayMs(retry, attempt, response.headers['retry-after'], now()));
    }
  }

  private async accessToken(): Promise<CachedToken> {
    if (this.token && this.token.expiresAt > this.options.now()) return this.token;
    // Concurrent calls share one token request.
    this.pendingToken ??= this.requestToken().finally(() => {
      this.pendingToken = undefined;
    });
    this.token = await this.pendingToken;
    return this.token;
  }

  private async requestToken(): Promise<CachedToken> {
    const { clientId, clientSecret, now } = this.options;
    const what = 'the access token request';
    const response = await this.send(
      {
        method: 'POST',
        url: `${this.baseUrl}/oauth2/access_token`,
        form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, token_type: 'jwt' },
      },
      what,
    );
    if (response.status === 400 || response.status === 401) {
      throw new LmsRequestError('auth', `the LMS refused the client credentials of LMS_CLIENT_ID (HTTP ${response.status})`, response.status);
    }
    const body = this.bodyOf(response, what) as { access_token?: unknown; expires_in?: unknown } | undefined;
    const value = body?.access_token;
    if (typeof value !== 'string' || value.length === 0) throw new LmsRequestError('rejected', 'the LMS token answer has no access_token');
    const lifetime = typeof body?.expires_in === 'number' && body.expires_in > 0 ? body.expires_in * 1000 : 0;
    return { value, expiresAt: now() + Math.max(0, lifetime - EXPIRY_MARGIN_MS) };
  }
}
