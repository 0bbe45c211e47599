// `laurel keys rotate-kek` (issue 15 item 5): every sealed secret re-sealed
// under a new key-encryption key in one transaction, resumable and verified;
// a wrong previous key aborts without changing anything; issuing goes on
// during the rotation (processes hold the new key and the previous one), and
// afterwards every issuer signs with the new key alone.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { configureBadgePlatform } from '@laurel/badge-platforms';
import { main } from '@laurel/cli';
import { createAchievement, createIssuer, recordCompletions, rotateKeyEncryptionKey, type IssuanceDeps } from '@laurel/issuance';
import { openStore, type Store } from '@laurel/store';
import { toolJwks } from '@laurel/lti';
import { badgePlatformSealContext, ltiToolKeySealContext, openSealedSecretKey, verifyCredential } from '@laurel/suites';
import { describeEachDatabase } from './support/databases.js';
import { TEST_URLS } from './support/issuer.js';

const COURSE = 'course-v1:Kek+K+1';
const ISSUERS = 3;

const completion = (learner: string) => ({ learner: { lmsUserId: learner, name: `Learner ${learner}` }, courseId: COURSE, passed: true, sourceEventId: `kek-${learner}` });

/** Every sealed value in the database, to compare before and after. */
async function snapshot(store: Store): Promise<string[]> {
  const keys = await store.keys.listSealed();
  const accounts = await store.badgePlatforms.listSealedApiKeys();
  const toolKeys = await store.ltiToolKeys.list();
  return [
    ...keys.map((key) => `${key.id}=${key.sealedSecretKey}`),
    ...accounts.map((account) => `${account.issuerId}/${account.platform}=${account.sealedApiKey}`),
    ...toolKeys.map((key) => `${key.kid}=${key.sealedPrivateKey}`),
  ];
}

