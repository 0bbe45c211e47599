/**
 * Recognises driver errors by their documented codes, never by message text:
 * better-sqlite3 sets `code` to the extended SQLite result code, mysql2 sets
 * `errno` to the server's error number.
 */
import { StoreError } from './errors.js';

interface DriverError {
  code?: unknown;
  errno?: unknown;
}

function asDriverError(error: unknown): DriverError {
  return typeof error === 'object' && error !== null ? (error as DriverError) : {};
}

/** The driver's error behind a DATABASE_UNAVAILABLE StoreError (which keeps it as its cause), or the error itself. */
function driverErrorOf(error: unknown): unknown {
  return error instanceof StoreError && error.code === 'DATABASE_UNAVAILABLE' ? error.cause : error;
}

const MYSQL_DUPLICATE_ENTRY = new Set([1062, 1586]);
const MYSQL_DEADLOCK = 1213;
const MYSQL_LOCK_WAIT_TIMEOUT = 1205;

/** A UNIQUE or PRIMARY KEY constraint rejected the row, on either driver. */
export function isUniqueViolation(error: unknown): boolean {
  const { code, errno } = asDriverError(error);
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
  return typeof errno === 'number' && MYSQL_DUPLICATE_ENTRY.has(errno);
}

/**
 * The transaction lost a lock race and was rolled back (or must be), so
 * running it again from the start can succeed.
 */
export function isRetryableTransactionError(error: unknown): boolean {
  const { code, errno } = asDriverError(driverErrorOf(error));
  if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return true;
  return errno === MYSQL_DEADLOCK || errno === MYSQL_LOCK_WAIT_TIMEOUT;
}

/**
 * Network and socket failures (Node's codes), and mysql2's own for a
 * connection that broke, timed out or was used after it broke.
 */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  // Name resolution: a DNS outage looks the same to us as a database outage.
  'EAI_AGAIN',
  'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'PROTOCOL_ENQUEUE_HANDSHAKE_TWICE',
  // SQLite: the file cannot be opened (volume gone), or another writer held the lock past every retry.
  'SQLITE_CANTOPEN',
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_BUSY_RECOVERY',
  'SQLITE_BUSY_TIMEOUT',
]);

/**
 * Server error numbers that mean "not now" rather than "not this query":
 * 1040 too many connections, 1053 server shutting down, 1152/1184 connection
 * aborted, 1927 connection killed (MariaDB), 2002/2003 cannot connect,
 * 2006 server has gone away, 2013 lost connection during query,
 * 4031 disconnected for inactivity (MySQL 8).
 */
const MYSQL_UNREACHABLE_ERRNOS = new Set([1040, 1053, 1152, 1184, 1927, 2002, 2003, 2006, 2013, 4031]);

/**
 * mysql2 raises a few connection-state errors with neither code nor errno,
 * only `fatal`; these are the ones it can raise once a connection or the pool
 * is unusable. Matched exactly, as the one exception to "codes, not messages".
 */
const MYSQL2_FATAL_MESSAGES = new Set(["Can't add new command when connection is in closed state", "Can't write in closed state"]);

/**
 * The database could not be reached or dropped the connection: the statement
 * may not have run (or, for a COMMIT, may have: see DATABASE_UNAVAILABLE), and
 * the same call can succeed once the database is back.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  const { code, errno } = asDriverError(error);
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
  if (typeof errno === 'number' && MYSQL_UNREACHABLE_ERRNOS.has(errno)) return true;
  const fatal = (error as { fatal?: unknown } | null)?.fatal === true;
  return fatal && error instanceof Error && MYSQL2_FATAL_MESSAGES.has(error.message);
}
