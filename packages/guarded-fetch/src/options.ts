import { formatPath, InvalidInputError, type ValidationIssue } from '@laurel/models';
import { z } from 'zod';
import type { LookupFunction } from './connector.js';
import type { FetchRefusedError } from './errors.js';

/** What a successful guarded fetch returns. */
export interface FetchJsonResult {
  /** The URL the document was finally read from, after redirects. */
  readonly url: string;
  readonly status: number;
  /** Response headers, names lower-cased, repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly json: unknown;
  /** Size of the body as received. */
  readonly bytes: number;
}

/**
 * How long a response may be served from the cache, in milliseconds, or
 * undefined to fall back to its Cache-Control max-age. Lets a caller honour,
 * say, a status list credential's own `ttl`.
 */
export type CacheTtl = (response: FetchJsonResult) => number | undefined;

export interface GuardedFetchCacheOptions {
  /** How many responses to keep; the least recently used goes first. */
  maxEntries: number;
  ttlMs?: CacheTtl;
  /** Upper bound on any TTL, so one header cannot pin a document for a year. Default 24 hours. */
  maxTtlMs?: number;
  /**
   * How long a 404 or 410 answer is remembered (and its error thrown again without asking), ms.
   * Default 0: asked again every time.
   */
  notFoundTtlMs?: number;
}

export interface GuardedFetchOptions {
  /** Whole exchange: DNS, connect, TLS, headers, body and every redirect. Default 5000. */
  timeoutMs?: number;
  /** Largest body accepted. Default 2 MiB. */
  maxBytes?: number;
  /** Default 3. */
  maxRedirects?: number;
  /** Allow plain http:// URLs. Default false. */
  allowHttp?: boolean;
  /** Allow 127.0.0.0/8 and ::1. Default false. */
  allowLoopback?: boolean;
  /** Allow RFC 1918, CGNAT and unique-local IPv6 addresses. Default false. */
  allowPrivate?: boolean;
  /**
   * Exact hostnames whose resolved addresses are not checked (scheme rules
   * still apply). Meant for tests and deliberate internal deployments.
   */
  allowedHosts?: readonly string[];
  /** DNS resolver with the signature of node's dns.lookup. Default dns.lookup. */
  lookup?: LookupFunction;
  /** Cache successful responses. Off by default. */
  cache?: GuardedFetchCacheOptions;
  userAgent?: string;
  /**
   * Headers every call carries, read at each call: the service passes the
   * current request's X-Request-Id, so the far side's logs can be matched with ours.
   */
  requestHeaders?: () => Readonly<Record<string, string>>;
  /** Told of every failed call (refused, unreachable, bad answer), for metrics. */
  onFailure?: (error: FetchRefusedError) => void;
}

const isFunction = (value: unknown): boolean => typeof value === 'function';

const cacheSchema = z.strictObject({
  maxEntries: z.number().int().positive(),
  ttlMs: z.custom<CacheTtl>(isFunction, 'must be a function').optional(),
  maxTtlMs: z.number().int().nonnegative().default(24 * 60 * 60 * 1000),
  notFoundTtlMs: z.number().int().nonnegative().default(0),
});

const optionsSchema = z.strictObject({
  timeoutMs: z.number().int().positive().max(10 * 60 * 1000).default(5000),
  maxBytes: z.number().int().positive().default(2 * 1024 * 1024),
  maxRedirects: z.number().int().nonnegative().max(20).default(3),
  allowHttp: z.boolean().default(false),
  allowLoopback: z.boolean().default(false),
  allowPrivate: z.boolean().default(false),
  allowedHosts: z
    .array(z.string().min(1))
    .default([])
    // Compared against URL hostnames, which are lower-case and keep IPv6 brackets off here.
    .transform((hosts) => new Set(hosts.map((host) => host.toLowerCase().replace(/^\[(.*)\]$/, '$1')))),
  lookup: z.custom<LookupFunction>(isFunction, 'must be a function').optional(),
  cache: cacheSchema.optional(),
  userAgent: z.string().min(1).default('laurel-guarded-fetch/0.1.0'),
  requestHeaders: z.custom<() => Readonly<Record<string, string>>>(isFunction, 'must be a function').optional(),
  onFailure: z.custom<(error: FetchRefusedError) => void>(isFunction, 'must be a function').optional(),
});

export type ResolvedOptions = z.output<typeof optionsSchema>;

/** Validates options and fills in defaults; throws InvalidInputError (code INVALID_INPUT). */
export function resolveOptions(options: GuardedFetchOptions = {}): ResolvedOptions {
  const parsed = optionsSchema.safeParse(options);
  if (parsed.success) return parsed.data;
  const issues: ValidationIssue[] = parsed.error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
  }));
  throw new InvalidInputError(issues, 'guarded fetch options');
}
