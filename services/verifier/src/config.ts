import { z } from 'zod';
import { envFlag, fetchEnvShape } from '@laurel/guarded-fetch';
import { cryptoPoolEnvShape, metricsEnvShape, processCountSchema, rateLimitEnvShape } from '@laurel/http-kit';
import { withPublicUrlDefaults } from '@laurel/issuance';

/** One DCC issuer registry: a name people read ("DCC Community Registry") and a file or an https URL. */
const registrySourceSchema = z.union([
  z.strictObject({ name: z.string().min(1), file: z.string().min(1) }),
  z.strictObject({ name: z.string().min(1), url: z.url() }),
]);

const jsonText = z.string().transform((text, context) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    context.addIssue({ code: 'custom', message: 'must be JSON' });
    return z.NEVER;
  }
});

/**
 * Every setting of the verifier service, from environment variables, parsed
 * once. Defaults run out of the box on a developer machine.
 */
export const verifierConfigSchema = z.object({
  /** Port the verifier listens on. */
  VERIFIER_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** Address to listen on: unset listens on every interface; 127.0.0.1 (or ::1) only from this machine. */
  VERIFIER_HOST: z.string().trim().min(1).optional(),
  /** Public base URL (behind a proxy, the https URL people see); unset, http://localhost:VERIFIER_PORT. */
  VERIFIER_PUBLIC_URL: z.url().default('http://localhost:3001'),
  /** At start, GET VERIFIER_PUBLIC_URL/health and warn when it does not answer as this verifier. */
  VERIFIER_PUBLIC_URL_CHECK: envFlag.default(true),
  /** The issuer's public URL (its status lists are served here); unset, http://localhost:ISSUER_PORT. */
  ISSUER_PUBLIC_URL: z.url().default('http://localhost:3000'),
  /**
   * The issuer's database, opened read-only: the verifier never migrates or writes (start the
   * issuer first). On MySQL it needs only SELECT (docs/operators.md lists the grants).
   */
  DATABASE_URL: z.string().min(1).default('sqlite:data/laurel.db'),
  /** How long start-up keeps trying (ms) while the database does not answer; 0: fail at once. */
  DATABASE_WAIT_MS: z.coerce.number().int().min(0).default(60_000),
  /** Largest request body accepted, in bytes. */
  VERIFIER_MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_048_576),
  /**
   * Longest a hosted status list may be served while a committed change is not yet in its
   * signed copy (ms). Past it the list answers 503 and local checks say "could not check",
   * rather than showing a revoked credential as valid.
   */
  STATUS_LIST_MAX_STALENESS_MS: z.coerce.number().int().min(0).default(10_000),
  /** Outbound fetches (status lists, did:web): time limit, loopback/private/http permissions. */
  ...fetchEnvShape(5000),
  /**
   * Distinct remote documents (did:web documents, status lists) one request may fetch, a
   * presentation's credentials together. Each is fetched once per request; past the limit
   * the checks that needed more say "could not check", never "valid".
   */
  VERIFIER_MAX_REMOTE_FETCHES: z.coerce.number().int().min(0).default(10),
  /** Remote documents (status lists, did:web documents) the fetcher keeps, and status list verifications remembered; least recently used first out. */
  VERIFIER_CACHE_ENTRIES: z.coerce.number().int().positive().default(1000),
  /**
   * How long a remote document is reused when its answer says nothing about caching (no status
   * list `ttl`, no Cache-Control), ms; 0 fetches it every time. Cache-Control no-cache is
   * revalidated by ETag on every use, max-age is honoured.
   */
  VERIFIER_CACHE_DEFAULT_TTL_MS: z.coerce.number().int().min(0).default(60_000),
  /**
   * Longest a status list's verification (proof, validity, issuer) is reused while the list is
   * unchanged, ms: bounds how long a list signed with a key its issuer has since withdrawn keeps
   * passing. A changed list, or one past its validUntil, is always verified afresh.
   */
  VERIFIER_VERIFIED_LIST_MAX_AGE_MS: z.coerce.number().int().min(0).default(300_000),
  /** Outbound fetches: largest response accepted, bytes. */
  FETCH_MAX_BYTES: z.coerce.number().int().positive().default(2 * 1024 * 1024),
  /** JSON file listing known issuers: [{ "id": "did:web:…", "name": "…", "url": "…" }]. */
  TRUSTED_ISSUERS_FILE: z.string().optional(),
  /**
   * Issuer registries in the DCC format (as the Learner Credential Wallet reads them), most
   * authoritative first: a JSON list of `{"name": …, "url": …}` or `{"name": …, "file": …}`.
   */
  ISSUER_REGISTRIES: jsonText.pipe(z.array(registrySourceSchema)).default([]),
  /** How long a registry fetched from a URL is used before it is fetched again (ms). */
  ISSUER_REGISTRY_REFRESH_MS: z.coerce.number().int().positive().default(3_600_000),
  /** Recognise a did:web issuer by its domain's DID configuration (/.well-known/did-configuration.json). */
  ISSUER_DOMAIN_LINKAGE: envFlag.default(true),
  /** Rate limits per client address and TRUST_PROXY (RATE_LIMIT_*; the verifier has no tokens). */
  ...rateLimitEnvShape,
  /** Prometheus metrics: METRICS (on by default) and METRICS_PORT. */
  ...metricsEnvShape,
  /** Proofs checked on worker threads: CRYPTO_WORKERS (0: on the request thread) and CRYPTO_QUEUE_LIMIT. */
  ...cryptoPoolEnvShape,
  /**
   * Processes serving VERIFIER_PORT when started with `laurel-verifier` (node:cluster): a count or `auto`
   * (one per core). Each keeps its own caches and crypto pool.
   */
  VERIFIER_PROCESSES: processCountSchema,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type VerifierConfig = z.infer<typeof verifierConfigSchema>;

export function loadVerifierConfig(env: Record<string, string | undefined> = process.env): VerifierConfig {
  // Public URLs follow VERIFIER_PORT / ISSUER_PORT unless set.
  return verifierConfigSchema.parse(withPublicUrlDefaults(env));
}
