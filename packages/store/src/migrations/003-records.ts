import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { columnTypes, withTableOptions } from './column-types.js';

/**
 * Learner records: public share links and single-use sign-in ("magic")
 * links. Both hold only the SHA-256 of their token, like API tokens.
 */
export function recordsMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  const createTable = (db: Kysely<unknown>, name: string) => withTableOptions(dialect, db.schema.createTable(name));

  return {
    async up(db) {
      await createTable(db, 'share_links')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('issuer_id', t.id, (c) => c.notNull())
        .addColumn('learner_id', t.id, (c) => c.notNull())
        // NULL: the whole record; otherwise the one path (or achievement) shared.
        .addColumn('achievement_id', t.id)
        .addColumn('token_hash', t.key(64), (c) => c.notNull().unique())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('revoked_at', t.timestamp)
        .addForeignKeyConstraint('share_links_issuer', ['issuer_id'], 'issuers', ['id'])
        .addForeignKeyConstraint('share_links_learner', ['learner_id'], 'learners', ['id'])
        .addForeignKeyConstraint('share_links_achievement', ['achievement_id'], 'achievements', ['id'])
        .execute();
      await db.schema.createIndex('share_links_by_learner').on('share_links').columns(['learner_id', 'created_at']).execute();

      await createTable(db, 'sign_in_links')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('learner_id', t.id, (c) => c.notNull())
        .addColumn('token_hash', t.key(64), (c) => c.notNull().unique())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('expires_at', t.timestamp, (c) => c.notNull())
        .addColumn('used_at', t.timestamp)
        .addForeignKeyConstraint('sign_in_links_learner', ['learner_id'], 'learners', ['id'])
        .execute();
    },
    async down(db) {
      await db.schema.dropTable('sign_in_links').execute();
      await db.schema.dropTable('share_links').execute();
    },
  };
}