describeEachDatabase('key-encryption key rotation', (database) => {
  let store: Store;
  const issuerIds: string[] = [];
  const deps = (keyEncryptionKey: Uint8Array, previousKeyEncryptionKey?: Uint8Array): IssuanceDeps => ({
    store, keyEncryptionKey, ...(previousKeyEncryptionKey ? { previousKeyEncryptionKey } : {}), urls: TEST_URLS, now: () => new Date(), statusListLength: 64,
  });
  const first = randomBytes(32);
  const second = randomBytes(32);

  /** Issues one credential for the issuer and checks its proof: the issuer's key opened and signed. */
  async function issues(as: IssuanceDeps, issuerId: string, learner: string): Promise<void> {
    const outcome = await recordCompletions(as, 'test', issuerId, [completion(learner)]);
    expect(outcome.issued).toHaveLength(1);
    const stored = await store.credentials.get(outcome.issued[0]!.credentialId);
    expect((await verifyCredential(stored!.document)).checks.proof.status).toBe('valid');
  }

  beforeAll(async () => {
    store = await openStore({ databaseUrl: database.url });
    for (let index = 0; index < ISSUERS; index++) {
      const issuer = await createIssuer(deps(first), 'test', { slug: `kek-${index}-${randomBytes(3).toString('hex')}`, name: `KEK ${index}`, didMethod: 'key' });
      await createAchievement(deps(first), 'test', issuer.id, { externalId: COURSE, name: 'KEK', rules: { requirePassed: true } });
      await configureBadgePlatform({ store, keyEncryptionKey: first }, 'test', { issuerId: issuer.id, platform: 'accredible', apiKey: `accredible-key-${index}` });
      issuerIds.push(issuer.id);
    }
    // The LTI tool's signing key (made on first use), sealed like the others.
    expect((await toolJwks({ store, keyEncryptionKey: first })).keys).toHaveLength(1);
  });
  afterAll(() => store?.close());

  it('a wrong previous key aborts and changes nothing', async () => {
    const before = await snapshot(store);
    const wrong = randomBytes(32);
    await expect(rotateKeyEncryptionKey(store, { from: wrong, to: second })).rejects.toMatchObject({ code: 'KEY_ENCRYPTION_KEY_MISMATCH' });
    expect(await snapshot(store)).toEqual(before);
  });

  it('re-seals everything while issuing goes on, verified; then every issuer signs with the new key alone', async () => {
    // Every process now holds the new key and the previous one, and keeps issuing during the rotation.
    const during = deps(second, first);
    let stop = false;
    let issuedDuringRotation = 0;
    const load = (async () => {
      for (let round = 0; !stop || round < 2; round++) {
        await Promise.all(issuerIds.map((issuerId, index) => issues(during, issuerId, `load-${index}-${round}`)));
        issuedDuringRotation += issuerIds.length;
      }
    })();
    const report = await rotateKeyEncryptionKey(store, { from: first, to: second });
    stop = true;
    await load;
    expect(issuedDuringRotation).toBeGreaterThan(0);
    expect(report.resealed.issuerKeys + report.alreadyNew.issuerKeys).toBe(ISSUERS);
    expect(report.resealed.badgePlatformKeys).toBe(ISSUERS);
    expect(report.resealed.ltiToolKeys).toBe(1);

    // Nothing opens with the old key any more; everything opens with the new one, to the same secrets.
    for (const key of await store.keys.listSealed()) {
      expect(() => openSealedSecretKey(key.sealedSecretKey, first, key.id)).toThrow();
      expect(openSealedSecretKey(key.sealedSecretKey, second, key.id)).toMatch(/^z/);
    }
    for (const account of await store.badgePlatforms.listSealedApiKeys()) {
      expect(openSealedSecretKey(account.sealedApiKey, second, badgePlatformSealContext(account.issuerId, account.platform))).toBe(`accredible-key-${issuerIds.indexOf(account.issuerId)}`);
    }
    for (const key of await store.ltiToolKeys.list()) {
      expect(() => openSealedSecretKey(key.sealedPrivateKey, first, ltiToolKeySealContext(key.kid))).toThrow();
      expect(JSON.parse(openSealedSecretKey(key.sealedPrivateKey, second, ltiToolKeySealContext(key.kid)))).toMatchObject({ kid: key.kid, kty: 'RSA' });
    }
    for (const [index, issuerId] of issuerIds.entries()) await issues(deps(second), issuerId, `after-${index}`);
  });

  it('running it again is a no-op (resumable): everything is already under the new key', async () => {
    const before = await snapshot(store);
    const report = await rotateKeyEncryptionKey(store, { from: first, to: second });
    expect(report).toEqual({ resealed: { issuerKeys: 0, badgePlatformKeys: 0, ltiToolKeys: 0 }, alreadyNew: { issuerKeys: ISSUERS, badgePlatformKeys: ISSUERS, ltiToolKeys: 1 } });
    expect(await snapshot(store)).toEqual(before);
  });

  it('laurel keys rotate-kek: the same from the command line; a wrong previous key exits 1 with nothing changed', async () => {
    const third = randomBytes(32);
    const run = async (previous: Buffer) => {
      const output: string[] = [];
      const saved = { ...process.env };
      Object.assign(process.env, { DATABASE_URL: database.url, LAUREL_KEY_ENCRYPTION_KEY: third.toString('base64'), LAUREL_PREVIOUS_KEY_ENCRYPTION_KEY: previous.toString('base64') });
      try {
        const code = await main(['keys', 'rotate-kek'], { stdout: (text) => void output.push(text), stderr: (text) => void output.push(text), readStdin: async () => '' });
        return { code, output: output.join('') };
      } finally {
        process.env = saved;
      }
    };
    const before = await snapshot(store);
    const refused = await run(first);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/opens with neither the previous nor the new key-encryption key: nothing was changed/);
    expect(await snapshot(store)).toEqual(before);

    const done = await run(second);
    expect(done.code, done.output).toBe(0);
    expect(JSON.parse(done.output.slice(0, done.output.lastIndexOf('}') + 1))).toEqual({ resealed: { issuerKeys: ISSUERS, badgePlatformKeys: ISSUERS, ltiToolKeys: 1 }, alreadyNew: { issuerKeys: 0, badgePlatformKeys: 0, ltiToolKeys: 0 } });
    for (const [index, issuerId] of issuerIds.entries()) await issues(deps(third), issuerId, `cli-${index}`);
  });
});
