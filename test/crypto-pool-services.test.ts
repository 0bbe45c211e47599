// CRYPTO_WORKERS through the services' own start-up (main.ts): the pool is loaded, signs the VC-API's
// credentials and checks the verifier's proofs with the same answers as CRYPTO_WORKERS=0, and closes.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenBadgeCredential } from '@laurel/models';
import { startIssuer } from '@laurel/issuer-service';
import { startVerifier } from '@laurel/verifier-service';
import { buildCryptoPool } from './support/crypto-pool.js';

describe('CRYPTO_WORKERS=2 in the issuer and the verifier', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-crypto-pool-'));
  const token = `lrl_${randomBytes(24).toString('base64url')}`;
  const env = { DATABASE_URL: `sqlite:${path.join(dir, 'laurel.db')}`, LAUREL_KEYS_DIR: path.join(dir, 'keys'), LOG_LEVEL: 'silent' };
  beforeAll(() => buildCryptoPool(), 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('issues through POST /credentials/issue and verifies through POST /credentials/verify, as without workers', async () => {
    const issuer = await startIssuer({ ...env, ISSUER_PORT: '0', BADGE_DELIVERY_WORKER: 'false', LAUREL_BOOTSTRAP_TOKEN: token, CRYPTO_WORKERS: '2', ISSUER_PUBLIC_URL_CHECK: 'false' });
    const verifiers = [
      await startVerifier({ ...env, VERIFIER_PORT: '0', VERIFIER_PUBLIC_URL_CHECK: 'false', CRYPTO_WORKERS: '2' }),
      await startVerifier({ ...env, VERIFIER_PORT: '0', VERIFIER_PUBLIC_URL_CHECK: 'false', CRYPTO_WORKERS: '0' }),
    ];
    try {
      const post = async (base: string, pathname: string, body: unknown) => {
        const response = await fetch(`${base}${pathname}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: response.status, body: (await response.json()) as any };
      };
      const created = await post(issuer.url, '/v1/issuers', { slug: 'pool', name: 'Pool University', didMethod: 'key' });
      expect(created.status).toBe(201);
      const credential = buildOpenBadgeCredential({
        id: 'urn:uuid:5f0c8a52-7a36-4d7e-9d59-1a2b3c4d5e6f',
        issuer: { id: created.body.did, name: 'Pool University' },
        achievement: { id: 'https://issuer.test/achievements/1', name: 'Threads', description: 'Two cores.', criteria: { narrative: 'Pass.' } },
        recipient: { id: 'did:example:ada', name: 'Ada Lovelace' },
        validFrom: '2026-01-01T00:00:00Z',
      });
      const issued = await post(issuer.url, '/credentials/issue', { credential, options: { issuerId: created.body.id } });
      expect(issued.status, JSON.stringify(issued.body)).toBe(201);
      const [pooled, inProcess] = await Promise.all(verifiers.map((verifier) => post(verifier.url, '/credentials/verify', { verifiableCredential: issued.body.verifiableCredential })));
      expect(pooled).toEqual(inProcess);
      expect(pooled!.body.checks.find((check: { check: string }) => check.check === 'proof').status).toBe('valid');
    } finally {
      for (const verifier of verifiers) await verifier.close();
      await issuer.close();
    }
  });
});
