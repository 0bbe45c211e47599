/**
 * Recognises driver errors by their documented codes, never by message text:
 * better-sqlite3 sets `code` to the extended SQLite result code, mysql2 sets
 * `errno` to the server's error number.
 */

interface DriverError {
  code?: unknown;
  errno?: unknown;
}

function asDriverError(error: unknown): DriverError {
  return typeof error === 'object' && error !== null ? (error as DriverError) : {};
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
  const { code, errno } = asDriverError(error);
  if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return true;
  return errno === MYSQL_DEADLOCK || errno === MYSQL_LOCK_WAIT_TIMEOUT;
}
