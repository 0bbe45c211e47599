import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import type { StoreError } from './errors.js';
import { seedIssuer, useStores } from './testing/fixtures.js';

describeEachDatabase('API tokens', (database) => {
  const open = useStores(database);

  it('returns a fresh lrl_ secret once and stores only its SHA-256', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const { token, record } = await store.tokens.create({ issuerId: issuer.id, name: 'LMS webhook', scopes: ['completions:write'] });
    expect(token).toMatch(/^lrl_[A-Za-z0-9_-]{43}$/);
    expect(record).toMatchObject({ issuerId: issuer.id, name: 'LMS webhook', scopes: ['completions:write'], lastUsedAt: null, revokedAt: null });
    expect(record).not.toHaveProperty('tokenHash');

    const row = await store.db.selectFrom('apiTokens').selectAll().where('id', '=', record.id).executeTakeFirstOrThrow();
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(token.slice('lrl_'.length));
    expect(row.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));

    const other = await store.tokens.create({ issuerId: null, name: 'admin', scopes: ['*'] });
    expect(other.token).not.toBe(token);
    expect(other.record.issuerId).toBeNull();
  });

  it('finds a token by its secret, and not once revoked', async () => {
    const store = await open();
    const { token, record } = await store.tokens.create({ issuerId: null, name: 'ops', scopes: ['issuers:read'] });
    expect(await store.tokens.findByToken(token)).toEqual(record);
    expect(await store.tokens.findByToken(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(await store.tokens.findByToken(token.slice('lrl_'.length))).toBeUndefined();

    await store.tokens.markUsed(record.id, '2026-07-01T00:00:00Z');
    expect((await store.tokens.findByToken(token))?.lastUsedAt).toBe('2026-07-01T00:00:00.000Z');

    await store.tokens.revoke(record.id, '2026-07-02T00:00:00Z');
    expect(await store.tokens.findByToken(token)).toBeUndefined();
    await store.tokens.revoke(record.id, '2026-07-03T00:00:00Z');
    const row = await store.db.selectFrom('apiTokens').select('revokedAt').where('id', '=', record.id).executeTakeFirstOrThrow();
    expect(row.revokedAt).toBe('2026-07-02T00:00:00.000Z');
  });

  it('stores an operator-chosen token hashed, once', async () => {
    const store = await open();
    const chosen = `bootstrap-${'x'.repeat(20)}-${Math.random()}`;
    const { token, record } = await store.tokens.create({ issuerId: null, name: 'bootstrap', scopes: ['admin'], token: chosen });
    expect(token).toBe(chosen);
    expect(await store.tokens.findByToken(chosen)).toEqual(record);
    const row = await store.db.selectFrom('apiTokens').selectAll().where('id', '=', record.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(chosen);
    const again = await store.tokens.create({ issuerId: null, name: 'again', scopes: [], token: chosen }).catch((caught: unknown) => caught);
    expect((again as StoreError).code).toBe('CONFLICT');
    const empty = await store.tokens.create({ issuerId: null, name: 'empty', scopes: [], token: '' }).catch((caught: unknown) => caught);
    expect((empty as StoreError).code).toBe('INVALID_ARGUMENT');
  });
});
