import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { columnTypes, withTableOptions } from './column-types.js';

/**
 * Learner e-mail as an outbox: a row per credential and kind of mail
 * (issued, reissued, revoked), written in the same transaction as the
 * credential change, then sent by a worker with leases and retries.
 * The address is never stored: the worker reads the learner's at send time.
 */
export function emailDeliveriesMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await withTableOptions(dialect, db.schema.createTable('email_deliveries'))
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('credential_id', t.id, (c) => c.notNull())
        .addColumn('kind', t.key(16), (c) => c.notNull())
        .addColumn('state', t.key(16), (c) => c.notNull())
        .addColumn('attempts', t.integer, (c) => c.notNull())
        .addColumn('next_attempt_at', t.key(32))
        .addColumn('last_error', t.text)
        // The SMTP server's Message-ID for the sent mail.
        .addColumn('message_id', t.text)
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addColumn('sent_at', t.timestamp)
        .addUniqueConstraint('email_deliveries_credential_kind', ['credential_id', 'kind'])
        .addForeignKeyConstraint('email_deliveries_credential', ['credential_id'], 'credentials', ['id'])
        .execute();
      await db.schema.createIndex('email_deliveries_due').on('email_deliveries').columns(['state', 'next_attempt_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('email_deliveries').execute();
    },
  };
}
