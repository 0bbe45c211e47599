import { isUniqueViolation } from '../driver-errors.js';
import { StoreError, notFound } from '../errors.js';
import type { DidMethod, IssuersTable, VcVersion } from '../schema.js';
import { definedOnly, type Timestamp } from '../values.js';
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

export type IssuerPatch = Partial<NewIssuer>;

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

function conflict(error: unknown): StoreError {
  return new StoreError('CONFLICT', 'An issuer with this slug or DID already exists.', {}, { cause: error });
}

export function createIssuerRepository(context: RepositoryContext): IssuerRepository {
  const { db } = context;
  const get = async (id: string): Promise<Issuer | undefined> =>
    db.selectFrom('issuers').selectAll().where('id', '=', id).executeTakeFirst();

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
      };
      try {
        await db.insertInto('issuers').values(row).execute();
      } catch (error) {
        throw isUniqueViolation(error) ? conflict(error) : error;
      }
      return row;
    },
    get,
    getBySlug: async (slug) => db.selectFrom('issuers').selectAll().where('slug', '=', slug).executeTakeFirst(),
    list: async () => db.selectFrom('issuers').selectAll().orderBy('slug').execute(),
    async update(id, patch) {
      const changes = definedOnly({ ...patch });
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
