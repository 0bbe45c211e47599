import type { IssuanceDeps } from '@laurel/issuance';
import { openStore } from '@laurel/store';
import type { IssuerConfig } from './config.js';
import { loadKeyEncryptionKey } from './key-encryption-key.js';
import { secureRandom } from './secure-random.js';

export type IssuanceDepsConfig = Pick<IssuerConfig, 'DATABASE_URL' | 'LAUREL_KEY_ENCRYPTION_KEY' | 'LAUREL_KEYS_DIR' | 'ISSUER_PUBLIC_URL' | 'STATUS_PUBLIC_URL'>;

/**
 * What the issuing domain needs, built from the issuer's settings: the store
 * (migrated), the key-encryption key, public URLs, clock and CSPRNG. Shared by
 * the issuer service and workers such as `laurel consume`; close deps.store when done.
 */
export async function createIssuanceDeps(config: IssuanceDepsConfig): Promise<{ deps: IssuanceDeps; keySource: string }> {
  const store = await openStore({ databaseUrl: config.DATABASE_URL });
  try {
    const { key: keyEncryptionKey, source } = await loadKeyEncryptionKey(config.LAUREL_KEY_ENCRYPTION_KEY, config.LAUREL_KEYS_DIR);
    const deps: IssuanceDeps = {
      store,
      keyEncryptionKey,
      urls: { issuerBaseUrl: config.ISSUER_PUBLIC_URL, statusBaseUrl: config.STATUS_PUBLIC_URL },
      now: () => new Date(),
      random: secureRandom,
    };
    return { deps, keySource: source };
  } catch (error) {
    await store.close();
    throw error;
  }
}
