// The issuer's VC-API POST /credentials/issue with signatures made on the crypto worker pool
// (CRYPTO_WORKERS > 0): verifiable as ever, the same refusals, and 503 + Retry-After with nothing
// written when the pool is saturated.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenBadgeCredential } from '@laurel/models';
import { verifyCredential } from '@laurel/suites';
import type { CryptoPool } from '@laurel/crypto-pool';
import { builtCryptoPool, gate } from './support/crypto-pool.js';
import { freshDatabaseUrl, type FreshDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';

interface Tenant {
  database: FreshDatabase;
  issuer: TestIssuer;
  issuerId: string;
  did: string;
}

async function tenant(slug: string, sign?: CryptoPool['signCredential']): Promise<Tenant> {
  const database = await freshDatabaseUrl('sqlite');
  const issuer = await createTestIssuer(database.url, undefined, sign ? { sign } : {});
  const created = await issuer.call('POST', '/v1/issuers', { slug, name: 'Example University', didMethod: 'key' });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  return { database, issuer, issuerId: created.body.id, did: created.body.did };
}

function badge(did: string, extra: Record<string, unknown> = {}) {
  return {
    ...buildOpenBadgeCredential({
      id: `urn:uuid:${randomUUID()}`,
      issuer: { id: did, name: 'Example University' },
      achievement: { id: 'https://issuer.test/achievements/1', name: 'Data Literacy', description: 'Charts.', criteria: { narrative: 'Pass.' } },
      recipient: { id: 'did:example:ada', name: 'Ada Lovelace' },
      validFrom: '2026-01-01T00:00:00Z',
    }),
    ...extra,
  };
}

const issue = (t: Tenant, credential: unknown) => t.issuer.call('POST', '/credentials/issue', { credential, options: { issuerId: t.issuerId } });

/**
 * Status slots allocated, committed. The allocation rows are written while the credential is signed; a
 * signature refused at once must still find them inside the transaction it rolls back (on SQLite a
 * statement still on its way after the rollback would run, and commit, on its own).
 */
const allocationRows = async (t: Tenant) =>
  Number((await t.issuer.store.db.selectFrom('statusAllocations').select((eb) => eb.fn.countAll<number>().as('rows')).executeTakeFirstOrThrow()).rows);

describe('POST /credentials/issue signed on the worker pool', () => {
  let pool: CryptoPool;
  let pooled: Tenant;
  let inProcess: Tenant;
  beforeAll(async () => {
    pool = builtCryptoPool({ workers: 1, tasksPerWorker: 1, queueLimit: 1 });
    pooled = await tenant('pooled', (credential, options) => pool.signCredential(credential, options));
    inProcess = await tenant('in-process');
  }, 120_000);
  afterAll(async () => {
    for (const t of [pooled, inProcess]) {
      await t?.issuer.close();
      await t?.database.drop();
    }
    await pool?.close();
  });

  it('signs a credential that verifies, with its status entries (VC Data Integrity eddsa-rdfc-2022)', async () => {
    const signed = await issue(pooled, badge(pooled.did));
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    const credential = signed.body.verifiableCredential;
    expect(credential.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' });
    const result = await verifyCredential(credential, { checkStatus: pooled.issuer.checkStatus });
    expect(result.verified, JSON.stringify(result.checks)).toBe(true);
  });

  it('refuses a credential that breaks the data model exactly as in-process signing does (VC 2.0 §4.6 validFrom)', async () => {
    const rowsBefore = [await allocationRows(pooled), await allocationRows(inProcess)];
    const [fromPool, fromThread] = [await issue(pooled, badge(pooled.did, { validFrom: 'yesterday' })), await issue(inProcess, badge(inProcess.did, { validFrom: 'yesterday' }))];
    expect([await allocationRows(pooled), await allocationRows(inProcess)]).toEqual(rowsBefore);
    expect(fromPool.status).toBe(400);
    expect(fromPool.body).toEqual(fromThread.body);
    expect(fromPool.body.errors.map((error: { path: string }) => error.path)).toContain('credential.validFrom');
  });

  it('saturated (the one worker busy, the one queue place taken): 503 WORKERS_SATURATED with Retry-After, nothing written', async () => {
    const held = gate();
    const signed = await issue(pooled, badge(pooled.did));
    // A verification waiting for a did:web document keeps the pool's only worker busy (the key is
    // made to look like one; the lookup is refused once the gate opens).
    const credential = signed.body.verifiableCredential;
    const asDidWeb = { ...credential, proof: { ...credential.proof, verificationMethod: 'did:web:held.example.test#key-1' } };
    const hold = () => pool.verifyCredential(asDidWeb, { now: new Date(), fetchDidWebDocument: async () => (await held.pass(), Promise.reject(new Error('refused'))) });
    const busy = hold();
    await held.holding(1);
    const queued = hold();
    const auditBefore = await pooled.issuer.store.audit.list({ issuerId: pooled.issuerId, limit: 1000 });
    const rowsBefore = await allocationRows(pooled);
    const refused = await pooled.issuer.app.request('/credentials/issue', {
      method: 'POST',
      headers: { authorization: `Bearer ${pooled.issuer.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ credential: badge(pooled.did), options: { issuerId: pooled.issuerId } }),
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ code: 'WORKERS_SATURATED' });
    expect(await pooled.issuer.store.audit.list({ issuerId: pooled.issuerId, limit: 1000 })).toEqual(auditBefore);
    expect(await allocationRows(pooled)).toBe(rowsBefore);
    held.open();
    expect((await busy).checks.proof.status).toBe('unknown');
    expect((await queued).checks.proof.status).toBe('unknown');
    expect((await issue(pooled, badge(pooled.did))).status).toBe(201);
  });
});
