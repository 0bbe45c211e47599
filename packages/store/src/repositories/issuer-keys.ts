import { isUniqueViolation } from '../driver-errors.js';
import { StoreError, notFound } from '../errors.js';
import type { IssuerKeysTable, KeyState } from '../schema.js';
import { optionalTimestamp, type Timestamp } from '../values.js';
import { forUpdate, type RepositoryContext } from './context.js';

export interface IssuerKey {
  /** The verification method id, e.g. `did:key:z6Mk...#z6Mk...`. */
  id: string;
  issuerId: string;
  publicKeyMultibase: string;
  /** Encrypted by the caller; the store never sees a plaintext secret key. */
  sealedSecretKey: string;
  state: KeyState;
  createdAt: Timestamp;
  revokedAt: Timestamp | null;
}

export interface NewIssuerKey {
  id: string;
  issuerId: string;
  publicKeyMultibase: string;
  sealedSecretKey: string;
}

export interface IssuerKeyRepository {
  /** Adds an active key. Throws CONFLICT when the verification method id exists. */
  add(input: NewIssuerKey): Promise<IssuerKey>;
  /** Newest first. */
  listForIssuer(issuerId: string): Promise<IssuerKey[]>;
  /** The newest active key: the one to sign with. */
  activeKey(issuerId: string): Promise<IssuerKey | undefined>;
  /** Stops signing with the key; credentials it signed still verify. Throws if revoked. */
  retire(id: string): Promise<IssuerKey>;
  /** Terminal. Revoking a revoked key changes nothing. */
  revoke(id: string, at?: Date | string): Promise<IssuerKey>;
  /** Every key's sealed secret, whatever its state, by id: for re-sealing under a new key-encryption key. */
  listSealed(): Promise<{ id: string; sealedSecretKey: string }[]>;
  /** Replaces a key's sealed secret (the same secret, sealed anew); the caller checks it opens. */
  reseal(id: string, sealedSecretKey: string): Promise<void>;
}

export function createIssuerKeyRepository(context: RepositoryContext): IssuerKeyRepository {
  const { db } = context;

  async function transition(id: string, to: Exclude<KeyState, 'active'>, at: Timestamp): Promise<IssuerKey> {
    return context.atomic(async (trx) => {
      const key = await forUpdate(context, trx.selectFrom('issuerKeys').selectAll().where('id', '=', id)).executeTakeFirst();
      if (key === undefined) throw notFound('issuer key', id);
      if (key.state === to) return key;
      if (key.state === 'revoked') {
        throw new StoreError('INVALID_STATE_TRANSITION', `Key ${id} is revoked; it cannot become ${to}.`, { id, from: key.state, to });
      }
      const changes = to === 'revoked' ? { state: to, revokedAt: at } : { state: to };
      await trx.updateTable('issuerKeys').set(changes).where('id', '=', id).execute();
      return { ...key, ...changes };
    });
  }

  return {
    async add(input) {
      const row: IssuerKeysTable = { ...input, state: 'active', createdAt: context.now(), revokedAt: null };
      try {
        await db.insertInto('issuerKeys').values(row).execute();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new StoreError('CONFLICT', `Key ${input.id} already exists.`, { id: input.id }, { cause: error });
      }
      return row;
    },
    listForIssuer: async (issuerId) =>
      db.selectFrom('issuerKeys').selectAll().where('issuerId', '=', issuerId).orderBy('createdAt', 'desc').orderBy('id').execute(),
    activeKey: async (issuerId) =>
      db
        .selectFrom('issuerKeys')
        .selectAll()
        .where('issuerId', '=', issuerId)
        .where('state', '=', 'active')
        .orderBy('createdAt', 'desc')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst(),
    retire: (id) => transition(id, 'retired', context.now()),
    revoke: (id, at) => transition(id, 'revoked', optionalTimestamp(at, 'at') ?? context.now()),
    listSealed: async () => db.selectFrom('issuerKeys').select(['id', 'sealedSecretKey']).orderBy('id').execute(),
    async reseal(id, sealedSecretKey) {
      const result = await db.updateTable('issuerKeys').set({ sealedSecretKey }).where('id', '=', id).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw notFound('issuer key', id);
    },
  };
}
