import type { BadgeDeliveryState, CredentialState, EmailDeliveryState } from '../schema.js';
import type { RepositoryContext } from './context.js';

/** How much there is of what an operator watches, counted in the database (so every process agrees). */
export interface GaugeSnapshot {
  credentials: Record<CredentialState, number>;
  badgeDeliveries: Record<BadgeDeliveryState, number>;
  /** Learner mails by state: pending is the mail queue, failed what gave up. */
  emailDeliveries: Record<EmailDeliveryState, number>;
  /** Status lists whose published copy is behind a committed change. */
  statusListsOwingPublication: number;
}

export interface GaugeRepository {
  snapshot(): Promise<GaugeSnapshot>;
}

function countsOf<K extends string>(keys: readonly K[], rows: { key: string; count: number | string | bigint }[]): Record<K, number> {
  const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  for (const row of rows) if ((keys as readonly string[]).includes(row.key)) counts[row.key as K] = Number(row.count);
  return counts;
}

export function createGaugeRepository(context: RepositoryContext): GaugeRepository {
  const { db } = context;
  return {
    async snapshot() {
      const credentials = await db.selectFrom('credentials').select((eb) => ['state as key', eb.fn.countAll<number>().as('count')]).groupBy('state').execute();
      const deliveries = await db.selectFrom('badgeDeliveries').select((eb) => ['state as key', eb.fn.countAll<number>().as('count')]).groupBy('state').execute();
      const mails = await db.selectFrom('emailDeliveries').select((eb) => ['state as key', eb.fn.countAll<number>().as('count')]).groupBy('state').execute();
      const owed = await db.selectFrom('statusLists').select((eb) => eb.fn.countAll<number>().as('count')).whereRef('signedVersion', '<', 'version').executeTakeFirst();
      return {
        credentials: countsOf(['active', 'suspended', 'revoked'] as const, credentials),
        badgeDeliveries: countsOf(['pending', 'delivered', 'failed'] as const, deliveries),
        emailDeliveries: countsOf(['pending', 'sent', 'failed', 'cancelled'] as const, mails),
        statusListsOwingPublication: Number(owed?.count ?? 0),
      };
    },
  };
}
