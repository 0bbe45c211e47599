import { z } from 'zod';
import { envFlag as flag, fetchEnvShape } from '@laurel/guarded-fetch';
import { cryptoPoolEnvShape, metricsEnvShape, processCountSchema, rateLimitEnvShape } from '@laurel/http-kit';
import { issuanceEnvSchema, withPublicUrlDefaults } from '@laurel/issuance';
import { parseMailbox } from '@laurel/learner-mail';
import { LaurelError } from '@laurel/models';
import type { LmsOAuthSettings } from './lms-oauth.js';

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
   * Learner sign-in through the LMS's OAuth 2.0 provider (Open edX): the LMS base URL. Set, learners
   * sign in at /records/sign-in/lms (authorization code with PKCE), and "Sign in" buttons lead there.
   */
  LMS_OAUTH_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The OAuth application's client id at the LMS (required with LMS_OAUTH_URL). */
  LMS_OAUTH_CLIENT_ID: optionalText,
  /** Its client secret (a confidential application); unset for a public one (PKCE only). */
  LMS_OAUTH_CLIENT_SECRET: optionalText,
  /** The redirect URI registered with the application; default ISSUER_PUBLIC_URL + /records/sign-in/lms/callback. */
  LMS_OAUTH_REDIRECT_URI: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * Scopes asked for. Open edX's defaults suffice (who signed in comes from /api/user/v1/me); a provider
   * that answers with an id_token may be asked for `openid` (and Open edX's `user_id`) too.
   */
  LMS_OAUTH_SCOPE: z.string().trim().min(1).default('profile email'),
  /** The issuer (id or slug) whose learners sign in through this LMS; default LMS_JWT_ISSUER_ID. */
  LMS_OAUTH_ISSUER_ID: optionalText,
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
   * Learner e-mail (when SMTP_URL is set): the sender as `Name <address>` or an address. It is always
   * the envelope sender (bounces) and the From address of issuers whose profile has no e-mail; the
   * From name is the issuer's.
   */
  MAIL_FROM: z
    .string()
    .trim()
    .default('Laurel <laurel@localhost>')
    .refine((value) => {
      try {
        parseMailbox(value);
        return true;
      } catch {
        return false;
      }
    }, 'must be `Name <address>` or an address'),
  /** Run the learner mail worker in this process (only when SMTP_URL is set). */
  MAIL_WORKER: flag.default(true),
  /** How often the mail worker looks for mails due (new, or retries), in ms. */
  MAIL_WORKER_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  /** Give up on one SMTP connection, greeting or silent socket after this long, in ms. */
  SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
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
  /**
   * Processes serving ISSUER_PORT when started with `laurel-issuer` (node:cluster): a count or `auto`
   * (one per core). Each keeps its own caches, crypto pool and background workers.
   */
  ISSUER_PROCESSES: processCountSchema,
  /** Outbound calls (badge platforms): FETCH_TIMEOUT_MS and FETCH_ALLOW_HTTP / _LOOPBACK / _PRIVATE. */
  ...fetchEnvShape(10_000),
  /**
   * The module certificate PDFs take their fonts from: a package name or file URL exporting
   * `fontSet()` (see @laurel/pdf-fonts). Without it installed, PDFs answer 503 FONT_UNAVAILABLE
   * while pages and badge images still work.
   */
  PDF_FONTS_MODULE: z.string().trim().min(1).default('@laurel/pdf-fonts'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The LMS root URL (shared with the event-bus consumer's LMS_BASE_URL); with CONSOLE_LMS_CLIENT_ID, LMS staff sign in to /admin through it. */
  LMS_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** An OAuth application of the LMS with the authorization-code grant, redirect URI `<ISSUER_BASE_URL>/admin/sign-in/lms/callback`. */
  CONSOLE_LMS_CLIENT_ID: optionalText,
  CONSOLE_LMS_CLIENT_SECRET: optionalText,
  /** The issuer (id or slug) LMS staff sign in to. */
  CONSOLE_LMS_ISSUER_ID: optionalText,
  /**
   * LTI 1.3: the login's state cookie without Secure and with SameSite=Lax, so a launch works over
   * plain http (local tests only: a real platform posts the launch cross-site, which needs SameSite=None; Secure).
   */
  LTI_INSECURE_STATE_COOKIE: flag.default(false),
  /** Where uploaded images and fonts are kept: `database` (the default, nothing else to run) or `s3` (S3_* below). */
  ASSET_STORE: z.enum(['database', 's3']).default('database'),
  /** An S3-compatible endpoint, path-style (https://s3.eu-west-1.amazonaws.com, a MinIO, R2, ...); reached through the guarded fetcher. */
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_BUCKET: optionalText,
  S3_REGION: z.string().trim().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: optionalText,
  S3_SECRET_ACCESS_KEY: optionalText,
  /** Largest uploaded image (PNG, JPEG, SVG), bytes. */
  ASSET_MAX_IMAGE_BYTES: z.coerce.number().int().positive().default(2 * 1024 * 1024),
  /** Largest uploaded font (TTF, OTF, WOFF2), bytes. */
  ASSET_MAX_FONT_BYTES: z.coerce.number().int().positive().default(8 * 1024 * 1024),
}).superRefine((config, context) => {
  if (config.ASSET_STORE === 's3') {
    for (const name of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (config[name] === undefined) context.addIssue({ code: 'custom', path: [name], message: 'is required with ASSET_STORE=s3' });
    }
  }
  if (config.CONSOLE_LMS_CLIENT_ID === undefined) return;
  for (const name of ['LMS_BASE_URL', 'CONSOLE_LMS_CLIENT_SECRET', 'CONSOLE_LMS_ISSUER_ID'] as const) {
    if (config[name] === undefined) context.addIssue({ code: 'custom', path: [name], message: `is required with CONSOLE_LMS_CLIENT_ID (console sign-in through the LMS)` });
  }
});

export type IssuerConfig = z.infer<typeof issuerConfigSchema>;

export function loadIssuerConfig(env: Record<string, string | undefined> = process.env): IssuerConfig {
  // Public URLs follow ISSUER_PORT / VERIFIER_PORT unless set.
  return issuerConfigSchema.parse(withPublicUrlDefaults(env));
}

/** The LMS OAuth sign-in settings, or undefined when LMS_OAUTH_URL is unset; INVALID_CONFIG when incomplete. */
export function lmsOAuthSettings(config: IssuerConfig): LmsOAuthSettings | undefined {
  if (!config.LMS_OAUTH_URL) return undefined;
  const issuer = config.LMS_OAUTH_ISSUER_ID ?? config.LMS_JWT_ISSUER_ID;
  const missing = [...(config.LMS_OAUTH_CLIENT_ID ? [] : ['LMS_OAUTH_CLIENT_ID']), ...(issuer ? [] : ['LMS_OAUTH_ISSUER_ID'])];
  if (missing.length > 0 || !config.LMS_OAUTH_CLIENT_ID || !issuer) {
    throw new LaurelError('INVALID_CONFIG', `LMS_OAUTH_URL is set, so ${missing.join(' and ')} must be too.`, { setting: missing[0] });
  }
  return {
    lmsUrl: config.LMS_OAUTH_URL,
    clientId: config.LMS_OAUTH_CLIENT_ID,
    ...(config.LMS_OAUTH_CLIENT_SECRET ? { clientSecret: config.LMS_OAUTH_CLIENT_SECRET } : {}),
    redirectUri: config.LMS_OAUTH_REDIRECT_URI ?? new URL('/records/sign-in/lms/callback', config.ISSUER_PUBLIC_URL).href,
    scope: config.LMS_OAUTH_SCOPE,
    issuer,
  };
}
