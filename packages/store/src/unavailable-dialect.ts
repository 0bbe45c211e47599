import type { CompiledQuery, DatabaseConnection, DatabaseIntrospector, Dialect, DialectAdapter, Driver, Kysely, QueryCompiler, QueryResult, TransactionSettings } from 'kysely';
import { isDatabaseUnreachable } from './driver-errors.js';
import { databaseUnavailable, StoreError } from './errors.js';

/** The driver's error as DATABASE_UNAVAILABLE when it means the database is out of reach; any other error unchanged. */
function classified(error: unknown): unknown {
  return !(error instanceof StoreError) && isDatabaseUnreachable(error) ? databaseUnavailable(error) : error;
}

async function classify<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw classified(error);
  }
}

class ClassifyingConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return classify(() => this.inner.executeQuery<R>(compiledQuery));
  }

  streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(compiledQuery, chunkSize);
  }
}

/**
 * Every statement, connection and transaction step goes through here, so each
 * repository call, transaction and migration reports an outage the same way.
 *
 * A transaction that fails this way was rolled back by the server (the
 * connection is gone, and with it the open transaction), with one ambiguous
 * case: when the COMMIT was sent and its answer lost, it may have committed.
 * Callers retry either way; every write is idempotent, so a second run of a
 * committed transaction finds its work done.
 */
class ClassifyingDriver implements Driver {
  readonly #wrapped = new WeakMap<DatabaseConnection, ClassifyingConnection>();

  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return classify(() => this.inner.init());
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await classify(() => this.inner.acquireConnection());
    let wrapped = this.#wrapped.get(connection);
    if (wrapped === undefined) {
      wrapped = new ClassifyingConnection(connection);
      this.#wrapped.set(connection, wrapped);
    }
    return wrapped;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return classify(() => this.inner.beginTransaction(unwrap(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return classify(() => this.inner.commitTransaction(unwrap(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return classify(() => this.inner.rollbackTransaction(unwrap(connection)));
  }

  savepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    const { savepoint } = this.inner;
    if (!savepoint) return Promise.reject(new Error('The database driver does not support savepoints.'));
    return classify(() => savepoint.call(this.inner, unwrap(connection), name, compileQuery));
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    const { rollbackToSavepoint } = this.inner;
    if (!rollbackToSavepoint) return Promise.reject(new Error('The database driver does not support savepoints.'));
    return classify(() => rollbackToSavepoint.call(this.inner, unwrap(connection), name, compileQuery));
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    const { releaseSavepoint } = this.inner;
    if (!releaseSavepoint) return Promise.reject(new Error('The database driver does not support savepoints.'));
    return classify(() => releaseSavepoint.call(this.inner, unwrap(connection), name, compileQuery));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(unwrap(connection));
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** The driver's own connection: drivers keep private state on it (mysql2's release handle). */
function unwrap(connection: DatabaseConnection): DatabaseConnection {
  return connection instanceof ClassifyingConnection ? connection.inner : connection;
}

/** `dialect` with its driver's "cannot reach the database" errors raised as StoreError DATABASE_UNAVAILABLE. */
export function withUnavailableErrors(dialect: Dialect): Dialect {
  return {
    createDriver: () => new ClassifyingDriver(dialect.createDriver()),
    createQueryCompiler: (): QueryCompiler => dialect.createQueryCompiler(),
    createAdapter: (): DialectAdapter => dialect.createAdapter(),
    createIntrospector: (db: Kysely<unknown>): DatabaseIntrospector => dialect.createIntrospector(db),
  };
}
