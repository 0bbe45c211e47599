import type { WalletDeliveriesTable, WalletProtocol } from '../schema.js';
import { fromJson, toJson, type Timestamp } from '../values.js';
import type { RepositoryContext } from './context.js';

/** A copy of a credential signed for one wallet's DID. */
export interface WalletDelivery {
  id: string;
  offerId: string;
  credentialId: string;
  holderDid: string;
  protocol: WalletProtocol;
  document: unknown;
  deliveredAt: Timestamp;
}

export type NewWalletDelivery = Omit<WalletDelivery, 'id' | 'deliveredAt'>;

export interface WalletDeliveryRepository {
  /** One delivery per offer (unique key): a second for the same offer throws. */
  record(input: NewWalletDelivery): Promise<WalletDelivery>;
  listForCredential(credentialId: string): Promise<WalletDelivery[]>;
}

function toDelivery(row: WalletDeliveriesTable): WalletDelivery {
  return { ...row, document: fromJson(row.document) };
}

export function createWalletDeliveryRepository(context: RepositoryContext): WalletDeliveryRepository {
  const { db } = context;
  return {
    async record(input) {
      const row: WalletDeliveriesTable = { id: context.newId(), ...input, document: toJson(input.document), deliveredAt: context.now() };
      await db.insertInto('walletDeliveries').values(row).execute();
      return toDelivery(row);
    },
    async listForCredential(credentialId) {
      const rows = await db.selectFrom('walletDeliveries').selectAll().where('credentialId', '=', credentialId).orderBy('deliveredAt').orderBy('id').execute();
      return rows.map(toDelivery);
    },
  };
}
