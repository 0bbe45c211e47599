import type { Kysely, Migration } from 'kysely';

/**
 * Single-use rows (wallet nonces and challenges, sign-in links) are deleted
 * once expired by a periodic purge. These indexes let the purge find them
 * without reading the whole table, however many a busy day wrote.
 */
export function singleUseExpiryMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('wallet_nonces_by_expiry').on('wallet_nonces').column('expires_at').execute();
      await db.schema.createIndex('sign_in_links_by_expiry').on('sign_in_links').column('expires_at').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('sign_in_links_by_expiry').on('sign_in_links').execute();
      await db.schema.dropIndex('wallet_nonces_by_expiry').on('wallet_nonces').execute();
    },
  };
}
