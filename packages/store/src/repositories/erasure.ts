import { sql } from 'kysely';
import type { RepositoryContext } from './context.js';

/** What erasing one learner removed outside the learners table, for the audit row. */
export interface ErasedTraces {
  completionRecords: number;
  shareLinks: number;
  signInLinks: number;
  walletOffers: number;
  walletDeliveries: number;
  auditEntries: number;
  /** Free text naming the learner elsewhere: state reasons, badge delivery and e-mail errors, import row keys. */
  otherMentions: number;
}

export interface ErasureRepository {
  /**
   * Removes a learner's traces from the tables around the learner row: their
   * completion records, share and sign-in links, the wallet DIDs and copies of
   * delivered credentials, and the details of audit entries that mention any
   * of `personalValues` (the audit row itself stays: who acted, when, on what),
   * and free text naming them: their credentials' state reasons and badge
   * delivery errors (cleared) and import row keys (deleted: importing that
   * row again would issue to a new learner, as the LMS would).
   * Credentials are kept by the caller (with a redacted document), so their
   * status entries, and thus revocation, keep working.
   */
  eraseLearnerTraces(learnerId: string, personalValues: string[]): Promise<ErasedTraces>;
}

const ERASED_DETAILS = JSON.stringify({ erased: true });
/** Shorter values would match unrelated text (and are not identifying on their own). */
const MIN_VALUE_LENGTH = 3;

export function createErasureRepository(context: RepositoryContext): ErasureRepository {
  return {
    eraseLearnerTraces(learnerId, personalValues) {
      return context.atomic(async (trx) => {
        const credentialIds = trx.selectFrom('credentials').select('id').where('learnerId', '=', learnerId);
        const completionRecords = await trx.deleteFrom('completionRecords').where('learnerId', '=', learnerId).executeTakeFirst();
        const shareLinks = await trx.deleteFrom('shareLinks').where('learnerId', '=', learnerId).executeTakeFirst();
        const signInLinks = await trx.deleteFrom('signInLinks').where('learnerId', '=', learnerId).executeTakeFirst();
        const walletOffers = await trx.updateTable('walletOffers').set({ holderDid: null }).where('credentialId', 'in', credentialIds).executeTakeFirst();
        // An open offer would hand out the redacted copy: it ends now.
        await trx.updateTable('walletOffers').set({ expiresAt: context.now() }).where('credentialId', 'in', credentialIds).where('state', '!=', 'complete').execute();
        const walletDeliveries = await trx
          .updateTable('walletDeliveries')
          .set({ holderDid: 'erased', document: ERASED_DETAILS })
          .where('credentialId', 'in', credentialIds)
          .executeTakeFirst();
        // Mails still owed would go to an address that is no longer ours to use.
        await trx.updateTable('emailDeliveries').set({ state: 'cancelled', nextAttemptAt: null, lastError: 'the learner was erased' }).where('credentialId', 'in', credentialIds).where('state', '=', 'pending').execute();
        const values = [...new Set(personalValues.filter((value) => value.length >= MIN_VALUE_LENGTH))];
        let auditEntries = 0n;
        let otherMentions = 0n;
        if (values.length > 0) {
          // JSON may escape a value (quotes, non-ASCII): match both its raw and its JSON-escaped spelling.
          const spellings = [...new Set(values.flatMap((value) => [value, JSON.stringify(value).slice(1, -1)]))];
          const mentionIn = (column: string) => sql<boolean>`(${sql.join(spellings.map((value) => sql`instr(${sql.ref(column)}, ${value}) > 0`), sql` or `)})`;
          auditEntries = (await trx.updateTable('auditLog').set({ details: ERASED_DETAILS }).where(mentionIn('details')).executeTakeFirst()).numUpdatedRows;
          const reasons = await trx.updateTable('credentials').set({ stateReason: null }).where('learnerId', '=', learnerId).where(mentionIn('stateReason')).executeTakeFirst();
          const deliveries = await trx.updateTable('badgeDeliveries').set({ reason: null }).where('credentialId', 'in', credentialIds).where(mentionIn('reason')).executeTakeFirst();
          const mails = await trx.updateTable('emailDeliveries').set({ lastError: null }).where('credentialId', 'in', credentialIds).where(mentionIn('lastError')).executeTakeFirst();
          const rows = await trx.deleteFrom('importRows').where('credentialId', 'in', credentialIds).where(mentionIn('rowKey')).executeTakeFirst();
          otherMentions = reasons.numUpdatedRows + deliveries.numUpdatedRows + mails.numUpdatedRows + rows.numDeletedRows;
        }
        return {
          completionRecords: Number(completionRecords.numDeletedRows),
          shareLinks: Number(shareLinks.numDeletedRows),
          signInLinks: Number(signInLinks.numDeletedRows),
          walletOffers: Number(walletOffers.numUpdatedRows),
          walletDeliveries: Number(walletDeliveries.numUpdatedRows),
          auditEntries: Number(auditEntries),
          otherMentions: Number(otherMentions),
        };
      });
    },
  };
}
