import { isUniqueViolation } from '../driver-errors.js';
import { notFound } from '../errors.js';
import type {
  BadgeDeliveriesTable,
  BadgeDeliveryState,
  BadgeOperation,
  BadgePlatform,
  BadgePlatformAccountsTable,
  BadgePlatformMappingsTable,
  BadgeTemplatesTable,
} from '../schema.js';
import { toTimestamp, type Timestamp } from '../values.js';
import type { RepositoryContext } from './context.js';

/** An issuer's account on a badge platform. The API key is only ever stored sealed. */
export type BadgePlatformAccount = BadgePlatformAccountsTable;
export type BadgePlatformAccountInput = Omit<BadgePlatformAccount, 'updatedAt'>;
/** Which Credly badge template or Accredible group an achievement is awarded as. */
export type BadgePlatformMapping = BadgePlatformMappingsTable;
/** The state of one credential's badge on one platform. */
export type BadgeDelivery = BadgeDeliveriesTable;

/** A remote badge template (Credly) or group (Accredible) as last seen on the platform. */
export type BadgeTemplate = BadgeTemplatesTable;
export type BadgeTemplateInput = Omit<BadgeTemplate, 'updatedAt'>;

export interface BadgeDeliveryPatch {
  operation?: BadgeOperation;
  state?: BadgeDeliveryState;
  attempts?: number;
  nextAttemptAt?: Timestamp | null;
  reason?: string | null;
  remoteId?: string | null;
}

/** A credential that should be on a platform but has no delivery row yet. */
export interface UndeliveredCredential {
  credentialId: string;
  platform: BadgePlatform;
}

export interface BadgePlatformRepository {
  saveAccount(input: BadgePlatformAccountInput): Promise<BadgePlatformAccount>;
  /** Every account's sealed API key: for re-sealing under a new key-encryption key. */
  listSealedApiKeys(): Promise<{ issuerId: string; platform: BadgePlatform; sealedApiKey: string }[]>;
  /** Replaces an account's sealed API key (the same key, sealed anew); the caller checks it opens. */
  resealApiKey(issuerId: string, platform: BadgePlatform, sealedApiKey: string): Promise<void>;
  getAccount(issuerId: string, platform: BadgePlatform): Promise<BadgePlatformAccount | undefined>;
  /** Forgets the issuer's account (and so its sealed key); false when there was none. */
  deleteAccount(issuerId: string, platform: BadgePlatform): Promise<boolean>;
  /** Maps the achievement to a remote template or group; null removes the mapping. */
  setMapping(achievementId: string, platform: BadgePlatform, remoteId: string | null): Promise<void>;
  listMappings(achievementId: string): Promise<BadgePlatformMapping[]>;
  /** Every achievement mapped to some platform (a small table: the worker keeps it to skip unmapped credentials). */
  listMappedAchievementIds(): Promise<string[]>;
  /** Creates a pending 'issue' delivery, first due at `dueAt`, unless one exists for the credential and platform; returns the row. */
  ensureDelivery(credentialId: string, platform: BadgePlatform, dueAt: Date | string): Promise<BadgeDelivery>;
  getDelivery(id: string): Promise<BadgeDelivery | undefined>;
  listForCredential(credentialId: string): Promise<BadgeDelivery[]>;
  /** Active credentials of mapped achievements that have no delivery row for the platform. */
  listUndelivered(limit: number): Promise<UndeliveredCredential[]>;
  /** 'issue' deliveries whose credential has since been revoked. */
  listRevokedSinceIssue(limit: number): Promise<BadgeDelivery[]>;
  /** Pending deliveries whose next attempt is due. */
  listDue(now: Date | string, limit: number): Promise<BadgeDelivery[]>;
  /**
   * Updates the row only if its attempts and operation are still the ones the caller read
   * (so two workers cannot both take the same attempt); false when someone else did.
   */
  updateDelivery(id: string, expected: { attempts: number; operation: BadgeOperation }, patch: BadgeDeliveryPatch): Promise<boolean>;
  /** An issuer's deliveries on one platform, newest change first, optionally only those in one state. */
  listForIssuer(issuerId: string, platform: BadgePlatform, options: { state?: BadgeDeliveryState; limit: number }): Promise<BadgeDelivery[]>;
  /**
   * Puts the issuer's failed deliveries on the platform (or one credential's) back in the queue,
   * due at `now`, attempts from zero; the last failure stays in `reason` until the next attempt.
   * Returns how many were requeued.
   */
  requeueFailed(issuerId: string, platform: BadgePlatform, now: Date | string, credentialId?: string): Promise<number>;
  /** The delivery (of any credential) that holds this remote badge or credential id, if one does. */
  findByRemoteId(platform: BadgePlatform, remoteId: string): Promise<BadgeDelivery | undefined>;
  /** Creates or replaces the issuer's record of one remote template; updatedAt is now. */
  upsertTemplate(input: BadgeTemplateInput): Promise<BadgeTemplate>;
  getTemplate(issuerId: string, platform: BadgePlatform, remoteId: string): Promise<BadgeTemplate | undefined>;
  /** The issuer's known templates on the platform, by name. */
  listTemplates(issuerId: string, platform: BadgePlatform): Promise<BadgeTemplate[]>;
}

