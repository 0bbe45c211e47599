import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import { StoreError } from '../errors.js';
import type { StoreDialect } from '../schema.js';
import { initialMigration } from './001-initial.js';
import { walletMigration } from './002-wallet.js';
import { recordsMigration } from './003-records.js';
import { badgeDeliveriesMigration } from './004-badge-deliveries.js';
import { badgeTemplatesMigration } from './005-badge-templates.js';
import { statusAllocationCounterMigration } from './006-status-allocation-counter.js';
import { statusPublicationMigration } from './007-status-publication.js';
import { revocationListsMigration } from './008-revocation-lists.js';
import { hotPathIndexesMigration } from './009-hot-path-indexes.js';
import { withMigrationLease } from './migration-lease.js';
import { adminMigration } from './010-admin.js';
import { singleUseExpiryMigration } from './011-single-use-expiry.js';
import { messageStatusListsMigration } from './012-message-status-lists.js';
import { achievementTranslationsMigration } from './013-achievement-translations.js';
import { emailDeliveriesMigration } from './014-email-deliveries.js';
import { catalogMigration } from './015-catalog.js';
import { ltiPlatformsMigration } from './016-lti-platforms.js';
import { assetsMigration } from './017-assets.js';

/** In code rather than read from a folder, so a bundled or compiled build carries its schema. */
function migrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '001-initial': initialMigration(dialect),
    '002-wallet': walletMigration(dialect),
    '003-records': recordsMigration(dialect),
    '004-badge-deliveries': badgeDeliveriesMigration(dialect),
    '005-badge-templates': badgeTemplatesMigration(dialect),
    '006-status-allocation-counter': statusAllocationCounterMigration(dialect),
    '007-status-publication': statusPublicationMigration(dialect),
    '008-revocation-lists': revocationListsMigration(dialect),
    '009-hot-path-indexes': hotPathIndexesMigration(),
    '010-admin': adminMigration(dialect),
    '011-single-use-expiry': singleUseExpiryMigration(),
    '012-message-status-lists': messageStatusListsMigration(dialect),
    '013-achievement-translations': achievementTranslationsMigration(dialect),
    '014-email-deliveries': emailDeliveriesMigration(dialect),
    '015-catalog': catalogMigration(dialect),
    '016-lti-platforms': ltiPlatformsMigration(dialect),
    '017-assets': assetsMigration(dialect),
  };
}

/**
 * Brings the schema up to date. Safe to run from several processes at once:
 * on MySQL a replicated lease row serializes runs across every node of a
 * cluster (migration-lease.ts; Kysely's GET_LOCK is per server), and on
 * SQLite the run is one IMMEDIATE transaction (see sqlite-dialect.ts).
 */
export function migrateToLatest(db: Kysely<unknown>, dialect: StoreDialect, leaseOwner?: string): Promise<void> {
  return migrate(db, dialect, (migrator) => migrator.migrateToLatest(), leaseOwner);
}

/**
 * For a reader that may not migrate (the verifier): throws SCHEMA_OUT_OF_DATE
 * unless every migration this code knows has run. Reads only.
 */
export async function assertSchemaCurrent(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const pending = (await new Migrator({ db, provider }).getMigrations()).filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
  if (pending.length > 0) {
    throw new StoreError('SCHEMA_OUT_OF_DATE', `The database schema is behind this version (missing ${pending.join(', ')}); start the issuer (which migrates) first.`, { pending });
  }
}

/** Up (or down) to the named migration: for tests of a migration against rows written before it. */
export function migrateTo(db: Kysely<unknown>, dialect: StoreDialect, name: string): Promise<void> {
  return migrate(db, dialect, (migrator) => migrator.migrateTo(name));
}

async function migrate(db: Kysely<unknown>, dialect: StoreDialect, run: (migrator: Migrator) => Promise<MigrationResultSet>, leaseOwner?: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const { error, results } =
    dialect === 'mysql' ? await withMigrationLease(db, (connection) => run(new Migrator({ db: connection, provider })), leaseOwner) : await run(new Migrator({ db, provider }));
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new StoreError('MIGRATION_FAILED', `Database migration ${failed ?? ''} failed: ${String(error)}`, { migration: failed }, {
      cause: error,
    });
  }
}
