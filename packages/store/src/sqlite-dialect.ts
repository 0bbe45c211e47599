import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type QueryResult,
  type SqliteDatabase,
  type SqliteDialectConfig,
} from 'kysely';

/**
 * better-sqlite3 is synchronous: while busy_timeout waits, the whole event
 * loop waits, including the transaction that holds the lock when it lives in
 * this process. So SQLite itself only waits briefly (enough for another
 * process's short write) and longer waits happen here, asynchronously.
 */
const BUSY_TIMEOUT_MS = 50;
const BUSY_RETRY_DEADLINE_MS = 10_000;
const BUSY_RETRY_DELAY_MS = 5;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** A statement that failed with SQLITE_BUSY did not run, so running it again is safe. */
class BusyRetryingConnection implements DatabaseConnection {
  constructor(private readonly inner: DatabaseConnection) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const deadline = Date.now() + BUSY_RETRY_DEADLINE_MS;
    for (;;) {
      try {
        return await this.inner.executeQuery<R>(compiledQuery);
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_DELAY_MS * (0.5 + Math.random())));
      }
    }
  }

  streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(compiledQuery, chunkSize);
  }
}

/**
 * BEGIN IMMEDIATE takes the write lock up front. With Kysely's plain BEGIN a
 * transaction that reads and then writes can fail with SQLITE_BUSY halfway
 * when another connection wrote in between; retrying that BEGIN is not enough.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  readonly #wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    let wrapped = this.#wrapped.get(connection);
    if (wrapped === undefined) {
      wrapped = new BusyRetryingConnection(connection);
      this.#wrapped.set(connection, wrapped);
    }
    return wrapped;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** SQLite does run DDL in transactions; saying so lets the migrator use one (and so the immediate lock). */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class LaurelSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/** Distinct statements kept prepared; Laurel's queries are a few hundred shapes at most. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The database as Kysely sees it, with statements kept prepared by SQL text:
 * Kysely prepares every query afresh, and SQLite's parse and plan are a real
 * share of a short query. better-sqlite3 is synchronous and Laurel never
 * streams, so a statement is never in use twice at once.
 */
function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => void database.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

export function createSqliteDialect(filename: string): SqliteDialect {
  const inMemory = filename === ':memory:';
  if (!inMemory) mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  const database = new BetterSqlite3(filename, { timeout: BUSY_TIMEOUT_MS });
  // WAL lets readers in other processes proceed while one process writes.
  if (!inMemory) database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  return new LaurelSqliteDialect({ database: withStatementCache(database) });
}
