import { randomUUID } from 'node:crypto';
import { CamelCasePlugin, Kysely, sql, type Dialect, type LogEvent } from 'kysely';
import { parseDatabaseUrl } from './database-url.js';
import { assertSchemaCurrent, migrateToLatest } from './migrations/index.js';
import { createMysqlDialect } from './mysql-dialect.js';
import { createRepositories, type Repositories } from './repositories/index.js';
import { rootContext, transactionContext } from './repositories/context.js';
import type { Database, StoreDialect } from './schema.js';
import { createSqliteDialect } from './sqlite-dialect.js';
import { runTransaction } from './transaction.js';
import { withUnavailableErrors } from './unavailable-dialect.js';
import { isDatabaseUnreachable } from './driver-errors.js';
import { databaseUnavailable } from './errors.js';
import { retryWhileDatabaseUnavailable, type WaitForDatabaseOptions } from './wait-for-database.js';

export interface OpenStoreOptions {
  /** `sqlite:<path>`, `sqlite::memory:` or `mysql://user:pass@host:port/db`. */
  databaseUrl: string;
  /** The clock for every timestamp the store sets itself; injectable for tests. */
  now?: () => Date;
  /**
   * Open for reading only and never migrate (the verifier): SQLite opens the
   * existing file read-only, MySQL sessions are READ ONLY, and a schema behind
   * this code is refused with SCHEMA_OUT_OF_DATE. Writes fail.
   */
  readOnly?: boolean;
  /** Sees every query sent (Kysely's log hook): benches count round trips, tests read query plans. */
  log?: (event: LogEvent) => void;
  /**
   * How long to keep trying (ms) while a database server (MySQL) does not
   * answer, e.g. a service started before its database; 0 (the default)
   * fails at once with DATABASE_UNAVAILABLE. SQLite never waits.
   */
  waitForDatabaseMs?: number;
  /** Told before each new try while waiting for the database. */
  onDatabaseWait?: WaitForDatabaseOptions['onRetry'];
}

export interface Store extends Repositories {
  readonly dialect: StoreDialect;
  /** The underlying Kysely instance, for tests and one-off maintenance. */
  readonly db: Kysely<Database>;
  /**
   * Runs `fn` in one transaction with repositories bound to it. After a
   * deadlock or lock timeout the whole of `fn` runs again (a few times), so
   * it must not have effects outside the store. Inside `fn` use only the
   * repositories it is given: on SQLite the store's own ones wait for the
   * single connection, which `fn` holds, so calling them there never returns.
   *
   * When the database cannot be reached it throws StoreError
   * DATABASE_UNAVAILABLE and nothing was committed (unless the COMMIT itself
   * was sent and its answer lost: then `fn`'s writes may have committed, which
   * is why every write must be idempotent and callers may simply retry).
   */
  transaction<T>(fn: (repositories: Repositories) => Promise<T>): Promise<T>;
  /** One round trip to the database (`select 1`); throws (DATABASE_UNAVAILABLE when unreachable) when it does not answer. For readiness checks. */
  ping(): Promise<void>;
  /** Closes the connection or pool; the store is unusable afterwards. */
  close(): Promise<void>;
}

/** A Kysely instance on the database, not migrated: openStore's first step, and for migration tests. */
export async function connectDatabase(
  databaseUrl: string,
  options: { readOnly?: boolean; log?: (event: LogEvent) => void } = {},
): Promise<{ db: Kysely<Database>; dialect: StoreDialect }> {
  const target = parseDatabaseUrl(databaseUrl);
  let driver: Dialect;
  try {
    driver = withUnavailableErrors(target.dialect === 'sqlite' ? await createSqliteDialect(target.filename, options) : createMysqlDialect(target, options));
  } catch (error) {
    // Opening a SQLite file happens here, before any query (SQLITE_CANTOPEN).
    throw isDatabaseUnreachable(error) ? databaseUnavailable(error) : error;
  }
  return { db: new Kysely<Database>({ dialect: driver, plugins: [new CamelCasePlugin()], ...(options.log ? { log: options.log } : {}) }), dialect: target.dialect };
}

async function connectAndMigrate(options: OpenStoreOptions, leaseOwner: string): Promise<{ db: Kysely<Database>; dialect: StoreDialect }> {
  const readOnly = options.readOnly === true;
  const connected = await connectDatabase(options.databaseUrl, { readOnly, ...(options.log ? { log: options.log } : {}) });
  try {
    const schemaDb = connected.db.withoutPlugins() as Kysely<unknown>;
    await (readOnly ? assertSchemaCurrent(schemaDb, connected.dialect) : migrateToLatest(schemaDb, connected.dialect, leaseOwner));
  } catch (error) {
    await connected.db.destroy();
    throw error;
  }
  return connected;
}

/**
 * Opens the database, creating a SQLite file (0600) and its folders if needed,
 * and migrates it to the latest schema; read-only, it only checks the schema.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  // One migration-lease owner for every try: a try cut off before it could
  // release the lease does not make the next one wait for it to expire.
  const leaseOwner = randomUUID();
  // A SQLite file that cannot be opened (missing, a directory) is a set-up mistake, not a server still starting.
  const network = parseDatabaseUrl(options.databaseUrl).dialect !== 'sqlite';
  const { db, dialect } = await retryWhileDatabaseUnavailable(() => connectAndMigrate(options, leaseOwner), {
    waitMs: network ? (options.waitForDatabaseMs ?? 0) : 0,
    ...(options.onDatabaseWait ? { onRetry: options.onDatabaseWait } : {}),
  });

  const context = rootContext(db, dialect, options.now ?? (() => new Date()));
  let closed: Promise<void> | undefined;
  return {
    ...createRepositories(context),
    dialect,
    db,
    transaction: (fn) => runTransaction(db, (trx) => fn(createRepositories(transactionContext(context, trx)))),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => (closed ??= db.destroy()),
  };
}
