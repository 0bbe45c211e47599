// An external signer (issue 15 item 5): the issuer key's secret half lives in
// HashiCorp Vault's transit engine and never reaches Laurel. Tested against a
// small local server speaking Vault's documented transit API (read key, sign;
// X-Vault-Token), which signs with node:crypto's own Ed25519: an independent
// implementation. Credentials signed this way verify like any other.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetcher } from '@laurel/guarded-fetch';
import { buildOpenBadgeCredential } from '@laurel/models';
import { badgeInput } from '../packages/models/src/testing/fixtures.js';
import { signCredential, vaultTransitIssuerKey, verifyCredential, type VaultRequest } from '@laurel/suites';
import { TOKEN, ed25519Key, fakeVault } from './support/fake-vault.js';

describe('external signer: HashiCorp Vault transit', () => {
  const vault = fakeVault({ 'laurel-issuer': ed25519Key(), 'rsa-key': { ...ed25519Key(), type: 'rsa-2048' } });
  const fetcher = createGuardedFetcher({ allowHttp: true, allowLoopback: true, timeoutMs: 2000 });
  const request: VaultRequest = (call) => fetcher.requestJson(call);
  let address: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => vault.server.listen(0, '127.0.0.1', resolve));
    address = `http://127.0.0.1:${(vault.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await fetcher.close();
    await new Promise((resolve) => vault.server.close(resolve));
  });

  const credentialFor = (issuer: string) => buildOpenBadgeCredential({ ...badgeInput(), issuer: { id: issuer, name: 'Vault University' } }) as Record<string, unknown>;

  it('signs a credential (eddsa-rdfc-2022) through Vault that verifies; the secret half never leaves Vault', async () => {
    const key = await vaultTransitIssuerKey({ address, token: TOKEN, keyName: 'laurel-issuer', request });
    expect(key.secretKeyMultibase).toBeUndefined();
    expect(key.controller).toMatch(/^did:key:z6Mk/);
    const signed = await signCredential(credentialFor(key.controller), { key });
    const result = await verifyCredential(signed);
    expect(result.checks.proof.status).toBe('valid');
    expect(vault.requests.map((entry) => `${entry.method} ${entry.path}`)).toEqual(['GET /v1/transit/keys/laurel-issuer', 'POST /v1/transit/sign/laurel-issuer']);
    // Altering the signed credential breaks the proof: the signature is over this content.
    const altered = { ...signed, credentialSubject: { ...(signed.credentialSubject as object), name: 'Someone Else' } };
    expect((await verifyCredential(altered)).checks.proof.status).toBe('invalid');
  });

  it('refusals are EXTERNAL_SIGNER_FAILED naming the key, never the token', async () => {
    const denied = (await vaultTransitIssuerKey({ address, token: 'hvs.wrong', keyName: 'laurel-issuer', request }).then(
      () => new Error('signed without a valid token'),
      (error: unknown) => error as Error,
    )) as Error & { code?: string };
    expect(denied).toMatchObject({ code: 'EXTERNAL_SIGNER_FAILED' });
    expect(denied.message).toContain('permission denied');
    expect(denied.message).not.toContain('hvs.wrong');
    await expect(vaultTransitIssuerKey({ address, token: TOKEN, keyName: 'rsa-key', request })).rejects.toThrow(/type rsa-2048, not ed25519/);
    await expect(vaultTransitIssuerKey({ address, token: TOKEN, keyName: 'missing', request })).rejects.toMatchObject({ code: 'EXTERNAL_SIGNER_FAILED' });
  });
});
