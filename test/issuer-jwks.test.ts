// LMS JWTs checked against the LMS's JWKS, fetched by the running issuer
// through its guarded fetcher: the FETCH_* settings decide whether an LMS on
// this machine (or an internal network) may be reached at all.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIssuer, type RunningIssuer } from '@laurel/issuer-service';

const BOOTSTRAP = 'lrl_bootstrap-token-for-the-jwks-test-0123456789';

describe('issuer service: LMS JWTs verified with the LMS JWKS', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-jwks-'));
  let lms: http.Server;
  let jwksUrl: string;
  let jwksRequests = 0;
  let sign: (claims: Record<string, unknown>) => Promise<string>;
  let lmsKey: JWK;
  const running: RunningIssuer[] = [];

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'lms-2026', alg: 'ES256', use: 'sig' };
    lmsKey = jwk;
    sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'lms-2026' }).setIssuedAt().setExpirationTime('5m').setSubject('lms-worker').sign(privateKey);
    lms = http.createServer((request, response) => {
      jwksRequests += 1;
      response.writeHead(request.url === '/oauth2/jwks' ? 200 : 404, { 'content-type': 'application/json' });
      response.end(request.url === '/oauth2/jwks' ? JSON.stringify({ keys: [jwk] }) : '{}');
    });
    await new Promise<void>((resolve) => lms.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(lms.address() as AddressInfo).port}/oauth2/jwks`;
  });
  afterAll(async () => {
    for (const issuer of running) await issuer.close();
    await new Promise<void>((resolve) => lms.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(name: string, extra: Record<string, string>): Promise<RunningIssuer> {
    const issuer = await startIssuer({
      DATABASE_URL: `sqlite:${path.join(dir, `${name}.db`)}`,
      LAUREL_KEYS_DIR: path.join(dir, 'keys'),
      LAUREL_BOOTSTRAP_TOKEN: BOOTSTRAP,
      ISSUER_PORT: '0',
      LOG_LEVEL: 'silent',
      BADGE_DELIVERY_WORKER: 'false',
      LMS_JWKS_URL: jwksUrl,
      ...extra,
    });
    running.push(issuer);
    return issuer;
  }

  const get = (issuer: RunningIssuer, pathname: string, token: string) => fetch(`${issuer.url}${pathname}`, { headers: { authorization: `Bearer ${token}` } });

  it('accepts a JWT signed by a key in the JWKS when the LMS may be reached', async () => {
    const issuer = await start('allowed', { FETCH_ALLOW_HTTP: 'true', FETCH_ALLOW_LOOPBACK: 'true' });
    const created = await fetch(`${issuer.url}/v1/issuers`, { method: 'POST', headers: { authorization: `Bearer ${BOOTSTRAP}`, 'content-type': 'application/json' }, body: JSON.stringify({ slug: 'jwks-u', name: 'JWKS University', didMethod: 'key' }) });
    const { id } = (await created.json()) as { id: string };
    const before = jwksRequests;
    const response = await get(issuer, `/v1/issuers/${id}`, await sign({ scope: 'read', issuer_id: id }));
    expect(response.status).toBe(200);
    expect(jwksRequests).toBe(before + 1);
    // Signed by some other key: refused.
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ scope: 'read', issuer_id: id }).setProtectedHeader({ alg: 'ES256', kid: 'lms-2026' }).setExpirationTime('5m').sign(privateKey);
    expect((await get(issuer, `/v1/issuers/${id}`, forged)).status).toBe(401);
  });

  it('answers 503 LMS_KEYS_UNAVAILABLE, not 401, when the guarded fetcher may not reach the LMS (loopback not allowed)', async () => {
    const issuer = await start('refused', { FETCH_ALLOW_HTTP: 'true' });
    const before = jwksRequests;
    const response = await get(issuer, '/v1/issuers', await sign({ administrator: true }));
    expect([response.status, response.headers.get('retry-after')]).toEqual([503, '10']);
    expect(await response.json()).toMatchObject({ code: 'LMS_KEYS_UNAVAILABLE', status: 503 });
    expect(jwksRequests).toBe(before);
  });

  it('answers 503 while the LMS key set does not answer, and accepts the JWT once it does', async () => {
    // A port where nothing listens yet; the LMS "comes back" on it.
    const down = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [lmsKey] })));
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const port = (down.address() as AddressInfo).port;
    await new Promise<void>((resolve) => down.close(() => resolve()));
    const issuer = await start('down', { FETCH_ALLOW_HTTP: 'true', FETCH_ALLOW_LOOPBACK: 'true', LMS_JWKS_URL: `http://127.0.0.1:${port}/jwks` });
    const token = await sign({ administrator: true });
    const unreachable = await get(issuer, '/v1/issuers', token);
    expect([unreachable.status, ((await unreachable.json()) as { code: string }).code]).toEqual([503, 'LMS_KEYS_UNAVAILABLE']);
    await new Promise<void>((resolve) => down.listen(port, '127.0.0.1', resolve));
    try {
      expect((await get(issuer, '/v1/issuers', token)).status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => down.close(() => resolve()));
    }
  });
});
