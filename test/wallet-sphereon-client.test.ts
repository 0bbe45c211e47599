// An independent wallet library, Sphereon's @sphereon/oid4vci-client, claims
// an offer from Laurel's issuer over real HTTP with the OpenID4VCI
// pre-authorized code flow (with a PIN); the credential it receives names the
// wallet's did:key and verifies, status included.
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { OpenID4VCIClient } from '@sphereon/oid4vci-client';
import { SignJWT, importJWK, type JWTHeaderParameters } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyCredential } from '@laurel/suites';
import { describeEachDatabase } from './support/databases.js';
import { ScriptedWallet, startWalletTestIssuer, type WalletTestIssuer } from './support/wallet.js';

async function signingKey(wallet: ScriptedWallet) {
  const pair = await Ed25519Multikey.from({ publicKeyMultibase: wallet.key.publicKeyMultibase, secretKeyMultibase: wallet.key.secretKeyMultibase! });
  const raw = (await pair.export({ publicKey: true, secretKey: true, raw: true })) as { publicKey: Uint8Array; secretKey: Uint8Array };
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw.publicKey).toString('base64url'), d: Buffer.from(raw.secretKey.slice(0, 32)).toString('base64url') };
  return importJWK(jwk, 'EdDSA');
}

describeEachDatabase('wallet delivery: the Sphereon OpenID4VCI client', (database) => {
  let issuer: WalletTestIssuer;
  beforeAll(async () => {
    issuer = await startWalletTestIssuer(database.url);
  });
  afterAll(() => issuer?.close());

  it('completes the pre-authorized code flow with a PIN and receives a verifiable credential naming its did:key', async () => {
    const credentialId = await issuer.issueCredential();
    const offer = (await issuer.api('POST', `/v1/credentials/${credentialId}/offers`, { txCode: true })).body;
    const wallet = await ScriptedWallet.create();
    const privateKey = await signingKey(wallet);

    const client = await OpenID4VCIClient.fromURI({ uri: offer.credentialOfferUri, kid: wallet.key.id, alg: 'EdDSA', retrieveServerMetadata: true });
    expect(client.getIssuer()).toBe(issuer.url);
    const token = await client.acquireAccessToken({ pin: offer.txCode });
    expect(token.token_type).toBe('Bearer');

    // The library builds the proof JWT's header and claims; the wallet only signs them.
    const signed: { header: JWTHeaderParameters; payload: Record<string, unknown> }[] = [];
    const response = await client.acquireCredentials({
      credentialTypes: 'OpenBadgeCredential',
      format: 'ldp_vc',
      kid: wallet.key.id,
      alg: 'EdDSA',
      proofCallbacks: {
        signCallback: async (jwt) => {
          const header = jwt.header as JWTHeaderParameters;
          signed.push({ header, payload: jwt.payload });
          return new SignJWT(jwt.payload).setProtectedHeader(header).sign(privateKey);
        },
      },
    });
    expect(signed).toHaveLength(1);
    expect(signed[0]!.header).toMatchObject({ alg: 'EdDSA', typ: 'openid4vci-proof+jwt', kid: wallet.key.id });
    expect(signed[0]!.payload).toMatchObject({ aud: issuer.url, iat: expect.any(Number), nonce: expect.any(String) });

    expect(response.credentials).toHaveLength(1);
    const credential = response.credentials![0]!.credential as Record<string, any>;
    expect(credential.credentialSubject.id).toBe(wallet.did);
    expect((await verifyCredential(credential, { checkStatus: issuer.checkStatus })).verified).toBe(true);
    expect((await issuer.store.walletDeliveries.listForCredential(credentialId)).map((delivery) => delivery.holderDid)).toEqual([wallet.did]);
  });
});
