import { MysqlDialect } from 'kysely';
import { createPool } from 'mysql2';
import type { DatabaseTarget } from './database-url.js';

const DEFAULT_CONNECTION_LIMIT = 10;
/**
 * How long opening a connection (TCP and handshake) may take. A database that
 * is down or unreachable then fails a request within this time (503,
 * DATABASE_UNAVAILABLE) instead of holding it for mysql2's default 10 s.
 */
const CONNECT_TIMEOUT_MS = 5_000;
/** TCP keepalive from 10 s of silence, so a pooled connection to a vanished server is found dead and dropped. */
const KEEP_ALIVE_DELAY_MS = 10_000;

/**
 * Strict mode makes an over-long value an error rather than a silent
 * truncation; set per session so a lax server default cannot weaken it.
 */
const SESSION_SQL_MODE = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

export function createMysqlDialect(target: Extract<DatabaseTarget, { dialect: 'mysql' }>, options: { readOnly?: boolean } = {}): MysqlDialect {
  const pool = createPool({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    connectionLimit: target.connectionLimit ?? DEFAULT_CONNECTION_LIMIT,
    charset: 'UTF8MB4_BIN',
    connectTimeout: CONNECT_TIMEOUT_MS,
    enableKeepAlive: true,
    keepAliveInitialDelay: KEEP_ALIVE_DELAY_MS,
  });
  // A connection that breaks (reset, timeout, server gone) leaves the pool by
  // itself: mysql2 removes a pooled connection on its first fatal error, and
  // the next request opens a new one. So the pool recovers once the database
  // answers again, without a restart.
  pool.on('connection', (connection) => {
    // Queued ahead of the connection's first real query. Should it fail, the
    // server default applies, which MariaDB >= 10.2.4 and MySQL >= 5.7 make strict too.
    connection.query(`SET SESSION sql_mode = '${SESSION_SQL_MODE}'`, () => undefined);
    // Every transaction runs at REPEATABLE READ (transaction.ts relies on it). Set once per session
    // rather than before each transaction: that was a round trip of its own on every write.
    connection.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ', () => undefined);
    // Defence in depth for the verifier: even a user granted writes cannot write through this pool.
    if (options.readOnly) connection.query('SET SESSION TRANSACTION READ ONLY', () => undefined);
  });
  return new MysqlDialect({ pool });
}
