import { isUniqueViolation } from '../driver-errors.js';
import { StoreError } from '../errors.js';
import type { LtiLearnerClaim, LtiPlatformsTable } from '../schema.js';
import type { RepositoryContext } from './context.js';

/** A learning platform registered to launch Laurel as an LTI 1.3 tool, for one issuer. */
export interface LtiPlatform {
  id: string;
  issuerId: string;
  name: string;
  /** The platform's `iss`. */
  platformIssuer: string;
  clientId: string;
  deploymentIds: string[];
  authLoginUrl: string;
  jwksUrl: string;
  accessTokenUrl: string | null;
  learnerClaim: LtiLearnerClaim;
  createdAt: string;
  updatedAt: string;
}

export type NewLtiPlatform = Omit<LtiPlatform, 'id' | 'createdAt' | 'updatedAt'>;

export interface LtiPlatformRepository {
  /** Throws StoreError CONFLICT when the (platformIssuer, clientId) pair is registered already. */
  create(input: NewLtiPlatform): Promise<LtiPlatform>;
  get(id: string): Promise<LtiPlatform | undefined>;
  /** The registration a login or launch names; clientId may be absent at login (then only when one registration has that iss). */
  findRegistration(platformIssuer: string, clientId: string | undefined): Promise<LtiPlatform | undefined>;
  /** Oldest first; of one issuer, or of all when issuerId is null. */
  list(issuerId: string | null): Promise<LtiPlatform[]>;
  /** Forgets the platform and its used nonces; false when there was none. */
  delete(id: string): Promise<boolean>;
}

function fromRow(row: LtiPlatformsTable): LtiPlatform {
  return { ...row, deploymentIds: JSON.parse(row.deploymentIds) as string[] };
}

export function createLtiPlatformRepository(context: RepositoryContext): LtiPlatformRepository {
  const { db } = context;
  const select = () => db.selectFrom('ltiPlatforms').selectAll();
  return {
    async create(input) {
      const now = context.now();
      const row: LtiPlatformsTable = { id: context.newId(), ...input, deploymentIds: JSON.stringify(input.deploymentIds), createdAt: now, updatedAt: now };
      try {
        await db.insertInto('ltiPlatforms').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new StoreError('CONFLICT', 'This platform (issuer and client id) is registered already.', { platformIssuer: input.platformIssuer, clientId: input.clientId }, { cause: error });
        throw error;
      }
      return fromRow(row);
    },
    async get(id) {
      const row = await select().where('id', '=', id).executeTakeFirst();
      return row ? fromRow(row) : undefined;
    },
    async findRegistration(platformIssuer, clientId) {
      const query = select().where('platformIssuer', '=', platformIssuer);
      const rows = await (clientId === undefined ? query : query.where('clientId', '=', clientId)).limit(2).execute();
      return rows.length === 1 ? fromRow(rows[0]!) : undefined;
    },
    async list(issuerId) {
      const query = select().orderBy('createdAt').orderBy('id');
      return (await (issuerId === null ? query : query.where('issuerId', '=', issuerId)).execute()).map(fromRow);
    },
    async delete(id) {
      return context.atomic(async (trx) => {
        await trx.deleteFrom('ltiNonces').where('platformId', '=', id).execute();
        const result = await trx.deleteFrom('ltiPlatforms').where('id', '=', id).executeTakeFirst();
        return result.numDeletedRows > 0n;
      });
    },
  };
}
