import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from './database-url.js';
import { StoreError } from './errors.js';

describe('parseDatabaseUrl', () => {
  it('reads SQLite files and memory', () => {
    expect(parseDatabaseUrl('sqlite:data/laurel.db')).toEqual({ dialect: 'sqlite', filename: 'data/laurel.db' });
    expect(parseDatabaseUrl('sqlite:/var/lib/laurel/db.sqlite')).toEqual({ dialect: 'sqlite', filename: '/var/lib/laurel/db.sqlite' });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', filename: ':memory:' });
  });

  it('reads MySQL URLs, decoding credentials', () => {
    expect(parseDatabaseUrl('mysql://laurel:p%40ss%2Fword@db.internal:3307/laurel_prod?connectionLimit=4')).toEqual({
      dialect: 'mysql',
      host: 'db.internal',
      port: 3307,
      user: 'laurel',
      password: 'p@ss/word',
      database: 'laurel_prod',
      connectionLimit: 4,
    });
    expect(parseDatabaseUrl('mariadb://root@127.0.0.1/laurel')).toMatchObject({ dialect: 'mysql', port: 3306, password: '', connectionLimit: undefined });
  });

  it.each(['', 'postgres://x/y', 'mysql://root@host', 'mysql://root@host/a/b', 'mysql://root@host/db?connectionLimit=0', 'sqlite:'])(
    'refuses %j',
    (url) => {
      expect(() => parseDatabaseUrl(url)).toThrow(StoreError);
    },
  );
});
