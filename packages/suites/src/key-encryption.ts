import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KeyDecryptionError } from './errors.js';

const FORMAT = 'aes256gcm-v1';
const IV_BYTES = 12;

function assertKeyEncryptionKey(keyEncryptionKey: Uint8Array): void {
  if (keyEncryptionKey.length !== 32) throw new KeyDecryptionError('The key-encryption key must be 32 bytes (AES-256).');
}

/**
 * Seals a secret key for storage with AES-256-GCM. `context` (for example the
 * key id) is bound as associated data, so a sealed value cannot be moved onto
 * another key's row and still open.
 */
export function sealSecretKey(secretKeyMultibase: string, keyEncryptionKey: Uint8Array, context = ''): string {
  assertKeyEncryptionKey(keyEncryptionKey);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyEncryptionKey, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const sealed = Buffer.concat([cipher.update(secretKeyMultibase, 'utf8'), cipher.final()]);
  return [FORMAT, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
}

/** Opens a value made by sealSecretKey; any wrong key, context or altered byte is a KeyDecryptionError. */
export function openSealedSecretKey(sealedValue: string, keyEncryptionKey: Uint8Array, context = ''): string {
  assertKeyEncryptionKey(keyEncryptionKey);
  const [format, iv, tag, sealed] = sealedValue.split('.');
  if (format !== FORMAT || !iv || !tag || sealed === undefined) throw new KeyDecryptionError('Not a sealed key in a format Laurel knows.');
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyEncryptionKey, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new KeyDecryptionError();
  }
}

/**
 * Opens with the first key that fits, in order: during a key-encryption-key
 * rotation every process holds the new key and the previous one, and a value
 * may be sealed under either until `laurel keys rotate-kek` has run.
 */
export function openSealedSecretKeyWithAny(sealedValue: string, keyEncryptionKeys: readonly (Uint8Array | undefined)[], context = ''): string {
  let failure: unknown = new KeyDecryptionError();
  for (const key of keyEncryptionKeys) {
    if (key === undefined) continue;
    try {
      return openSealedSecretKey(sealedValue, key, context);
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}

/** Associated data for a badge platform's API key: it opens only on its own issuer and platform row. */
export function badgePlatformSealContext(issuerId: string, platform: string): string {
  return `badge-platform:${issuerId}:${platform}`;
}

/** Associated data for the LTI tool's sealed private key: it opens only on its own row. */
export function ltiToolKeySealContext(kid: string): string {
  return `lti-tool-key:${kid}`;
}
