import type { WalletOfferState, WalletOffersTable, WalletProtocol } from '../schema.js';
import { toTimestamp, type Timestamp } from '../values.js';
import { hashApiToken } from './api-tokens.js';
import { latest, type RepositoryContext } from './context.js';

/** A claim offer: one credential, claimable once, by VC-API or OpenID4VCI, until it expires. */
export interface WalletOffer {
  id: string;
  issuerId: string;
  credentialId: string;
  workflowId: string;
  /** True when the pre-authorized code needs a transaction code (PIN). */
  txCodeRequired: boolean;
  state: WalletOfferState;
  protocol: WalletProtocol | null;
  holderDid: string | null;
  createdAt: Timestamp;
  expiresAt: Timestamp;
  completedAt: Timestamp | null;
}

/** The secrets of a new offer, in clear; only their SHA-256 digests are stored. */
export interface NewWalletOffer {
  issuerId: string;
  credentialId: string;
  workflowId: string;
  token: string;
  exchangeId: string;
  preAuthorizedCode: string;
  txCode: string | null;
  expiresAt: Date;
}

export type CodeRedemption = { ok: true; offer: WalletOffer } | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'tx_code' };

export interface WalletOfferRepository {
  create(input: NewWalletOffer): Promise<WalletOffer>;
  get(id: string): Promise<WalletOffer | undefined>;
  /** Inside a transaction, also sees an offer another transaction committed after this one began (a retry looking for its automatic offer). */
  findByToken(token: string): Promise<WalletOffer | undefined>;
  findByExchangeId(exchangeId: string): Promise<WalletOffer | undefined>;
  findByPreAuthorizedCode(code: string): Promise<WalletOffer | undefined>;
  listForCredential(credentialId: string): Promise<WalletOffer[]>;
  /** pending → active when a wallet starts an exchange; false when the offer is not pending or expired. */
  activate(id: string, now: Date): Promise<boolean>;
  /**
   * Trades the pre-authorized code (and PIN) for an access token, once. After
   * `maxTxCodeFailures` wrong PINs the code is dead.
   */
  redeemCode(code: string, txCode: string | undefined, accessToken: string, tokenExpiresAt: Date, now: Date, maxTxCodeFailures: number): Promise<CodeRedemption>;
  /** The offer a live access token was issued for. */
  findByAccessToken(accessToken: string, now: Date): Promise<WalletOffer | undefined>;
  /** Marks the offer claimed; false when someone else claimed it first or it expired. The single-use guarantee. */
  complete(id: string, protocol: WalletProtocol, holderDid: string, now: Date): Promise<boolean>;
}

function toOffer(row: WalletOffersTable): WalletOffer {
  return {
    id: row.id,
    issuerId: row.issuerId,
    credentialId: row.credentialId,
    workflowId: row.workflowId,
    txCodeRequired: row.txCodeHash !== null,
    state: row.state,
    protocol: row.protocol,
    holderDid: row.holderDid,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    completedAt: row.completedAt,
  };
}

export function createWalletOfferRepository(context: RepositoryContext): WalletOfferRepository {
  const { db } = context;
  const select = () => db.selectFrom('walletOffers').selectAll();
  const one = async (query: ReturnType<typeof select>) => {
    const row = await query.executeTakeFirst();
    return row && toOffer(row);
  };

  return {
    async create(input) {
      const row: WalletOffersTable = {
        id: context.newId(),
        issuerId: input.issuerId,
        credentialId: input.credentialId,
        workflowId: input.workflowId,
        tokenHash: hashApiToken(input.token),
        exchangeHash: hashApiToken(input.exchangeId),
        codeHash: hashApiToken(input.preAuthorizedCode),
        txCodeHash: input.txCode === null ? null : hashApiToken(input.txCode),
        txCodeFailures: 0,
        accessTokenHash: null,
        accessTokenExpiresAt: null,
        state: 'pending',
        protocol: null,
        holderDid: null,
        createdAt: context.now(),
        expiresAt: toTimestamp(input.expiresAt, 'expiresAt'),
        completedAt: null,
      };
      await db.insertInto('walletOffers').values(row).execute();
      return toOffer(row);
    },
    get: (id) => one(select().where('id', '=', id)),
    findByToken: (token) => one(latest(context, select().where('tokenHash', '=', hashApiToken(token)))),
    findByExchangeId: (exchangeId) => one(select().where('exchangeHash', '=', hashApiToken(exchangeId))),
    findByPreAuthorizedCode: (code) => one(select().where('codeHash', '=', hashApiToken(code))),
    async listForCredential(credentialId) {
      const rows = await select().where('credentialId', '=', credentialId).orderBy('createdAt').orderBy('id').execute();
      return rows.map(toOffer);
    },
    async activate(id, now) {
      const at = toTimestamp(now, 'now');
      const result = await db.updateTable('walletOffers').set({ state: 'active' }).where('id', '=', id).where('state', '=', 'pending').where('expiresAt', '>', at).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async redeemCode(code, txCode, accessToken, tokenExpiresAt, now, maxTxCodeFailures) {
      const at = toTimestamp(now, 'now');
      const row = await select().where('codeHash', '=', hashApiToken(code)).executeTakeFirst();
      if (!row) return { ok: false, reason: 'unknown' };
      if (row.state === 'complete' || row.accessTokenHash !== null) return { ok: false, reason: 'used' };
      if (row.expiresAt <= at) return { ok: false, reason: 'expired' };
      if (row.txCodeFailures >= maxTxCodeFailures) return { ok: false, reason: 'tx_code' };
      if (row.txCodeHash !== null && (txCode === undefined || hashApiToken(txCode) !== row.txCodeHash)) {
        await db.updateTable('walletOffers').set((eb) => ({ txCodeFailures: eb('txCodeFailures', '+', 1) })).where('id', '=', row.id).execute();
        return { ok: false, reason: 'tx_code' };
      }
      // Conditional on everything read above, so two concurrent redemptions cannot both succeed.
      const result = await db
        .updateTable('walletOffers')
        .set({ state: 'active', accessTokenHash: hashApiToken(accessToken), accessTokenExpiresAt: toTimestamp(tokenExpiresAt, 'tokenExpiresAt') })
        .where('id', '=', row.id)
        .where('state', 'in', ['pending', 'active'])
        .where('accessTokenHash', 'is', null)
        .where('txCodeFailures', '<', maxTxCodeFailures)
        .where('expiresAt', '>', at)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) return { ok: false, reason: 'used' };
      return { ok: true, offer: toOffer({ ...row, state: 'active' }) };
    },
    findByAccessToken: (accessToken, now) =>
      one(select().where('accessTokenHash', '=', hashApiToken(accessToken)).where('accessTokenExpiresAt', '>', toTimestamp(now, 'now'))),
    async complete(id, protocol, holderDid, now) {
      const at = toTimestamp(now, 'now');
      const result = await db
        .updateTable('walletOffers')
        .set({ state: 'complete', protocol, holderDid, completedAt: at })
        .where('id', '=', id)
        .where('state', 'in', ['pending', 'active'])
        .where('expiresAt', '>', at)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
