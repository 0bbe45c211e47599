import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LaurelError } from '@laurel/models';

const FILE_NAME = 'key-encryption.key';

/** Base64 of exactly 32 bytes, or INVALID_CONFIG naming `source`. */
export function decodeKeyEncryptionKey(base64: string, source: string): Uint8Array {
  const bytes = Buffer.from(base64.trim(), 'base64');
  if (bytes.length !== 32) throw new LaurelError('INVALID_CONFIG', `${source} must be 32 bytes, base64-encoded (got ${bytes.length} bytes).`);
  return bytes;
}

/**
 * The key that seals issuer secret keys at rest: LAUREL_KEY_ENCRYPTION_KEY in
 * production (from a secret store or KMS); in development a file in the keys
 * folder, made on first start with owner-only permissions.
 */
export async function loadKeyEncryptionKey(fromEnv: string | undefined, keysDir: string): Promise<{ key: Uint8Array; source: string }> {
  if (fromEnv) return { key: decodeKeyEncryptionKey(fromEnv, 'LAUREL_KEY_ENCRYPTION_KEY'), source: 'LAUREL_KEY_ENCRYPTION_KEY' };
  const file = path.join(keysDir, FILE_NAME);
  try {
    return { key: decodeKeyEncryptionKey(await readFile(file, 'utf8'), file), source: file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(keysDir, { recursive: true });
  const key = randomBytes(32);
  try {
    await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return { key, source: `${file} (new)` };
  } catch (error) {
    // Another process made it first: use theirs, so both seal alike.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { key: decodeKeyEncryptionKey(await readFile(file, 'utf8'), file), source: file };
    throw error;
  }
}
