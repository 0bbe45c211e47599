// Start-up that waits for its database: retried only while the database does
// not answer, up to a deadline, and through a real outage (a cut TCP proxy in
// front of MariaDB) the store opens, migrated, once the database is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl, mysqlAvailable, type FreshDatabase } from '../../../test/support/databases.js';
import { proxyUrl, type TcpProxy } from '../../../test/support/tcp-proxy.js';
import { waitFor } from '../../../test/support/wait.js';
import { databaseUnavailable, StoreError } from './errors.js';
import { openStore, type Store } from './open-store.js';
import { seedIssuer } from './testing/fixtures.js';
import { retryWhileDatabaseUnavailable } from './wait-for-database.js';

const unavailable = () => databaseUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));

describe('retryWhileDatabaseUnavailable', () => {
  it('tries again while the database is unavailable, then returns what the attempt returns', async () => {
    let attempts = 0;
    const waits: number[] = [];
    const result = await retryWhileDatabaseUnavailable(
      async () => {
        attempts += 1;
        if (attempts < 3) throw unavailable();
        return 'opened';
      },
      { waitMs: 60_000, onRetry: (_error, delayMs) => waits.push(delayMs) },
    );
    expect(result).toBe('opened');
    expect(attempts).toBe(3);
    expect(waits).toEqual([250, 500]);
  });

  it('does not retry any other error', async () => {
    let attempts = 0;
    const conflict = new StoreError('CONFLICT', 'taken');
    await expect(retryWhileDatabaseUnavailable(async () => {
      attempts += 1;
      throw conflict;
    }, { waitMs: 60_000 })).rejects.toBe(conflict);
    expect(attempts).toBe(1);
  });

  it('gives up with the last unavailable error once the wait is over, and at once with a wait of 0', async () => {
    let attempts = 0;
    const errors: unknown[] = [];
    const attempt = async () => {
      attempts += 1;
      const error = unavailable();
      errors.push(error);
      throw error;
    };
    await expect(retryWhileDatabaseUnavailable(attempt, { waitMs: 0 })).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(attempts).toBe(1);
    const thrown = await retryWhileDatabaseUnavailable(attempt, { waitMs: 300 }).catch((error: unknown) => error);
    expect(thrown).toBe(errors.at(-1));
    expect(attempts).toBeGreaterThan(2);
  });
});

describe('openStore on SQLite', () => {
  it('never waits: a file that cannot be opened is a set-up mistake, reported at once', async () => {
    const waits: unknown[] = [];
    // A directory is not a database file: SQLITE_CANTOPEN, which is DATABASE_UNAVAILABLE.
    await expect(openStore({ databaseUrl: `sqlite:${process.cwd()}`, waitForDatabaseMs: 60_000, onDatabaseWait: (error) => waits.push(error) })).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(waits).toEqual([]);
  });
});

describe.runIf(mysqlAvailable || process.env.CI === 'true')('openStore while MariaDB is out of reach', () => {
  let database: FreshDatabase;
  let proxy: TcpProxy;
  let url: string;
  const stores: Store[] = [];

  beforeAll(async () => {
    database = await freshDatabaseUrl('mysql');
    ({ proxy, url } = await proxyUrl(database.url));
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await proxy?.close();
    await database?.drop();
  });

  it('fails at once by default', async () => {
    proxy.cut('refuse');
    try {
      await expect(openStore({ databaseUrl: url })).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    } finally {
      proxy.restore();
    }
  });

  it('waits for the database when asked to, then migrates and opens (and a read-only store opens after it)', async () => {
    proxy.cut('refuse');
    const waits: unknown[] = [];
    const opening = openStore({ databaseUrl: url, waitForDatabaseMs: 60_000, onDatabaseWait: (error) => waits.push(error) });
    await waitFor('two tries refused', () => (waits.length >= 2 ? true : undefined));
    proxy.restore();
    const store = await opening;
    stores.push(store);
    expect(waits.every((error) => error instanceof StoreError && error.code === 'DATABASE_UNAVAILABLE')).toBe(true);
    const issuer = await seedIssuer(store);

    proxy.cut('refuse');
    const readerWaits: unknown[] = [];
    const reading = openStore({ databaseUrl: url, readOnly: true, waitForDatabaseMs: 60_000, onDatabaseWait: (error) => readerWaits.push(error) });
    await waitFor('a read-only try refused', () => (readerWaits.length >= 1 ? true : undefined));
    proxy.restore();
    const reader = await reading;
    stores.push(reader);
    expect(await reader.issuers.get(issuer.id)).toMatchObject({ id: issuer.id });
  }, 90_000);
});
