import { z } from 'zod';
import { MAX_STATUS_LIST_LENGTH, MIN_STATUS_LIST_LENGTH } from '@laurel/status-list';
import { openStore } from '@laurel/store';
import type { IssuanceDeps } from './deps.js';
import { loadKeyEncryptionKey } from './key-encryption-key.js';

const optionalText = z.string().trim().min(1).optional();

/**
 * The settings every process that issues needs (the issuer service, `laurel
 * consume`, workers), from environment variables. Services extend this schema.
 */
export const issuanceEnvSchema = z.object({
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
  /**
   * Entries of each status list created from now on. The default is the
   * spec's minimum (herd privacy); smaller lists are for tests and demos.
   * Whole bytes only, because lists are published as bytes.
   */
  STATUS_LIST_LENGTH: z.coerce
    .number()
    .int()
    .positive()
    .max(MAX_STATUS_LIST_LENGTH)
    .refine((length) => length % 8 === 0, 'must be a multiple of 8')
    .default(MIN_STATUS_LIST_LENGTH),
});

export type IssuanceEnv = z.infer<typeof issuanceEnvSchema>;

/**
 * What the issuing domain needs, built from settings: the store (migrated),
 * the key-encryption key, public URLs, clock and status list length. Close deps.store when done.
 */
export async function openIssuanceDeps(settings: IssuanceEnv): Promise<{ deps: IssuanceDeps; keySource: string }> {
  const store = await openStore({ databaseUrl: settings.DATABASE_URL });
  try {
    const { key: keyEncryptionKey, source } = await loadKeyEncryptionKey(settings.LAUREL_KEY_ENCRYPTION_KEY, settings.LAUREL_KEYS_DIR);
    const deps: IssuanceDeps = {
      store,
      keyEncryptionKey,
      urls: { issuerBaseUrl: settings.ISSUER_PUBLIC_URL, statusBaseUrl: settings.STATUS_PUBLIC_URL },
      now: () => new Date(),
      statusListLength: settings.STATUS_LIST_LENGTH,
    };
    return { deps, keySource: source };
  } catch (error) {
    await store.close();
    throw error;
  }
}
