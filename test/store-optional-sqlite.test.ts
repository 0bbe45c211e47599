// better-sqlite3 is an optional dependency (issue 15 item 4): a MySQL-only
// install without it must import the store and open MySQL; only a sqlite: URL
// needs it, and then the error says what to install. Run in a child process
// where resolving better-sqlite3 fails, as it does when it is not installed.
// Uses dist/ (`npm test` builds first).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const storeEntry = fileURLToPath(new URL('../packages/store/dist/index.js', import.meta.url));

const notInstalled = `export async function resolve(specifier, context, next) {
  if (specifier === 'better-sqlite3') throw Object.assign(new Error("Cannot find package 'better-sqlite3'"), { code: 'ERR_MODULE_NOT_FOUND' });
  return next(specifier, context);
}`;
const preload = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(notInstalled)}`)});`;

const script = `
const { openStore } = await import(${JSON.stringify(storeEntry)});
const outcome = async (url) => openStore({ databaseUrl: url }).then((store) => store.close().then(() => 'opened'), (error) => error.code + ': ' + error.message);
// Port 1 refuses at once: what matters is that the MySQL path got as far as connecting.
console.log(JSON.stringify({ mysql: await outcome('mysql://root@127.0.0.1:1/laurel'), sqlite: await outcome('sqlite::memory:') }));
`;

describe('better-sqlite3 is loaded only for sqlite: URLs', () => {
  it('without it, the store imports and opens MySQL; sqlite: says to install it', async () => {
    const { stdout } = await run(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(preload)}`, '--input-type=module', '--eval', script]);
    const result = JSON.parse(stdout) as { mysql: string; sqlite: string };
    expect(result.mysql).toMatch(/The database is not answering/);
    expect(result.sqlite).toMatch(/^UNSUPPORTED_DATABASE_URL: .*better-sqlite3.*npm install better-sqlite3/);
  });

  it('with it installed (here), the same child opens SQLite: the check above is not vacuous', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', script]);
    expect((JSON.parse(stdout) as { sqlite: string }).sqlite).toBe('opened');
  });
});
