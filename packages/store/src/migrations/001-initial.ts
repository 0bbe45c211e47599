import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { columnTypes, withTableOptions } from './column-types.js';

/**
 * The first schema. Written in snake_case and run without the CamelCasePlugin
 * so the SQL here is exactly the SQL in the database.
 */
export function initialMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  const createTable = (db: Kysely<unknown>, name: string) => withTableOptions(dialect, db.schema.createTable(name));

  return {
    async up(db) {
      await createTable(db, 'issuers')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('slug', t.key(128), (c) => c.notNull().unique())
        .addColumn('name', t.text, (c) => c.notNull())
        .addColumn('url', t.text)
        .addColumn('email', t.text)
        .addColumn('description', t.text)
        .addColumn('image_url', t.text)
        .addColumn('did', t.key(512), (c) => c.notNull().unique())
        .addColumn('did_method', t.key(8), (c) => c.notNull())
        .addColumn('vc_version', t.key(8), (c) => c.notNull())
        .addColumn('suite', t.key(64), (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addCheckConstraint('issuers_did_method', sql`did_method in ('key', 'web')`)
        .addCheckConstraint('issuers_vc_version', sql`vc_version in ('2.0', '1.1')`)
        .execute();

      await createTable(db, 'issuer_keys')
        // The verification method id (a DID URL), so it can run long for did:web.
        .addColumn('id', t.key(512), (c) => c.primaryKey())
        .addColumn('issuer_id', t.id, (c) => c.notNull())
        .addColumn('public_key_multibase', t.text, (c) => c.notNull())
        .addColumn('sealed_secret_key', t.text, (c) => c.notNull())
        .addColumn('state', t.key(16), (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('revoked_at', t.timestamp)
        .addForeignKeyConstraint('issuer_keys_issuer', ['issuer_id'], 'issuers', ['id'])
        .addCheckConstraint('issuer_keys_state', sql`state in ('active', 'retired', 'revoked')`)
        .execute();
      await db.schema.createIndex('issuer_keys_by_issuer').on('issuer_keys').columns(['issuer_id', 'state', 'created_at']).execute();

      await createTable(db, 'achievements')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('issuer_id', t.id, (c) => c.notNull())
        .addColumn('external_id', t.key(255), (c) => c.notNull())
        .addColumn('kind', t.key(16), (c) => c.notNull())
        .addColumn('name', t.text, (c) => c.notNull())
        .addColumn('description', t.text)
        .addColumn('criteria_narrative', t.text)
        .addColumn('image_url', t.text)
        .addColumn('achievement_type', t.text)
        .addColumn('tier', t.text)
        .addColumn('signatories', t.json, (c) => c.notNull())
        .addColumn('template', t.json)
        .addColumn('theme', t.json)
        .addColumn('rules', t.json)
        .addColumn('result_descriptions', t.json, (c) => c.notNull())
        .addColumn('course_ids', t.json, (c) => c.notNull())
        .addColumn('auto_offer', t.flag, (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addForeignKeyConstraint('achievements_issuer', ['issuer_id'], 'issuers', ['id'])
        .addCheckConstraint('achievements_kind', sql`kind in ('course', 'program')`)
        .execute();
      await db.schema.createIndex('achievements_by_external_id').on('achievements').columns(['issuer_id', 'external_id']).execute();

      // Denormalised from course_ids (and a course achievement's own external_id)
      // so "which achievements does this course touch" is one indexed lookup.
      await createTable(db, 'achievement_courses')
        .addColumn('achievement_id', t.id, (c) => c.notNull())
        .addColumn('course_id', t.key(255), (c) => c.notNull())
        .addPrimaryKeyConstraint('achievement_courses_pk', ['achievement_id', 'course_id'])
        .addForeignKeyConstraint('achievement_courses_achievement', ['achievement_id'], 'achievements', ['id'], (fk) =>
          fk.onDelete('cascade'),
        )
        .execute();
      await db.schema.createIndex('achievement_courses_by_course').on('achievement_courses').column('course_id').execute();

      await createTable(db, 'learners')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('issuer_id', t.id, (c) => c.notNull())
        .addColumn('lms_user_id', t.key(255), (c) => c.notNull())
        .addColumn('username', t.text)
        .addColumn('name', t.text)
        .addColumn('email', t.text)
        .addColumn('did', t.text)
        .addColumn('locale', t.text)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addForeignKeyConstraint('learners_issuer', ['issuer_id'], 'issuers', ['id'])
        .addUniqueConstraint('learners_lms_user', ['issuer_id', 'lms_user_id'])
        .execute();

      await createTable(db, 'completion_records')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('issuer_id', t.id, (c) => c.notNull())
        .addColumn('learner_id', t.id, (c) => c.notNull())
        .addColumn('course_id', t.key(255), (c) => c.notNull())
        .addColumn('completion_percent', t.real)
        .addColumn('grade_percent', t.real)
        .addColumn('passed', t.flag, (c) => c.notNull())
        .addColumn('assignment_grades', t.json, (c) => c.notNull())
        .addColumn('completed_at', t.timestamp)
        .addColumn('source_event_id', t.key(255), (c) => c.notNull())
        .addColumn('received_at', t.timestamp, (c) => c.notNull())
        .addForeignKeyConstraint('completion_records_issuer', ['issuer_id'], 'issuers', ['id'])
        .addForeignKeyConstraint('completion_records_learner', ['learner_id'], 'learners', ['id'])
        .addUniqueConstraint('completion_records_source_event', ['issuer_id', 'source_event_id'])
        .execute();
      await db.schema
        .createIndex('completion_records_by_learner')
        .on('completion_records')
        .columns(['learner_id', 'course_id', 'received_at'])
        .execute();

      await createTable(db, 'credentials')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('issuer_id', t.id, (c) => c.notNull())
        .addColumn('achievement_id', t.id, (c) => c.notNull())
        .addColumn('learner_id', t.id, (c) => c.notNull())
        .addColumn('state', t.key(16), (c) => c.notNull())
        .addColumn('document', t.json, (c) => c.notNull())
        .addColumn('attributes', t.json, (c) => c.notNull())
        .addColumn('format', t.key(8), (c) => c.notNull())
        .addColumn('issued_at', t.timestamp, (c) => c.notNull())
        .addColumn('revoked_at', t.timestamp)
        .addColumn('state_reason', t.text)
        .addColumn('supersedes_id', t.id)
        .addColumn('superseded_by_id', t.id)
        // `${achievement_id}:${learner_id}` until revoked, then NULL. A plain
        // unique index over a nullable column stands in for a partial unique
        // index, which MariaDB lacks; NULLs never collide on either dialect.
        .addColumn('active_key', t.key(160), (c) => c.unique())
        .addForeignKeyConstraint('credentials_issuer', ['issuer_id'], 'issuers', ['id'])
        .addForeignKeyConstraint('credentials_achievement', ['achievement_id'], 'achievements', ['id'])
        .addForeignKeyConstraint('credentials_learner', ['learner_id'], 'learners', ['id'])
        .addCheckConstraint('credentials_state', sql`state in ('active', 'suspended', 'revoked')`)
        .addCheckConstraint('credentials_format', sql`format in ('vc2', 'vc1')`)
        .addCheckConstraint('credentials_active_key', sql`(state = 'revoked') = (active_key is null)`)
        .execute();
      await db.schema.createIndex('credentials_by_learner').on('credentials').columns(['learner_id', 'issued_at']).execute();

      await createTable(db, 'status_lists')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('issuer_id', t.id, (c) => c.notNull())
        .addColumn('purpose', t.key(16), (c) => c.notNull())
        .addColumn('format', t.key(32), (c) => c.notNull())
        .addColumn('sequence', t.integer, (c) => c.notNull())
        .addColumn('length', t.integer, (c) => c.notNull())
        .addColumn('full', t.flag, (c) => c.notNull())
        .addColumn('version', t.integer, (c) => c.notNull())
        .addColumn('signed_version', t.integer, (c) => c.notNull())
        .addColumn('signed_document', t.json)
        .addColumn('etag', t.text)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addForeignKeyConstraint('status_lists_issuer', ['issuer_id'], 'issuers', ['id'])
        .addUniqueConstraint('status_lists_sequence', ['issuer_id', 'purpose', 'format', 'sequence'])
        .addCheckConstraint('status_lists_purpose', sql`purpose in ('revocation', 'suspension')`)
        .addCheckConstraint('status_lists_format', sql`format in ('BitstringStatusList', 'StatusList2021')`)
        .execute();

      // The primary key is what makes an index unique across processes:
      // whoever inserts (list, index) first owns it.
      await createTable(db, 'status_allocations')
        .addColumn('status_list_id', t.id, (c) => c.notNull())
        .addColumn('status_index', t.integer, (c) => c.notNull())
        // No foreign key: the index is allocated before the credential row
        // exists, because the status entry is part of the signed document.
        .addColumn('credential_id', t.id, (c) => c.notNull())
        .addColumn('is_set', t.flag, (c) => c.notNull())
        .addPrimaryKeyConstraint('status_allocations_pk', ['status_list_id', 'status_index'])
        .addForeignKeyConstraint('status_allocations_list', ['status_list_id'], 'status_lists', ['id'])
        .execute();
      await db.schema.createIndex('status_allocations_by_credential').on('status_allocations').column('credential_id').execute();

      await createTable(db, 'api_tokens')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('issuer_id', t.id)
        .addColumn('name', t.text, (c) => c.notNull())
        .addColumn('token_hash', t.key(64), (c) => c.notNull().unique())
        .addColumn('scopes', t.json, (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('last_used_at', t.timestamp)
        .addColumn('revoked_at', t.timestamp)
        .addForeignKeyConstraint('api_tokens_issuer', ['issuer_id'], 'issuers', ['id'])
        .execute();

      // No foreign keys: the log must outlive, and may mention, rows that are gone.
      await createTable(db, 'audit_log')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('at', t.timestamp, (c) => c.notNull())
        .addColumn('actor', t.text, (c) => c.notNull())
        .addColumn('action', t.text, (c) => c.notNull())
        .addColumn('target_type', t.text)
        .addColumn('target_id', t.text)
        .addColumn('issuer_id', t.id)
        .addColumn('details', t.json, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_by_issuer').on('audit_log').columns(['issuer_id', 'at']).execute();
      await db.schema.createIndex('audit_log_by_time').on('audit_log').column('at').execute();
    },

    async down(db) {
      const tables = [
        'audit_log',
        'api_tokens',
        'status_allocations',
        'status_lists',
        'credentials',
        'completion_records',
        'learners',
        'achievement_courses',
        'achievements',
        'issuer_keys',
        'issuers',
      ];
      for (const table of tables) await db.schema.dropTable(table).execute();
    },
  };
}
