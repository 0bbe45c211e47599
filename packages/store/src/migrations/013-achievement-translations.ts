import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { columnTypes } from './column-types.js';

/**
 * An achievement's name and description in other languages, as JSON
 * ({ "fr": { "name": …, "description": … }, … }). Shown on pages and PDFs to
 * readers of those languages; the signed credential keeps the achievement's own name.
 */
export function achievementTranslationsMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('achievements').addColumn('translations', t.json).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('achievements').dropColumn('translations').execute();
    },
  };
}
