import net from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { classifyAddress, isCategoryAllowed } from './address-policy.js';
import { deepFreeze } from '@laurel/models';
import { ResponseCache, ttlFromHeaders } from './cache.js';
import { AddressRefusal, DnsFailure, createGuardedConnector, systemLookup } from './connector.js';
import { FetchRefusedError } from './errors.js';
import { resolveOptions, type FetchJsonResult, type GuardedFetchOptions, type ResolvedOptions } from './options.js';
import { traceHeaders, traced } from './tracing.js';

export interface FetchJsonInit {
  /** Accept header; the default asks for JSON and JSON-LD. */
  accept?: string;
  /**
   * The document as the cache holds it, deeply frozen and shared with every
   * other reader, instead of a copy of one's own: for hot read-only paths
   * (status lists), where copying cost more than reading.
   */
  shared?: boolean;
  /**
   * Headers for this call only, that do not change the answer: the id of the
   * request it is made for (X-Request-Id), so the far side's logs can be
   * matched with ours. Not part of the cache key; a cached answer is not fetched.
   */
  requestHeaders?: Readonly<Record<string, string>>;
}

/** An API call: any method, JSON body, caller's headers. Redirects are not followed. */
export interface JsonRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: URL | string;
  /** Extra request headers (e.g. authorization). Never echoed in errors. */
  headers?: Readonly<Record<string, string>>;
  /** Serialized as JSON with content-type application/json. */
  body?: unknown;
  /** Sent as application/x-www-form-urlencoded instead of `body` (OAuth 2.0 token requests, RFC 6749 §4.4.2). */
  form?: Readonly<Record<string, string>>;
}

/** A call with raw bytes both ways (an object store's PUT, GET, DELETE). Redirects are not followed. */
export interface BytesRequest {
  method: 'GET' | 'PUT' | 'POST' | 'HEAD' | 'DELETE';
  url: URL | string;
  /** Sent as given (signatures cover them): names lower-cased, values untouched. */
  headers?: Readonly<Record<string, string>>;
  body?: Uint8Array;
}

/** The answer to fetchBytes, whatever its status. */
export interface BytesResponse {
  /** The URL the answer finally came from, after redirects. */
  readonly url: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body of a 2xx answer; empty for any other status. */
  readonly body: Buffer;
}

/** The answer to a JsonRequest, whatever its status. */
export interface JsonResponse {
  readonly url: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed body; undefined when it was empty or (for a non-2xx status) not JSON. */
  readonly json: unknown;
  readonly bytes: number;
}

/** The fetcher as a plain function: JSON for a URL, with the headers of the request it is made for. */
export type JsonFetcher = (url: URL, init?: Pick<FetchJsonInit, 'requestHeaders'>) => Promise<unknown>;

export interface GuardedFetcher {
  /**
   * Sends one request under the same policy (scheme, address checks, timeout,
   * size cap) and resolves with any HTTP status, so API clients can branch on
   * 401 or 422. A 2xx body that is not JSON is FETCH_NOT_JSON. Rejects with
   * FetchRefusedError for everything that is not an HTTP answer.
   */
  requestJson(request: JsonRequest): Promise<JsonResponse>;
  /** Fetches a URL under the fetcher's policy and parses the body as JSON. Rejects with FetchRefusedError. */
  fetchJson(url: URL | string, init?: FetchJsonInit): Promise<FetchJsonResult>;
  /**
   * Fetches any document (a badge image, a PDF, a page) under the same policy,
   * following redirects, and resolves with whatever status the final answer
   * has; the body is read (size-capped) only for a 2xx answer.
   */
  fetchBytes(url: URL | string, init?: FetchJsonInit): Promise<BytesResponse>;
  /**
   * Sends one request with a binary body (or none) under the same policy, and
   * resolves with any HTTP status and the body (size-capped) whatever the
   * status, so an object store's XML error can be read. Rejects with
   * FetchRefusedError for everything that is not an HTTP answer.
   */
  requestBytes(request: BytesRequest): Promise<BytesResponse>;
  /** The fetcher as the `(url) => Promise<json>` function @laurel/contexts and the verifier take. */
  asJsonFetcher(init?: Pick<FetchJsonInit, 'shared'>): JsonFetcher;
  /** Closes pooled connections; again is a no-op. The fetcher cannot be used afterwards. */
  close(): Promise<void>;
}

