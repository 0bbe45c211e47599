import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { columnTypes, withTableOptions } from './column-types.js';

/**
 * What each issuer's badge platform says about its templates (Credly badge
 * templates, Accredible groups): learned by sync and Credly webhooks, so
 * mappings and deliveries can refuse an archived or deleted template without
 * asking the platform first.
 */
export function badgeTemplatesMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);

  return {
    async up(db: Kysely<unknown>) {
      await withTableOptions(dialect, db.schema.createTable('badge_templates'))
        .addColumn('issuer_id', t.id, (c) => c.notNull())
        .addColumn('platform', t.key(16), (c) => c.notNull())
        // Part of the key, so bounded for MySQL; the issuer API caps remote ids at 128.
        .addColumn('remote_id', t.key(128), (c) => c.notNull())
        .addColumn('name', t.text, (c) => c.notNull())
        .addColumn('state', t.key(16), (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('badge_templates_pk', ['issuer_id', 'platform', 'remote_id'])
        .addForeignKeyConstraint('badge_templates_issuer', ['issuer_id'], 'issuers', ['id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('badge_templates').execute();
    },
  };
}
