import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { columnTypes, withTableOptions } from './column-types.js';

/**
 * The LMS course catalog and enrollment modes (issue 17):
 * - completion_records.enrollment_mode: the mode the learner was enrolled in
 *   (audit, verified, …) when the record was made; null when nobody said.
 * - lms_courses: the courses an LMS listed, by key, with their names (criteria
 *   narratives show names, not keys); its key makes the catalog sync create a
 *   course's achievements once.
 * - catalog_defaults: per issuer, what an achievement made for a new course looks like.
 */
export function catalogMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('completion_records').addColumn('enrollment_mode', t.key(64)).execute();
      await withTableOptions(dialect, db.schema.createTable('lms_courses'))
        .addColumn('issuer_id', t.id, (c) => c.notNull())
        .addColumn('course_key', t.key(255), (c) => c.notNull())
        .addColumn('name', t.text, (c) => c.notNull())
        // The LMS instance (LMS_INSTANCES_FILE id) that listed it; null for the single-LMS settings.
        .addColumn('lms_instance', t.key(64))
        .addColumn('first_seen_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('lms_courses_pk', ['issuer_id', 'course_key'])
        .addForeignKeyConstraint('lms_courses_issuer', ['issuer_id'], 'issuers', ['id'])
        .execute();
      await withTableOptions(dialect, db.schema.createTable('catalog_defaults'))
        .addColumn('issuer_id', t.id, (c) => c.primaryKey())
        .addColumn('settings', t.json, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_by', t.text, (c) => c.notNull())
        .addForeignKeyConstraint('catalog_defaults_issuer', ['issuer_id'], 'issuers', ['id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('catalog_defaults').execute();
      await db.schema.dropTable('lms_courses').execute();
      await db.schema.alterTable('completion_records').dropColumn('enrollment_mode').execute();
    },
  };
}
