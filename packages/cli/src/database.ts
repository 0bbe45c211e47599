import { existsSync } from 'node:fs';
import { parseDatabaseUrl, type Store } from '@laurel/store';
import { UsageError } from './io.js';

export const DATABASE_OPTION_HELP = 'database URL (default: $DATABASE_URL, else sqlite:data/laurel.db if that file exists)';

/** The database a command works on: --database, $DATABASE_URL, or the issuer's default SQLite file. */
export function databaseUrlOf(option: string | undefined): string {
  return option ?? process.env.DATABASE_URL ?? 'sqlite:data/laurel.db';
}

/**
 * Refuses a SQLite file that does not exist: opening it would create an
 * empty database, and the command would then report "no such issuer" (or
 * worse, succeed against nothing) instead of the real mistake.
 */
export function requireDatabase(url: string): void {
  const target = parseDatabaseUrl(url);
  if (target.dialect === 'sqlite' && target.filename !== ':memory:' && !existsSync(target.filename)) {
    throw new UsageError(`No database at ${target.filename}. Name the issuer's database with --database or DATABASE_URL (the issuer service creates it on first start).`);
  }
}

/** Opens the command's database, which must exist. */
export async function openExistingStore(option: string | undefined): Promise<Store> {
  const url = databaseUrlOf(option);
  requireDatabase(url);
  const { openStore } = await import('@laurel/store');
  return openStore({ databaseUrl: url });
}
