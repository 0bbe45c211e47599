import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { StoreError } from '../errors.js';

/**
 * A cluster-wide lease for running migrations on MySQL-compatible servers.
 *
 * Kysely's migrator serializes concurrent runs with GET_LOCK, which is local
 * to one server: on a multi-primary cluster (Galera, and likewise engines
 * behind a proxy such as Vitess) two processes on different nodes would both
 * get "the" lock and run the same DDL at once. A row is replicated, so a
 * lease row is the lock: taking it is one UPSERT that only moves the lease
 * when it is free or expired, and on Galera two nodes taking it at once are
 * ordered by certification (the loser's statement is retried and then sees
 * the winner). The table is created here, not by a numbered migration,
 * because it must exist before migrations may run.
 */
const LEASE_TABLE = 'laurel_migration_lease';
const LEASE_NAME = 'migrate';
/** Long enough for any migration step; renewed while the run lasts, so a crashed runner frees it within this. */
const LEASE_SECONDS = 60;
const RENEW_EVERY_MS = 15_000;
const POLL_MS = 200;
/** A runner waits at most this long for another one to finish. */
const WAIT_LIMIT_MS = 10 * 60_000;
const MYSQL_DEADLOCK = 1213;
const MYSQL_UNKNOWN_SYSTEM_VARIABLE = 1193;

function errnoOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { errno?: unknown }).errno : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs `fn` while this process holds the migration lease, waiting while
 * another holder's lease is live. `fn` gets the connection that holds it, so
 * a pool of one connection is enough. A lease left by an earlier try with the
 * same `owner` (one whose connection dropped before it could release it) is
 * taken back at once rather than waited out.
 */
export async function withMigrationLease<T>(db: Kysely<unknown>, fn: (connection: Kysely<unknown>) => Promise<T>, owner: string = randomUUID()): Promise<T> {
  await sql`create table if not exists ${sql.table(LEASE_TABLE)} (
    name varchar(64) not null primary key,
    owner varchar(64) not null,
    expires_at datetime(6) not null
  ) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`.execute(db);

  return db.connection().execute(async (connection) => {
    // Galera: make this session's reads wait until the node applied every
    // write committed anywhere before them, so a released lease is seen as
    // released. Other servers have no such variable and need none.
    let syncWait = true;
    try {
      await sql`set session wsrep_sync_wait = 1`.execute(connection);
    } catch (error) {
      if (errnoOf(error) !== MYSQL_UNKNOWN_SYSTEM_VARIABLE) throw error;
      syncWait = false;
    }
    const take = async (): Promise<boolean> => {
      try {
        await sql`insert into ${sql.table(LEASE_TABLE)} (name, owner, expires_at)
          values (${LEASE_NAME}, ${owner}, utc_timestamp(6) + interval ${LEASE_SECONDS} second)
          on duplicate key update
            owner = if(expires_at < utc_timestamp(6) or owner = values(owner), values(owner), owner),
            expires_at = if(owner = values(owner), values(expires_at), expires_at)`.execute(connection);
      } catch (error) {
        // Another node took it in the same instant and won certification.
        if (errnoOf(error) === MYSQL_DEADLOCK) return false;
        throw error;
      }
      const { rows } = await sql<{ owner: string }>`select owner from ${sql.table(LEASE_TABLE)} where name = ${LEASE_NAME}`.execute(connection);
      return rows[0]?.owner === owner;
    };

    const deadline = Date.now() + WAIT_LIMIT_MS;
    while (!(await take())) {
      if (Date.now() > deadline) {
        throw new StoreError('MIGRATION_FAILED', `Another process has held the migration lease for over ${WAIT_LIMIT_MS / 60_000} minutes.`, { lease: LEASE_TABLE });
      }
      await sleep(POLL_MS);
    }
    // Renewed through the pool, not this connection: fn holds it for the whole run. Only ever an
    // UPDATE of our own row, so a renewal that lands after the release below changes nothing. With a
    // pool of one connection it waits until the run ends: the lease then lasts LEASE_SECONDS.
    const renew = setInterval(() => {
      sql`update ${sql.table(LEASE_TABLE)} set expires_at = utc_timestamp(6) + interval ${LEASE_SECONDS} second
        where name = ${LEASE_NAME} and owner = ${owner}`
        .execute(db)
        .catch(() => undefined);
    }, RENEW_EVERY_MS);
    renew.unref();
    try {
      return await fn(connection);
    } finally {
      clearInterval(renew);
      await sql`delete from ${sql.table(LEASE_TABLE)} where name = ${LEASE_NAME} and owner = ${owner}`.execute(connection);
      // The connection goes back to the pool: later reads on it need not wait for the cluster.
      if (syncWait) await sql`set session wsrep_sync_wait = default`.execute(connection);
    }
  });
}
