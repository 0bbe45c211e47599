import * as base58 from 'base58-universal';
import { SigningError } from './errors.js';
import { externalIssuerKey, type ExternalSigner, type IssuerKey } from './keys.js';

/** One HTTP call, as @laurel/guarded-fetch's requestJson makes it (the only way out to the network). */
export type VaultRequest = (request: { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; body?: unknown }) => Promise<{ status: number; json: unknown }>;

export interface VaultTransitOptions {
  /** Vault's address, e.g. https://vault.internal:8200 */
  address: string;
  /** A token whose policy allows `read` on transit/keys/<key> and `update` on transit/sign/<key>, nothing more. */
  token: string;
  /** The transit key's name; it must be of type ed25519. */
  keyName: string;
  /** Where the transit engine is mounted. Default `transit`. */
  mount?: string;
  /** Vault Enterprise namespace, sent as X-Vault-Namespace. */
  namespace?: string;
  request: VaultRequest;
}

const ED25519_MULTIKEY_HEADER = Uint8Array.from([0xed, 0x01]);

function failed(options: VaultTransitOptions, what: string, detail: string): SigningError {
  return new SigningError('EXTERNAL_SIGNER_FAILED', `Vault transit key ${options.keyName}: ${what} failed (${detail}).`, { signer: `vault-transit:${options.keyName}` });
}

function endpoint(options: VaultTransitOptions, path: string): { url: string; headers: Record<string, string> } {
  const base = options.address.replace(/\/+$/, '');
  const headers: Record<string, string> = { 'x-vault-token': options.token, ...(options.namespace ? { 'x-vault-namespace': options.namespace } : {}) };
  return { url: `${base}/v1/${options.mount ?? 'transit'}/${path}/${encodeURIComponent(options.keyName)}`, headers };
}

/** Vault answers `{ errors: [...] }`; never echo the token. */
function reason(answer: { status: number; json: unknown }): string {
  const errors = (answer.json as { errors?: unknown } | undefined)?.errors;
  return `HTTP ${answer.status}${Array.isArray(errors) && errors.length > 0 ? `: ${errors.map(String).join('; ')}` : ''}`;
}

/**
 * Signs with a key held by HashiCorp Vault's transit secrets engine
 * (POST /v1/transit/sign/:name, `input` base64; the answer's signature is
 * `vault:v<version>:<base64>`). The secret half never leaves Vault.
 */
export function vaultTransitSigner(options: VaultTransitOptions): ExternalSigner {
  return {
    name: `vault-transit:${options.keyName}`,
    async sign(data) {
      const { url, headers } = endpoint(options, 'sign');
      const answer = await options.request({ method: 'POST', url, headers, body: { input: Buffer.from(data).toString('base64') } }).catch((error: unknown) => {
        throw failed(options, 'signing', (error as { code?: string }).code ?? 'no answer');
      });
      const signature = (answer.json as { data?: { signature?: unknown } } | undefined)?.data?.signature;
      if (answer.status !== 200 || typeof signature !== 'string') throw failed(options, 'signing', reason(answer));
      const bytes = Buffer.from(signature.replace(/^vault:v\d+:/, ''), 'base64');
      if (bytes.length !== 64) throw failed(options, 'signing', `a ${bytes.length}-byte signature, not Ed25519's 64`);
      return new Uint8Array(bytes);
    },
  };
}

/**
 * The issuer key for a Vault transit key: its public half read from Vault
 * (GET /v1/transit/keys/:name, latest version), signing through Vault. Only
 * ed25519 transit keys are accepted. Without `controller` the key is its own
 * did:key issuer.
 */
export async function vaultTransitIssuerKey(options: VaultTransitOptions & { controller?: string }): Promise<IssuerKey> {
  const { url, headers } = endpoint(options, 'keys');
  const answer = await options.request({ method: 'GET', url, headers }).catch((error: unknown) => {
    throw failed(options, 'reading the public key', (error as { code?: string }).code ?? 'no answer');
  });
  const data = (answer.json as { data?: { type?: unknown; latest_version?: unknown; keys?: Record<string, { public_key?: unknown }> } } | undefined)?.data;
  if (answer.status !== 200 || !data) throw failed(options, 'reading the public key', reason(answer));
  if (data.type !== 'ed25519') throw failed(options, 'reading the public key', `type ${String(data.type)}, not ed25519`);
  const publicKey = data.keys?.[String(data.latest_version)]?.public_key;
  const bytes = typeof publicKey === 'string' ? Buffer.from(publicKey, 'base64') : undefined;
  if (!bytes || bytes.length !== 32) throw failed(options, 'reading the public key', 'no 32-byte public key for the latest version');
  const publicKeyMultibase = `z${base58.encode(Uint8Array.from([...ED25519_MULTIKEY_HEADER, ...bytes]))}`;
  return externalIssuerKey(publicKeyMultibase, vaultTransitSigner(options), options.controller);
}
