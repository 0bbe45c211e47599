// Issue 15 item 5, wired in: an issuer whose signing key lives in Vault's transit engine
// (VAULT_ADDR, VAULT_TOKEN; POST /v1/issuers/{id}/keys/vault-transit). Through the
// issuer service's own start-up, against a local Vault-shaped server: the credential it
// issues verifies (did:web resolved through the service), Vault did the signing, and the
// database holds a reference to the key, no private key.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentLoader } from '@laurel/contexts';
import { rotateKeyEncryptionKey } from '@laurel/issuance';
import { startIssuer, type RunningIssuer } from '@laurel/issuer-service';
import { verifyCredential } from '@laurel/suites';
import { TOKEN, ed25519Key, fakeVault } from './support/fake-vault.js';

const KEK = randomBytes(32);
const BOOTSTRAP = 'lrl_bootstrap-token-for-the-vault-test-0123456789';

describe('issuer with its key in Vault transit', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-vault-issuer-'));
  const vault = fakeVault({ 'issuer-signing': ed25519Key() });
  let issuer: RunningIssuer;

  const call = async (method: string, pathname: string, body?: unknown) => {
    const response = await fetch(`${issuer.url}${pathname}`, {
      method,
      headers: { authorization: `Bearer ${BOOTSTRAP}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    await new Promise<void>((resolve) => vault.server.listen(0, '127.0.0.1', resolve));
    issuer = await startIssuer({
      DATABASE_URL: `sqlite:${path.join(dir, 'laurel.db')}`,
      LAUREL_KEYS_DIR: path.join(dir, 'keys'),
      LAUREL_KEY_ENCRYPTION_KEY: KEK.toString('base64'),
      LAUREL_BOOTSTRAP_TOKEN: BOOTSTRAP,
      ISSUER_PORT: '0',
      ISSUER_PUBLIC_URL_CHECK: 'false',
      LOG_LEVEL: 'silent',
      BADGE_DELIVERY_WORKER: 'false',
      VAULT_ADDR: `http://127.0.0.1:${(vault.server.address() as AddressInfo).port}`,
      VAULT_TOKEN: TOKEN,
      FETCH_ALLOW_HTTP: 'true',
      FETCH_ALLOW_LOOPBACK: 'true',
    });
  }, 30_000);
  afterAll(async () => {
    await issuer?.close();
    await new Promise((resolve) => vault.server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('issues a credential signed in Vault that verifies; no private key is stored for it', async () => {
    const created = await call('POST', '/v1/issuers', { slug: 'vault-u', name: 'Vault University' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const issuerId = created.body.id as string;

    const attached = await call('POST', `/v1/issuers/${issuerId}/keys/vault-transit`, { keyName: 'issuer-signing' });
    expect(attached.status, JSON.stringify(attached.body)).toBe(201);
    const keyId = attached.body.keyId as string;

    const issued = await call('POST', '/credentials/issue', {
      credential: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], issuer: {}, credentialSubject: { id: 'did:example:learner' } },
      options: { issuerId },
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const credential = issued.body.verifiableCredential as Record<string, any>;
    expect(credential.proof.verificationMethod).toBe(keyId);
    expect(vault.requests.filter((request) => request.method === 'POST').map((request) => request.path)).toContain('/v1/transit/sign/issuer-signing');

    // did:web resolved through the service itself: the DID document lists the Vault key.
    const documentLoader = createDocumentLoader({
      fetchDidWebDocument: async (url) => {
        const response = await fetch(`${issuer.url}${url.pathname}`);
        if (response.status !== 200) throw new Error(`${url.href}: ${response.status}`);
        return response.json();
      },
    });
    const verification = await verifyCredential(credential, { documentLoader });
    expect(verification.checks.proof.status).toBe('valid');
    const altered = { ...credential, credentialSubject: { id: 'did:example:someone-else' } };
    expect((await verifyCredential(altered, { documentLoader })).checks.proof.status).toBe('invalid');

    // The database keeps a reference for the Vault key, never a sealed private key.
    const keys = await issuer.store.keys.listSealed();
    expect(keys.find((key) => key.id === keyId)?.sealedSecretKey).toBe('external:vault-transit:issuer-signing');

    // KEK rotation re-seals the local (retired) key and leaves the reference as it is.
    const report = await rotateKeyEncryptionKey(issuer.store, { from: KEK, to: randomBytes(32) });
    expect(report.resealed.issuerKeys).toBe(keys.length - 1);
    expect((await issuer.store.keys.listSealed()).find((key) => key.id === keyId)?.sealedSecretKey).toBe('external:vault-transit:issuer-signing');
  });

  it('an unknown Vault key is refused and nothing changes', async () => {
    const created = await call('POST', '/v1/issuers', { slug: 'vault-v', name: 'Other University' });
    const before = await issuer.store.keys.listForIssuer(created.body.id as string);
    const refused = await call('POST', `/v1/issuers/${created.body.id as string}/keys/vault-transit`, { keyName: 'no-such-key' });
    expect(refused.status).toBe(502);
    expect(refused.body.code).toBe('EXTERNAL_SIGNER_FAILED');
    expect(await issuer.store.keys.listForIssuer(created.body.id as string)).toEqual(before);
  });
});
