// POST /nonce is public and writes a row per call (OpenID4VCI 1.0 §7): those rows
// expire and a periodic purge deletes them, so the table does not grow without bound.
import { expect, it } from 'vitest';
import { purgeExpiredSingleUse, startExpiryPurge } from '@laurel/issuance';
import { WALLET_TTL } from '@laurel/wallet';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer } from './support/issuer.js';
import { waitFor } from './support/wait.js';

describeEachDatabase('single-use rows expire and are purged', (database) => {
  const nonceRows = async (issuer: Awaited<ReturnType<typeof createTestIssuer>>) => (await issuer.store.db.selectFrom('walletNonces').select('valueHash').execute()).length;

  it('nonces from POST /nonce expire, and the purge deletes them', async () => {
    const issuer = await createTestIssuer(await database.fresh());
    try {
      for (let i = 0; i < 20; i++) expect((await issuer.app.request('/nonce', { method: 'POST' })).status).toBe(200);
      expect(await nonceRows(issuer)).toBe(20);
      // Nothing is deleted while the nonces can still be used.
      expect(await purgeExpiredSingleUse({ store: issuer.store, now: () => new Date() })).toEqual({ walletNonces: 0, signInLinks: 0, ltiNonces: 0 });
      const later = () => new Date(Date.now() + WALLET_TTL.nonce + 1_000);
      expect((await purgeExpiredSingleUse({ store: issuer.store, now: later })).walletNonces).toBe(20);
      expect(await nonceRows(issuer)).toBe(0);
    } finally {
      await issuer.close();
    }
  });

  it('the periodic purge (PURGE_INTERVAL_MS) finds expired rows by itself', async () => {
    const issuer = await createTestIssuer(await database.fresh());
    const purge = startExpiryPurge({ store: issuer.store, now: () => new Date(Date.now() + WALLET_TTL.nonce + 1_000) }, { intervalMs: 20 });
    try {
      await issuer.app.request('/nonce', { method: 'POST' });
      await waitFor('the purge to delete the expired nonce', async () => ((await nonceRows(issuer)) === 0 ? true : undefined));
    } finally {
      await purge.stop();
      await issuer.close();
    }
  });
});
