import { isUniqueViolation } from '../driver-errors.js';
import type { EmailDeliveriesTable, EmailDeliveryState, EmailKind } from '../schema.js';
import { toTimestamp, type Timestamp } from '../values.js';
import type { RepositoryContext } from './context.js';

/** One mail owed to (or sent to) the learner of a credential. */
export type EmailDelivery = EmailDeliveriesTable;

export interface EmailDeliveryPatch {
  state?: EmailDeliveryState;
  attempts?: number;
  nextAttemptAt?: Timestamp | null;
  lastError?: string | null;
  messageId?: string | null;
  sentAt?: Timestamp | null;
}

export interface EmailDeliveryRepository {
  /**
   * Owes the credential's learner a mail of this kind, first due at `dueAt`,
   * unless one is already owed or sent (one per credential and kind): returns the row.
   */
  enqueue(credentialId: string, kind: EmailKind, dueAt: Date | string): Promise<EmailDelivery>;
  get(id: string): Promise<EmailDelivery | undefined>;
  /** The credential's mails, oldest first. */
  listForCredential(credentialId: string): Promise<EmailDelivery[]>;
  /** Pending mails whose next attempt is due (a claimed attempt's lease counts as its next attempt). */
  listDue(now: Date | string, limit: number): Promise<EmailDelivery[]>;
  /**
   * Updates the row only if its attempts are still the ones the caller read,
   * so two workers cannot both take (or both settle) the same attempt; false when someone else did.
   */
  update(id: string, expectedAttempts: number, patch: EmailDeliveryPatch): Promise<boolean>;
  /** Puts the credential's failed mails back in the queue, due at `now`, attempts from zero (the last error stays until the next attempt); how many. */
  requeueFailed(credentialId: string, now: Date | string): Promise<number>;
}

export function createEmailDeliveryRepository(context: RepositoryContext): EmailDeliveryRepository {
  const { db } = context;
  const find = (credentialId: string, kind: EmailKind) =>
    db.selectFrom('emailDeliveries').selectAll().where('credentialId', '=', credentialId).where('kind', '=', kind).executeTakeFirst();
  return {
    async enqueue(credentialId, kind, dueAt) {
      const existing = await find(credentialId, kind);
      if (existing) return existing;
      const now = context.now();
      const row: EmailDelivery = {
        id: context.newId(),
        credentialId,
        kind,
        state: 'pending',
        attempts: 0,
        nextAttemptAt: toTimestamp(dueAt, 'dueAt'),
        lastError: null,
        messageId: null,
        createdAt: now,
        updatedAt: now,
        sentAt: null,
      };
      try {
        await db.insertInto('emailDeliveries').values(row).execute();
        return row;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const raced = await find(credentialId, kind);
        if (!raced) throw error;
        return raced;
      }
    },
    get: (id) => db.selectFrom('emailDeliveries').selectAll().where('id', '=', id).executeTakeFirst(),
    listForCredential: (credentialId) =>
      db.selectFrom('emailDeliveries').selectAll().where('credentialId', '=', credentialId).orderBy('createdAt').orderBy('id').execute(),
    listDue: (now, limit) =>
      db
        .selectFrom('emailDeliveries')
        .selectAll()
        .where('state', '=', 'pending')
        .where('nextAttemptAt', '<=', toTimestamp(now, 'now'))
        .orderBy('nextAttemptAt')
        .orderBy('id')
        .limit(limit)
        .execute(),
    async update(id, expectedAttempts, patch) {
      const result = await db
        .updateTable('emailDeliveries')
        .set({ ...patch, updatedAt: context.now() })
        .where('id', '=', id)
        .where('attempts', '=', expectedAttempts)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async requeueFailed(credentialId, now) {
      const result = await db
        .updateTable('emailDeliveries')
        .set({ state: 'pending', attempts: 0, nextAttemptAt: toTimestamp(now, 'now'), updatedAt: context.now() })
        .where('credentialId', '=', credentialId)
        .where('state', '=', 'failed')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
