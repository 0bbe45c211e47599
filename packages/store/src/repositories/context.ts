import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database, StoreDialect } from '../schema.js';
import { runTransaction, retryOnConflict } from '../transaction.js';
import { toTimestamp, type Timestamp } from '../values.js';

/** What every repository factory is given: an executor and how to be atomic with it. */
export interface RepositoryContext {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  /** True when `db` is a transaction that the caller of store.transaction() owns. */
  readonly inTransaction: boolean;
  readonly now: () => Timestamp;
  readonly newId: () => string;
  /**
   * Runs `fn` atomically: in a new retried transaction at top level, or
   * inline when already inside one (which then owns commit and retry).
   */
  atomic<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Retries `fn` after a deadlock at top level; inside a transaction the outer retry does it. */
  retrying<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * The status list sequence each (issuer, purpose, format) last allocated in, kept by this
   * store across transactions: a starting hint for takeStatusSlot, never trusted further.
   */
  readonly statusListHints?: Map<string, number>;
}

export function rootContext(db: Kysely<Database>, dialect: StoreDialect, clock: () => Date): RepositoryContext {
  return {
    db,
    dialect,
    inTransaction: false,
    now: () => toTimestamp(clock(), 'now()'),
    newId: randomUUID,
    atomic: (fn) => runTransaction(db, fn),
    retrying: retryOnConflict,
    statusListHints: new Map(),
  };
}

export function transactionContext(root: RepositoryContext, trx: Kysely<Database>): RepositoryContext {
  return { ...root, db: trx, inTransaction: true, atomic: (fn) => fn(trx), retrying: (fn) => fn() };
}

/**
 * Row lock for a read that decides a write. SQLite needs none: its write
 * transactions are serialized (BEGIN IMMEDIATE).
 */
export function forUpdate<DB, TB extends keyof DB, O>(
  context: RepositoryContext,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return context.dialect === 'mysql' ? query.forUpdate() : query;
}

/**
 * A read that must see rows other transactions committed after ours began,
 * e.g. the row that just made our INSERT fail as a duplicate. Under MySQL's
 * REPEATABLE READ a plain SELECT would read our snapshot and miss it; a
 * shared-lock read sees the latest version (and is compatible with the lock
 * the failed INSERT left). Outside a transaction each statement already sees
 * the latest data. `LOCK IN SHARE MODE` because MariaDB has no `FOR SHARE`.
 */
export function latest<DB, TB extends keyof DB, O>(
  context: RepositoryContext,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return context.dialect === 'mysql' && context.inTransaction ? query.modifyEnd(sql`lock in share mode`) : query;
}
