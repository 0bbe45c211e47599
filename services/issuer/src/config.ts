import { z } from 'zod';

const optionalText = z.string().trim().min(1).optional();

/**
 * Every setting of the issuer service, from environment variables, parsed once.
 * docs/operators.md documents each; defaults run out of the box.
 */
export const issuerConfigSchema = z.object({
  /** Port the issuer listens on. */
  ISSUER_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Public base URL of the issuer: credential ids and pages are built from it. */
  ISSUER_PUBLIC_URL: z.url().default('http://localhost:3000'),
  /** Public base URL where status lists are served (the verifier service). */
  STATUS_PUBLIC_URL: z.url().default('http://localhost:3001'),
  /** `sqlite:<file>`, `sqlite::memory:` or `mysql://user:password@host:3306/database`. */
  DATABASE_URL: z.string().min(1).default('sqlite:data/laurel.db'),
  /** Base64 of 32 bytes: encrypts issuer secret keys at rest. Without it, a key file in LAUREL_KEYS_DIR is made on first start. */
  LAUREL_KEY_ENCRYPTION_KEY: optionalText,
  /** Where development key material lives. */
  LAUREL_KEYS_DIR: z.string().min(1).default('keys'),
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
  /** Largest request body accepted, in bytes. */
  ISSUER_MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_048_576),
  /** Seed a demo issuer and achievement on an empty database (npm start does). */
  LAUREL_SEED_DEMO: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type IssuerConfig = z.infer<typeof issuerConfigSchema>;

export function loadIssuerConfig(env: Record<string, string | undefined> = process.env): IssuerConfig {
  return issuerConfigSchema.parse(env);
}
