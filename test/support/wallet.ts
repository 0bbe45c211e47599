/**
 * A Laurel issuer on a real loopback port, for wallet tests: its public URL
 * is the port it listens on, so wallets follow the URLs it hands out. The
 * clock can be moved forward to expire offers.
 */
import { randomBytes } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { createLogger } from '@laurel/http-kit';
import type { IssuanceDeps } from '@laurel/issuance';
import { createIssuerApp } from '@laurel/issuer-service';
import { openStore, type Store } from '@laurel/store';
import { createStatusChecker } from '@laurel/status-list';
import { generateIssuerKey, signPresentation, type IssuerKey, type StatusChecker } from '@laurel/suites';
import { SignJWT, importJWK } from 'jose';
import { serveOnLoopback } from './browser.js';

const STATUS_BASE = 'https://status.test';

export interface WalletTestIssuer {
  url: string;
  store: Store;
  deps: IssuanceDeps;
  adminToken: string;
  /** Moves the service's clock forward. */
  advance(ms: number): void;
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** An issued, stored credential (did:key issuer, one completion). */
  issueCredential(): Promise<string>;
  checkStatus: StatusChecker;
  close(): Promise<void>;
}

export async function startWalletTestIssuer(databaseUrl: string): Promise<WalletTestIssuer> {
  const store = await openStore({ databaseUrl });
  let offset = 0;
  // The app needs the port for its URLs, and the server needs the app: the server looks it up per request.
  const holder: { app?: ReturnType<typeof createIssuerApp> } = {};
  const server = await serveOnLoopback((request) => holder.app!.fetch(request));
  const deps: IssuanceDeps = { store, keyEncryptionKey: randomBytes(32), urls: { issuerBaseUrl: server.url, statusBaseUrl: STATUS_BASE }, now: () => new Date(Date.now() + offset) };
  holder.app = createIssuerApp({ ...deps, logger: createLogger({ name: 'wallet-test', level: 'silent' }), maxBodyBytes: 256 * 1024, jwt: {} });
  const { token: adminToken } = await store.tokens.create({ issuerId: null, name: 'wallet test admin', scopes: ['admin'] });
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  let issuerId: string | undefined;
  let counter = 0;
  return {
    url: server.url,
    store,
    deps,
    adminToken,
    advance: (ms) => void (offset += ms),
    api,
    async issueCredential() {
      if (!issuerId) {
        issuerId = (await api('POST', '/v1/issuers', { slug: `wallet-u-${randomBytes(3).toString('hex')}`, name: 'Wallet University', didMethod: 'key' })).body.id as string;
        await api('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: 'course-v1:W+101+2026', name: 'Wallets 101', rules: { minCompletionPercent: 50 } });
      }
      counter += 1;
      const completed = await api('POST', '/v1/completions', {
        issuerId,
        learner: { lmsUserId: `u-${randomBytes(4).toString('hex')}`, name: 'Ada Lovelace' },
        courseId: 'course-v1:W+101+2026',
        completionPercent: 100,
        passed: true,
        sourceEventId: `evt-${counter}-${randomBytes(4).toString('hex')}`,
      });
      return completed.body.issued[0].credentialId as string;
    },
    checkStatus: createStatusChecker({
      loadStatusList: async (url) => {
        const signed = await store.statusLists.signedCopy(url.slice(`${STATUS_BASE}/status-lists/`.length));
        if (!signed?.document) throw new Error(`no signed copy of ${url}`);
        return signed.document;
      },
    }),
    async close() {
      await server.close();
      await store.close();
    },
  };
}

/**
 * A wallet written from the specifications, nothing borrowed from Laurel's
 * wallet package: its own did:key, DID Authentication presentations
 * (VC-API), and openid4vci-proof+jwt proofs (OpenID4VCI 1.0).
 */
export class ScriptedWallet {
  private constructor(readonly key: IssuerKey) {}

  static async create(): Promise<ScriptedWallet> {
    return new ScriptedWallet(await generateIssuerKey());
  }

  get did(): string {
    return this.key.controller;
  }

  /** `holder: null` leaves the (optional, VC 2.0 §4.13) holder out. */
  presentation(challenge: string, domain: string | undefined, holder: string | null = this.did): Promise<Record<string, unknown>> {
    const unsigned = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], ...(holder === null ? {} : { holder }) };
    // Naming another holder than the signer is what a forger would do; the library only lets us by changing the key's stated controller.
    const key = holder === null || holder === this.did ? this.key : { ...this.key, controller: holder };
    return signPresentation(unsigned, { key, challenge, ...(domain ? { domain } : {}) });
  }

  async proofJwt(claims: { audience: string; nonce?: string; issuedAt?: number }): Promise<string> {
    const pair = await Ed25519Multikey.from({ publicKeyMultibase: this.key.publicKeyMultibase, secretKeyMultibase: this.key.secretKeyMultibase! });
    const raw = (await pair.export({ publicKey: true, secretKey: true, raw: true })) as { publicKey: Uint8Array; secretKey: Uint8Array };
    const jwk = { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw.publicKey).toString('base64url'), d: Buffer.from(raw.secretKey.slice(0, 32)).toString('base64url') };
    const privateKey = await importJWK(jwk, 'EdDSA');
    return new SignJWT(claims.nonce === undefined ? {} : { nonce: claims.nonce })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'openid4vci-proof+jwt', kid: this.key.id })
      .setAudience(claims.audience)
      .setIssuedAt(claims.issuedAt ?? Math.floor(Date.now() / 1000))
      .sign(privateKey);
  }

  /** VC-API: ask for a DID Authentication request, answer it, collect the credential. */
  async claimByVcApi(exchangeUrl: string): Promise<{ status: number; body: any; presentation: Record<string, unknown> }> {
    const request = await postJson(exchangeUrl, {});
    const vpr = request.body.verifiablePresentationRequest;
    const presentation = await this.presentation(vpr.challenge, vpr.domain);
    return { ...(await postJson(exchangeUrl, { verifiablePresentation: presentation })), presentation };
  }

  /** OpenID4VCI pre-authorized code flow, from the offer URI to the credential. */
  async claimByOid4vci(offerUri: string, txCode?: string): Promise<{ token: any; credential: { status: number; body: any } }> {
    const offer = JSON.parse(new URL(offerUri).searchParams.get('credential_offer')!) as any;
    const metadata = await (await fetch(`${offer.credential_issuer}/.well-known/openid-credential-issuer`)).json() as any;
    const server = await (await fetch(`${metadata.authorization_servers?.[0] ?? offer.credential_issuer}/.well-known/oauth-authorization-server`)).json() as any;
    const grant = offer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code'];
    const token = await postForm(server.token_endpoint, { grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': grant['pre-authorized_code'], ...(txCode ? { tx_code: txCode } : {}) });
    if (token.status !== 200) return { token, credential: { status: 0, body: undefined } };
    const { c_nonce: nonce } = (await postJson(metadata.nonce_endpoint, undefined)).body;
    const jwt = await this.proofJwt({ audience: offer.credential_issuer, nonce });
    const credential = await postJson(metadata.credential_endpoint, { credential_configuration_id: offer.credential_configuration_ids[0], proofs: { jwt: [jwt] } }, token.body.access_token);
    return { token, credential };
  }
}

export async function postJson(url: string, body: unknown, bearer?: string): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

export async function postForm(url: string, form: Record<string, string>): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  return { status: response.status, body: await response.json() };
}
