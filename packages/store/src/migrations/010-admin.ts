import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { columnTypes, withTableOptions } from './column-types.js';

/**
 * The admin API: issuer profiles and archiving, achievement archiving and
 * versioned rules (each credential records the version it was issued under),
 * course-staff tokens (limited to named courses/achievements), learner
 * erasure, and the row keys that make CSV imports idempotent.
 */
export function adminMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('issuers').addColumn('theme', t.json).execute();
      await db.schema.alterTable('issuers').addColumn('default_template', t.key(100)).execute();
      await db.schema.alterTable('issuers').addColumn('locale', t.key(20)).execute();
      await db.schema.alterTable('issuers').addColumn('archived_at', t.timestamp).execute();

      await db.schema.alterTable('achievements').addColumn('archived_at', t.timestamp).execute();
      await db.schema.alterTable('achievements').addColumn('rules_version', t.integer, (c) => c.notNull().defaultTo(1)).execute();
      // Every version of every achievement's rules: a credential names the one it was issued under.
      await withTableOptions(dialect, db.schema.createTable('achievement_rule_versions'))
        .addColumn('achievement_id', t.id, (c) => c.notNull())
        .addColumn('version', t.integer, (c) => c.notNull())
        .addColumn('rules', t.json, (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('actor', t.text, (c) => c.notNull())
        .addPrimaryKeyConstraint('achievement_rule_versions_pk', ['achievement_id', 'version'])
        .addForeignKeyConstraint('achievement_rule_versions_achievement', ['achievement_id'], 'achievements', ['id'])
        .execute();
      await sql`insert into achievement_rule_versions (achievement_id, version, rules, created_at, actor)
        select id, 1, coalesce(rules, '{}'), created_at, 'migration' from achievements`.execute(db);

      // Credentials before this migration were issued under the only rules there were: version 1.
      await db.schema.alterTable('credentials').addColumn('rules_version', t.integer).execute();
      await sql`update credentials set rules_version = 1`.execute(db);
      await db.schema.createIndex('credentials_by_issuer_issued').on('credentials').columns(['issuer_id', 'issued_at']).execute();

      // JSON { courseIds, achievementIds }; null: the token is not limited to courses.
      await db.schema.alterTable('api_tokens').addColumn('limited_to', t.json).execute();

      await db.schema.alterTable('learners').addColumn('erased_at', t.timestamp).execute();

      await withTableOptions(dialect, db.schema.createTable('import_rows'))
        .addColumn('issuer_id', t.id, (c) => c.notNull())
        .addColumn('row_key', t.key(255), (c) => c.notNull())
        .addColumn('credential_id', t.id, (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('import_rows_pk', ['issuer_id', 'row_key'])
        .addForeignKeyConstraint('import_rows_issuer', ['issuer_id'], 'issuers', ['id'])
        .execute();

      // The audit query by target; MySQL indexes a TEXT column only by a prefix.
      if (dialect === 'mysql') await sql`create index audit_log_by_target on audit_log (target_id(64))`.execute(db);
      else await db.schema.createIndex('audit_log_by_target').on('audit_log').column('target_id').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('audit_log_by_target').on('audit_log').execute();
      await db.schema.dropTable('import_rows').execute();
      await db.schema.alterTable('learners').dropColumn('erased_at').execute();
      await db.schema.alterTable('api_tokens').dropColumn('limited_to').execute();
      await db.schema.dropIndex('credentials_by_issuer_issued').on('credentials').execute();
      await db.schema.alterTable('credentials').dropColumn('rules_version').execute();
      await db.schema.dropTable('achievement_rule_versions').execute();
      for (const column of ['rules_version', 'archived_at']) await db.schema.alterTable('achievements').dropColumn(column).execute();
      for (const column of ['archived_at', 'locale', 'default_template', 'theme']) await db.schema.alterTable('issuers').dropColumn(column).execute();
    },
  };
}
