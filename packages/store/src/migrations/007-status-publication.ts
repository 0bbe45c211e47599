import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { columnTypes } from './column-types.js';

/**
 * Status lists become their own outbox. A list whose `version` is ahead of
 * its `signed_version` owes a publication; these columns say since when
 * (so a verifier can tell "being republished" from "stuck") and which
 * process is publishing it right now (a lease, so publishers in several
 * processes do not all sign the same list).
 */
export function statusPublicationMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('status_lists').addColumn('dirty_since', t.timestamp).execute();
      await db.schema.alterTable('status_lists').addColumn('publish_lease_owner', t.key(64)).execute();
      await db.schema.alterTable('status_lists').addColumn('publish_lease_until', t.timestamp).execute();
      // Publishing reads a list's set bits: with this index that costs the set bits, not the whole list.
      await db.schema.createIndex('status_allocations_set').on('status_allocations').columns(['status_list_id', 'is_set', 'status_index']).execute();
      // Lists already owing a publication owe it since their last change.
      await sql`update status_lists set dirty_since = updated_at where version > signed_version`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('status_allocations_set').on('status_allocations').execute();
      for (const column of ['publish_lease_until', 'publish_lease_owner', 'dirty_since']) {
        await db.schema.alterTable('status_lists').dropColumn(column).execute();
      }
    },
  };
}
