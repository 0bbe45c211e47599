import { CompiledQuery, type DialectAdapter, type Kysely, type KyselyPlugin } from 'kysely';
import type { Database } from '../schema.js';

/** An INSERT Kysely compiled, and what its SQL depends on. */
interface Shape {
  table: string;
  rowCount: number;
  /** The plugins that transformed it (CamelCasePlugin turns the columns into SQL names). */
  plugins: readonly KyselyPlugin[];
  columns: readonly string[];
  sql: string;
}

/**
 * The shapes compiled so far, per dialect: its adapter, which a transaction and a `withPlugin` copy
 * share with their database. A few per table (one per row count seen); past the cap, new shapes are
 * compiled every time rather than kept.
 */
const compiled = new WeakMap<DialectAdapter, Shape[]>();
const MAX_SHAPES = 64;

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** The table's columns, in the rows' own key order, when every row has the same keys and no undefined value. */
function uniformColumns(rows: readonly Record<string, unknown>[]): string[] | undefined {
  const columns = Object.keys(rows[0]!);
  for (const row of rows) {
    const keys = row === rows[0] ? columns : Object.keys(row);
    if (!sameItems(keys, columns)) return undefined;
    for (const column of columns) if (row[column] === undefined) return undefined;
  }
  return columns;
}

/** The rows' values, column by column and row by row: the parameters Kysely gives such an INSERT. */
function valuesOf(rows: readonly Record<string, unknown>[], columns: readonly string[]): unknown[] {
  const values: unknown[] = [];
  for (const row of rows) for (const column of columns) values.push(row[column]);
  return values;
}

/**
 * Inserts whole rows into `table`, as `db.insertInto(table).values(rows).execute()` does, without
 * building and compiling the same statement again on every call: on the issuance path Kysely's
 * building, plugin transform and compilation of the five INSERTs cost about 5% of a completion's CPU.
 * The first statement of a shape is compiled by Kysely and kept only when its parameters are exactly
 * the rows' values, column by column and row by row; so the SQL reused is always Kysely's own for that
 * shape. Rows that leave a column undefined (Kysely's DEFAULT) always go through the builder.
 */
export async function insertRows<T extends keyof Database & string>(db: Kysely<Database>, table: T, rows: readonly Database[T][]): Promise<void> {
  if (rows.length === 0) return;
  const records = rows as unknown as readonly Record<string, unknown>[];
  const columns = uniformColumns(records);
  const builder = () => db.insertInto(table).values(rows as never);
  if (columns === undefined) {
    await builder().execute();
    return;
  }
  const parameters = valuesOf(records, columns);
  const { adapter, plugins } = db.getExecutor();
  let shapes = compiled.get(adapter);
  if (shapes === undefined) compiled.set(adapter, (shapes = []));
  const known = shapes.find((shape) => shape.table === table && shape.rowCount === rows.length && sameItems(shape.plugins, plugins) && sameItems(shape.columns, columns));
  if (known !== undefined) {
    await db.executeQuery(CompiledQuery.raw(known.sql, parameters));
    return;
  }
  const query = builder().compile();
  if (shapes.length < MAX_SHAPES && sameItems(query.parameters, parameters)) shapes.push({ table, rowCount: rows.length, plugins: [...plugins], columns, sql: query.sql });
  await db.executeQuery(query);
}
