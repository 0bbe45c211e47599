import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { isRetryableTransactionError, isUniqueViolation } from './driver-errors.js';
import { seedIssuer, useStores } from './testing/fixtures.js';

describeEachDatabase('isUniqueViolation', (database) => {
  const open = useStores(database);

  async function failure(run: () => Promise<unknown>): Promise<unknown> {
    return run().then(
      () => {
        throw new Error('expected the statement to fail');
      },
      (error: unknown) => error,
    );
  }

  it('recognises unique and primary-key violations from the driver', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const row = await store.db.selectFrom('issuers').selectAll().where('id', '=', issuer.id).executeTakeFirstOrThrow();
    expect(isUniqueViolation(await failure(() => store.db.insertInto('issuers').values(row).execute()))).toBe(true);
    const otherSlug = { ...row, id: 'another-id', did: `${row.did}:x` };
    expect(isUniqueViolation(await failure(() => store.db.insertInto('issuers').values(otherSlug).execute()))).toBe(true);
  });

  it('does not mistake other constraint failures for one', async () => {
    const store = await open();
    const orphan = { id: 'k', issuerId: 'missing', publicKeyMultibase: 'z', sealedSecretKey: 's', state: 'active' as const, createdAt: 'x', revokedAt: null };
    const error = await failure(() => store.db.insertInto('issuerKeys').values(orphan).execute());
    expect(isUniqueViolation(error)).toBe(false);
    expect(isRetryableTransactionError(error)).toBe(false);
  });
});

describe('driver error classification', () => {
  it('reads codes, not messages', () => {
    expect(isUniqueViolation(Object.assign(new Error('x'), { errno: 1062 }))).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }))).toBe(true);
    expect(isUniqueViolation(new Error('Duplicate entry'))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
    expect(isRetryableTransactionError(Object.assign(new Error('x'), { errno: 1213 }))).toBe(true);
    expect(isRetryableTransactionError(Object.assign(new Error('x'), { errno: 1205 }))).toBe(true);
    expect(isRetryableTransactionError(Object.assign(new Error('x'), { code: 'SQLITE_BUSY' }))).toBe(true);
    expect(isRetryableTransactionError(Object.assign(new Error('x'), { errno: 1062 }))).toBe(false);
  });
});
