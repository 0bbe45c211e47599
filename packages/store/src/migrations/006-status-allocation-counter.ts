import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { columnTypes } from './column-types.js';

/**
 * Status indexes come from a counter per list and a secret per-list key: the
 * counter's n-th slot is index permutation(key, n) (computed by the issuing
 * domain), so allocation is O(1) up to the last index and a list rolls over
 * exactly when its counter reaches its length.
 *
 * Lists created before this migration handed out indexes at random, so a
 * counter could walk onto an index already in use. Rather than keep a second
 * allocator alive for them, they are closed (`full`): they keep serving and
 * changing the status of the credentials they hold, and the next issuance
 * starts the following list, which has a key. A closed list wastes its unused
 * bits (16 KiB for a spec-minimum list), once per issuer, purpose and format.
 * Their counter records how many indexes they did hand out.
 */
/** The columns this migration touches, as they are at this point of history. */
interface Tables {
  status_lists: { id: string; full: number; allocated_count: number };
  status_allocations: { status_list_id: string };
}

export function statusAllocationCounterMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);

  return {
    async up(db: Kysely<unknown>) {
      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      await db.schema.alterTable('status_lists').addColumn('allocated_count', t.integer, (c) => c.notNull().defaultTo(0)).execute();
      // 32 random bytes as hex; null only on the lists closed below.
      await db.schema.alterTable('status_lists').addColumn('permutation_key', t.key(64)).execute();
      await (db as Kysely<Tables>)
        .updateTable('status_lists')
        .set((eb) => ({
          full: 1,
          allocated_count: eb
            .selectFrom('status_allocations')
            .select(eb.fn.countAll<number>().as('used'))
            .whereRef('status_allocations.status_list_id', '=', 'status_lists.id'),
        }))
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('status_lists').dropColumn('permutation_key').execute();
      await db.schema.alterTable('status_lists').dropColumn('allocated_count').execute();
    },
  };
}
