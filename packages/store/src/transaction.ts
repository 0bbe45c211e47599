import type { Kysely, Transaction } from 'kysely';
import { isRetryableTransactionError } from './driver-errors.js';
import { StoreError } from './errors.js';
import type { Database } from './schema.js';

/**
 * Eight attempts: on a multi-primary cluster (Galera) a conflict is found
 * only at COMMIT, after the round trip to every node, so the transactions
 * that collided can collide again; up to ~2 s of backoff in all.
 */
const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 5;

function conflictsOutlastedRetries(error: unknown): unknown {
  if (error instanceof StoreError) return error; // already DATABASE_UNAVAILABLE (a nested retry gave up)
  const errno = (error as { errno?: unknown }).errno;
  return new StoreError('DATABASE_UNAVAILABLE', 'Concurrent changes kept rolling this one back; try again in a moment.', typeof errno === 'number' ? { driverCode: errno } : {}, { cause: error });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs `attempt` again after a deadlock or lock timeout (which is also how
 * Galera reports a certification conflict: ER_LOCK_DEADLOCK). The delay is
 * exponential with jitter so that the transactions that collided do not
 * collide again in lockstep. A conflict that outlasts every attempt is
 * DATABASE_UNAVAILABLE, as SQLite's lock held past every retry is: nothing
 * was committed and the same call can succeed in a moment (a 503 with
 * Retry-After, not a 500).
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRetryableTransactionError(error)) throw error;
      if (tries >= MAX_ATTEMPTS) throw conflictsOutlastedRetries(error);
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
export function runTransaction<T>(db: Kysely<Database>, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  // On MySQL the isolation level is the session's, set when each pooled connection opens (mysql-dialect.ts).
  return retryOnConflict(() => db.transaction().execute(fn));
}
