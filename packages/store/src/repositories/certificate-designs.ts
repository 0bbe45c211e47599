import type { CertificateDesignsTable } from '../schema.js';
import type { Timestamp } from '../values.js';
import type { RepositoryContext } from './context.js';

export interface CertificateDesign {
  id: string;
  issuerId: string;
  name: string;
  /** The laurel-design/1 document as stored (JSON text, validated before it got here). */
  design: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface CertificateDesignRepository {
  create(input: { issuerId: string; name: string; design: string }): Promise<CertificateDesign>;
  /** The updated design, or undefined when the issuer has no such design. */
  update(issuerId: string, id: string, input: { name: string; design: string }): Promise<CertificateDesign | undefined>;
  find(issuerId: string, id: string): Promise<CertificateDesign | undefined>;
  /** Oldest first. */
  list(issuerId: string): Promise<CertificateDesign[]>;
  /** Removes a design and every choice of it; false when there was none. */
  remove(issuerId: string, id: string): Promise<boolean>;
  /**
   * Chooses the design for the issuer's certificates (achievementId null) or for
   * one achievement's; designId null goes back to the fallback (the issuer's
   * choice, then the built-in templates).
   */
  choose(issuerId: string, achievementId: string | null, designId: string | null): Promise<void>;
  /** The design a certificate of this achievement uses: the achievement's choice, else the issuer's, else undefined. */
  chosenFor(issuerId: string, achievementId: string): Promise<CertificateDesign | undefined>;
  /** The design chosen at exactly this level (no fallback); undefined when none. */
  choiceAt(issuerId: string, achievementId: string | null): Promise<string | undefined>;
}

const ISSUER_WIDE = '*';

export function createCertificateDesignRepository(context: RepositoryContext): CertificateDesignRepository {
  const { db } = context;
  const find = async (issuerId: string, id: string) => db.selectFrom('certificateDesigns').selectAll().where('issuerId', '=', issuerId).where('id', '=', id).executeTakeFirst();
  return {
    async create(input) {
      const now = context.now();
      const row: CertificateDesignsTable = { id: context.newId(), ...input, createdAt: now, updatedAt: now };
      await db.insertInto('certificateDesigns').values(row).execute();
      return row;
    },
    async update(issuerId, id, input) {
      const updatedAt = context.now();
      const result = await db.updateTable('certificateDesigns').set({ ...input, updatedAt }).where('issuerId', '=', issuerId).where('id', '=', id).executeTakeFirst();
      return result.numUpdatedRows > 0n ? find(issuerId, id) : undefined;
    },
    find,
    list: (issuerId) => db.selectFrom('certificateDesigns').selectAll().where('issuerId', '=', issuerId).orderBy('createdAt').orderBy('id').execute(),
    async remove(issuerId, id) {
      return context.atomic(async (trx) => {
        await trx.deleteFrom('certificateDesignChoices').where('issuerId', '=', issuerId).where('designId', '=', id).execute();
        const result = await trx.deleteFrom('certificateDesigns').where('issuerId', '=', issuerId).where('id', '=', id).executeTakeFirst();
        return result.numDeletedRows > 0n;
      });
    },
    async choose(issuerId, achievementId, designId) {
      const achievementKey = achievementId ?? ISSUER_WIDE;
      await context.atomic(async (trx) => {
        await trx.deleteFrom('certificateDesignChoices').where('issuerId', '=', issuerId).where('achievementKey', '=', achievementKey).execute();
        if (designId !== null) await trx.insertInto('certificateDesignChoices').values({ issuerId, achievementKey, designId, updatedAt: context.now() }).execute();
      });
    },
    async chosenFor(issuerId, achievementId) {
      const choices = await db
        .selectFrom('certificateDesignChoices')
        .select(['achievementKey', 'designId'])
        .where('issuerId', '=', issuerId)
        .where('achievementKey', 'in', [achievementId, ISSUER_WIDE])
        .execute();
      const chosen = choices.find((choice) => choice.achievementKey === achievementId) ?? choices.find((choice) => choice.achievementKey === ISSUER_WIDE);
      return chosen && find(issuerId, chosen.designId);
    },
    async choiceAt(issuerId, achievementId) {
      const row = await db
        .selectFrom('certificateDesignChoices')
        .select('designId')
        .where('issuerId', '=', issuerId)
        .where('achievementKey', '=', achievementId ?? ISSUER_WIDE)
        .executeTakeFirst();
      return row?.designId;
    },
  };
}
