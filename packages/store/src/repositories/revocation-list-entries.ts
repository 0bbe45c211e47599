import { createHash } from 'node:crypto';
import type { Timestamp } from '../values.js';
import { toTimestamp } from '../values.js';
import { forUpdate, type RepositoryContext } from './context.js';

/** A credential signed through the VC-API whose status is its issuer's 1EdTech revocation list. */
export interface RevocationListEntry {
  issuerId: string;
  credentialId: string;
  createdAt: Timestamp;
  revokedAt: Timestamp | null;
}

export interface RevocationListEntryRepository {
  /** Puts a credential on its issuer's list, not revoked. Adding it again changes nothing. */
  add(issuerId: string, credentialId: string, at: Date | string): Promise<void>;
  get(issuerId: string, credentialId: string): Promise<RevocationListEntry | undefined>;
  /** Marks it revoked (once: a second call keeps the first time); false when the issuer has no such entry. */
  revoke(issuerId: string, credentialId: string, at: Date | string): Promise<boolean>;
  /** The ids of the issuer's revoked entries, oldest revocation first. */
  revokedIds(issuerId: string): Promise<string[]>;
}

function keyOf(credentialId: string): string {
  return createHash('sha256').update(credentialId, 'utf8').digest('hex');
}

export function createRevocationListEntryRepository(context: RepositoryContext): RevocationListEntryRepository {
  const { db } = context;
  const byKey = (issuerId: string, credentialId: string) =>
    db.selectFrom('revocationListEntries').selectAll().where('issuerId', '=', issuerId).where('credentialKey', '=', keyOf(credentialId));
  return {
    async add(issuerId, credentialId, at) {
      const insert = db
        .insertInto('revocationListEntries')
        .values({ issuerId, credentialKey: keyOf(credentialId), credentialId, createdAt: toTimestamp(at, 'at'), revokedAt: null });
      // MySQL has no ON CONFLICT; a no-op update keeps the first row as it is.
      if (context.dialect === 'mysql') await insert.onDuplicateKeyUpdate((eb) => ({ createdAt: eb.ref('createdAt') })).execute();
      else await insert.onConflict((conflict) => conflict.columns(['issuerId', 'credentialKey']).doNothing()).execute();
    },
    async get(issuerId, credentialId) {
      const row = await byKey(issuerId, credentialId).executeTakeFirst();
      return row && { issuerId: row.issuerId, credentialId: row.credentialId, createdAt: row.createdAt, revokedAt: row.revokedAt };
    },
    async revoke(issuerId, credentialId, at) {
      return context.atomic(async (trx) => {
        const row = await forUpdate(context, trx.selectFrom('revocationListEntries').selectAll().where('issuerId', '=', issuerId).where('credentialKey', '=', keyOf(credentialId))).executeTakeFirst();
        if (!row) return false;
        if (row.revokedAt === null) {
          await trx.updateTable('revocationListEntries').set({ revokedAt: toTimestamp(at, 'at') }).where('issuerId', '=', issuerId).where('credentialKey', '=', row.credentialKey).execute();
        }
        return true;
      });
    },
    async revokedIds(issuerId) {
      const rows = await db
        .selectFrom('revocationListEntries')
        .select(['credentialId'])
        .where('issuerId', '=', issuerId)
        .where('revokedAt', 'is not', null)
        .orderBy('revokedAt')
        .orderBy('credentialKey')
        .execute();
      return rows.map((row) => row.credentialId);
    },
  };
}
