import type { Kysely, Migration } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { columnTypes, withTableOptions } from './column-types.js';

/**
 * LTI 1.3: the learning platforms that may launch Laurel as a tool (each
 * mapped to one issuer), the launch nonces already used (single use, kept
 * until the id_token they came in could no longer be valid), and the tool's
 * own signing key (sealed like issuer keys), published at /lti/jwks.json.
 */
export function ltiPlatformsMigration(dialect: StoreDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await withTableOptions(dialect, db.schema.createTable('lti_platforms'))
        .addColumn('id', t.id, (c) => c.primaryKey())
        .addColumn('issuer_id', t.id, (c) => c.notNull())
        .addColumn('name', t.text, (c) => c.notNull())
        // The platform's `iss` and the client id it gave Laurel: together they name one registration.
        .addColumn('platform_issuer', t.key(255), (c) => c.notNull())
        .addColumn('client_id', t.key(255), (c) => c.notNull())
        // JSON array of the deployment ids a launch may name.
        .addColumn('deployment_ids', t.json, (c) => c.notNull())
        .addColumn('auth_login_url', t.text, (c) => c.notNull())
        .addColumn('jwks_url', t.text, (c) => c.notNull())
        .addColumn('access_token_url', t.text)
        // Which claim names the learner: sub, username (preferred_username) or email.
        .addColumn('learner_claim', t.key(16), (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addUniqueConstraint('lti_platforms_registration', ['platform_issuer', 'client_id'])
        .addForeignKeyConstraint('lti_platforms_issuer', ['issuer_id'], 'issuers', ['id'])
        .execute();
      await withTableOptions(dialect, db.schema.createTable('lti_nonces'))
        .addColumn('platform_id', t.id, (c) => c.notNull())
        // SHA-256 of the nonce: what the platform echoes is never stored as such.
        .addColumn('nonce_hash', t.key(64), (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('expires_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('lti_nonces_pk', ['platform_id', 'nonce_hash'])
        .addForeignKeyConstraint('lti_nonces_platform', ['platform_id'], 'lti_platforms', ['id'], (c) => c.onDelete('cascade'))
        .execute();
      await db.schema.createIndex('lti_nonces_expiry').on('lti_nonces').column('expires_at').execute();
      await withTableOptions(dialect, db.schema.createTable('lti_tool_keys'))
        .addColumn('kid', t.key(64), (c) => c.primaryKey())
        .addColumn('public_jwk', t.json, (c) => c.notNull())
        .addColumn('sealed_private_key', t.json, (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('lti_tool_keys').execute();
      await db.schema.dropTable('lti_nonces').execute();
      await db.schema.dropTable('lti_platforms').execute();
    },
  };
}
