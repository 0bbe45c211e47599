// The badge worker's queries run after completions: their plans must reach
// credentials through an index, never by reading the whole table.
import { CompiledQuery, type LogEvent } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { seedAchievement, seedIssuer, useStores } from './testing/fixtures.js';

describeEachDatabase('hot-path indexes (009-hot-path-indexes)', (database) => {
  const open = useStores(database);

  it('the badge worker queries reach credentials through an index', async () => {
    const queries: CompiledQuery[] = [];
    const store = await open({ log: (event: LogEvent) => void queries.push(event.query) });
    const issuer = await seedIssuer(store);
    await store.badgePlatforms.setMapping((await seedAchievement(store, issuer.id)).id, 'credly', 'tmpl-1');
    queries.length = 0;
    await store.badgePlatforms.listUndelivered(100);
    await store.badgePlatforms.listRevokedSinceIssue(100);
    await store.badgePlatforms.listMappedAchievementIds();
    const worker = queries.filter((query) => /credentials/.test(query.sql));
    expect(worker).toHaveLength(2);
    for (const query of worker) {
      if (store.dialect === 'sqlite') {
        const plan = await store.db.withoutPlugins().executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
        const details = plan.rows.map((row) => row.detail);
        // A full read shows as "SCAN c" (or "SCAN credentials"); a keyed one as "SEARCH c USING ... INDEX".
        expect(details.filter((detail) => /^SCAN (c|credentials)\b/.test(detail)), details.join('; ')).toEqual([]);
        expect(details.some((detail) => /^SEARCH (c|credentials) USING/.test(detail)), details.join('; ')).toBe(true);
      } else {
        // MariaDB plans tiny tables as full scans whatever is indexed; what must hold is that an index could be used.
        const plan = await store.db.withoutPlugins().executeQuery<{ table: string; possible_keys: string | null }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
        const credentials = plan.rows.find((row) => row.table === 'c');
        expect(credentials?.possible_keys, JSON.stringify(plan.rows)).toBeTruthy();
      }
    }
  });
});
