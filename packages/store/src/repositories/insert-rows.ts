import { CompiledQuery, type DialectAdapter, type Kysely, type KyselyPlugin } from 'kysely';
import type { Database } from '../schema.js';

/**
 * The SQL of INSERTs already compiled, per dialect (its adapter, which a transaction and a
 * `withPlugin` copy share with their database) and shape: the plugins that transform the query
 * (CamelCasePlugin turns the columns into SQL names), table, columns, row count.
 */
const compiled = new WeakMap<DialectAdapter, Map<string, string>>();

const pluginIds = new WeakMap<KyselyPlugin, number>();
let pluginsSeen = 0;
function pluginsKey(plugins: readonly KyselyPlugin[]): string {
  return plugins
    .map((plugin) => {
      let id = pluginIds.get(plugin);
      if (id === undefined) pluginIds.set(plugin, (id = (pluginsSeen += 1)));
      return id;
    })
    .join(',');
}

/** The table's columns, in the rows' own key order: every row has the same keys and no undefined value. */
function uniformColumns(rows: readonly Record<string, unknown>[]): string[] | undefined {
  const columns = Object.keys(rows[0]!);
  for (const row of rows) {
    const keys = Object.keys(row);
    if (keys.length !== columns.length || keys.some((key, i) => key !== columns[i] || row[key] === undefined)) return undefined;
  }
  return columns;
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
  const parameters = records.flatMap((row) => columns.map((column) => row[column]));
  const executor = db.getExecutor();
  const adapter = executor.adapter;
  let byShape = compiled.get(adapter);
  if (byShape === undefined) compiled.set(adapter, (byShape = new Map()));
  const shape = `${pluginsKey(executor.plugins)}|${table}|${rows.length}|${columns.join(',')}`;
  const sql = byShape.get(shape);
  if (sql !== undefined) {
    await db.executeQuery(CompiledQuery.raw(sql, parameters));
    return;
  }
  const query = builder().compile();
  if (query.parameters.length === parameters.length && query.parameters.every((value, i) => value === parameters[i])) byShape.set(shape, query.sql);
  await db.executeQuery(query);
}