export function createBadgePlatformRepository(context: RepositoryContext): BadgePlatformRepository {
  const { db } = context;
  const getDelivery = (id: string) => db.selectFrom('badgeDeliveries').selectAll().where('id', '=', id).executeTakeFirst();
  const findDelivery = (credentialId: string, platform: BadgePlatform) =>
    db.selectFrom('badgeDeliveries').selectAll().where('credentialId', '=', credentialId).where('platform', '=', platform).executeTakeFirst();
  const getTemplate = (issuerId: string, platform: BadgePlatform, remoteId: string) =>
    db
      .selectFrom('badgeTemplates')
      .selectAll()
      .where('issuerId', '=', issuerId)
      .where('platform', '=', platform)
      .where('remoteId', '=', remoteId)
      .executeTakeFirst();
  const updateTemplate = async (row: BadgeTemplate) => {
    const result = await db
      .updateTable('badgeTemplates')
      .set({ name: row.name, state: row.state, updatedAt: row.updatedAt })
      .where('issuerId', '=', row.issuerId)
      .where('platform', '=', row.platform)
      .where('remoteId', '=', row.remoteId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  };

  return {
    listSealedApiKeys: async () => db.selectFrom('badgePlatformAccounts').select(['issuerId', 'platform', 'sealedApiKey']).orderBy('issuerId').orderBy('platform').execute(),
    async resealApiKey(issuerId, platform, sealedApiKey) {
      const result = await db.updateTable('badgePlatformAccounts').set({ sealedApiKey }).where('issuerId', '=', issuerId).where('platform', '=', platform).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw notFound('badge platform account', `${issuerId}/${platform}`);
    },
    async saveAccount(input) {
      const row: BadgePlatformAccount = { ...input, updatedAt: context.now() };
      await context.atomic(async (trx) => {
        const updated = await trx
          .updateTable('badgePlatformAccounts')
          .set({ baseUrl: row.baseUrl, organizationId: row.organizationId, sealedApiKey: row.sealedApiKey, updatedAt: row.updatedAt })
          .where('issuerId', '=', row.issuerId)
          .where('platform', '=', row.platform)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) await trx.insertInto('badgePlatformAccounts').values(row).execute();
      });
      return row;
    },
    getAccount: (issuerId, platform) =>
      db.selectFrom('badgePlatformAccounts').selectAll().where('issuerId', '=', issuerId).where('platform', '=', platform).executeTakeFirst(),
    async setMapping(achievementId, platform, remoteId) {
      await context.atomic(async (trx) => {
        await trx.deleteFrom('badgePlatformMappings').where('achievementId', '=', achievementId).where('platform', '=', platform).execute();
        if (remoteId !== null) await trx.insertInto('badgePlatformMappings').values({ achievementId, platform, remoteId }).execute();
      });
    },
    async deleteAccount(issuerId, platform) {
      const result = await db.deleteFrom('badgePlatformAccounts').where('issuerId', '=', issuerId).where('platform', '=', platform).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    listMappings: (achievementId) =>
      db.selectFrom('badgePlatformMappings').selectAll().where('achievementId', '=', achievementId).orderBy('platform').execute(),
    async listMappedAchievementIds() {
      const rows = await db.selectFrom('badgePlatformMappings').select('achievementId').distinct().execute();
      return rows.map((row) => row.achievementId);
    },
    async ensureDelivery(credentialId, platform, dueAt) {
      const existing = await findDelivery(credentialId, platform);
      if (existing) return existing;
      const now = context.now();
      const row: BadgeDelivery = {
        id: context.newId(),
        credentialId,
        platform,
        operation: 'issue',
        state: 'pending',
        attempts: 0,
        nextAttemptAt: toTimestamp(dueAt, 'dueAt'),
        reason: null,
        remoteId: null,
        createdAt: now,
        updatedAt: now,
      };
      try {
        await db.insertInto('badgeDeliveries').values(row).execute();
        return row;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const raced = await findDelivery(credentialId, platform);
        if (!raced) throw error;
        return raced;
      }
    },
    getDelivery,
    listForCredential: (credentialId) =>
      db.selectFrom('badgeDeliveries').selectAll().where('credentialId', '=', credentialId).orderBy('platform').execute(),
    async listUndelivered(limit) {
      // From the mappings down (credentials_by_achievement): nothing mapped, nothing read.
      // CROSS JOIN because SQLite keeps its left side outermost (its planner would rather scan
      // credentials); MySQL plans it like an inner join.
      return db
        .selectFrom('badgePlatformMappings as m')
        .crossJoin('credentials as c')
        .whereRef('c.achievementId', '=', 'm.achievementId')
        .leftJoin('badgeDeliveries as d', (join) => join.onRef('d.credentialId', '=', 'c.id').onRef('d.platform', '=', 'm.platform'))
        .select(['c.id as credentialId', 'm.platform as platform'])
        .where('c.state', '!=', 'revoked')
        .where('d.id', 'is', null)
        .orderBy('c.issuedAt')
        .orderBy('c.id')
        .limit(limit)
        .execute();
    },
    async listRevokedSinceIssue(limit) {
      return db
        .selectFrom('badgeDeliveries as d')
        .innerJoin('credentials as c', 'c.id', 'd.credentialId')
        .selectAll('d')
        .where('c.state', '=', 'revoked')
        .where('d.operation', '=', 'issue')
        .orderBy('d.createdAt')
        .limit(limit)
        .execute();
    },
    async listForIssuer(issuerId, platform, options) {
      let query = db
        .selectFrom('badgeDeliveries as d')
        .innerJoin('credentials as c', 'c.id', 'd.credentialId')
        .selectAll('d')
        .where('c.issuerId', '=', issuerId)
        .where('d.platform', '=', platform);
      if (options.state) query = query.where('d.state', '=', options.state);
      return query.orderBy('d.updatedAt', 'desc').orderBy('d.id').limit(options.limit).execute();
    },
    async requeueFailed(issuerId, platform, now, credentialId) {
      const due = toTimestamp(now, 'now');
      let ofIssuer = db.selectFrom('credentials').select('id').where('issuerId', '=', issuerId);
      if (credentialId !== undefined) ofIssuer = ofIssuer.where('id', '=', credentialId);
      const result = await db
        .updateTable('badgeDeliveries')
        .set({ state: 'pending', attempts: 0, nextAttemptAt: due, updatedAt: context.now() })
        .where('state', '=', 'failed')
        .where('platform', '=', platform)
        .where('credentialId', 'in', ofIssuer)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    listDue: (now, limit) =>
      db
        .selectFrom('badgeDeliveries')
        .selectAll()
        .where('state', '=', 'pending')
        .where('nextAttemptAt', '<=', toTimestamp(now, 'now'))
        .orderBy('nextAttemptAt')
        .orderBy('id')
        .limit(limit)
        .execute(),
    async updateDelivery(id, expected, patch) {
      const result = await db
        .updateTable('badgeDeliveries')
        .set({ ...patch, updatedAt: context.now() })
        .where('id', '=', id)
        .where('attempts', '=', expected.attempts)
        .where('operation', '=', expected.operation)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    findByRemoteId: (platform, remoteId) =>
      db.selectFrom('badgeDeliveries').selectAll().where('platform', '=', platform).where('remoteId', '=', remoteId).executeTakeFirst(),
    async upsertTemplate(input) {
      const row: BadgeTemplate = { ...input, updatedAt: context.now() };
      if (await updateTemplate(row)) return row;
      try {
        await db.insertInto('badgeTemplates').values(row).execute();
      } catch (error) {
        // A sync and a webhook can race to insert the same template: the later one updates.
        if (!isUniqueViolation(error) || !(await updateTemplate(row))) throw error;
      }
      return row;
    },
    getTemplate,
    listTemplates: (issuerId, platform) =>
      db
        .selectFrom('badgeTemplates')
        .selectAll()
        .where('issuerId', '=', issuerId)
        .where('platform', '=', platform)
        .orderBy('name')
        .orderBy('remoteId')
        .execute(),
  };
}
