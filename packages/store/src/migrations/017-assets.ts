import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { columnTypes, withTableOptions } from './column-types.js';

/**
 * Issuers' uploaded images and fonts, and their certificate designs.
 *
 * An asset is content-addressed within its issuer (its id is the SHA-256 of
 * its bytes), so uploading the same file again changes nothing. Its bytes sit
 * in `bytes` when ASSET_STORE=database, or in an object store (then `bytes` is
 * null and `storage` says where): the metadata is always here, so listing
 * never asks the object store.
 *
 * A design is a `laurel-design/1` document (JSON, no code). Which design a
 * certificate uses is a choice per issuer (achievement_key '*') or per
 * achievement, kept apart from the issuer and achievement rows so their
 * shapes do not change.
 */
export function assetsMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  // Bytes up to the upload limit (a few MiB): MySQL's BLOB stops at 64 KiB.
  const bytes = dialect === 'mysql' ? sql`longblob` : sql`blob`;
  return {
    async up(db: Kysely<unknown>) {
      await withTableOptions(dialect, db.schema.createTable('assets'))
        .addColumn('issuer_id', t.id, (c) => c.notNull())
        .addColumn('id', t.key(64), (c) => c.notNull())
        .addColumn('kind', t.key(8), (c) => c.notNull())
        .addColumn('media_type', t.key(64), (c) => c.notNull())
        .addColumn('byte_length', t.integer, (c) => c.notNull())
        .addColumn('name', t.text)
        .addColumn('storage', t.key(16), (c) => c.notNull())
        .addColumn('bytes', bytes)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('assets_pk', ['issuer_id', 'id'])
        .addForeignKeyConstraint('assets_issuer', ['issuer_id'], 'issuers', ['id'])
        .execute();
      await withTableOptions(dialect, db.schema.createTable('certificate_designs'))
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('issuer_id', t.id, (c) => c.notNull())
        .addColumn('name', t.text, (c) => c.notNull())
        .addColumn('design', t.json, (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addForeignKeyConstraint('certificate_designs_issuer', ['issuer_id'], 'issuers', ['id'])
        .execute();
      await db.schema.createIndex('certificate_designs_by_issuer').on('certificate_designs').columns(['issuer_id', 'created_at']).execute();
      await withTableOptions(dialect, db.schema.createTable('certificate_design_choices'))
        .addColumn('issuer_id', t.id, (c) => c.notNull())
        // '*' for the issuer's default, else an achievement id.
        .addColumn('achievement_key', t.key(64), (c) => c.notNull())
        .addColumn('design_id', t.id, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('certificate_design_choices_pk', ['issuer_id', 'achievement_key'])
        .addForeignKeyConstraint('certificate_design_choices_design', ['design_id'], 'certificate_designs', ['id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('certificate_design_choices').execute();
      await db.schema.dropTable('certificate_designs').execute();
      await db.schema.dropTable('assets').execute();
    },
  };
}
