import { createConnection } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { retryOnConflict } from './transaction.js';
import { seedIssuer, uniqueSuffix, useStores } from './testing/fixtures.js';

describeEachDatabase('store.transaction', (database) => {
  const open = useStores(database);

  it('ping answers while the store is open, and throws once it is closed', async () => {
    const store = await open();
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    await expect(store.ping()).rejects.toThrow();
  });

  it('commits everything fn wrote', async () => {
    const store = await open();
    const issuer = await store.transaction(async (repos) => {
      const created = await seedIssuer(repos);
      await repos.audit.record({ actor: 'test', action: 'issuer.created', issuerId: created.id });
      return created;
    });
    expect(await store.issuers.get(issuer.id)).toEqual(issuer);
    expect(await store.audit.list({ issuerId: issuer.id, limit: 5 })).toHaveLength(1);
  });

  it('rolls back everything when fn throws', async () => {
    const store = await open();
    const slug = `rolled-back-${uniqueSuffix()}`;
    await expect(
      store.transaction(async (repos) => {
        const issuer = await seedIssuer(repos, { slug });
        await repos.learners.upsert({ issuerId: issuer.id, lmsUserId: 'u' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.issuers.getBySlug(slug)).toBeUndefined();
  });

  it('runs repository calls that need atomicity inside the caller transaction', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const slugs = await store.transaction(async (repos) => {
      const learner = await repos.learners.upsert({ issuerId: issuer.id, lmsUserId: 'inside', name: 'A' });
      const renamed = await repos.learners.upsert({ issuerId: issuer.id, lmsUserId: 'inside', name: 'B' });
      return [learner.created, renamed.nameChanged];
    });
    expect(slugs).toEqual([true, true]);
  });

  it.runIf(database.dialect === 'mysql')('hides uncommitted writes from other connections', async () => {
    const [store, other] = [await open(), await open()];
    const slug = `hidden-${uniqueSuffix()}`;
    await store.transaction(async (repos) => {
      await seedIssuer(repos, { slug });
      expect(await other.issuers.getBySlug(slug)).toBeUndefined();
    });
    expect(await other.issuers.getBySlug(slug)).toMatchObject({ slug });
  });

  it.runIf(database.dialect === 'mysql')('reads one snapshot per transaction (REPEATABLE READ) even where the server default is READ COMMITTED', async () => {
    const admin = await createConnection(database.url);
    const [rows] = await admin.query("SHOW GLOBAL VARIABLES WHERE Variable_name IN ('tx_isolation', 'transaction_isolation')");
    const serverDefault = String((rows as Array<{ Value: string }>)[0]!.Value).replace('-', ' ');
    // Connections opened from here on start under READ COMMITTED unless the store sets its own level.
    await admin.query('SET GLOBAL TRANSACTION ISOLATION LEVEL READ COMMITTED');
    try {
      const [store, other] = [await open(), await open()];
      const issuer = await store.transaction((repos) => seedIssuer(repos, { name: 'Before' }));
      const names = await store.transaction(async (repos) => {
        const first = (await repos.issuers.get(issuer.id))!.name;
        await other.issuers.update(issuer.id, { name: 'After' });
        return [first, (await repos.issuers.get(issuer.id))!.name];
      });
      expect(names).toEqual(['Before', 'Before']);
      expect((await store.issuers.get(issuer.id))!.name).toBe('After');
    } finally {
      await admin.query(`SET GLOBAL TRANSACTION ISOLATION LEVEL ${serverDefault}`);
      await admin.end();
    }
  });

  it.runIf(database.dialect === 'mysql')('retries the loser of a deadlock until both commit', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const [k1, k2] = await Promise.all(
      ['#k1', '#k2'].map((suffix) =>
        store.keys.add({ id: `${issuer.did}${suffix}`, issuerId: issuer.id, publicKeyMultibase: 'z', sealedSecretKey: 's' }),
      ),
    );
    let bothLockedFirst!: () => void;
    const barrier = new Promise<void>((resolve) => (bothLockedFirst = resolve));
    let arrived = 0;
    let runs = 0;
    // Each transaction locks one key, waits until the other has locked the other key, then wants it: a deadlock.
    const crossing = (first: string, second: string) =>
      store.transaction(async (repos) => {
        runs += 1;
        await repos.keys.retire(first);
        if (++arrived === 2) bothLockedFirst();
        await barrier;
        await repos.keys.retire(second);
      });
    await Promise.all([crossing(k1!.id, k2!.id), crossing(k2!.id, k1!.id)]);
    expect(runs).toBe(3);
    expect((await store.keys.listForIssuer(issuer.id)).map((key) => key.state)).toEqual(['retired', 'retired']);
  });

  it.runIf(database.dialect === 'sqlite')('serializes transactions on SQLite', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const step = (label: string) => store.transaction(async (repos) => {
      await repos.audit.record({ actor: label, action: 'start', issuerId: issuer.id });
      await new Promise((resolve) => setTimeout(resolve, 20));
      await repos.audit.record({ actor: label, action: 'end', issuerId: issuer.id });
    });
    await Promise.all([step('a'), step('b')]);
    const entries = (await store.audit.list({ issuerId: issuer.id, limit: 10 })).reverse();
    expect(entries.map((entry) => `${entry.actor}:${entry.action}`)).toEqual(['a:start', 'a:end', 'b:start', 'b:end']);
  });
});

describe('retryOnConflict', () => {
  const deadlock = () => Object.assign(new Error('Deadlock found'), { errno: 1213 });

  it('runs again after deadlocks and returns the eventual result', async () => {
    let calls = 0;
    const result = await retryOnConflict(async () => {
      calls += 1;
      if (calls < 3) throw deadlock();
      return 'done';
    });
    expect([result, calls]).toEqual(['done', 3]);
  });

  it('gives up after a few attempts as DATABASE_UNAVAILABLE (try again later), and never retries other errors', async () => {
    let calls = 0;
    const failure = deadlock();
    await expect(retryOnConflict(async () => {
      calls += 1;
      throw failure;
    })).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE', details: { driverCode: 1213 }, cause: failure });
    expect(calls).toBe(8);
    calls = 0;
    await expect(retryOnConflict(async () => {
      calls += 1;
      throw new Error('other');
    })).rejects.toThrow('other');
    expect(calls).toBe(1);
  });
});
