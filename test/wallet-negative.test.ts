// What wallets must not get: every refusal named as its protocol names it,
// and nothing delivered.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './support/databases.js';
import { ScriptedWallet, postForm, postJson, startWalletTestIssuer, type WalletTestIssuer } from './support/wallet.js';

const GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

describeEachDatabase('wallet delivery: refusals', (database) => {
  let issuer: WalletTestIssuer;
  beforeAll(async () => {
    issuer = await startWalletTestIssuer(database.url);
  });
  afterAll(() => issuer?.close());

  async function offer(body: Record<string, unknown> = {}) {
    const credentialId = await issuer.issueCredential();
    const created = (await issuer.api('POST', `/v1/credentials/${credentialId}/offers`, body)).body;
    const code = created.credentialOffer.grants[GRANT]['pre-authorized_code'] as string;
    const token = (extra: Record<string, string> = {}) => postForm(`${issuer.url}/token`, { grant_type: GRANT, 'pre-authorized_code': code, ...extra });
    const nothingDelivered = async () => expect(await issuer.store.walletDeliveries.listForCredential(credentialId)).toEqual([]);
    return { credentialId, created, code, token, nothingDelivered };
  }

  it('refuses a reused pre-authorized code, and an offer already claimed the other way', async () => {
    const { token } = await offer();
    expect((await token()).status).toBe(200);
    expect(await token()).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: expect.any(String) } });

    const claimed = await offer();
    expect((await (await ScriptedWallet.create()).claimByVcApi(claimed.created.exchangeUrl)).status).toBe(200);
    expect((await claimed.token()).body.error).toBe('invalid_grant');
  });

  it('refuses a missing or wrong PIN, and kills the code after five wrong ones', async () => {
    const { token, created, nothingDelivered } = await offer({ txCode: true });
    expect((await token()).body.error).toBe('invalid_request');
    const wrong = created.txCode === '000000' ? '111111' : '000000';
    expect((await token({ tx_code: wrong })).body.error).toBe('invalid_grant');
    expect((await token({ tx_code: created.txCode })).status).toBe(200);

    const guessed = await offer({ txCode: true });
    const bad = guessed.created.txCode === '000000' ? '111111' : '000000';
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await guessed.token({ tx_code: bad })).body.error).toBe('invalid_grant');
    expect((await guessed.token({ tx_code: guessed.created.txCode })).body.error).toBe('invalid_grant');
    await guessed.nothingDelivered();
    await nothingDelivered();
  });

  it('refuses an expired offer by either protocol and reports the exchange expired', async () => {
    const { token, created, nothingDelivered } = await offer({ expiresInSeconds: 60 });
    issuer.advance(61_000);
    try {
      expect((await token()).body.error).toBe('invalid_grant');
      expect((await postJson(created.exchangeUrl, {})).body).toMatchObject({ status: 410, code: 'EXCHANGE_EXPIRED' });
      expect(((await (await fetch(created.exchangeUrl)).json()) as any).exchange.state).toBe('expired');
    } finally {
      issuer.advance(-61_000);
    }
    await nothingDelivered();
  });

  it('refuses a presentation with the wrong challenge, the wrong domain, a holder that did not sign it, or no holder (DID Authentication needs one)', async () => {
    const { created, nothingDelivered } = await offer();
    const wallet = await ScriptedWallet.create();
    const vpr = (await postJson(created.exchangeUrl, {})).body.verifiablePresentationRequest;
    expect(vpr).toMatchObject({ query: [{ type: 'DIDAuthentication' }], challenge: expect.any(String), domain: new URL(issuer.url).origin });

    const wrongChallenge = await postJson(created.exchangeUrl, { verifiablePresentation: await wallet.presentation('not-the-challenge', vpr.domain) });
    expect(wrongChallenge.body).toMatchObject({ status: 400, code: 'INVALID_CHALLENGE' });
    const wrongDomain = await postJson(created.exchangeUrl, { verifiablePresentation: await wallet.presentation(vpr.challenge, 'https://evil.example') });
    expect(wrongDomain.body).toMatchObject({ status: 400, code: 'INVALID_PRESENTATION' });
    const victim = await ScriptedWallet.create();
    const forged = await postJson(created.exchangeUrl, { verifiablePresentation: await wallet.presentation(vpr.challenge, vpr.domain, victim.did) });
    expect(forged.body).toMatchObject({ status: 400, code: 'INVALID_PRESENTATION' });
    expect(JSON.stringify(forged.body)).toContain('holder');
    // VC 2.0 §4.13 makes holder optional for verifiers; DID Authentication needs one, so the exchange refuses it.
    const anonymous = await postJson(created.exchangeUrl, { verifiablePresentation: await wallet.presentation(vpr.challenge, vpr.domain, null) });
    expect(anonymous.body).toMatchObject({ status: 400, code: 'INVALID_PRESENTATION' });
    expect(anonymous.body.detail).toContain('holder');
    await nothingDelivered();
    expect(((await (await fetch(created.exchangeUrl)).json()) as any).exchange.state).toBe('active');

    // The challenge was not used up by the refusals; the honest wallet still gets through, once.
    expect((await postJson(created.exchangeUrl, { verifiablePresentation: await wallet.presentation(vpr.challenge, vpr.domain) })).status).toBe(200);
  });

  it('accepts the Learner Credential Wallet deep link: a bare presentation for the link challenge, no domain', async () => {
    const { created, credentialId } = await offer();
    const challenge = new URL(created.lcwDeepLink).searchParams.get('challenge')!;
    const wallet = await ScriptedWallet.create();
    const answer = await postJson(created.exchangeUrl, await wallet.presentation(challenge, undefined));
    expect(answer.status).toBe(200);
    expect(answer.body.verifiablePresentation.verifiableCredential[0].credentialSubject.id).toBe(wallet.did);
    expect(await issuer.store.walletDeliveries.listForCredential(credentialId)).toHaveLength(1);
  });

  it('refuses proof JWTs with a stale or unknown nonce, an old iat or another audience; and a missing token', async () => {
    const { token, nothingDelivered } = await offer();
    const { access_token: accessToken, c_nonce: tokenNonce } = (await token()).body;
    const wallet = await ScriptedWallet.create();
    const request = async (jwt: string, bearer: string | undefined = accessToken) =>
      postJson(`${issuer.url}/credential`, { credential_configuration_id: 'OpenBadgeCredential_ldp_vc', proofs: { jwt: [jwt] } }, bearer);

    const unknownNonce = await request(await wallet.proofJwt({ audience: issuer.url, nonce: 'made-up' }));
    expect(unknownNonce).toMatchObject({ status: 400, body: { error: 'invalid_nonce' } });
    const noNonce = await request(await wallet.proofJwt({ audience: issuer.url }));
    expect(noNonce.body.error).toBe('invalid_nonce');
    const { c_nonce: nonce } = (await postJson(`${issuer.url}/nonce`, undefined)).body;
    const oldIat = await request(await wallet.proofJwt({ audience: issuer.url, nonce, issuedAt: Math.floor(Date.now() / 1000) - 3600 }));
    expect(oldIat.body.error).toBe('invalid_proof');
    const elsewhere = await request(await wallet.proofJwt({ audience: 'https://other-issuer.example', nonce }));
    expect(elsewhere.body.error).toBe('invalid_proof');
    const noToken = await request(await wallet.proofJwt({ audience: issuer.url, nonce }), 'not-a-token');
    expect(noToken.status).toBe(401);
    expect(noToken.body.error).toBe('invalid_token');
    expect(noToken.headers.get('www-authenticate')).toContain('invalid_token');
    await nothingDelivered();

    // A nonce used once is stale: the first request succeeds, a replay of its nonce fails.
    expect((await request(await wallet.proofJwt({ audience: issuer.url, nonce: tokenNonce }))).status).toBe(200);
    const replay = await offer();
    const second = (await replay.token()).body.access_token;
    expect((await request(await wallet.proofJwt({ audience: issuer.url, nonce: tokenNonce }), second)).body.error).toBe('invalid_nonce');
    await replay.nothingDelivered();
  });

  it('a batch of exchanges is all or nothing: one revoked credential, and no offer or audit row for the others', async () => {
    const [active, revoked] = [await issuer.issueCredential(), await issuer.issueCredential()];
    expect((await issuer.api('POST', `/v1/credentials/${revoked}/revoke`, {})).status).toBe(200);
    const refused = await issuer.api('POST', '/workflows/claim/exchanges', { credentialIds: [active, revoked] });
    expect(refused.status).toBe(409);
    expect(await issuer.store.walletOffers.listForCredential(active)).toEqual([]);
    const offerRows = await issuer.store.db.selectFrom('auditLog').select('targetId').where('action', '=', 'wallet.offer').where('targetId', 'in', [active, revoked]).execute();
    expect(offerRows).toEqual([]);

    const accepted = await issuer.api('POST', '/workflows/claim/exchanges', { credentialIds: [active] });
    expect(accepted.status).toBe(201);
    expect(await issuer.store.walletOffers.listForCredential(active)).toHaveLength(1);
  });
});
