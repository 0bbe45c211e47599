import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { columnTypes, withTableOptions } from './column-types.js';

/**
 * Badge platforms (Credly, Accredible): one account per issuer and platform
 * (API key sealed like signing keys), which achievement maps to which remote
 * template or group, and the delivery state of each credential per platform.
 */
export function badgeDeliveriesMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  const createTable = (db: Kysely<unknown>, name: string) => withTableOptions(dialect, db.schema.createTable(name));

  return {
    async up(db) {
      await createTable(db, 'badge_platform_accounts')
        .addColumn('issuer_id', t.id, (c) => c.notNull())
        .addColumn('platform', t.key(16), (c) => c.notNull())
        .addColumn('base_url', t.text, (c) => c.notNull())
        // Credly's organization id; NULL for Accredible.
        .addColumn('organization_id', t.text)
        .addColumn('sealed_api_key', t.text, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('badge_platform_accounts_pk', ['issuer_id', 'platform'])
        .addForeignKeyConstraint('badge_platform_accounts_issuer', ['issuer_id'], 'issuers', ['id'])
        .execute();

      await createTable(db, 'badge_platform_mappings')
        .addColumn('achievement_id', t.id, (c) => c.notNull())
        .addColumn('platform', t.key(16), (c) => c.notNull())
        // Credly badge template id or Accredible group id.
        .addColumn('remote_id', t.text, (c) => c.notNull())
        .addPrimaryKeyConstraint('badge_platform_mappings_pk', ['achievement_id', 'platform'])
        .addForeignKeyConstraint('badge_platform_mappings_achievement', ['achievement_id'], 'achievements', ['id'])
        .execute();

      await createTable(db, 'badge_deliveries')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('credential_id', t.id, (c) => c.notNull())
        .addColumn('platform', t.key(16), (c) => c.notNull())
        // What is being delivered: the badge ('issue') or its revocation ('revoke').
        .addColumn('operation', t.key(16), (c) => c.notNull())
        .addColumn('state', t.key(16), (c) => c.notNull())
        .addColumn('attempts', t.integer, (c) => c.notNull())
        .addColumn('next_attempt_at', t.key(32))
        .addColumn('reason', t.text)
        // The badge's or credential's id on the platform.
        .addColumn('remote_id', t.text)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addUniqueConstraint('badge_deliveries_credential_platform', ['credential_id', 'platform'])
        .addForeignKeyConstraint('badge_deliveries_credential', ['credential_id'], 'credentials', ['id'])
        .execute();
      await db.schema.createIndex('badge_deliveries_due').on('badge_deliveries').columns(['state', 'next_attempt_at']).execute();
    },
    async down(db) {
      await db.schema.dropTable('badge_deliveries').execute();
      await db.schema.dropTable('badge_platform_mappings').execute();
      await db.schema.dropTable('badge_platform_accounts').execute();
    },
  };
}
