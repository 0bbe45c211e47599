import { MysqlDialect } from 'kysely';
import { createPool } from 'mysql2';
import type { DatabaseTarget } from './database-url.js';

const DEFAULT_CONNECTION_LIMIT = 10;

/**
 * Strict mode makes an over-long value an error rather than a silent
 * truncation; set per session so a lax server default cannot weaken it.
 */
const SESSION_SQL_MODE = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

export function createMysqlDialect(target: Extract<DatabaseTarget, { dialect: 'mysql' }>): MysqlDialect {
  const pool = createPool({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    connectionLimit: target.connectionLimit ?? DEFAULT_CONNECTION_LIMIT,
    charset: 'UTF8MB4_BIN',
  });
  pool.on('connection', (connection) => {
    // Queued ahead of the connection's first real query. Should it fail, the
    // server default applies, which MariaDB >= 10.2.4 and MySQL >= 5.7 make strict too.
    connection.query(`SET SESSION sql_mode = '${SESSION_SQL_MODE}'`, () => undefined);
  });
  return new MysqlDialect({ pool });
}
