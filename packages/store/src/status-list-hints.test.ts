// takeSlot starts from the list sequence this store last allocated in instead
// of reading it: a hint, never trusted past what the locked reads confirm.
import type { LogEvent } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { seedIssuer, useStores } from './testing/fixtures.js';

const scope = { purpose: 'revocation', format: 'BitstringStatusList', length: 16 } as const;

describeEachDatabase('status list hints', (database) => {
  const open = useStores(database);

  it('a list created in a transaction that rolled back is created again, not reported vanished', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const failed = await store
      .transaction(async (tx) => {
        await tx.statusLists.takeSlot({ issuerId: issuer.id, ...scope });
        throw new Error('rolled back after the first list was created');
      })
      .catch((error: unknown) => error);
    expect(String(failed)).toContain('rolled back');
    const slot = await store.transaction((tx) => tx.statusLists.takeSlot({ issuerId: issuer.id, ...scope }));
    expect(slot).toMatchObject({ sequence: 1, counter: 0 });
  });

  it('a hint behind another store (process) walks up to the list that one started', async () => {
    const first = await open();
    const issuer = await seedIssuer(first);
    const second = await open();
    // `first` remembers list 1; `second` fills it (16 slots) and starts list 2.
    await first.transaction((tx) => tx.statusLists.takeSlot({ issuerId: issuer.id, ...scope }));
    for (let i = 0; i < 16; i++) await second.transaction((tx) => tx.statusLists.takeSlot({ issuerId: issuer.id, ...scope }));
    expect(await first.transaction((tx) => tx.statusLists.takeSlot({ issuerId: issuer.id, ...scope }))).toMatchObject({ sequence: 2, counter: 1 });
  });

  it('a second slot in the same list reads no hint', async () => {
    const sql: string[] = [];
    const store = await open({ log: (event: LogEvent) => void sql.push(event.query.sql) });
    const issuer = await seedIssuer(store);
    await store.transaction((tx) => tx.statusLists.takeSlot({ issuerId: issuer.id, ...scope }));
    sql.length = 0;
    await store.transaction((tx) => tx.statusLists.takeSlot({ issuerId: issuer.id, ...scope }));
    expect(sql.filter((query) => /^select ["`]sequence["`] from/.test(query))).toEqual([]);
  });
});
