import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { columnTypes, withTableOptions } from './column-types.js';

/**
 * Wallet delivery: claim offers (one per claim link, usable once by either
 * protocol), single-use challenges and nonces, and a record of every copy
 * delivered to a wallet. Secrets are stored only as SHA-256 hex digests.
 */
export function walletMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  const createTable = (db: Kysely<unknown>, name: string) => withTableOptions(dialect, db.schema.createTable(name));

  return {
    async up(db) {
      await createTable(db, 'wallet_offers')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('issuer_id', t.id, (c) => c.notNull())
        .addColumn('credential_id', t.id, (c) => c.notNull())
        .addColumn('workflow_id', t.key(64), (c) => c.notNull())
        // Hashes of the claim token and of the exchange id and pre-authorized code derived from it.
        .addColumn('token_hash', t.key(64), (c) => c.notNull().unique())
        .addColumn('exchange_hash', t.key(64), (c) => c.notNull().unique())
        .addColumn('code_hash', t.key(64), (c) => c.notNull().unique())
        .addColumn('tx_code_hash', t.key(64))
        .addColumn('tx_code_failures', t.integer, (c) => c.notNull().defaultTo(0))
        .addColumn('access_token_hash', t.key(64), (c) => c.unique())
        .addColumn('access_token_expires_at', t.timestamp)
        .addColumn('state', t.key(16), (c) => c.notNull())
        .addColumn('protocol', t.key(16))
        .addColumn('holder_did', t.text)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('expires_at', t.timestamp, (c) => c.notNull())
        .addColumn('completed_at', t.timestamp)
        .addForeignKeyConstraint('wallet_offers_issuer', ['issuer_id'], 'issuers', ['id'])
        .addForeignKeyConstraint('wallet_offers_credential', ['credential_id'], 'credentials', ['id'])
        .addCheckConstraint('wallet_offers_state', sql`state in ('pending', 'active', 'complete')`)
        .execute();
      await db.schema.createIndex('wallet_offers_by_credential').on('wallet_offers').columns(['credential_id', 'created_at']).execute();

      // VC-API challenges (bound to an offer) and OID4VCI nonces (bound to none).
      await createTable(db, 'wallet_nonces')
        .addColumn('value_hash', t.key(64), (c) => c.primaryKey())
        .addColumn('kind', t.key(16), (c) => c.notNull())
        .addColumn('offer_id', t.id)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('expires_at', t.timestamp, (c) => c.notNull())
        .addColumn('used_at', t.timestamp)
        .addForeignKeyConstraint('wallet_nonces_offer', ['offer_id'], 'wallet_offers', ['id'])
        .addCheckConstraint('wallet_nonces_kind', sql`kind in ('challenge', 'nonce')`)
        .execute();

      await createTable(db, 'wallet_deliveries')
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('offer_id', t.id, (c) => c.notNull().unique())
        .addColumn('credential_id', t.id, (c) => c.notNull())
        .addColumn('holder_did', t.text, (c) => c.notNull())
        .addColumn('protocol', t.key(16), (c) => c.notNull())
        .addColumn('document', t.json, (c) => c.notNull())
        .addColumn('delivered_at', t.timestamp, (c) => c.notNull())
        .addForeignKeyConstraint('wallet_deliveries_offer', ['offer_id'], 'wallet_offers', ['id'])
        .addForeignKeyConstraint('wallet_deliveries_credential', ['credential_id'], 'credentials', ['id'])
        .execute();
      await db.schema.createIndex('wallet_deliveries_by_credential').on('wallet_deliveries').columns(['credential_id', 'delivered_at']).execute();
    },
    async down(db) {
      await db.schema.dropTable('wallet_deliveries').execute();
      await db.schema.dropTable('wallet_nonces').execute();
      await db.schema.dropTable('wallet_offers').execute();
    },
  };
}
