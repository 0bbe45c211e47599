import { sql, type LogEvent } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { insertRows } from './repositories/insert-rows.js';
import type { LearnersTable } from './schema.js';
import { seedIssuer, useStores } from './testing/fixtures.js';

/** A learner row whose every text column holds a value of its own, so a column swapped shows. */
function learnerRow(issuerId: string, n: number, prefix: string): LearnersTable {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
  return { id: `${prefix}-${n}`, issuerId, lmsUserId: `${prefix}-lms-${n}`, username: `user-${n}`, name: `Name ${n}`, email: `e${n}@example.org`, did: `did:example:${n}`, locale: `l${n}`, createdAt: at, updatedAt: at, erasedAt: null };
}

describeEachDatabase('insertRows', (database) => {
  const open = useStores(database);

  it('compiles a shape once, then sends the same SQL with each call’s values in place', async () => {
    const statements: LogEvent[] = [];
    const store = await open({ log: (event: LogEvent) => void statements.push(event) });
    const issuer = await seedIssuer(store);
    statements.length = 0;
    const rows = Array.from({ length: 7 }, (_, n) => learnerRow(issuer.id, n, 'shape'));
    await insertRows(store.db, 'learners', [rows[0]!]);
    await insertRows(store.db, 'learners', [rows[1]!]);
    await store.db.transaction().execute((trx) => insertRows(trx, 'learners', [rows[2]!]));
    await insertRows(store.db, 'learners', [rows[3]!, rows[4]!]);
    await insertRows(store.db, 'learners', [rows[5]!, rows[6]!]);

    const inserts = statements.filter((event) => /^insert/i.test(event.query.sql));
    // Built by Kysely the first time a shape (row count) is seen, reused after: in a transaction too.
    expect(inserts.map((event) => event.query.query.kind)).toEqual(['InsertQueryNode', 'RawNode', 'RawNode', 'InsertQueryNode', 'RawNode']);
    expect(inserts[1]!.query.sql).toBe(inserts[0]!.query.sql);
    expect(inserts[4]!.query.sql).toBe(inserts[3]!.query.sql);
    const stored = await store.db.selectFrom('learners').selectAll().where('id', 'like', 'shape-%').orderBy('id').execute();
    expect(stored).toEqual(rows);
  });

  it('leaves a row with an undefined column to the builder (the column’s default), every time', async () => {
    const statements: LogEvent[] = [];
    const store = await open({ log: (event: LogEvent) => void statements.push(event) });
    const issuer = await seedIssuer(store);
    statements.length = 0;
    for (const n of [1, 2]) {
      const { erasedAt: _dropped, ...row } = learnerRow(issuer.id, n, 'default');
      await insertRows(store.db, 'learners', [{ ...row, erasedAt: undefined } as unknown as LearnersTable]);
    }
    const inserts = statements.filter((event) => /^insert/i.test(event.query.sql));
    expect(inserts.map((event) => event.query.query.kind)).toEqual(['InsertQueryNode', 'InsertQueryNode']);
    expect(inserts[0]!.query.sql).not.toMatch(/erased_at/);
    const stored = await store.db.selectFrom('learners').select(['id', 'erasedAt']).where('id', 'in', ['default-1', 'default-2']).orderBy('id').execute();
    expect(stored).toEqual([{ id: 'default-1', erasedAt: null }, { id: 'default-2', erasedAt: null }]);
  });

  it('keys a shape by its columns in order: the same table with the keys in another order gets its own statement', async () => {
    const statements: LogEvent[] = [];
    const store = await open({ log: (event: LogEvent) => void statements.push(event) });
    const issuer = await seedIssuer(store);
    statements.length = 0;
    const first = learnerRow(issuer.id, 1, 'order');
    const reordered = Object.fromEntries(Object.entries(learnerRow(issuer.id, 2, 'order')).reverse()) as unknown as LearnersTable;
    await insertRows(store.db, 'learners', [first]);
    await insertRows(store.db, 'learners', [reordered]);
    const inserts = statements.filter((event) => /^insert/i.test(event.query.sql));
    expect(inserts.map((event) => event.query.query.kind)).toEqual(['InsertQueryNode', 'InsertQueryNode']);
    const stored = await store.db.selectFrom('learners').selectAll().where('id', 'in', ['order-1', 'order-2']).orderBy('id').execute();
    expect(stored).toEqual([first, learnerRow(issuer.id, 2, 'order')]);
  });

  it('never reuses SQL whose parameters are not the rows’ values: an expression in a row is compiled every time', async () => {
    const statements: LogEvent[] = [];
    const store = await open({ log: (event: LogEvent) => void statements.push(event) });
    const issuer = await seedIssuer(store);
    statements.length = 0;
    for (const n of [1, 2]) {
      // Kysely writes an expression into the SQL itself: the statement's parameters are then not the row's values.
      await insertRows(store.db, 'learners', [{ ...learnerRow(issuer.id, n, 'expression'), locale: sql<string>`${'x'}` } as unknown as LearnersTable]);
    }
    const inserts = statements.filter((event) => /^insert/i.test(event.query.sql));
    expect(inserts.map((event) => event.query.query.kind)).toEqual(['InsertQueryNode', 'InsertQueryNode']);
    const stored = await store.db.selectFrom('learners').select(['id', 'locale']).where('id', 'in', ['expression-1', 'expression-2']).orderBy('id').execute();
    expect(stored).toEqual([{ id: 'expression-1', locale: 'x' }, { id: 'expression-2', locale: 'x' }]);
  });
});
