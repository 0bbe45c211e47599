import { existsSync } from 'node:fs';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { databases, describeEachDatabase, freshDatabaseUrl, mysqlAvailable } from './databases.js';

async function mysqlDatabaseExists(url: string): Promise<boolean> {
  const parsed = new URL(url);
  const connection = await createConnection({ host: parsed.hostname, port: Number(parsed.port), user: parsed.username });
  try {
    const [rows] = await connection.query('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [
      parsed.pathname.slice(1),
    ]);
    return (rows as unknown[]).length === 1;
  } finally {
    await connection.end();
  }
}

describe('databases', () => {
  it('always declares SQLite and MariaDB; MariaDB is marked skipped only when it does not answer and CI does not require it', () => {
    expect(databases.map((database) => database.dialect)).toEqual(['sqlite', 'mysql']);
    const mysqlSkipped = !mysqlAvailable && process.env.CI !== 'true';
    const mysql = databases.find((database) => database.dialect === 'mysql')!;
    expect(mysql.skipped !== undefined).toBe(mysqlSkipped);
    if (mysqlSkipped) expect(mysql.skipped).toMatch(/MariaDB does not answer/);
  });

  it('gives each SQLite database its own file and removes it on drop', async () => {
    const first = await freshDatabaseUrl('sqlite');
    const second = await freshDatabaseUrl('sqlite');
    expect(first.url).toMatch(/^sqlite:\//);
    expect(first.url).not.toBe(second.url);
    const dir = path.dirname(first.url.slice('sqlite:'.length));
    expect(existsSync(dir)).toBe(true);
    await first.drop();
    await second.drop();
    expect(existsSync(dir)).toBe(false);
  });

  it.runIf(databases.some((database) => database.dialect === 'mysql' && database.skipped === undefined))('creates and drops a MariaDB database per call', async () => {
    const first = await freshDatabaseUrl('mysql');
    const second = await freshDatabaseUrl('mysql');
    try {
      expect(first.url).toMatch(/^mysql:\/\/root@127\.0\.0\.1:3306\/laurel_test_[0-9a-f]{12}$/);
      expect(first.url).not.toBe(second.url);
      expect(await mysqlDatabaseExists(first.url)).toBe(true);
    } finally {
      await first.drop();
      await second.drop();
    }
    expect(await mysqlDatabaseExists(first.url)).toBe(false);
  });
});

const seen: string[] = [];
describeEachDatabase('describeEachDatabase', (database) => {
  it('provides a database of its dialect, distinct per suite', async () => {
    expect(database.url.startsWith(database.dialect === 'sqlite' ? 'sqlite:' : 'mysql:')).toBe(true);
    if (database.dialect === 'mysql') expect(await mysqlDatabaseExists(database.url)).toBe(true);
    expect(seen).not.toContain(database.url);
    seen.push(database.url);
    const other = await database.fresh();
    expect(other).not.toBe(database.url);
  });
});
