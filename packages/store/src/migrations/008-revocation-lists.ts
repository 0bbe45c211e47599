import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';

/**
 * VC 1.1 credentials carry a 1EdTech revocation list entry: the verifier
 * serves each issuer's list by reading its revoked credentials straight from
 * this table, on every request. This index makes that read one range scan
 * (issuer, state) instead of a walk over every credential the issuer holds.
 */
export function revocationListsMigration(_dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('credentials_by_issuer_state').on('credentials').columns(['issuer_id', 'state', 'format']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('credentials_by_issuer_state').on('credentials').execute();
    },
  };
}
