import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
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
import { databaseUnavailable, StoreError } from './errors.js';

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

/**
 * better-sqlite3 is a native build and an optional dependency: it is loaded
 * only when a sqlite: URL is opened, so MySQL-only installs can leave it out.
 */
async function loadBetterSqlite3(): Promise<typeof BetterSqlite3> {
  try {
    return (await import('better-sqlite3')).default;
  } catch (error) {
    throw new StoreError('UNSUPPORTED_DATABASE_URL', 'sqlite: URLs need the optional dependency better-sqlite3, which is not installed (npm install better-sqlite3).', { scheme: 'sqlite:' }, { cause: error });
  }
}

/**
 * Creates the file owner-only (0600) before SQLite opens it: it holds sealed
 * keys, tokens' hashes and learners' records. SQLite gives the -wal and -shm
 * files the main file's permissions. An existing file keeps its mode.
 */
function createOwnerOnly(filename: string): void {
  mkdirSync(path.dirname(path.resolve(filename)), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(filename, 'a', 0o600));
  } catch {
    // Not creatable (a directory, no permission): SQLite's own open then fails and says why.
  }
}

export interface SqliteOpenOptions {
  /** Open the existing file read-only (the verifier): no file is created, every write fails. */
  readOnly?: boolean;
}

export async function createSqliteDialect(filename: string, options: SqliteOpenOptions = {}): Promise<SqliteDialect> {
  const Database = await loadBetterSqlite3();
  const inMemory = filename === ':memory:';
  if (!inMemory && !options.readOnly) createOwnerOnly(filename);
  if (options.readOnly && inMemory) {
    throw new StoreError('UNSUPPORTED_DATABASE_URL', 'A read-only store cannot open sqlite::memory: (a new, empty database): give it the issuer\'s database file.', { scheme: 'sqlite:' });
  }
  if (options.readOnly && !existsSync(filename)) {
    // A reader never creates the database: the issuer does, on its first start.
    throw databaseUnavailable(Object.assign(new Error('The SQLite file does not exist (yet): start the issuer first.'), { code: 'SQLITE_CANTOPEN' }));
  }
  const database = new Database(filename, { timeout: BUSY_TIMEOUT_MS, readonly: options.readOnly === true, fileMustExist: options.readOnly === true });
  // WAL lets readers in other processes proceed while one process writes (set by the writer, which creates the file).
  if (!inMemory && !options.readOnly) database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  return new LaurelSqliteDialect({ database: withStatementCache(database) });
}
