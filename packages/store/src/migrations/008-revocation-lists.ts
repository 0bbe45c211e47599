import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { columnTypes, withTableOptions } from './column-types.js';

/**
 * 1EdTech revocation lists: each issuer's VC 1.1 Open Badges credentials name
 * their issuer's list, which the verifier builds on every request from
 * - the issuer's revoked credentials (this index makes that one range scan,
 *   issuer and state, not a walk over every credential it holds);
 * - `revocation_list_entries`: credentials signed through the VC-API issue
 *   route, which are not stored, so the list needs their ids and whether they
 *   are revoked. Keyed by a digest of the id (ids are URLs of any length).
 */
export function revocationListsMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('credentials_by_issuer_state').on('credentials').columns(['issuer_id', 'state', 'format']).execute();
      await withTableOptions(dialect, db.schema.createTable('revocation_list_entries'))
        .addColumn('issuer_id', t.id, (c) => c.notNull())
        .addColumn('credential_key', t.key(64), (c) => c.notNull())
        .addColumn('credential_id', t.text, (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('revoked_at', t.timestamp)
        .addPrimaryKeyConstraint('revocation_list_entries_pk', ['issuer_id', 'credential_key'])
        .addForeignKeyConstraint('revocation_list_entries_issuer', ['issuer_id'], 'issuers', ['id'])
        .execute();
      await db.schema.createIndex('revocation_list_entries_revoked').on('revocation_list_entries').columns(['issuer_id', 'revoked_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('revocation_list_entries').execute();
      await db.schema.dropIndex('credentials_by_issuer_state').on('credentials').execute();
    },
  };
}
