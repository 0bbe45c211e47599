// Least privilege (issue 15 item 4): the verifier opens the issuer's database
// read-only and never migrates; on MariaDB it needs only SELECT; SQLite files
// are created owner-only.
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { describeEachDatabase, freshDatabaseUrl, mysqlAvailable } from '../../../test/support/databases.js';
import { openStore } from './open-store.js';
import { seedIssuer } from './testing/fixtures.js';

const mode = (file: string) => statSync(file).mode & 0o777;

describe('SQLite files are owner-only', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'laurel-mode-'));
  afterAll(async () => (await import('node:fs')).rmSync(dir, { recursive: true, force: true }));

  it('creates the database file 0600 (and its -wal/-shm files) and new folders 0700', async () => {
    const file = path.join(dir, 'nested/data/laurel.db');
    const store = await openStore({ databaseUrl: `sqlite:${file}` });
    try {
      await seedIssuer(store);
      expect(mode(file).toString(8)).toBe('600');
      expect(mode(path.dirname(file)).toString(8)).toBe('700');
      const sidecars = readdirSync(path.dirname(file)).filter((name) => name !== 'laurel.db');
      expect(sidecars.sort()).toEqual(['laurel.db-shm', 'laurel.db-wal']);
      for (const name of sidecars) expect([name, mode(path.join(path.dirname(file), name)).toString(8)]).toEqual([name, '600']);
    } finally {
      await store.close();
    }
  });

  it('read-only, a missing file is DATABASE_UNAVAILABLE and nothing is created', async () => {
    const file = path.join(dir, 'absent/laurel.db');
    await expect(openStore({ databaseUrl: `sqlite:${file}`, readOnly: true })).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(existsSync(path.dirname(file))).toBe(false);
  });

  it('read-only, sqlite::memory: is refused: it could only be a new, empty database', async () => {
    await expect(openStore({ databaseUrl: 'sqlite::memory:', readOnly: true })).rejects.toMatchObject({ code: 'UNSUPPORTED_DATABASE_URL' });
  });
});

describeEachDatabase('read-only store', (database) => {
  it('refuses a schema that is not migrated, without migrating it', async () => {
    const url = database.dialect === 'sqlite' ? await freshSqliteWithFile() : await database.fresh();
    await expect(openStore({ databaseUrl: url, readOnly: true })).rejects.toMatchObject({ code: 'SCHEMA_OUT_OF_DATE' });
    expect(await tableCount(url)).toBe(0);
  });

  it('reads what the writer wrote and cannot write', async () => {
    const writer = await openStore({ databaseUrl: database.url });
    const reader = await openStore({ databaseUrl: database.url, readOnly: true });
    try {
      const issuer = await seedIssuer(writer);
      expect((await reader.issuers.get(issuer.id))?.slug).toBe(issuer.slug);
      await expect(seedIssuer(reader)).rejects.toThrow(/read.?only/i);
      expect(await writer.issuers.get(issuer.id)).toBeDefined();
    } finally {
      await reader.close();
      await writer.close();
    }
  });
});

/** An existing but empty SQLite file: what a verifier started before any issuer would find. */
async function freshSqliteWithFile(): Promise<string> {
  const { url } = await freshDatabaseUrl('sqlite');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(url.slice('sqlite:'.length), '');
  return url;
}

async function tableCount(url: string): Promise<number> {
  if (url.startsWith('sqlite:')) return statSync(url.slice('sqlite:'.length)).size === 0 ? 0 : Number.NaN;
  const connection = await createConnection(url);
  try {
    const [rows] = await connection.query('SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE()');
    return Number((rows as { n: number }[])[0]!.n);
  } finally {
    await connection.end();
  }
}

describe.skipIf(!mysqlAvailable && process.env.CI !== 'true')('MariaDB: the verifier needs only SELECT on two tables (docs/operators.md)', () => {
  it('a user granted SELECT on status_lists and kysely_migration only opens it read-only and serves lists', async () => {
    const { url, drop } = await freshDatabaseUrl('mysql');
    const name = new URL(url).pathname.slice(1);
    const user = `ro_${name.slice(-12)}`;
    const admin = await createConnection(url);
    try {
      const writer = await openStore({ databaseUrl: url });
      const issuer = await seedIssuer(writer);
      await writer.close();
      await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY 'read-only-password'`);
      // Exactly the grants docs/operators.md lists: the hosted status lists, and the migration log to check the schema.
      for (const table of ['status_lists', 'kysely_migration']) await admin.query(`GRANT SELECT ON \`${name}\`.\`${table}\` TO '${user}'@'%'`);
      const readerUrl = new URL(url);
      readerUrl.username = user;
      readerUrl.password = 'read-only-password';
      const reader = await openStore({ databaseUrl: readerUrl.href, readOnly: true });
      try {
        expect(await reader.statusLists.get('no-such-list')).toBeUndefined();
        await expect(reader.issuers.get(issuer.id)).rejects.toThrow(/denied/);
        await expect(seedIssuer(reader)).rejects.toThrow(/denied|read.?only/i);
      } finally {
        await reader.close();
      }
    } finally {
      await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
      await admin.end();
      await drop();
    }
  });
});
