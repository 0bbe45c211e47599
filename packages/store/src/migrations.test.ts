import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { withMigrationLease } from './migrations/migration-lease.js';
import { StoreError } from './errors.js';
import { openStore } from './open-store.js';
import { seedIssuer, useStores } from './testing/fixtures.js';

const TABLES = [
  'achievement_courses',
  'achievement_rule_versions',
  'achievements',
  'api_tokens',
  'assets',
  'audit_log',
  'badge_deliveries',
  'badge_platform_accounts',
  'badge_platform_mappings',
  'badge_templates',
  'catalog_defaults',
  'certificate_design_choices',
  'certificate_designs',
  'completion_records',
  'credentials',
  'email_deliveries',
  'import_rows',
  'issuer_keys',
  'issuers',
  'learners',
  'lms_courses',
  'lti_nonces',
  'lti_platforms',
  'lti_tool_keys',
  'revocation_list_entries',
  'share_links',
  'sign_in_links',
  'status_allocations',
  'status_lists',
  'wallet_deliveries',
  'wallet_nonces',
  'wallet_offers',
];

describeEachDatabase('migrations', (database) => {
  const open = useStores(database);
  // MySQL also has the migration lease (migration-lease.ts), made before any migration runs.
  const tables = database.dialect === 'mysql' ? [...TABLES, 'laurel_migration_lease'].sort() : TABLES;

  it('create every table, with snake_case columns, on a fresh database', async () => {
    const store = await open({ databaseUrl: await database.fresh() });
    const found = await store.db.withoutPlugins().introspection.getTables();
    expect(found.map((table) => table.name).sort()).toEqual(tables);
    const issuers = found.find((table) => table.name === 'issuers');
    expect(issuers?.columns.map((column) => column.name)).toContain('image_url');
  });

  it('are idempotent: a second open runs nothing and keeps the data', async () => {
    const databaseUrl = await database.fresh();
    const first = await open({ databaseUrl });
    const issuer = await seedIssuer(first);
    await first.close();
    const second = await open({ databaseUrl });
    expect(await second.issuers.get(issuer.id)).toEqual(issuer);
    const executed = await sql<{ name: string }>`select name from kysely_migration`.execute(second.db.withoutPlugins());
    expect(executed.rows.map((row) => row.name)).toEqual(['001-initial', '002-wallet', '003-records', '004-badge-deliveries', '005-badge-templates', '006-status-allocation-counter', '007-status-publication', '008-revocation-lists', '009-hot-path-indexes', '010-admin', '011-single-use-expiry', '012-message-status-lists', '013-achievement-translations', '014-email-deliveries', '015-catalog', '016-lti-platforms', '017-assets']);
  });

  it('let two stores open one fresh database at the same time', async () => {
    const databaseUrl = await database.fresh();
    const [a, b] = await Promise.all([open({ databaseUrl }), open({ databaseUrl })]);
    const issuer = await seedIssuer(a);
    expect(await b.issuers.get(issuer.id)).toEqual(issuer);
  });

  it.runIf(database.dialect === 'mysql')('take over a migration lease whose holder died, and free it when done', async () => {
    const databaseUrl = await database.fresh();
    const first = await open({ databaseUrl });
    const raw = first.db.withoutPlugins();
    await sql`insert into laurel_migration_lease (name, owner, expires_at) values ('migrate', 'crashed-process', utc_timestamp(6) - interval 1 second)`.execute(raw);
    await open({ databaseUrl });
    expect((await sql`select * from laurel_migration_lease`.execute(raw)).rows).toEqual([]);
  });

  it.runIf(database.dialect === 'mysql')('take back at once a lease their own earlier try left (its connection dropped before release)', async () => {
    const databaseUrl = await database.fresh();
    const raw = (await open({ databaseUrl })).db.withoutPlugins();
    await sql`insert into laurel_migration_lease (name, owner, expires_at) values ('migrate', 'this-open', utc_timestamp(6) + interval 1 hour)`.execute(raw);
    // Another owner would wait up to ten minutes for this lease; the same owner runs now.
    expect(await withMigrationLease(raw as Kysely<unknown>, async () => 'ran', 'this-open')).toBe('ran');
    expect((await sql`select * from laurel_migration_lease`.execute(raw)).rows).toEqual([]);
  });

  it.runIf(database.dialect === 'mysql')('wait while another process holds a live migration lease', async () => {
    const databaseUrl = await database.fresh();
    const raw = (await open({ databaseUrl })).db.withoutPlugins();
    await sql`insert into laurel_migration_lease (name, owner, expires_at) values ('migrate', 'live-process', utc_timestamp(6) + interval 1 second)`.execute(raw);
    const { rows: [lease] } = await sql<{ expiresAt: string }>`select cast(expires_at as char) as expiresAt from laurel_migration_lease`.execute(raw);
    await open({ databaseUrl });
    // The second open could only run once the other lease had expired, by the database's own clock.
    const { rows: [after] } = await sql<{ later: number }>`select utc_timestamp(6) >= ${lease!.expiresAt} as later`.execute(raw);
    expect(Number(after!.later)).toBe(1);
  });

  it('enforce foreign keys', async () => {
    const store = await open();
    await expect(store.learners.upsert({ issuerId: 'no-such-issuer', lmsUserId: 'u1' })).rejects.toThrow();
  });

  it.runIf(database.dialect === 'mysql')('make InnoDB utf8mb4_bin tables on MySQL', async () => {
    const store = await open();
    const result = await sql<{ engine: string; collation: string }>`
      select engine as engine, table_collation as collation from information_schema.tables
      where table_schema = database() and table_name not like 'kysely%'`.execute(store.db.withoutPlugins());
    expect(result.rows).toHaveLength(tables.length);
    for (const row of result.rows) expect(row).toEqual({ engine: 'InnoDB', collation: 'utf8mb4_bin' });
  });

  it.runIf(database.dialect === 'sqlite')('turn on WAL, foreign keys and a busy timeout on SQLite', async () => {
    const store = await open();
    const pragma = async (name: string) => (await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(store.db)).rows[0];
    expect(await pragma('journal_mode')).toEqual({ journalMode: 'wal' });
    expect(await pragma('foreign_keys')).toEqual({ foreignKeys: 1 });
    expect(await pragma('busy_timeout')).toEqual({ timeout: 50 });
  });
});

describe('openStore', () => {
  it('creates the parent folders of a SQLite file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'laurel-store-'));
    try {
      const file = path.join(dir, 'nested', 'deeper', 'laurel.db');
      const store = await openStore({ databaseUrl: `sqlite:${file}` });
      await store.close();
      expect(existsSync(file)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens an in-memory SQLite database', async () => {
    const store = await openStore({ databaseUrl: 'sqlite::memory:' });
    try {
      expect(store.dialect).toBe('sqlite');
      expect(await store.issuers.list()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it.each(['postgres://localhost/laurel', 'sqlite:', 'mysql://root@127.0.0.1:3306/', 'data/laurel.db'])(
    'refuses %s with UNSUPPORTED_DATABASE_URL',
    async (databaseUrl) => {
      const error = await openStore({ databaseUrl }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe('UNSUPPORTED_DATABASE_URL');
    },
  );

  it('does not echo a password from a refused URL', async () => {
    const error = (await openStore({ databaseUrl: 'mysql://root:hunter2@127.0.0.1:3306' }).catch((caught: unknown) => caught)) as Error;
    expect(error.message).not.toContain('hunter2');
  });
});
