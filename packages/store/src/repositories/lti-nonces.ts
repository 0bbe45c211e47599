import { createHash } from 'node:crypto';
import { isUniqueViolation } from '../driver-errors.js';
import { toTimestamp } from '../values.js';
import type { RepositoryContext } from './context.js';

/** Launch nonces seen, per platform: an id_token is accepted once. */
export interface LtiNonceRepository {
  /**
   * Records the nonce as used until `expiresAt`; false when it was used
   * already (a replayed launch). Of two concurrent uses, one wins: the
   * primary key decides, not a read before the write.
   */
  useOnce(platformId: string, nonce: string, expiresAt: Date): Promise<boolean>;
  /** Deletes nonces whose tokens expired before `now` (they could never be replayed); returns how many. */
  purgeExpired(now: Date): Promise<number>;
}

export function createLtiNonceRepository(context: RepositoryContext): LtiNonceRepository {
  const { db } = context;
  return {
    async useOnce(platformId, nonce, expiresAt) {
      const nonceHash = createHash('sha256').update(nonce, 'utf8').digest('hex');
      try {
        await db.insertInto('ltiNonces').values({ platformId, nonceHash, createdAt: context.now(), expiresAt: toTimestamp(expiresAt, 'expiresAt') }).execute();
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async purgeExpired(now) {
      const result = await db.deleteFrom('ltiNonces').where('expiresAt', '<=', toTimestamp(now, 'now')).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
