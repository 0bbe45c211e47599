import { z } from 'zod';
import { envFlag as flag, fetchEnvShape } from '@laurel/guarded-fetch';
import { cryptoPoolEnvShape, metricsEnvShape, rateLimitEnvShape } from '@laurel/http-kit';
import { issuanceEnvSchema, withPublicUrlDefaults } from '@laurel/issuance';

const optionalText = z.string().trim().min(1).optional();

/**
 * Every setting of the issuer service, from environment variables, parsed once.
 * docs/operators.md documents each; defaults run out of the box.
 */
export const issuerConfigSchema = issuanceEnvSchema.extend({
  /** Port the issuer listens on. */
  ISSUER_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /**
   * Address to listen on: unset listens on every interface (as containers need);
   * 127.0.0.1 (or ::1) keeps the issuer reachable only from this machine, e.g. behind a local proxy.
   */
  ISSUER_HOST: optionalText,
  /** At start, GET ISSUER_PUBLIC_URL/health and warn when it does not answer as this issuer. */
  ISSUER_PUBLIC_URL_CHECK: flag.default(true),
  /** When the database is created, this value becomes an admin token (for containers and scripts). */
  LAUREL_BOOTSTRAP_TOKEN: optionalText,
  /** Accept JWTs from the LMS signed with this shared secret (HS256). */
  LMS_JWT_SECRET: optionalText,
  /** Accept JWTs from the LMS signed by a key in this JWKS (fetched through the guarded fetcher). */
  LMS_JWKS_URL: z.url().optional(),
  /** Expected `iss` of LMS JWTs. */
  LMS_JWT_ISSUER: optionalText,
  /** Expected `aud` of LMS JWTs. */
  LMS_JWT_AUDIENCE: optionalText,
  /** The issuer (id or slug) that LMS JWTs without an `issuer_id` claim act for; without it they are refused unless administrator. */
  LMS_JWT_ISSUER_ID: optionalText,
  /**
   * The learning platform's sign-in page for learners. A signed-out learner who asks for something
   * only they may have (a wallet offer, their record) is offered a "Sign in" button to it, with
   * `return_to`: the platform signs them in and sends them to that URL with `&token=<learner JWT>`.
   */
  LEARNER_SIGN_IN_URL: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * HashiCorp Vault, for issuers whose signing key lives in its transit engine
   * (`POST /v1/issuers/{id}/keys/vault-transit`). Unset: keys are generated and sealed here.
   * Reached through the guarded fetcher: an internal address needs FETCH_ALLOW_PRIVATE.
   */
  VAULT_ADDR: z.url({ protocol: /^https?$/ }).optional(),
  /** A token whose policy allows only `read` on transit/keys/<key> and `update` on transit/sign/<key>. */
  VAULT_TOKEN: optionalText,
  /** Where the transit engine is mounted. */
  VAULT_TRANSIT_MOUNT: z.string().trim().min(1).default('transit'),
  /** Vault Enterprise namespace (X-Vault-Namespace). */
  VAULT_NAMESPACE: optionalText,
  /** Largest request body accepted, in bytes. */
  ISSUER_MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_048_576),
  /** Seed a demo issuer and achievement on an empty database (npm start does). */
  LAUREL_SEED_DEMO: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  /**
   * Run the Open edX event-bus consumer inside the issuer: `on`, `off`, or
   * `auto` (on when Redis answers at REDIS_URL). Its own settings are the
   * EVENT_BUS_* variables that `laurel consume` reads.
   */
  EVENT_BUS_CONSUMER: z.enum(['on', 'off', 'auto']).default('off'),
  /** Deliver badges to Credly and Accredible from inside the issuer. */
  BADGE_DELIVERY_WORKER: flag.default(true),
  /** How often the badge worker looks for new, revoked and retry-due deliveries, in ms. */
  BADGE_DELIVERY_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
  /**
   * How often every issuer process looks for status lists whose published copy is behind a
   * committed change (after a crash or a failed publication) and publishes them, in ms. This is
   * the bound on how long a verifier can see a list behind the database while an issuer runs.
   */
  STATUS_PUBLISH_INTERVAL_MS: z.coerce.number().int().min(50).default(1_000),
  /**
   * How long a process that started publishing a list keeps it to itself (ms). Only a process
   * killed mid-publication makes others wait for it, at most this long.
   */
  STATUS_PUBLISH_LEASE_MS: z.coerce.number().int().min(100).default(10_000),
  /**
   * How often expired single-use rows (wallet nonces and challenges, sign-in links) are
   * deleted, in ms. Every issuer process purges; deleting expired rows twice is harmless.
   */
  PURGE_INTERVAL_MS: z.coerce.number().int().min(1_000).default(600_000),
  /** Rate limits and TRUST_PROXY (RATE_LIMIT_*). */
  ...rateLimitEnvShape,
  /** Prometheus metrics: METRICS (on by default) and METRICS_PORT. */
  ...metricsEnvShape,
  /** Credentials signed on worker threads: CRYPTO_WORKERS (0: on the request thread) and CRYPTO_QUEUE_LIMIT. */
  ...cryptoPoolEnvShape,
  /** Outbound calls (badge platforms): FETCH_TIMEOUT_MS and FETCH_ALLOW_HTTP / _LOOPBACK / _PRIVATE. */
  ...fetchEnvShape(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type IssuerConfig = z.infer<typeof issuerConfigSchema>;

export function loadIssuerConfig(env: Record<string, string | undefined> = process.env): IssuerConfig {
  // Public URLs follow ISSUER_PORT / VERIFIER_PORT unless set.
  return issuerConfigSchema.parse(withPublicUrlDefaults(env));
}
