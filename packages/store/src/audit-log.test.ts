import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { seedIssuer, useStores } from './testing/fixtures.js';

describeEachDatabase('audit log', (database) => {
  const open = useStores(database);

  it('records entries and lists them newest first, per issuer and limited', async () => {
    const store = await open({ databaseUrl: await database.fresh() });
    const [a, b] = [await seedIssuer(store), await seedIssuer(store)];
    const first = await store.audit.record({ actor: 'token:1', action: 'credential.issued', targetType: 'credential', targetId: 'c1', issuerId: a.id, details: { reason: 'passed', grade: 0.9 } });
    const second = await store.audit.record({ actor: 'system', action: 'status-list.signed', issuerId: b.id });
    const third = await store.audit.record({ actor: 'token:1', action: 'credential.revoked', issuerId: a.id });

    expect(first.details).toEqual({ reason: 'passed', grade: 0.9 });
    expect(second).toMatchObject({ targetType: null, targetId: null, details: {} });
    expect(await store.audit.list({ limit: 10 })).toEqual([third, second, first]);
    expect(await store.audit.list({ issuerId: a.id, limit: 10 })).toEqual([third, first]);
    expect(await store.audit.list({ limit: 2 })).toEqual([third, second]);
    expect(await store.audit.list({ limit: 0 })).toEqual([]);
  });

  it('records several entries in one call, each as record() would', async () => {
    const store = await open({ databaseUrl: await database.fresh() });
    const issuer = await seedIssuer(store);
    expect(await store.audit.recordMany([])).toEqual([]);
    const entries = await store.audit.recordMany([
      { actor: 'token:1', action: 'completion.record', targetType: 'learner', targetId: 'l1', issuerId: issuer.id, details: { sourceEventIds: ['e1'] } },
      { actor: 'token:1', action: 'credential.issue', targetType: 'credential', targetId: 'c1', issuerId: issuer.id },
    ]);
    expect(entries.map((entry) => entry.action)).toEqual(['completion.record', 'credential.issue']);
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(2);
    expect(entries[1]).toMatchObject({ details: {}, targetId: 'c1' });
    const listed = await store.audit.list({ issuerId: issuer.id, limit: 10 });
    expect([...listed].sort((x, y) => x.action.localeCompare(y.action))).toEqual(entries);
  });
});
