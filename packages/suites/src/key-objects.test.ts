import { describe, expect, it } from 'vitest';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cachedSigner, cachedVerifier } from './key-objects.js';

describe('node:crypto key objects imported once', () => {
  const fixture = (async () => {
    const generated = await Ed25519Multikey.generate({ controller: 'did:example:issuer' });
    const exported = await generated.export({ publicKey: true, secretKey: true });
    const pair = await Ed25519Multikey.from({ ...exported, id: `did:example:issuer#${generated.publicKeyMultibase}` });
    return { pair, secret: String(exported.secretKeyMultibase), method: await pair.export({ publicKey: true, includeContext: true }) };
  })();
  const data = new TextEncoder().encode('canonical proof options and document hashes');

  it('signs exactly as the stock signer (Ed25519 is deterministic, RFC 8032 §5.1.6)', async () => {
    const { pair, secret } = await fixture;
    const ours = await cachedSigner(pair, secret).sign({ data });
    expect(Buffer.from(ours)).toEqual(Buffer.from(await pair.signer().sign({ data })));
    expect(cachedSigner(pair, secret).id).toBe(pair.id);
  });

  it('verifies a good signature and rejects a changed one', async () => {
    const { pair, method } = await fixture;
    const signature = await pair.signer().sign({ data });
    const verifier = await cachedVerifier(method);
    expect(await verifier.verify({ data, signature })).toBe(true);
    const changed = Uint8Array.from(signature);
    changed[0] = changed[0]! ^ 1;
    expect(await verifier.verify({ data, signature: changed })).toBe(false);
    expect(await verifier.verify({ data: new TextEncoder().encode('other bytes'), signature })).toBe(false);
  });

  it('keys a deeply frozen method by identity without mixing up methods of the same id', async () => {
    const { pair, method } = await fixture;
    const other = await Ed25519Multikey.generate({ controller: 'did:example:issuer' });
    const otherMethod = Object.freeze({ ...(await other.export({ publicKey: true, includeContext: true })), id: method.id });
    const frozen = Object.freeze({ ...method });
    const signature = await pair.signer().sign({ data });
    const otherSignature = await other.signer().sign({ data });
    for (let round = 0; round < 2; round += 1) {
      expect(await (await cachedVerifier(frozen)).verify({ data, signature })).toBe(true);
      expect(await (await cachedVerifier(otherMethod)).verify({ data, signature })).toBe(false);
      expect(await (await cachedVerifier(otherMethod)).verify({ data, signature: otherSignature })).toBe(true);
    }
  });

  it('refuses a verification method the stock library refuses', async () => {
    const { method } = await fixture;
    await expect(cachedVerifier({ ...method, publicKeyMultibase: 'zNotAKey' })).rejects.toThrow();
    await expect(cachedVerifier({ ...method, type: 'JsonWebKey2020' })).rejects.toThrow();
  });
});