const DEFAULT_ACCEPT = 'application/ld+json, application/json, application/vc+ld+json;q=0.9, */*;q=0.1';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Being lenient about the label (static hosts often say text/plain or
// octet-stream for .json files) costs nothing: the body is parsed strictly anyway.
const LENIENT_TYPES = new Set(['', 'text/plain', 'application/octet-stream']);
// undici's own per-phase timers are set to the same limit and may fire first.
const UNDICI_TIMEOUTS = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const JSON_TYPE = /^[a-z0-9!#$&^_.+-]+\/(?:[a-z0-9!#$&^_.+-]+\+)?json$/;

function headerValue(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** A header value fit to repeat in an error message; anything odd is not echoed. */
function printable(value: string): string {
  return /^[\w.+\-/]{1,100}$/.test(value) ? value : 'an unexpected value';
}

function findCause<T>(error: unknown, type: abstract new (...args: never[]) => T): T | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 10; current = current.cause, depth++) {
    if (current instanceof type) return current;
  }
  return undefined;
}

/** Drops a body we will not read, closing its connection rather than draining it. */
function discard(body: Dispatcher.ResponseData['body']): void {
  // undici reports the abort as an 'error' event; nobody is listening for it any more.
  body.on('error', () => {});
  body.destroy();
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 200 ? `${message.slice(0, 200)}...` : message;
}

class Exchange {
  timedOut = false;
  readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  constructor(timeoutMs: number) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, timeoutMs);
  }

  finish(): void {
    clearTimeout(this.timer);
  }
}

class Fetcher implements GuardedFetcher {
  private readonly agent: Agent;
  private closing: Promise<void> | undefined;
  private readonly cache: ResponseCache | undefined;
  /** 404/410 answers remembered for notFoundTtlMs: cache key → the error and when it stops counting. */
  private readonly notFound = new Map<string, { error: FetchRefusedError; until: number }>();

