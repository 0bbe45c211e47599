import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useStores } from './testing/fixtures.js';

describeEachDatabase('gauges', (database) => {
  const open = useStores(database);

  it('count every state, zero included, on an empty database', async () => {
    const store = await open();
    expect(await store.gauges.snapshot()).toEqual({
      credentials: { active: 0, suspended: 0, revoked: 0 },
      badgeDeliveries: { pending: 0, delivered: 0, failed: 0 },
      emailDeliveries: { pending: 0, sent: 0, failed: 0, cancelled: 0 },
      statusListsOwingPublication: 0,
    });
  });
});
