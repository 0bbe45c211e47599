import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import {
  buildDidWebDocument,
  generateIssuerKey,
  importIssuerKey,
  InvalidKeyError,
  KeyDecryptionError,
  openSealedSecretKey,
  publicIssuerKey,
  sealSecretKey,
} from '@laurel/suites';

describe('issuer keys', () => {
  it('generates did:key keys whose id is the did:key verification method', async () => {
    const key = await generateIssuerKey();
    expect(key.controller).toBe(`did:key:${key.publicKeyMultibase}`);
    expect(key.id).toBe(`${key.controller}#${key.publicKeyMultibase}`);
    expect(key.secretKeyMultibase).toMatch(/^z/);
  });

  it('homes a key under a given controller', async () => {
    const key = await generateIssuerKey({ controller: 'did:web:issuer.example' });
    expect(key.id).toBe(`did:web:issuer.example#${key.publicKeyMultibase}`);
  });

  it('round-trips through JSON, including the W3C privateKeyMultibase spelling', async () => {
    const key = await generateIssuerKey();
    expect(await importIssuerKey(JSON.parse(JSON.stringify(key)))).toEqual(key);
    const { secretKeyMultibase, ...rest } = key;
    expect(await importIssuerKey({ ...rest, privateKeyMultibase: secretKeyMultibase })).toEqual(key);
  });

  it('refuses a secret that belongs to another public key', async () => {
    const [a, b] = [await generateIssuerKey(), await generateIssuerKey()];
    await expect(importIssuerKey({ publicKeyMultibase: a.publicKeyMultibase, secretKeyMultibase: b.secretKeyMultibase })).rejects.toThrow(
      /does not belong/,
    );
  });

  it('refuses malformed keys with INVALID_KEY', async () => {
    for (const bad of [null, [], {}, { publicKeyMultibase: 'zQ3s-not-ed25519' }, { publicKeyMultibase: 42 }, { publicKeyMultibase: 'z6Mk' }]) {
      await expect(importIssuerKey(bad), JSON.stringify(bad)).rejects.toBeInstanceOf(InvalidKeyError);
    }
  });

  it('strips the secret from public copies', async () => {
    const key = await generateIssuerKey();
    expect(JSON.stringify(publicIssuerKey(key))).not.toContain(key.secretKeyMultibase);
  });
});

describe('secret keys sealed at rest', () => {
  const kek = randomBytes(32);

  it('opens what it sealed, and the sealed text does not contain the secret', async () => {
    const { secretKeyMultibase, id } = await generateIssuerKey();
    const sealed = sealSecretKey(secretKeyMultibase!, kek, id);
    expect(sealed).not.toContain(secretKeyMultibase);
    expect(openSealedSecretKey(sealed, kek, id)).toBe(secretKeyMultibase);
  });

  it('fails with the wrong key, the wrong context, or one altered character', async () => {
    const { secretKeyMultibase } = await generateIssuerKey();
    const sealed = sealSecretKey(secretKeyMultibase!, kek, 'key-1');
    expect(() => openSealedSecretKey(sealed, randomBytes(32), 'key-1')).toThrow(KeyDecryptionError);
    expect(() => openSealedSecretKey(sealed, kek, 'key-2')).toThrow(KeyDecryptionError);
    const last = sealed.at(-2) === 'A' ? 'B' : 'A';
    expect(() => openSealedSecretKey(`${sealed.slice(0, -2)}${last}${sealed.at(-1)}`, kek, 'key-1')).toThrow(KeyDecryptionError);
    expect(() => sealSecretKey('x', randomBytes(16))).toThrow(KeyDecryptionError);
  });
});

describe('did:web documents', () => {
  it('lists every key and keeps revoked ones out of assertionMethod', async () => {
    const did = 'did:web:credentials.example.edu';
    const current = publicIssuerKey(await generateIssuerKey({ controller: did }));
    const rotated = publicIssuerKey(await generateIssuerKey({ controller: did }));
    const revoked = { ...publicIssuerKey(await generateIssuerKey({ controller: did })), revoked: '2026-01-01T00:00:00Z' };
    const document = buildDidWebDocument(did, [current, rotated, revoked]);
    expect(document.id).toBe(did);
    expect(document.verificationMethod).toHaveLength(3);
    expect(document.assertionMethod).toEqual([current.id, rotated.id]);
    expect(JSON.stringify(document)).not.toContain('secretKeyMultibase');
  });

  it('refuses keys controlled by someone else', async () => {
    const key = publicIssuerKey(await generateIssuerKey());
    expect(() => buildDidWebDocument('did:web:credentials.example.edu', [key])).toThrow(InvalidKeyError);
    expect(() => buildDidWebDocument('did:key:z6Mk', [key])).toThrow(InvalidKeyError);
  });
});
