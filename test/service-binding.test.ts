// Least privilege and honest addresses (issue 15 item 4): the services listen
// where ISSUER_HOST / VERIFIER_HOST say, public URLs follow the configured
// ports, a public URL that reaches someone else is warned about at start, and
// the verifier opens the issuer's database read-only.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadIssuerConfig, startIssuer } from '@laurel/issuer-service';
import { loadVerifierConfig, startVerifier } from '@laurel/verifier-service';

const dir = mkdtempSync(path.join(tmpdir(), 'laurel-binding-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function issuerEnv(extra: Record<string, string> = {}): Record<string, string> {
  const name = randomBytes(4).toString('hex');
  return {
    DATABASE_URL: `sqlite:${path.join(dir, name, 'laurel.db')}`,
    LAUREL_KEYS_DIR: path.join(dir, name, 'keys'),
    LOG_LEVEL: 'silent',
    BADGE_DELIVERY_WORKER: 'false',
    ISSUER_PORT: '0',
    ...extra,
  };
}

/** Resolves true when a TCP connection to host:port is accepted, false when refused. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('public URLs default from the configured ports', () => {
  it('setting only the ports moves every public URL with them', () => {
    const issuer = loadIssuerConfig({ ISSUER_PORT: '4100', VERIFIER_PORT: '4101' });
    expect([issuer.ISSUER_PUBLIC_URL, issuer.STATUS_PUBLIC_URL]).toEqual(['http://localhost:4100', 'http://localhost:4101']);
    const verifier = loadVerifierConfig({ ISSUER_PORT: '4100', VERIFIER_PORT: '4101' });
    expect([verifier.ISSUER_PUBLIC_URL, verifier.VERIFIER_PUBLIC_URL]).toEqual(['http://localhost:4100', 'http://localhost:4101']);
  });

  it('a URL that is set wins; status lists follow VERIFIER_PUBLIC_URL; port 0 keeps the defaults', () => {
    const issuer = loadIssuerConfig({ ISSUER_PORT: '4100', ISSUER_PUBLIC_URL: 'https://issuer.example', VERIFIER_PUBLIC_URL: 'https://verify.example' });
    expect([issuer.ISSUER_PUBLIC_URL, issuer.STATUS_PUBLIC_URL]).toEqual(['https://issuer.example', 'https://verify.example']);
    expect(loadIssuerConfig({ VERIFIER_PUBLIC_URL: 'https://verify.example', STATUS_PUBLIC_URL: 'https://status.example' }).STATUS_PUBLIC_URL).toBe('https://status.example');
    const defaults = loadIssuerConfig({ ISSUER_PORT: '0', VERIFIER_PORT: '0' });
    expect([defaults.ISSUER_PUBLIC_URL, defaults.STATUS_PUBLIC_URL]).toEqual(['http://localhost:3000', 'http://localhost:3001']);
  });
});

describe('ISSUER_HOST / VERIFIER_HOST', () => {
  it('ISSUER_HOST=127.0.0.1 listens on IPv4 loopback only; unset listens on every interface', async () => {
    const bound = await startIssuer(issuerEnv({ ISSUER_HOST: '127.0.0.1', ISSUER_PUBLIC_URL_CHECK: 'false' }));
    const open = await startIssuer(issuerEnv({ ISSUER_PUBLIC_URL_CHECK: 'false' }));
    try {
      const boundPort = (bound.server.address() as AddressInfo).port;
      expect((bound.server.address() as AddressInfo).address).toBe('127.0.0.1');
      expect(bound.url).toBe(`http://127.0.0.1:${boundPort}`);
      expect((await fetch(`${bound.url}/health`)).status).toBe(200);
      expect(await accepts('::1', boundPort)).toBe(false);

      const openPort = (open.server.address() as AddressInfo).port;
      expect(['::', '0.0.0.0']).toContain((open.server.address() as AddressInfo).address);
      expect([await accepts('127.0.0.1', openPort), await accepts('::1', openPort)]).toEqual([true, true]);
    } finally {
      await bound.close();
      await open.close();
    }
  });

  it('VERIFIER_HOST=::1 listens on IPv6 loopback only', async () => {
    const issuer = await startIssuer(issuerEnv({ ISSUER_PUBLIC_URL_CHECK: 'false' }));
    const verifier = await startVerifier({ DATABASE_URL: issuer.config.DATABASE_URL, VERIFIER_PORT: '0', VERIFIER_HOST: '::1', VERIFIER_PUBLIC_URL_CHECK: 'false', LOG_LEVEL: 'silent' });
    try {
      const { port, address } = verifier.server.address() as AddressInfo;
      expect([address, verifier.url]).toEqual(['::1', `http://[::1]:${port}`]);
      expect(await accepts('127.0.0.1', port)).toBe(false);
      expect((await fetch(`${verifier.url}/health`)).status).toBe(200);
    } finally {
      await verifier.close();
      await issuer.close();
    }
  });
});

describe('the verifier opens the issuer database read-only', () => {
  it('refuses to start before the issuer made the database, and creates nothing', async () => {
    const file = path.join(dir, 'no-issuer-yet', 'laurel.db');
    await expect(startVerifier({ DATABASE_URL: `sqlite:${file}`, VERIFIER_PORT: '0', LOG_LEVEL: 'silent' })).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(existsSync(path.dirname(file))).toBe(false);
  });
});

describe('the public URL self-check at start', () => {
  it('a public URL that answers as this service passes (the verifier, its URL derived from VERIFIER_PORT)', async () => {
    const issuer = await startIssuer(issuerEnv({ ISSUER_PUBLIC_URL_CHECK: 'false' }));
    const verifier = await startVerifier({ DATABASE_URL: issuer.config.DATABASE_URL, VERIFIER_PORT: String(await freePort()), LOG_LEVEL: 'silent' });
    try {
      expect(await verifier.publicUrlCheck).toEqual({ outcome: 'this-instance' });
    } finally {
      await verifier.close();
      await issuer.close();
    }
  });

  it('a public URL served by something else is warned about, naming the setting', async () => {
    const other = createHttpServer((_request, response) => response.writeHead(404).end('not laurel'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const lines: string[] = [];
    const issuer = await startIssuer(issuerEnv({ ISSUER_PUBLIC_URL: `http://127.0.0.1:${(other.address() as AddressInfo).port}`, LOG_LEVEL: 'warn' }), { logDestination: { write: (line) => void lines.push(line) } });
    try {
      expect(await issuer.publicUrlCheck).toMatchObject({ outcome: 'not-this-service', reason: expect.stringContaining('answered 404') });
      const warnings = lines.map((line) => JSON.parse(line) as { level: number; setting?: string; msg: string }).filter((entry) => entry.setting === 'ISSUER_PUBLIC_URL');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.msg).toMatch(/ISSUER_PUBLIC_URL does not answer as this service/);
    } finally {
      await issuer.close();
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('nothing answering is warned about too; ISSUER_PUBLIC_URL_CHECK=false turns the check off', async () => {
    const port = await freePort();
    const issuer = await startIssuer(issuerEnv({ ISSUER_PUBLIC_URL: `http://127.0.0.1:${port}` }));
    const unchecked = await startIssuer(issuerEnv({ ISSUER_PUBLIC_URL: `http://127.0.0.1:${port}`, ISSUER_PUBLIC_URL_CHECK: 'false' }));
    try {
      expect(await issuer.publicUrlCheck).toMatchObject({ outcome: 'not-this-service', reason: expect.stringContaining('did not answer') });
      expect(unchecked.publicUrlCheck).toBeUndefined();
    } finally {
      await issuer.close();
      await unchecked.close();
    }
  });
});