  constructor(private readonly options: ResolvedOptions) {
    this.agent = new Agent({
      connect: createGuardedConnector({
        policy: options,
        allowedHosts: options.allowedHosts,
        lookup: options.lookup ?? systemLookup,
        timeoutMs: options.timeoutMs,
      }),
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    this.cache = options.cache ? new ResponseCache(options.cache.maxEntries) : undefined;
  }

  async fetchJson(input: URL | string, init: FetchJsonInit = {}): Promise<FetchJsonResult> {
    let url: URL;
    try {
      url = new URL(input);
    } catch (cause) {
      throw new FetchRefusedError('FETCH_FAILED', String(input), `Cannot fetch ${String(input)}: not a valid URL`, {}, { cause });
    }
    const accept = init.accept ?? DEFAULT_ACCEPT;
    const cacheKey = `${accept}\u0000${url.href}`;
    const asShared = init.shared ?? false;
    const cached = this.cache?.get(cacheKey, asShared);
    if (cached) return cached;
    const gone = this.notFound.get(cacheKey);
    if (gone && gone.until > Date.now()) throw gone.error;
    this.notFound.delete(cacheKey);

    const stale = this.cache?.stale(cacheKey);
    const result = await this.fetchUncached(url, accept, stale, init.requestHeaders).catch((error: unknown) => {
      this.rememberNotFound(cacheKey, error);
      throw error;
    });
    if (this.cache && this.options.cache) {
      const chosen = this.options.cache.ttlMs?.(result);
      const ttl = chosen !== undefined ? chosen : ttlFromHeaders(result.headers);
      const stored = this.cache.set(cacheKey, result, Math.min(ttl, this.options.cache.maxTtlMs));
      if (asShared && stored) return stored;
    }
    return asShared ? deepFreeze(result) : result;
  }

  private rememberNotFound(cacheKey: string, error: unknown): void {
    const ttlMs = this.options.cache?.notFoundTtlMs ?? 0;
    if (ttlMs <= 0 || !(error instanceof FetchRefusedError) || error.code !== 'FETCH_HTTP_STATUS' || (error.status !== 404 && error.status !== 410)) return;
    this.notFound.set(cacheKey, { error, until: Date.now() + ttlMs });
    // Bounded like the response cache: the oldest goes first.
    while (this.notFound.size > (this.options.cache?.maxEntries ?? 0)) {
      const oldest = this.notFound.keys().next();
      if (oldest.done) break;
      this.notFound.delete(oldest.value);
    }
  }

  async requestJson(request: JsonRequest): Promise<JsonResponse> {
    const url = URL.canParse(String(request.url)) ? new URL(request.url) : undefined;
    return url ? traced(request.method, url, () => this.requestJsonUntraced(request)) : this.requestJsonUntraced(request);
  }

  private async requestJsonUntraced(request: JsonRequest): Promise<JsonResponse> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch (cause) {
      throw new FetchRefusedError('FETCH_FAILED', String(request.url), `Cannot fetch ${String(request.url)}: not a valid URL`, {}, { cause });
    }
    const exchange = new Exchange(this.options.timeoutMs);
    try {
      this.checkTarget(url);
      const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.options.userAgent, ...this.options.requestHeaders?.(), ...traceHeaders() };
      for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
      let body: string | undefined;
      if (request.form !== undefined) {
        body = new URLSearchParams(request.form).toString();
        headers['content-type'] = 'application/x-www-form-urlencoded';
      } else if (request.body !== undefined) {
        body = JSON.stringify(request.body);
        headers['content-type'] = 'application/json';
      }
      const response = await this.agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers,
        body,
        signal: exchange.controller.signal,
      });
      const { statusCode: status } = response;
      const responseHeaders = flattenHeaders(response.headers);
      const raw = await this.readBody(url, response.body, responseHeaders);
      let json: unknown;
      if (raw.length > 0) {
        try {
          json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
        } catch (cause) {
          if (status >= 200 && status <= 299) {
            throw new FetchRefusedError('FETCH_NOT_JSON', url.href, `${url.href} did not answer with valid JSON`, {}, { cause });
          }
        }
      }
      return { url: url.href, status, headers: responseHeaders, json, bytes: raw.length };
    } catch (error) {
      throw this.failed(this.toFetchError(error, url, exchange.timedOut));
    } finally {
      exchange.finish();
    }
  }

  async requestBytes(request: BytesRequest): Promise<BytesResponse> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch (cause) {
      throw new FetchRefusedError('FETCH_FAILED', String(request.url), `Cannot fetch ${String(request.url)}: not a valid URL`, {}, { cause });
    }
    return traced(request.method, url, async () => {
      const exchange = new Exchange(this.options.timeoutMs);
      try {
        this.checkTarget(url);
        const headers: Record<string, string> = { 'user-agent': this.options.userAgent, ...this.options.requestHeaders?.(), ...traceHeaders() };
        for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
        const response = await this.agent.request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: request.method,
          headers,
          body: request.body === undefined ? undefined : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength),
          signal: exchange.controller.signal,
        });
        const responseHeaders = flattenHeaders(response.headers);
        const body = request.method === 'HEAD' ? Buffer.alloc(0) : await this.readBody(url, response.body, responseHeaders);
        if (request.method === 'HEAD') discard(response.body);
        return { url: url.href, status: response.statusCode, headers: responseHeaders, body };
      } catch (error) {
        throw this.failed(this.toFetchError(error, url, exchange.timedOut));
      } finally {
        exchange.finish();
      }
    });
  }

  asJsonFetcher(init: Pick<FetchJsonInit, 'shared'> = {}): JsonFetcher {
    return async (url, perCall) => (await this.fetchJson(url, perCall?.requestHeaders ? { ...init, requestHeaders: perCall.requestHeaders } : init)).json;
  }

  /** Closes the connection pool; closing again is a no-op (shutdown paths often overlap). */
  close(): Promise<void> {
    this.closing ??= this.agent.close().then(() => undefined);
    return this.closing;
  }

  async fetchBytes(input: URL | string, init: FetchJsonInit = {}): Promise<BytesResponse> {
    let url: URL;
    try {
      url = new URL(input);
    } catch (cause) {
      throw new FetchRefusedError('FETCH_FAILED', String(input), `Cannot fetch ${String(input)}: not a valid URL`, {}, { cause });
    }
    return this.follow(url, init.accept ?? '*/*', async (final, response) => {
      const headers = flattenHeaders(response.headers);
      const { statusCode: status } = response;
      // An error answer's body is the server's to choose and nobody reads it: do not download it.
      if (status < 200 || status > 299) {
        discard(response.body);
        return { url: final.href, status, headers, body: Buffer.alloc(0) };
      }
      return { url: final.href, status, headers, body: await this.readBody(final, response.body, headers) };
    }, init.requestHeaders);
  }

  /**
   * A GET, or with a stale cached copy a conditional one: 304 Not Modified
   * renews the copy (with the 304's caching headers) without a download.
   */
  private fetchUncached(start: URL, accept: string, stale: FetchJsonResult | undefined, requestHeaders: Readonly<Record<string, string>> = {}): Promise<FetchJsonResult> {
    const etag = stale?.headers.etag;
    return this.follow(start, accept, async (url, response) => {
      if (stale && response.statusCode === 304) {
        discard(response.body);
        return { ...stale, headers: { ...stale.headers, ...flattenHeaders(response.headers) } };
      }
      return this.readJson(url, response);
    }, etag ? { ...requestHeaders, 'if-none-match': etag } : requestHeaders);
  }

  /** GET with the policy checked on every hop, redirects followed up to the limit; `read` takes the final answer. */
  private follow<T>(start: URL, accept: string, read: (url: URL, response: Dispatcher.ResponseData) => Promise<T>, extraHeaders: Readonly<Record<string, string>> = {}): Promise<T> {
    return traced('GET', start, () => this.followUntraced(start, accept, read, extraHeaders));
  }

  private async followUntraced<T>(
    start: URL,
    accept: string,
    read: (url: URL, response: Dispatcher.ResponseData) => Promise<T>,
    extraHeaders: Readonly<Record<string, string>>,
  ): Promise<T> {
    const exchange = new Exchange(this.options.timeoutMs);
    let url = start;
    try {
      for (let redirects = 0; ; redirects++) {
        this.checkTarget(url);
        const response = await this.agent.request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: 'GET',
          headers: { accept, 'user-agent': this.options.userAgent, ...this.options.requestHeaders?.(), ...traceHeaders(), ...extraHeaders },
          signal: exchange.controller.signal,
        });
        if (REDIRECT_STATUSES.has(response.statusCode)) {
          discard(response.body);
          const location = headerValue(response.headers, 'location');
          if (location === undefined) {
            throw new FetchRefusedError('FETCH_HTTP_STATUS', url.href, `${url.href} answered ${response.statusCode} without a Location`, {
              status: response.statusCode,
            });
          }
          if (redirects >= this.options.maxRedirects) {
            throw new FetchRefusedError(
              'FETCH_TOO_MANY_REDIRECTS',
              url.href,
              `${start.href} redirected more than ${this.options.maxRedirects} times`,
              { maxRedirects: this.options.maxRedirects },
            );
          }
          try {
            url = new URL(location, url);
          } catch (cause) {
            throw new FetchRefusedError('FETCH_FAILED', url.href, `${url.href} redirected to an invalid URL`, {}, { cause });
          }
          continue;
        }
        return await read(url, response);
      }
    } catch (error) {
      throw this.failed(this.toFetchError(error, url, exchange.timedOut));
    } finally {
      exchange.finish();
    }
  }

  /** Refusals that need no DNS: the scheme, and IP literals in the URL itself. */
  private checkTarget(url: URL): void {
    const schemeAllowed = url.protocol === 'https:' || (url.protocol === 'http:' && this.options.allowHttp);
    if (!schemeAllowed) {
      const allowed = this.options.allowHttp ? 'https or http' : 'https';
      throw new FetchRefusedError(
        'FETCH_SCHEME_NOT_ALLOWED',
        url.href,
        `Refused to fetch ${url.href}: only ${allowed} URLs may be fetched`,
        { scheme: url.protocol.slice(0, -1) },
      );
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (net.isIP(host) && !this.options.allowedHosts.has(host)) {
      const category = classifyAddress(host);
      if (!isCategoryAllowed(category, this.options)) throw this.addressRefused(url, host, category);
    }
  }

  private addressRefused(url: URL, address: string, category: string): FetchRefusedError {
    return new FetchRefusedError(
      'FETCH_ADDRESS_NOT_ALLOWED',
      url.href,
      `Refused to fetch ${url.href}: ${address} is a ${category} address`,
      { address, category },
    );
  }

  private async readJson(url: URL, response: Dispatcher.ResponseData): Promise<FetchJsonResult> {
    const { statusCode: status, body } = response;
    const headers = flattenHeaders(response.headers);
    if (status < 200 || status > 299) {
      discard(body);
      throw new FetchRefusedError('FETCH_HTTP_STATUS', url.href, `${url.href} answered with HTTP status ${status}`, { status });
    }
    const mediaType = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!LENIENT_TYPES.has(mediaType) && !JSON_TYPE.test(mediaType)) {
      discard(body);
      throw new FetchRefusedError(
        'FETCH_NOT_JSON',
        url.href,
        `${url.href} answered with content type ${printable(mediaType)}, not JSON`,
        { contentType: printable(mediaType) },
      );
    }
    const raw = await this.readBody(url, body, headers);
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
    } catch (cause) {
      throw new FetchRefusedError('FETCH_NOT_JSON', url.href, `${url.href} did not answer with valid JSON`, {}, { cause });
    }
    return { url: url.href, status, headers, json, bytes: raw.length };
  }

  /** Reads a whole body, refusing (and closing) one larger than maxBytes. */
  private async readBody(url: URL, body: Dispatcher.ResponseData['body'], headers: Record<string, string>): Promise<Buffer> {
    const maxBytes = this.options.maxBytes;
    const declared = headers['content-length'];
    if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
      discard(body);
      throw this.tooLarge(url, `declares ${declared} bytes`);
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      // Stop reading at once: leaving the loop destroys the stream and its connection.
      if (bytes > maxBytes) throw this.tooLarge(url, `sent more than ${maxBytes} bytes`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, bytes);
  }

  private tooLarge(url: URL, what: string): FetchRefusedError {
    return new FetchRefusedError(
      'FETCH_TOO_LARGE',
      url.href,
      `${url.href} ${what}; at most ${this.options.maxBytes} are accepted`,
      { maxBytes: this.options.maxBytes },
    );
  }

  /** Tells onFailure (metrics) of the failure; an observer's own error never replaces it. */
  private failed(error: FetchRefusedError): FetchRefusedError {
    try {
      this.options.onFailure?.(error);
    } catch {
      // The call's failure is what the caller must see.
    }
    return error;
  }

  private toFetchError(error: unknown, url: URL, timedOut: boolean): FetchRefusedError {
    if (error instanceof FetchRefusedError) return error;
    const code = (error as { code?: unknown } | null)?.code;
    if (timedOut || (typeof code === 'string' && UNDICI_TIMEOUTS.has(code))) {
      return new FetchRefusedError(
        'FETCH_TIMEOUT',
        url.href,
        `Fetching ${url.href} took longer than ${this.options.timeoutMs} ms`,
        { timeoutMs: this.options.timeoutMs },
        { cause: error },
      );
    }
    const refusal = findCause(error, AddressRefusal);
    if (refusal) {
      return new FetchRefusedError(
        'FETCH_ADDRESS_NOT_ALLOWED',
        url.href,
        `Refused to fetch ${url.href}: ${refusal.hostname} resolves to ${refusal.address}, a ${refusal.category} address`,
        { hostname: refusal.hostname, address: refusal.address, category: refusal.category },
        { cause: error },
      );
    }
    const dnsFailure = findCause(error, DnsFailure);
    if (dnsFailure) {
      return new FetchRefusedError(
        'FETCH_DNS_FAILED',
        url.href,
        `Cannot fetch ${url.href}: the name ${dnsFailure.hostname} did not resolve`,
        { hostname: dnsFailure.hostname },
        { cause: error },
      );
    }
    return new FetchRefusedError('FETCH_FAILED', url.href, `Could not fetch ${url.href}: ${describe(error)}`, {}, { cause: error });
  }
}

/**
 * A JSON fetcher for documents named by credentials: status lists and did:web
 * documents on hosts Laurel does not control. By default it fetches https only,
 * refuses every non-public address (checked after DNS, on the address actually
 * dialled), follows at most 3 redirects, and gives up after 5 s or 2 MiB.
 */
export function createGuardedFetcher(options: GuardedFetchOptions = {}): GuardedFetcher {
  return new Fetcher(resolveOptions(options));
}
