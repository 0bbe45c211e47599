import { StoreError } from './errors.js';

export type DatabaseTarget =
  | { dialect: 'sqlite'; filename: string }
  | {
      dialect: 'mysql';
      host: string;
      port: number;
      user: string;
      password: string;
      database: string;
      connectionLimit: number | undefined;
    };

const DEFAULT_MYSQL_PORT = 3306;

function unsupported(url: string, reason: string): StoreError {
  // The URL may carry a password: report only its scheme.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? '(none)';
  return new StoreError('UNSUPPORTED_DATABASE_URL', `Unsupported database URL (scheme ${scheme}): ${reason}`, { scheme });
}

/**
 * `sqlite:<path>` (relative to the working directory), `sqlite::memory:`,
 * or `mysql://user:pass@host:port/db[?connectionLimit=n]` (`mariadb://` too).
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const filename = url.slice('sqlite:'.length);
    if (filename === '') throw unsupported(url, 'sqlite: needs a file path or :memory:.');
    return { dialect: 'sqlite', filename };
  }
  if (url.startsWith('mysql:') || url.startsWith('mariadb:')) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw unsupported(url, 'not a valid URL.');
    }
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    if (database === '' || database.includes('/')) throw unsupported(url, 'the path must name one database.');
    const limit = parsed.searchParams.get('connectionLimit');
    const connectionLimit = limit === null ? undefined : Number(limit);
    if (connectionLimit !== undefined && !(Number.isSafeInteger(connectionLimit) && connectionLimit > 0)) {
      throw unsupported(url, 'connectionLimit must be a positive integer.');
    }
    return {
      dialect: 'mysql',
      host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
      port: parsed.port === '' ? DEFAULT_MYSQL_PORT : Number(parsed.port),
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      database,
      connectionLimit,
    };
  }
  throw unsupported(url, 'expected sqlite:<path>, sqlite::memory: or mysql://user:pass@host:port/db.');
}
