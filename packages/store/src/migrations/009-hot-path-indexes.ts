import type { Kysely, Migration } from 'kysely';

/**
 * Indexes for the queries the badge worker runs after completions, so their
 * cost follows the credentials of mapped achievements, never the whole
 * credentials table. MySQL already indexes credentials.achievement_id for its
 * foreign key; SQLite does not, and neither dialect could walk it in issue
 * order. Revoked-since-issue deliveries are found through the operation.
 */
export function hotPathIndexesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('credentials_by_achievement').on('credentials').columns(['achievement_id', 'issued_at']).execute();
      await db.schema.createIndex('badge_deliveries_by_operation').on('badge_deliveries').columns(['operation', 'created_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('badge_deliveries_by_operation').on('badge_deliveries').execute();
      await db.schema.dropIndex('credentials_by_achievement').on('credentials').execute();
    },
  };
}
