/**
 * One way for every test to get a database: SQLite (a temp file) always, and
 * MariaDB/MySQL whenever the local server answers. Under CI=true MariaDB is
 * part of the contract, so its absence fails the suites instead of skipping.
 *
 * Each suite gets its own database (`laurel_test_<random>` on MariaDB), so
 * parallel vitest workers never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe } from 'vitest';

export type DatabaseDialect = 'sqlite' | 'mysql';

export interface DatabaseCase {
  dialect: DatabaseDialect;
  /** Shown in suite names: `store [MariaDB]`. */
  label: string;
  /** Why this case is skipped here (MariaDB not answering, locally); undefined when it runs. */
  skipped?: string;
}

export interface FreshDatabase {
  dialect: DatabaseDialect;
  url: string;
  /** Deletes the database (or the SQLite file and its folder). */
  drop(): Promise<void>;
}

/** The server to test against; root with an empty password is how CI's MariaDB is set up. */
const mysqlServer = new URL(process.env.LAUREL_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');
const mysqlRequired = process.env.CI === 'true';
const PROBE_TIMEOUT_MS = 2_000;

function adminConnection(): Promise<Connection> {
  return createConnection({
    host: mysqlServer.hostname,
    port: Number(mysqlServer.port || 3306),
    user: decodeURIComponent(mysqlServer.username),
    password: decodeURIComponent(mysqlServer.password),
    connectTimeout: PROBE_TIMEOUT_MS,
  });
}

async function probeMysql(): Promise<string | undefined> {
  try {
    const connection = await adminConnection();
    await connection.end();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Why MariaDB cannot be used, or undefined when it can. */
const mysqlProblem = await probeMysql();

export const mysqlAvailable = mysqlProblem === undefined;

/**
 * Every dialect, always: a MariaDB case that cannot run here is declared and
 * reported as skipped (with the reason in its name), never silently dropped.
 */
export const databases: DatabaseCase[] = [
  { dialect: 'sqlite', label: 'SQLite' },
  mysqlAvailable || mysqlRequired ? { dialect: 'mysql', label: 'MariaDB' } : { dialect: 'mysql', label: 'MariaDB', skipped: `MariaDB does not answer at ${mysqlServer.host}: ${mysqlProblem}` },
];

async function freshMysqlDatabase(): Promise<FreshDatabase> {
  if (mysqlProblem !== undefined) {
    throw new Error(`MariaDB is required (CI=true) but ${mysqlServer.host} is not usable: ${mysqlProblem}`);
  }
  const name = `laurel_test_${randomBytes(6).toString('hex')}`;
  const admin = await adminConnection();
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  } finally {
    await admin.end();
  }
  const url = new URL(mysqlServer);
  url.pathname = `/${name}`;
  return {
    dialect: 'mysql',
    url: url.href,
    async drop() {
      const connection = await adminConnection();
      try {
        await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await connection.end();
      }
    },
  };
}

function freshSqliteDatabase(): FreshDatabase {
  // A folder per database, so the -wal and -shm files go with it.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'laurel-test-'));
  return {
    dialect: 'sqlite',
    url: `sqlite:${path.join(dir, 'laurel.db')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A new, empty database of the dialect. Call drop() when done (close stores first). */
export async function freshDatabaseUrl(dialect: DatabaseDialect): Promise<FreshDatabase> {
  return dialect === 'mysql' ? freshMysqlDatabase() : freshSqliteDatabase();
}

export interface SuiteDatabase {
  readonly dialect: DatabaseDialect;
  readonly label: string;
  /** The suite's database, created in beforeAll: read it inside hooks and tests. */
  readonly url: string;
  /** Another empty database, dropped after the suite. */
  fresh(): Promise<string>;
}

/**
 * Declares `name` once per entry of `databases`. Everything `fn` declares
 * shares one database per dialect, created before and dropped after the suite;
 * tests that need an empty one call `database.fresh()`.
 */
export function describeEachDatabase(name: string, fn: (database: SuiteDatabase) => void): void {
  for (const { dialect, label, skipped } of databases) {
    describe.skipIf(skipped !== undefined)(`${name} [${label}]${skipped ? ` (skipped: ${skipped})` : ''}`, () => {
      const created: FreshDatabase[] = [];
      let url: string | undefined;
      const fresh = async () => {
        const database = await freshDatabaseUrl(dialect);
        created.push(database);
        return database.url;
      };
      beforeAll(async () => {
        url = await fresh();
      });
      afterAll(async () => {
        await Promise.all(created.map((database) => database.drop()));
      });
      fn({
        dialect,
        label,
        get url() {
          if (url === undefined) throw new Error('The suite database exists only once beforeAll has run.');
          return url;
        },
        fresh,
      });
    });
  }
}
