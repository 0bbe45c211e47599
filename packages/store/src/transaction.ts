import type { Kysely, Transaction } from 'kysely';
import { isRetryableTransactionError } from './driver-errors.js';
import type { Database, StoreDialect } from './schema.js';

/**
 * Eight attempts: on a multi-primary cluster (Galera) a conflict is found
 * only at COMMIT, after the round trip to every node, so the transactions
 * that collided can collide again; up to ~2 s of backoff in all.
 */
const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 5;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs `attempt` again after a deadlock or lock timeout (which is also how
 * Galera reports a certification conflict: ER_LOCK_DEADLOCK). The delay is
 * exponential with jitter so that the transactions that collided do not
 * collide again in lockstep.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= MAX_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
      await sleep(BASE_DELAY_MS * 2 ** (tries - 1) * (0.5 + Math.random()));
    }
  }
}

/**
 * One retried transaction. `fn` may run more than once, so it must have no
 * effects outside the database.
 *
 * MySQL runs REPEATABLE READ whatever the server default, because the
 * repositories rely on its semantics: plain reads see one snapshot, and a
 * read that decides a write takes a row lock (which reads the latest
 * committed row). SQLite transactions begin IMMEDIATE, which serializes them.
 */
export function runTransaction<T>(
  db: Kysely<Database>,
  dialect: StoreDialect,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return retryOnConflict(() => {
    const builder = db.transaction();
    return (dialect === 'mysql' ? builder.setIsolationLevel('repeatable read') : builder).execute(fn);
  });
}
