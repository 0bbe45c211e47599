import { sql, type CreateTableBuilder, type Expression } from 'kysely';
import type { StoreDialect } from '../schema.js';

type DataType = Expression<unknown>;

export interface ColumnTypes {
  /** UUIDs and other generated identifiers. */
  id: DataType;
  /** Short text that is indexed or unique: MySQL can only index bounded VARCHARs. */
  key: (length: number) => DataType;
  /** Free text that is never indexed (names, descriptions, URLs). */
  text: DataType;
  /** Serialized JSON and other text of unbounded size (signed documents, templates). */
  json: DataType;
  timestamp: DataType;
  flag: DataType;
  integer: DataType;
  real: DataType;
}

/**
 * One vocabulary for both dialects. SQLite ignores declared lengths, so it
 * gets plain TEXT; MySQL needs VARCHAR(n) for anything in a key and
 * LONGTEXT where TEXT's 64 KiB could truncate a signed credential.
 */
export function columnTypes(dialect: StoreDialect): ColumnTypes {
  const mysql = dialect === 'mysql';
  return {
    id: mysql ? sql`varchar(64)` : sql`text`,
    key: (length) => (mysql ? sql.raw(`varchar(${length})`) : sql`text`),
    text: sql`text`,
    json: mysql ? sql`longtext` : sql`text`,
    timestamp: mysql ? sql`varchar(32)` : sql`text`,
    flag: mysql ? sql`tinyint(1)` : sql`integer`,
    integer: sql`integer`,
    real: mysql ? sql`double` : sql`real`,
  };
}

/**
 * InnoDB for transactions and row locks; utf8mb4_bin so that comparisons,
 * uniqueness and ORDER BY are byte-wise and case-sensitive, as in SQLite.
 */
export function withTableOptions<T extends string, C extends string>(
  dialect: StoreDialect,
  builder: CreateTableBuilder<T, C>,
): CreateTableBuilder<T, C> {
  return dialect === 'mysql' ? builder.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`) : builder;
}
