import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { columnTypes, withTableOptions, type ColumnTypes } from './column-types.js';

/**
 * Lifecycle "message" status lists (Bitstring Status List §2.1): a third list
 * purpose, entries of several bits, and the issuer policy that asks for them.
 *
 * - `status_lists.purpose` may be `message`. MySQL changes the CHECK in place.
 *   SQLite cannot alter a CHECK: both status tables are rebuilt (the child
 *   too, because with foreign keys on, which a migration's transaction cannot
 *   turn off, SQLite refuses to drop a parent that has rows referring to it).
 *   Rows and indexes are copied as they are.
 * - `status_allocations.status_value`: the value of a multi-bit entry (null on
 *   one-bit lists, whose value is `is_set`); `is_set` stays "value is not 0",
 *   so publishing still reads only the entries that are set.
 * - `issuers.lifecycle_status` (off by default) and
 *   `issuers.lifecycle_status_reference` (the page explaining the values).
 * - `revocation_list_entries`: credentials a VC 1.1 tenant signed through the
 *   VC-API issue route on its 1EdTech revocation list. They are not stored as
 *   credentials, so the list keeps their ids and whether they are revoked;
 *   keyed by a digest of the id (ids are URLs of any length).
 */
const WITH_MESSAGE = sql`purpose in ('revocation', 'suspension', 'message')`;
const WITHOUT_MESSAGE = sql`purpose in ('revocation', 'suspension')`;

export function messageStatusListsMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('issuers').addColumn('lifecycle_status', t.flag, (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('issuers').addColumn('lifecycle_status_reference', t.text).execute();
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
      if (dialect === 'mysql') {
        await sql`alter table status_lists drop constraint status_lists_purpose`.execute(db);
        await sql`alter table status_lists add constraint status_lists_purpose check (${WITH_MESSAGE})`.execute(db);
        await db.schema.alterTable('status_allocations').addColumn('status_value', t.integer).execute();
      } else {
        await rebuildSqliteStatusTables(db, t, { purposes: WITH_MESSAGE, statusValue: true });
      }
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('revocation_list_entries').execute();
      // Lists of a purpose the old schema refuses cannot be kept: their credentials lose the lifecycle entry's list.
      await sql`delete from status_allocations where status_list_id in (select id from status_lists where purpose = 'message')`.execute(db);
      await sql`delete from status_lists where purpose = 'message'`.execute(db);
      if (dialect === 'mysql') {
        await db.schema.alterTable('status_allocations').dropColumn('status_value').execute();
        await sql`alter table status_lists drop constraint status_lists_purpose`.execute(db);
        await sql`alter table status_lists add constraint status_lists_purpose check (${WITHOUT_MESSAGE})`.execute(db);
      } else {
        await rebuildSqliteStatusTables(db, t, { purposes: WITHOUT_MESSAGE, statusValue: false });
      }
      await db.schema.alterTable('issuers').dropColumn('lifecycle_status_reference').execute();
      await db.schema.alterTable('issuers').dropColumn('lifecycle_status').execute();
    },
  };
}

const LIST_COLUMNS = [
  'id', 'issuer_id', 'purpose', 'format', 'sequence', 'length', 'full', 'version', 'signed_version', 'signed_document', 'etag', 'created_at', 'updated_at',
  'allocated_count', 'permutation_key', 'dirty_since', 'publish_lease_owner', 'publish_lease_until',
];
const ALLOCATION_COLUMNS = ['status_list_id', 'status_index', 'credential_id', 'is_set'];

/**
 * SQLite's documented way to change a constraint: new tables, rows copied, old
 * tables dropped, new ones renamed (which also renames the child's reference
 * to its parent), indexes made again. All inside the migration's transaction.
 */
async function rebuildSqliteStatusTables(db: Kysely<unknown>, t: ColumnTypes, options: { purposes: ReturnType<typeof sql>; statusValue: boolean }): Promise<void> {
  await withTableOptions('sqlite', db.schema.createTable('status_lists_012'))
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
    .addColumn('allocated_count', t.integer, (c) => c.notNull().defaultTo(0))
    .addColumn('permutation_key', t.key(64))
    .addColumn('dirty_since', t.timestamp)
    .addColumn('publish_lease_owner', t.key(64))
    .addColumn('publish_lease_until', t.timestamp)
    .addForeignKeyConstraint('status_lists_issuer', ['issuer_id'], 'issuers', ['id'])
    .addUniqueConstraint('status_lists_sequence', ['issuer_id', 'purpose', 'format', 'sequence'])
    .addCheckConstraint('status_lists_purpose', options.purposes)
    .addCheckConstraint('status_lists_format', sql`format in ('BitstringStatusList', 'StatusList2021')`)
    .execute();
  let allocations = withTableOptions('sqlite', db.schema.createTable('status_allocations_012'))
    .addColumn('status_list_id', t.id, (c) => c.notNull())
    .addColumn('status_index', t.integer, (c) => c.notNull())
    .addColumn('credential_id', t.id, (c) => c.notNull())
    .addColumn('is_set', t.flag, (c) => c.notNull());
  if (options.statusValue) allocations = allocations.addColumn('status_value', t.integer);
  await allocations
    .addPrimaryKeyConstraint('status_allocations_pk', ['status_list_id', 'status_index'])
    .addForeignKeyConstraint('status_allocations_list', ['status_list_id'], 'status_lists_012', ['id'])
    .execute();

  const lists = sql.join(LIST_COLUMNS.map((column) => sql.ref(column)));
  await sql`insert into status_lists_012 (${lists}) select ${lists} from status_lists`.execute(db);
  const allocationColumns = sql.join(ALLOCATION_COLUMNS.map((column) => sql.ref(column)));
  await sql`insert into status_allocations_012 (${allocationColumns}) select ${allocationColumns} from status_allocations`.execute(db);

  // Child first: then nothing refers to the old parent when it goes.
  await db.schema.dropTable('status_allocations').execute();
  await db.schema.dropTable('status_lists').execute();
  await db.schema.alterTable('status_lists_012').renameTo('status_lists').execute();
  await db.schema.alterTable('status_allocations_012').renameTo('status_allocations').execute();
  // The indexes 001 and 007 made on the child, under their names.
  await db.schema.createIndex('status_allocations_by_credential').on('status_allocations').column('credential_id').execute();
  await db.schema.createIndex('status_allocations_set').on('status_allocations').columns(['status_list_id', 'is_set', 'status_index']).execute();
}
