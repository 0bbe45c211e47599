import { isUniqueViolation } from '../driver-errors.js';
import { StoreError, notFound } from '../errors.js';
import type { DidMethod, IssuersTable, VcVersion } from '../schema.js';
import { definedOnly, fromFlag, fromJson, toFlag, toJson, type Timestamp } from '../values.js';
import type { RepositoryContext } from './context.js';

export interface Issuer {
  id: string;
  slug: string;
  name: string;
  url: string | null;
  email: string | null;
  description: string | null;
  imageUrl: string | null;
  did: string;
  didMethod: DidMethod;
  vcVersion: VcVersion;
  suite: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** Certificate theme (colours, fonts) achievements start from. */
  theme: Record<string, unknown> | null;
  defaultTemplate: string | null;
  locale: string | null;
  archivedAt: Timestamp | null;
  /** VC 2.0 credentials get a lifecycle "message" status entry (active, pending, expired, suspended). */
  lifecycleStatus: boolean;
  /** Where the issuer explains those values: the entries' statusReference. */
  lifecycleStatusReference: string | null;
}

export interface NewIssuer {
  slug: string;
  name: string;
  url?: string | null;
  email?: string | null;
  description?: string | null;
  imageUrl?: string | null;
  did: string;
  didMethod: DidMethod;
  vcVersion: VcVersion;
  suite: string;
}

export type IssuerPatch = Partial<NewIssuer> & {
  theme?: Record<string, unknown> | null;
  defaultTemplate?: string | null;
  locale?: string | null;
  archivedAt?: Timestamp | null;
  lifecycleStatus?: boolean;
  lifecycleStatusReference?: string | null;
};

export interface IssuerRepository {
  /** Throws CONFLICT when the slug or DID is taken. */
  create(input: NewIssuer): Promise<Issuer>;
  get(id: string): Promise<Issuer | undefined>;
  getBySlug(slug: string): Promise<Issuer | undefined>;
  /** Ordered by slug. */
  list(): Promise<Issuer[]>;
  /** Throws NOT_FOUND, or CONFLICT when the new slug or DID is taken. */
  update(id: string, patch: IssuerPatch): Promise<Issuer>;
}

function toIssuer(row: IssuersTable): Issuer {
  return { ...row, theme: row.theme === null ? null : (fromJson(row.theme) as Record<string, unknown>), lifecycleStatus: fromFlag(row.lifecycleStatus) };
}

function conflict(error: unknown): StoreError {
  return new StoreError('CONFLICT', 'An issuer with this slug or DID already exists.', {}, { cause: error });
}

export function createIssuerRepository(context: RepositoryContext): IssuerRepository {
  const { db } = context;
  const get = async (id: string): Promise<Issuer | undefined> => {
    const row = await db.selectFrom('issuers').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toIssuer(row);
  };

  return {
    async create(input) {
      const now = context.now();
      const row: IssuersTable = {
        id: context.newId(),
        slug: input.slug,
        name: input.name,
        url: input.url ?? null,
        email: input.email ?? null,
        description: input.description ?? null,
        imageUrl: input.imageUrl ?? null,
        did: input.did,
        didMethod: input.didMethod,
        vcVersion: input.vcVersion,
        suite: input.suite,
        createdAt: now,
        updatedAt: now,
        theme: null,
        defaultTemplate: null,
        locale: null,
        archivedAt: null,
        lifecycleStatus: toFlag(false),
        lifecycleStatusReference: null,
      };
      try {
        await db.insertInto('issuers').values(row).execute();
      } catch (error) {
        throw isUniqueViolation(error) ? conflict(error) : error;
      }
      return toIssuer(row);
    },
    get,
    async getBySlug(slug) {
      const row = await db.selectFrom('issuers').selectAll().where('slug', '=', slug).executeTakeFirst();
      return row && toIssuer(row);
    },
    list: async () => (await db.selectFrom('issuers').selectAll().orderBy('slug').execute()).map(toIssuer),
    async update(id, patch) {
      const { theme, lifecycleStatus, ...plain } = patch;
      const changes = {
        ...definedOnly({ ...plain }),
        ...(theme !== undefined && { theme: theme === null ? null : toJson(theme) }),
        ...(lifecycleStatus !== undefined && { lifecycleStatus: toFlag(lifecycleStatus) }),
      };
      try {
        const result = await db
          .updateTable('issuers')
          .set({ ...changes, updatedAt: context.now() })
          .where('id', '=', id)
          .executeTakeFirst();
        if (result.numUpdatedRows === 0n) throw notFound('issuer', id);
      } catch (error) {
        throw isUniqueViolation(error) ? conflict(error) : error;
      }
      const issuer = await get(id);
      if (issuer === undefined) throw notFound('issuer', id);
      return issuer;
    },
  };
}
