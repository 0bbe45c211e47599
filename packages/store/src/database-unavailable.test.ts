// The database going away under a running store: every call reports
// DATABASE_UNAVAILABLE (one code for refused, reset, timed out, lost), nothing
// half-written stays, and the MariaDB pool reconnects by itself once the
// database answers again.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl, mysqlAvailable, type FreshDatabase } from '../../../test/support/databases.js';
import { proxyUrl, type TcpProxy } from '../../../test/support/tcp-proxy.js';
import { isDatabaseUnreachable, isRetryableTransactionError } from './driver-errors.js';
import { databaseUnavailable, isDatabaseUnavailable, StoreError } from './errors.js';
import { openStore, type Store } from './open-store.js';
import { seedIssuer, uniqueSuffix } from './testing/fixtures.js';

const failed = (fields: Record<string, unknown>, message = 'x') => Object.assign(new Error(message), fields);

describe('classifying driver errors as "database unreachable"', () => {
  it('knows network, mysql2 and server codes for an unreachable database', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR', 'SQLITE_CANTOPEN', 'SQLITE_BUSY']) {
      expect([code, isDatabaseUnreachable(failed({ code }))]).toEqual([code, true]);
    }
    for (const errno of [2006, 2013, 1053, 1927, 1040]) expect([errno, isDatabaseUnreachable(failed({ errno }))]).toEqual([errno, true]);
    expect(isDatabaseUnreachable(failed({ fatal: true }, "Can't add new command when connection is in closed state"))).toBe(true);
  });

  it('leaves query failures alone', () => {
    expect(isDatabaseUnreachable(failed({ errno: 1062, code: 'ER_DUP_ENTRY' }))).toBe(false);
    expect(isDatabaseUnreachable(failed({ errno: 1213, code: 'ER_LOCK_DEADLOCK' }))).toBe(false);
    expect(isDatabaseUnreachable(failed({ code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBe(false);
    expect(isDatabaseUnreachable(failed({}, "Can't add new command when connection is in closed state"))).toBe(false);
    expect(isDatabaseUnreachable(new Error('Pool is closed.'))).toBe(false);
    expect(isDatabaseUnreachable(undefined)).toBe(false);
  });

  it('keeps the driver error as the cause: SQLite busy is still retried as a lock conflict', () => {
    const busy = databaseUnavailable(failed({ code: 'SQLITE_BUSY' }));
    expect(busy).toMatchObject({ code: 'DATABASE_UNAVAILABLE', details: { driverCode: 'SQLITE_BUSY' } });
    expect(isRetryableTransactionError(busy)).toBe(true);
    expect(isRetryableTransactionError(databaseUnavailable(failed({ code: 'ECONNRESET' })))).toBe(false);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: busy }))).toBe(true);
    expect(isDatabaseUnavailable(new StoreError('CONFLICT', 'taken'))).toBe(false);
  });

  it('reports a SQLite file that cannot be opened as unavailable', async () => {
    // A directory is not a database file: SQLITE_CANTOPEN.
    await expect(openStore({ databaseUrl: `sqlite:${process.cwd()}` })).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE', details: { driverCode: 'SQLITE_CANTOPEN' } });
  });
});

describe.runIf(mysqlAvailable || process.env.CI === 'true')('MariaDB behind a proxy that is cut', () => {
  let database: FreshDatabase;
  let proxy: TcpProxy;
  let proxiedUrl: string;
  let direct: Store;
  const stores: Store[] = [];

  beforeAll(async () => {
    database = await freshDatabaseUrl('mysql');
    direct = await openStore({ databaseUrl: database.url });
    ({ proxy, url: proxiedUrl } = await proxyUrl(database.url));
  });
  afterEach(() => proxy.restore());
  afterAll(async () => {
    await Promise.all([...stores, direct].map((store) => store?.close()));
    await proxy?.close();
    await database?.drop();
  });

  async function open(): Promise<Store> {
    const store = await openStore({ databaseUrl: proxiedUrl });
    stores.push(store);
    return store;
  }

  it('fails every call with DATABASE_UNAVAILABLE while cut, writes nothing, and reconnects after restore', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    proxy.cut();
    await expect(store.issuers.get(issuer.id)).rejects.toMatchObject({ name: 'StoreError', code: 'DATABASE_UNAVAILABLE' });
    await expect(store.ping()).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    const slug = `during-outage-${uniqueSuffix()}`;
    await expect(store.transaction((repos) => seedIssuer(repos, { slug }))).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    const before = proxy.accepted;
    proxy.restore();
    expect(await store.issuers.get(issuer.id)).toMatchObject({ id: issuer.id });
    expect(proxy.accepted).toBeGreaterThan(before);
    expect(await direct.issuers.getBySlug(slug)).toBeUndefined();
  });

  it('rolls back a transaction whose connection breaks halfway', async () => {
    const store = await open();
    const slug = `half-written-${uniqueSuffix()}`;
    const attempt = store.transaction(async (repos) => {
      const issuer = await seedIssuer(repos, { slug });
      proxy.cut();
      await repos.learners.upsert({ issuerId: issuer.id, lmsUserId: 'after-the-cut' });
    });
    await expect(attempt).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    proxy.restore();
    await store.ping();
    expect(await direct.issuers.getBySlug(slug)).toBeUndefined();
  });

  it('gives up on a connection that is never answered (connect timeout) with the same code', async () => {
    const store = await open();
    await store.ping();
    proxy.cut('hold');
    // The pooled connection was reset by the cut; the one opened next gets no answer.
    await expect(store.ping()).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    await expect(store.ping()).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE', details: { driverCode: 'ETIMEDOUT' } });
    proxy.restore();
    await expect(store.ping()).resolves.toBeUndefined();
  }, 30_000);
});
