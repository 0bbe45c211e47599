import { isUniqueViolation } from '../driver-errors.js';
import { StoreError } from '../errors.js';
import type { ImportRowsTable } from '../schema.js';
import { latest, type RepositoryContext } from './context.js';

export type ImportRow = ImportRowsTable;

export interface ImportRowRepository {
  /** The credential an imported row issued, if that row key was imported before. */
  get(issuerId: string, rowKey: string): Promise<ImportRow | undefined>;
  /** Throws CONFLICT when the row key is taken (another import of the same row won the race). */
  insert(row: Omit<ImportRow, 'createdAt'>): Promise<ImportRow>;
}

export function createImportRowRepository(context: RepositoryContext): ImportRowRepository {
  const { db } = context;
  return {
    get: (issuerId, rowKey) => latest(context, db.selectFrom('importRows').selectAll().where('issuerId', '=', issuerId).where('rowKey', '=', rowKey)).executeTakeFirst(),
    async insert(input) {
      const row: ImportRow = { ...input, createdAt: context.now() };
      try {
        await db.insertInto('importRows').values(row).execute();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new StoreError('CONFLICT', `Row ${input.rowKey} was imported already.`, { rowKey: input.rowKey }, { cause: error });
      }
      return row;
    },
  };
}
