// A small local server speaking HashiCorp Vault's documented transit API, the parts Laurel
// uses (read key, sign; X-Vault-Token). It signs with node:crypto's own Ed25519: an
// implementation independent of ours.
import { generateKeyPairSync, sign as ed25519Sign, type KeyObject } from 'node:crypto';
import http from 'node:http';

export const TOKEN = 'hvs.test-token-for-laurel';

/** Vault's transit engine, the parts Laurel uses: GET /v1/transit/keys/:name and POST /v1/transit/sign/:name. */
export function fakeVault(keys: Record<string, { type: string; key: KeyObject; publicKey: Buffer }>) {
  const requests: { method: string; path: string; token: string | undefined }[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      requests.push({ method: request.method!, path: request.url!, token: request.headers['x-vault-token'] as string | undefined });
      const reply = (status: number, json: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (request.headers['x-vault-token'] !== TOKEN) return reply(403, { errors: ['permission denied'] });
      const match = /^\/v1\/transit\/(keys|sign)\/([^/]+)$/.exec(request.url ?? '');
      const key = match ? keys[decodeURIComponent(match[2]!)] : undefined;
      if (!match || !key) return reply(404, { errors: [] });
      if (match[1] === 'keys' && request.method === 'GET') {
        return reply(200, { data: { name: match[2], type: key.type, latest_version: 1, keys: { '1': { public_key: key.publicKey.toString('base64'), name: 'ed25519' } } } });
      }
      if (match[1] === 'sign' && request.method === 'POST') {
        const input = (JSON.parse(body) as { input?: string }).input;
        if (typeof input !== 'string') return reply(400, { errors: ['missing input to process'] });
        const signature = ed25519Sign(null, Buffer.from(input, 'base64'), key.key);
        return reply(200, { data: { signature: `vault:v1:${signature.toString('base64')}`, key_version: 1 } });
      }
      return reply(405, { errors: [] });
    });
  });
  return { server, requests };
}

export function ed25519Key() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  // The raw 32 bytes are the last 32 of the SPKI encoding.
  return { type: 'ed25519', key: privateKey, publicKey: publicKey.export({ format: 'der', type: 'spki' }).subarray(-32) };
}

