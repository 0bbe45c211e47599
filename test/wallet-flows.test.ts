// Both wallet protocols against the issuer over real HTTP, on every database:
// a wallet written from the specs claims by VC-API (DID Authentication) and by
// OpenID4VCI (pre-authorized code with PIN); each copy names the wallet's DID,
// verifies, and is revoked with the credential.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyCredential } from '@laurel/suites';
import { describeEachDatabase } from './support/databases.js';
import { ScriptedWallet, postJson, startWalletTestIssuer, type WalletTestIssuer } from './support/wallet.js';

describeEachDatabase('wallet delivery: both protocols', (database) => {
  let issuer: WalletTestIssuer;
  beforeAll(async () => {
    issuer = await startWalletTestIssuer(database.url);
  });
  afterAll(() => issuer?.close());

  it('hands out every way to claim an offer, and the LCW deep link has the DCC form', async () => {
    const credentialId = await issuer.issueCredential();
    const { status, body: offer } = await issuer.api('POST', `/v1/credentials/${credentialId}/offers`, {});
    expect(status).toBe(201);
    expect(offer.claimUrl).toMatch(new RegExp(`^${issuer.url}/claim/[A-Za-z0-9_-]{43}$`));
    expect(offer.exchangeUrl).toMatch(new RegExp(`^${issuer.url}/workflows/claim/exchanges/`));
    const lcw = new URL(offer.lcwDeepLink);
    expect(`${lcw.origin}${lcw.pathname}`).toBe('https://lcw.app/request.html');
    expect(Object.fromEntries(lcw.searchParams)).toEqual({ issuer: new URL(issuer.url).host, auth_type: 'bearer', challenge: expect.any(String), vc_request_url: offer.exchangeUrl });
    expect(offer.credentialOfferUri.startsWith('openid-credential-offer://?credential_offer=')).toBe(true);
    expect(offer.qr.oid4vci.png).toMatch(/^data:image\/png;base64,/);
    expect(offer.qr.lcw.svg).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(offer.txCode).toBeUndefined();
    // Secrets are stored hashed only.
    const row = await issuer.store.db.selectFrom('walletOffers').selectAll().where('id', '=', offer.id).executeTakeFirstOrThrow();
    const code = offer.credentialOffer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']['pre-authorized_code'];
    expect(JSON.stringify(row)).not.toContain(code);
    expect(JSON.stringify(row)).not.toContain(offer.claimUrl.split('/').pop());
  });

  it('delivers over VC-API to a wallet that authenticates with its DID, exactly once', async () => {
    const credentialId = await issuer.issueCredential();
    const { body: exchange } = await issuer.api('POST', '/workflows/claim/exchanges', { credentialId });
    expect((await fetch(exchange.id)).status).toBe(200);
    expect(((await (await fetch(exchange.id)).json()) as any).exchange.state).toBe('pending');
    const wallet = await ScriptedWallet.create();
    const answer = await wallet.claimByVcApi(exchange.id);
    expect(answer.status).toBe(200);
    const [credential] = answer.body.verifiablePresentation.verifiableCredential;
    expect(credential.credentialSubject.id).toBe(wallet.did);
    const result = await verifyCredential(credential, { checkStatus: issuer.checkStatus });
    expect(result.verified).toBe(true);
    const stored = await issuer.store.credentials.get(credentialId);
    expect(credential.credentialStatus).toEqual((stored!.document as any).credentialStatus);
    expect(((await (await fetch(exchange.id)).json()) as any).exchange.state).toBe('complete');
    // No replay: the exchange is complete, for a new request and for the same presentation alike.
    expect((await postJson(exchange.id, {})).status).toBe(409);
    expect((await postJson(exchange.id, { verifiablePresentation: answer.presentation })).body).toMatchObject({ status: 409, code: 'EXCHANGE_COMPLETE' });
    expect(await issuer.store.walletDeliveries.listForCredential(credentialId)).toHaveLength(1);
  });

  it('delivers over OpenID4VCI with a PIN; revoking the credential revokes every copy', async () => {
    const credentialId = await issuer.issueCredential();
    const first = (await issuer.api('POST', `/v1/credentials/${credentialId}/offers`, { txCode: true })).body;
    expect(first.txCode).toMatch(/^\d{6}$/);
    const wallet = await ScriptedWallet.create();
    const { token, credential } = await wallet.claimByOid4vci(first.credentialOfferUri, first.txCode);
    expect(token.status).toBe(200);
    expect(token.body.token_type).toBe('Bearer');
    expect(credential.status).toBe(200);
    const copy = credential.body.credentials[0].credential;
    expect(copy.credentialSubject.id).toBe(wallet.did);
    expect((await verifyCredential(copy, { checkStatus: issuer.checkStatus })).verified).toBe(true);

    // A second wallet claims a second offer of the same credential by VC-API.
    const second = (await issuer.api('POST', `/v1/credentials/${credentialId}/offers`, {})).body;
    const other = await ScriptedWallet.create();
    const otherCopy = (await other.claimByVcApi(second.exchangeUrl)).body.verifiablePresentation.verifiableCredential[0];
    expect(otherCopy.credentialSubject.id).toBe(other.did);

    expect((await issuer.api('POST', `/v1/credentials/${credentialId}/revoke`, { reason: 'test' })).status).toBe(200);
    const original = (await issuer.store.credentials.get(credentialId))!.document;
    for (const document of [original, copy, otherCopy]) {
      const result = await verifyCredential(document, { checkStatus: issuer.checkStatus });
      expect(result.verified).toBe(false);
      expect(result.checks.status.status).toBe('invalid');
      expect(result.checks.proof.status).toBe('valid');
    }
    expect((await issuer.store.walletDeliveries.listForCredential(credentialId)).map((delivery) => delivery.holderDid).sort()).toEqual([wallet.did, other.did].sort());
  });

  it('serves OpenID4VCI metadata that names its endpoints and the Open Badge configuration', async () => {
    const metadata = (await (await fetch(`${issuer.url}/.well-known/openid-credential-issuer`)).json()) as any;
    expect(metadata).toMatchObject({ credential_issuer: issuer.url, credential_endpoint: `${issuer.url}/credential`, nonce_endpoint: `${issuer.url}/nonce` });
    const configuration = metadata.credential_configurations_supported.OpenBadgeCredential_ldp_vc;
    expect(configuration).toMatchObject({ format: 'ldp_vc', credential_signing_alg_values_supported: expect.arrayContaining(['eddsa-rdfc-2022']) });
    expect(configuration.credential_definition.type).toContain('OpenBadgeCredential');
    expect(configuration.credential_metadata.display[0]).toMatchObject({ name: expect.any(String), logo: { uri: `${issuer.url}/wallet/logo.svg` } });
    expect((await fetch(configuration.credential_metadata.display[0].logo.uri)).headers.get('content-type')).toBe('image/svg+xml');
    const server = (await (await fetch(`${issuer.url}/.well-known/oauth-authorization-server`)).json()) as any;
    expect(server).toMatchObject({ issuer: issuer.url, token_endpoint: `${issuer.url}/token`, 'pre-authorized_grant_anonymous_access_supported': true });
  });

  it('creates a claim offer at issuance when the achievement asks for it', async () => {
    const created = await issuer.api('POST', '/v1/issuers', { slug: `auto-${Date.now().toString(36)}`, name: 'Auto University', didMethod: 'key' });
    const issuerId = created.body.id as string;
    await issuer.api('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: 'course-v1:A+1+2026', name: 'Auto', rules: { minGradePercent: 50 }, autoOffer: true });
    await issuer.api('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: 'course-v1:A+1+2026', name: 'Manual', tier: 'Manual', rules: { minGradePercent: 50 } });
    const reported = await issuer.api('POST', '/v1/completions', { issuerId, learner: { lmsUserId: 'auto-1' }, courseId: 'course-v1:A+1+2026', gradePercent: 90, sourceEventId: 'auto-1' });
    expect(reported.status).toBe(200);
    const issued = reported.body.issued as { claimUrl?: string; achievementId: string }[];
    expect(issued).toHaveLength(2);
    expect(issued.filter((entry) => entry.claimUrl)).toHaveLength(1);
    const claimUrl = issued.find((entry) => entry.claimUrl)!.claimUrl!;
    expect((await fetch(claimUrl)).status).toBe(200);
  });

  it('keeps offer creation behind the API token', async () => {
    const credentialId = await issuer.issueCredential();
    const response = await fetch(`${issuer.url}/v1/credentials/${credentialId}/offers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(401);
    const exchanges = await fetch(`${issuer.url}/workflows/claim/exchanges`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ credentialId }) });
    expect(exchanges.status).toBe(401);
  });
});
