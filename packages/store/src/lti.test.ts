import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import type { StoreError } from './errors.js';
import { seedIssuer, uniqueSuffix, useStores } from './testing/fixtures.js';

describeEachDatabase('LTI platforms, launch nonces and tool keys', (database) => {
  const open = useStores(database);
  const registration = (issuerId: string, platformIssuer: string, clientId = 'laurel-tool') => ({
    issuerId, name: 'Test LMS', platformIssuer, clientId, deploymentIds: ['d-1', 'd-2'],
    authLoginUrl: 'https://lms.example.edu/auth', jwksUrl: 'https://lms.example.edu/jwks', accessTokenUrl: null, learnerClaim: 'sub' as const,
  });

  it('registers a platform once per (iss, client id), finds it by iss alone only when unambiguous, and forgets it with its nonces', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const iss = `https://lms-${uniqueSuffix()}.example.edu`;
    const platform = await store.ltiPlatforms.create(registration(issuer.id, iss));
    expect(platform).toMatchObject({ issuerId: issuer.id, platformIssuer: iss, deploymentIds: ['d-1', 'd-2'], learnerClaim: 'sub' });
    expect(await store.ltiPlatforms.get(platform.id)).toEqual(platform);
    await expect(store.ltiPlatforms.create(registration(issuer.id, iss))).rejects.toMatchObject({ code: 'CONFLICT' } satisfies Partial<StoreError>);
    expect(await store.ltiPlatforms.findRegistration(iss, 'laurel-tool')).toEqual(platform);
    expect(await store.ltiPlatforms.findRegistration(iss, undefined)).toEqual(platform);
    expect(await store.ltiPlatforms.findRegistration(iss, 'other')).toBeUndefined();
    const second = await store.ltiPlatforms.create(registration(issuer.id, iss, 'second-client'));
    // Two registrations share the iss: a login without client_id cannot say which.
    expect(await store.ltiPlatforms.findRegistration(iss, undefined)).toBeUndefined();
    expect((await store.ltiPlatforms.list(issuer.id)).map((row) => row.id)).toEqual([platform.id, second.id]);

    expect(await store.ltiNonces.useOnce(platform.id, 'n-1', new Date(Date.now() + 60_000))).toBe(true);
    expect(await store.ltiPlatforms.delete(platform.id)).toBe(true);
    expect(await store.ltiPlatforms.delete(platform.id)).toBe(false);
    expect(await store.ltiPlatforms.get(platform.id)).toBeUndefined();
    expect(await store.db.selectFrom('ltiNonces').selectAll().where('platformId', '=', platform.id).execute()).toEqual([]);
  });

  it('accepts a nonce once, per platform, even when two launches race; purges expired ones', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const a = await store.ltiPlatforms.create(registration(issuer.id, `https://a-${uniqueSuffix()}.example.edu`));
    const b = await store.ltiPlatforms.create(registration(issuer.id, `https://b-${uniqueSuffix()}.example.edu`));
    const later = new Date(Date.now() + 60_000);
    const raced = await Promise.all([store.ltiNonces.useOnce(a.id, 'same', later), store.ltiNonces.useOnce(a.id, 'same', later)]);
    expect(raced.sort()).toEqual([false, true]);
    expect(await store.ltiNonces.useOnce(b.id, 'same', later)).toBe(true);
    expect(await store.ltiNonces.useOnce(a.id, 'old', new Date(Date.now() - 1_000))).toBe(true);
    expect(await store.ltiNonces.purgeExpired(new Date())).toBeGreaterThanOrEqual(1);
    expect(await store.ltiNonces.useOnce(a.id, 'same', later)).toBe(false);
  });

  it('keeps the first tool key of a kid', async () => {
    const store = await open();
    const kid = `k-${uniqueSuffix()}`;
    expect(await store.ltiToolKeys.addIfAbsent({ kid, publicJwk: '{"kty":"RSA"}', sealedPrivateKey: 'sealed-1' })).toBe(true);
    expect(await store.ltiToolKeys.addIfAbsent({ kid, publicJwk: '{"kty":"RSA"}', sealedPrivateKey: 'sealed-2' })).toBe(false);
    expect((await store.ltiToolKeys.list()).find((key) => key.kid === kid)?.sealedPrivateKey).toBe('sealed-1');
  });

  it('finds a learner by e-mail within one issuer, and nobody when two share it', async () => {
    const store = await open();
    const issuer = await seedIssuer(store);
    const email = `ann-${uniqueSuffix()}@example.edu`;
    const ann = (await store.learners.upsert({ issuerId: issuer.id, lmsUserId: '1', email })).learner;
    expect(await store.learners.getByEmail(issuer.id, email)).toEqual(ann);
    await store.learners.upsert({ issuerId: issuer.id, lmsUserId: '2', email });
    expect(await store.learners.getByEmail(issuer.id, email)).toBeUndefined();
  });
});
