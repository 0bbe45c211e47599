import { z } from 'zod';
import { LaurelError } from '@laurel/models';
import { MAX_STATUS_LIST_LENGTH, MIN_STATUS_LIST_LENGTH } from '@laurel/status-list';
import { openStore, type OpenStoreOptions } from '@laurel/store';
import type { IssuanceDeps } from './deps.js';
import { StatusSlotBlocks } from './status-slot-blocks.js';
import { decodeKeyEncryptionKey, loadKeyEncryptionKey } from './key-encryption-key.js';
import { ReadCaches } from './read-caches.js';

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
  /**
   * How long start-up keeps trying (ms) while the database does not answer, so a process started
   * before its database (or during a failover) waits for it instead of exiting. 0: fail at once.
   */
  DATABASE_WAIT_MS: z.coerce.number().int().min(0).default(60_000),
  /**
   * Base64 of 32 bytes: encrypts issuer secret keys at rest. Required unless
   * DATABASE_URL is SQLite and NODE_ENV is not production; then, when absent,
   * a key file in LAUREL_KEYS_DIR is made on first start.
   */
  LAUREL_KEY_ENCRYPTION_KEY: optionalText,
  /**
   * Only while rotating the key-encryption key (`laurel keys rotate-kek`): the previous key, base64 of 32
   * bytes. Values sealed under it still open; everything new is sealed with LAUREL_KEY_ENCRYPTION_KEY.
   */
  LAUREL_PREVIOUS_KEY_ENCRYPTION_KEY: optionalText,
  /** Where development key material lives. */
  LAUREL_KEYS_DIR: z.string().min(1).default('keys'),
  /** `production` makes LAUREL_KEY_ENCRYPTION_KEY required, whatever the database. */
  NODE_ENV: optionalText,
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
  /**
   * How long this process keeps API tokens, issuers, signing keys and the achievements a course
   * touches in memory (ms): a change made through another process is seen here within it
   * (changes made through this process, at once). 0 reads them from the database every time.
   */
  ISSUANCE_CACHE_TTL_MS: z.coerce.number().int().min(0).default(5_000),
  /**
   * Status list slots each process reserves at a time (64 by default). With a block, a process
   * writes a list's counter row once per block, in a short transaction of its own, instead of
   * locking it inside every issuance until commit, which queued concurrent completions (on one
   * MariaDB, 8 in flight: 0.56x the bare stock signing rate with 1, 1.02x with 64) and made
   * multi-primary nodes (Galera) conflict at every commit. The cost: slots of rolled-back issuances
   * and the rest of a block when a process stops stay unused (their bits 0). 1 takes each
   * credential's slot inside its transaction, so a rolled-back issuance returns it.
   */
  STATUS_SLOT_BLOCK: z.coerce.number().int().min(1).max(4_096).default(64),
  /**
   * Learner e-mail: `smtp://user:password@host:587` (STARTTLS when offered) or `smtps://…:465`.
   * Set, every issue, re-issue and revocation owes the learner a mail (sent by the issuer's mail
   * worker); unset, no mail and nothing queued. Set it in every process that issues or revokes.
   */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
});

export type IssuanceEnv = z.infer<typeof issuanceEnvSchema>;

/**
 * Why the key-encryption key must come from LAUREL_KEY_ENCRYPTION_KEY, or
 * undefined when a generated key file will do (development on SQLite). With
 * a shared database, every process or replica would otherwise make its own
 * file, and each could open only the keys it sealed itself.
 */
export function keyEncryptionKeyRequiredBecause(settings: Pick<IssuanceEnv, 'DATABASE_URL' | 'NODE_ENV'>): string | undefined {
  if (!settings.DATABASE_URL.startsWith('sqlite:')) return 'DATABASE_URL is not SQLite: every process that shares the database must seal keys with the same key';
  if (settings.NODE_ENV === 'production') return 'NODE_ENV is production';
  return undefined;
}

/**
 * What the issuing domain needs, built from settings: the store (migrated),
 * the key-encryption key, public URLs, clock and status list length. Close deps.store when done.
 */
export async function openIssuanceDeps(
  settings: IssuanceEnv,
  options: { storeLog?: OpenStoreOptions['log']; onDatabaseWait?: OpenStoreOptions['onDatabaseWait'] } = {},
): Promise<{ deps: IssuanceDeps; keySource: string }> {
  // Before the database is touched: a missing secret is a configuration error, reported at once.
  const required = settings.LAUREL_KEY_ENCRYPTION_KEY ? undefined : keyEncryptionKeyRequiredBecause(settings);
  if (required) {
    throw new LaurelError(
      'INVALID_CONFIG',
      `LAUREL_KEY_ENCRYPTION_KEY is required (${required}). Set it to base64 of 32 random bytes (e.g. openssl rand -base64 32), the same in every process, from your secret store.`,
      { setting: 'LAUREL_KEY_ENCRYPTION_KEY' },
    );
  }
  const store = await openStore({
    databaseUrl: settings.DATABASE_URL,
    waitForDatabaseMs: settings.DATABASE_WAIT_MS,
    ...(options.storeLog ? { log: options.storeLog } : {}),
    ...(options.onDatabaseWait ? { onDatabaseWait: options.onDatabaseWait } : {}),
  });
  try {
    const { key: keyEncryptionKey, source } = await loadKeyEncryptionKey(settings.LAUREL_KEY_ENCRYPTION_KEY, settings.LAUREL_KEYS_DIR);
    const previous = settings.LAUREL_PREVIOUS_KEY_ENCRYPTION_KEY ? decodeKeyEncryptionKey(settings.LAUREL_PREVIOUS_KEY_ENCRYPTION_KEY, 'LAUREL_PREVIOUS_KEY_ENCRYPTION_KEY') : undefined;
    const deps: IssuanceDeps = {
      store,
      keyEncryptionKey,
      ...(previous ? { previousKeyEncryptionKey: previous } : {}),
      urls: { issuerBaseUrl: settings.ISSUER_PUBLIC_URL, statusBaseUrl: settings.STATUS_PUBLIC_URL },
      now: () => new Date(),
      statusListLength: settings.STATUS_LIST_LENGTH,
      ...(settings.ISSUANCE_CACHE_TTL_MS > 0 ? { caches: new ReadCaches({ ttlMs: settings.ISSUANCE_CACHE_TTL_MS, maxEntries: 10_000 }) } : {}),
      ...(settings.SMTP_URL ? { emailLearners: true } : {}),
      ...(settings.STATUS_SLOT_BLOCK > 1 ? { statusSlotBlocks: new StatusSlotBlocks(store, settings.STATUS_SLOT_BLOCK) } : {}),
    };
    return { deps, keySource: source };
  } catch (error) {
    await store.close();
    throw error;
  }
}
