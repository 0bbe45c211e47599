import { sql, type SelectQueryBuilder } from 'kysely';
import { StoreError } from '../errors.js';

/** One page of a list: `limit` rows after `cursor` in `order` of the sort column (then id). */
export interface PageRequest {
  limit: number;
  /** The previous page's `nextCursor`; absent for the first page. */
  cursor?: string | undefined;
  order?: 'asc' | 'desc' | undefined;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

export const MAX_PAGE_SIZE = 500;

type CursorKey = [string | number, string];

/** A cursor is opaque to callers: the last row's sort value and id, as base64url JSON. */
function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): CursorKey | undefined {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === 2 && ['string', 'number'].includes(typeof key[0]) && typeof key[1] === 'string') return key as CursorKey;
  } catch {
    // not JSON: falls through to undefined
  }
  return undefined;
}

/** For input validation: whether `cursor` is one this store handed out (in shape). */
export function isPageCursor(cursor: string): boolean {
  return decodeCursor(cursor) !== undefined;
}

/**
 * Keyset pagination: rows strictly after the cursor's (sort value, id), so a
 * page never repeats or skips a row when rows are added meanwhile, and the
 * database reads from an index instead of counting an OFFSET. `column` and
 * `idColumn` are trusted names chosen by the repository, never caller text.
 */
export async function keysetPage<DB, TB extends keyof DB, O, T>(
  query: SelectQueryBuilder<DB, TB, O>,
  sort: { column: string; idColumn: string; keyOf: (row: O) => CursorKey },
  request: PageRequest,
  toItem: (row: O) => T,
): Promise<Page<T>> {
  const direction = request.order === 'desc' ? 'desc' : 'asc';
  const after = sql.raw(direction === 'desc' ? '<' : '>');
  const limit = Math.max(1, Math.min(Math.trunc(request.limit), MAX_PAGE_SIZE));
  let page = query;
  if (request.cursor !== undefined) {
    const key = decodeCursor(request.cursor);
    if (key === undefined) throw new StoreError('INVALID_ARGUMENT', 'The cursor is not one this API handed out.', { field: 'cursor' });
    const [value, id] = key;
    const column = sql.ref(sort.column);
    page = page.where(sql<boolean>`(${column} ${after} ${value} or (${column} = ${value} and ${sql.ref(sort.idColumn)} ${after} ${id}))`);
  }
  const rows = await page
    .orderBy(sql.ref(sort.column), direction)
    .orderBy(sql.ref(sort.idColumn), direction)
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(toItem), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(sort.keyOf(last)) : null };
}

/**
 * Case-insensitive "contains `text`" over any of `columns` (trusted names).
 * `!` escapes the wildcards in `text` (a backslash would mean different
 * things to SQLite and MySQL string literals); lower() on both sides because
 * utf8mb4_bin compares case-sensitively where SQLite's LIKE does not.
 */
export function containsText(columns: string[], text: string) {
  const pattern = `%${text.toLowerCase().replace(/[!%_]/g, (character) => `!${character}`)}%`;
  const tests = columns.map((column) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '!'`);
  return sql<boolean>`(${sql.join(tests, sql` or `)})`;
}
