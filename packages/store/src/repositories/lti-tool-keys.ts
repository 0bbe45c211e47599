import { isUniqueViolation } from '../driver-errors.js';
import { notFound } from '../errors.js';
import type { LtiToolKeysTable } from '../schema.js';
import type { RepositoryContext } from './context.js';

export type LtiToolKey = LtiToolKeysTable;

/** The LTI tool's own signing keys (the private half sealed by the caller). */
export interface LtiToolKeyRepository {
  /** Oldest first. */
  list(): Promise<LtiToolKey[]>;
  /** Stores the key unless one with its kid exists; false when it did (another process made it first). */
  addIfAbsent(key: Omit<LtiToolKey, 'createdAt'>): Promise<boolean>;
  /** Replaces a key's sealed private half (key-encryption key rotation); NOT_FOUND for an unknown kid. */
  resealPrivateKey(kid: string, sealedPrivateKey: string): Promise<void>;
}

export function createLtiToolKeyRepository(context: RepositoryContext): LtiToolKeyRepository {
  const { db } = context;
  return {
    list: () => db.selectFrom('ltiToolKeys').selectAll().orderBy('createdAt').orderBy('kid').execute(),
    async addIfAbsent(key) {
      try {
        await db.insertInto('ltiToolKeys').values({ ...key, createdAt: context.now() }).execute();
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async resealPrivateKey(kid, sealedPrivateKey) {
      const result = await db.updateTable('ltiToolKeys').set({ sealedPrivateKey }).where('kid', '=', kid).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw notFound('LTI tool key', kid);
    },
  };
}
