// Start-up is idempotent: any number of issuer processes may start together on
// one empty database (replicas rolling out). None crashes; the bootstrap token
// and the demo seed exist once, whoever made them. And outside development the
// key-encryption key must be given, never generated per process.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIssuer, type RunningIssuer } from '@laurel/issuer-service';
import { openStore } from '@laurel/store';
import { startVerifier } from '@laurel/verifier-service';
import { describeEachDatabase, freshDatabaseUrl, mysqlAvailable } from './support/databases.js';
import { proxyUrl } from './support/tcp-proxy.js';
import { waitFor } from './support/wait.js';

const PROCESSES = 4;

describeEachDatabase('issuers starting together on an empty database', (database) => {
  let dir: string;
  let previousCwd: string;
  const running: RunningIssuer[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'laurel-startup-'));
    // On MariaDB the development token file goes to ./data: keep it out of the repository.
    previousCwd = process.cwd();
    process.chdir(dir);
  });
  afterAll(async () => {
    await Promise.all(running.splice(0).map((issuer) => issuer.close()));
    process.chdir(previousCwd);
    rmSync(dir, { recursive: true, force: true });
  });

  async function startTogether(env: Record<string, string>): Promise<RunningIssuer[]> {
    const started = await Promise.allSettled(Array.from({ length: PROCESSES }, () => startIssuer({ ISSUER_PORT: '0', LOG_LEVEL: 'silent', BADGE_DELIVERY_WORKER: 'false', ...env })));
    running.push(...started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])));
    expect(started.filter((result) => result.status === 'rejected').map((result) => String((result as PromiseRejectedResult).reason))).toEqual([]);
    return started.map((result) => (result as PromiseFulfilledResult<RunningIssuer>).value);
  }

  const baseEnv = async () => ({
    DATABASE_URL: await database.fresh(),
    LAUREL_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LAUREL_SEED_DEMO: 'true',
  });

  it('stores the bootstrap token and seeds the demo once', async () => {
    const token = `lrl_${randomBytes(32).toString('base64url')}`;
    const env = { ...(await baseEnv()), LAUREL_BOOTSTRAP_TOKEN: token };
    const issuers = await startTogether(env);

    const store = await openStore({ databaseUrl: env.DATABASE_URL });
    try {
      const demo = await store.issuers.list();
      expect(demo.map((issuer) => issuer.slug)).toEqual(['demo']);
      expect((await store.achievements.listForIssuer(demo[0]!.id)).map((achievement) => achievement.externalId).sort()).toEqual(['course-v1:Laurel+EDX101+2026', 'course-v1:Laurel+VC101+2026']);
      expect((await store.db.selectFrom('apiTokens').select('name').execute()).map((row) => row.name)).toEqual(['bootstrap']);
    } finally {
      await store.close();
    }
    // Every process answers the one token, and reports the one demo issuer it knows of.
    for (const issuer of issuers) {
      expect((await fetch(`${issuer.url}/v1/issuers`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      if (issuer.bootstrap.demo) expect(issuer.bootstrap.demo.issuerId).toBe((await issuer.store.issuers.getBySlug('demo'))!.id);
      expect(issuer.bootstrap.adminToken).toBeUndefined();
    }
  });

  it('makes one development admin token; each process reports it or none', async () => {
    const env = await baseEnv();
    const issuers = await startTogether(env);

    const store = await openStore({ databaseUrl: env.DATABASE_URL });
    try {
      expect((await store.issuers.list()).map((issuer) => issuer.slug)).toEqual(['demo']);
      expect((await store.db.selectFrom('apiTokens').select('name').execute()).map((row) => row.name)).toEqual(['development admin']);
    } finally {
      await store.close();
    }
    const sqlite = /^sqlite:(.+)$/.exec(env.DATABASE_URL)?.[1];
    const file = path.join(sqlite ? path.dirname(sqlite) : 'data', 'dev-admin-token');
    const written = readFileSync(file, 'utf8').trim();
    expect((await fetch(`${issuers[0]!.url}/v1/issuers`, { headers: { authorization: `Bearer ${written}` } })).status).toBe(200);
    const reported = issuers.map((issuer) => issuer.bootstrap.adminToken);
    expect(reported).toContain(written);
    for (const token of reported) expect([undefined, written]).toContain(token);
    if (!sqlite) rmSync(file);
  });
});

describe('the key-encryption key outside development', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'laurel-kek-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an issuer refuses to start on MariaDB without LAUREL_KEY_ENCRYPTION_KEY, before touching the database, and makes no key file', async () => {
    const keysDir = path.join(dir, 'keys-mysql');
    // Nothing listens on port 1: had it tried the database, the error would be another one.
    await expect(startIssuer({ DATABASE_URL: 'mysql://root@127.0.0.1:1/laurel', LAUREL_KEYS_DIR: keysDir, ISSUER_PORT: '0', LOG_LEVEL: 'silent' })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringContaining('LAUREL_KEY_ENCRYPTION_KEY'),
    });
    expect(existsSync(keysDir)).toBe(false);
  });

  it('and on SQLite under NODE_ENV=production', async () => {
    const keysDir = path.join(dir, 'keys-production');
    await expect(
      startIssuer({ DATABASE_URL: `sqlite:${path.join(dir, 'production.db')}`, NODE_ENV: 'production', LAUREL_KEYS_DIR: keysDir, ISSUER_PORT: '0', LOG_LEVEL: 'silent' }),
    ).rejects.toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringMatching(/LAUREL_KEY_ENCRYPTION_KEY.*NODE_ENV is production/) });
    expect(existsSync(keysDir)).toBe(false);
  });

  it('starts out of the box on SQLite in development, generating the key file', async () => {
    const keysDir = path.join(dir, 'keys-dev');
    const issuer = await startIssuer({ DATABASE_URL: `sqlite:${path.join(dir, 'dev.db')}`, LAUREL_KEYS_DIR: keysDir, ISSUER_PORT: '0', LOG_LEVEL: 'silent', BADGE_DELIVERY_WORKER: 'false' });
    await issuer.close();
    expect(readFileSync(path.join(keysDir, 'key-encryption.key'), 'utf8').trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it.runIf(mysqlAvailable || process.env.CI === 'true')('starts on MariaDB with LAUREL_KEY_ENCRYPTION_KEY and writes no key file', async () => {
    const database = await freshDatabaseUrl('mysql');
    const keysDir = path.join(dir, 'keys-given');
    try {
      const issuer = await startIssuer({ DATABASE_URL: database.url, LAUREL_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'), LAUREL_KEYS_DIR: keysDir, ISSUER_PORT: '0', LOG_LEVEL: 'silent', BADGE_DELIVERY_WORKER: 'false' });
      await issuer.close();
      expect(existsSync(keysDir)).toBe(false);
    } finally {
      await database.drop();
    }
  });
});

describe.runIf(mysqlAvailable || process.env.CI === 'true')('services started before their database answers [MariaDB behind a cut proxy]', () => {
  it('the issuer and the verifier wait for it (DATABASE_WAIT_MS) and start once it answers; with 0 they fail at once', async () => {
    const database = await freshDatabaseUrl('mysql');
    const { proxy, url } = await proxyUrl(database.url);
    const started: { close(): Promise<void> }[] = [];
    try {
      const env = { DATABASE_URL: url, LAUREL_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'), ISSUER_PORT: '0', VERIFIER_PORT: '0', LOG_LEVEL: 'silent', BADGE_DELIVERY_WORKER: 'false', ISSUER_PUBLIC_URL_CHECK: 'false', VERIFIER_PUBLIC_URL_CHECK: 'false' };
      proxy.cut('refuse');
      await expect(startIssuer({ ...env, DATABASE_WAIT_MS: '0' })).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });

      const before = proxy.accepted;
      const issuerStarting = startIssuer(env);
      await waitFor('the issuer to try the database a second time', () => (proxy.accepted >= before + 2 ? true : undefined));
      proxy.restore();
      const issuer = await issuerStarting;
      started.push(issuer);
      expect((await fetch(`${issuer.url}/ready`)).status).toBe(200);

      proxy.cut('refuse');
      const verifierBefore = proxy.accepted;
      const verifierStarting = startVerifier(env);
      await waitFor('the verifier to try the database', () => (proxy.accepted > verifierBefore ? true : undefined));
      proxy.restore();
      const verifier = await verifierStarting;
      started.push(verifier);
      expect((await fetch(`${verifier.url}/health`)).status).toBe(200);
    } finally {
      proxy.restore();
      await Promise.all(started.map((service) => service.close()));
      await proxy.close();
      await database.drop();
    }
  }, 120_000);
});
