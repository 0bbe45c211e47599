import { CREDENTIAL_CONFIGURATION_ID, MAX_TX_CODE_FAILURES, PRE_AUTHORIZED_GRANT, WALLET_TTL, type WalletDeps } from './deps.js';
import { OAuthError } from './errors.js';
import { deliverToHolder } from './holder-binding.js';
import { checkProofJwt } from './proof-jwt.js';
import { randomSecret } from './secrets.js';
import { credentialIssuerId } from './urls.js';

/** `POST /nonce` (OpenID4VCI 1.0 §7): a fresh single-use `c_nonce`. */
export async function issueNonce(deps: WalletDeps): Promise<{ c_nonce: string; c_nonce_expires_in: number }> {
  const nonce = randomSecret();
  await deps.store.walletNonces.add('nonce', nonce, null, new Date(deps.now().getTime() + WALLET_TTL.nonce));
  return { c_nonce: nonce, c_nonce_expires_in: WALLET_TTL.nonce / 1000 };
}

/**
 * `POST /token` with the pre-authorized code grant (OpenID4VCI 1.0 §6):
 * the code, and the PIN when the offer has one, for a short-lived access
 * token. The code works once. A `c_nonce` comes along for wallets written
 * against drafts that expected one here.
 */
export async function exchangePreAuthorizedCode(deps: WalletDeps, form: Record<string, string | undefined>): Promise<Record<string, unknown>> {
  if (form.grant_type !== PRE_AUTHORIZED_GRANT) throw new OAuthError('unsupported_grant_type', 400, `Only the ${PRE_AUTHORIZED_GRANT} grant is supported.`);
  const code = form['pre-authorized_code'];
  if (!code) throw new OAuthError('invalid_request', 400, 'pre-authorized_code is missing.');
  const txCode = form.tx_code || undefined;
  const offer = await deps.store.walletOffers.findByPreAuthorizedCode(code);
  if (offer?.txCodeRequired && txCode === undefined) throw new OAuthError('invalid_request', 400, 'This offer needs the transaction code (tx_code) sent to the learner.');
  if (offer && !offer.txCodeRequired && txCode !== undefined) throw new OAuthError('invalid_request', 400, 'This offer has no transaction code; leave tx_code out.');
  const now = deps.now();
  const accessToken = randomSecret();
  const redeemed = await deps.store.walletOffers.redeemCode(code, txCode, accessToken, new Date(now.getTime() + WALLET_TTL.accessToken), now, MAX_TX_CODE_FAILURES);
  if (!redeemed.ok) {
    const why = { unknown: 'The pre-authorized code is unknown.', used: 'The pre-authorized code was already used.', expired: 'The offer has expired.', tx_code: 'The transaction code is wrong.' }[redeemed.reason];
    throw new OAuthError('invalid_grant', 400, why);
  }
  const nonce = await issueNonce(deps);
  return { access_token: accessToken, token_type: 'Bearer', expires_in: WALLET_TTL.accessToken / 1000, ...nonce };
}

interface CredentialRequest {
  credential_configuration_id?: unknown;
  credential_identifier?: unknown;
  format?: unknown;
  proof?: { proof_type?: unknown; jwt?: unknown };
  proofs?: { jwt?: unknown };
}

/** The one proof JWT of a request: `proofs.jwt[0]` (1.0) or `proof.jwt` (earlier drafts). */
function proofJwtOf(request: CredentialRequest): string {
  if (request.proofs !== undefined && request.proof !== undefined) throw new OAuthError('invalid_credential_request', 400, 'Send either proofs or proof, not both.');
  const jwts = request.proofs !== undefined ? request.proofs.jwt : request.proof?.proof_type === 'jwt' ? [request.proof.jwt] : undefined;
  if (!Array.isArray(jwts) || jwts.length === 0) throw new OAuthError('invalid_proof', 400, 'A proof of possession (proofs.jwt) is required.');
  if (jwts.length > 1) throw new OAuthError('invalid_credential_request', 400, 'Batch issuance is not supported: send one proof.');
  if (typeof jwts[0] !== 'string') throw new OAuthError('invalid_proof', 400, 'proofs.jwt must hold a JWT string.');
  return jwts[0];
}

/**
 * `POST /credential` (OpenID4VCI 1.0 §8): the access token names the offer,
 * the proof JWT names the holder and carries a nonce we issued (used up
 * here). The credential comes back signed for the holder.
 */
export async function issueToWallet(deps: WalletDeps, authorization: string | undefined, body: unknown): Promise<{ credentials: { credential: Record<string, unknown> }[] }> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  const now = deps.now();
  const offer = token ? await deps.store.walletOffers.findByAccessToken(token, now) : undefined;
  if (!offer) throw new OAuthError('invalid_token', 401, 'The access token is missing, unknown or expired.');
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new OAuthError('invalid_credential_request', 400, 'The request body must be a JSON object.');
  const request = body as CredentialRequest;
  if (request.credential_identifier !== undefined) throw new OAuthError('invalid_credential_request', 400, 'credential_identifier is not used here: name the credential_configuration_id.');
  const configuration = request.credential_configuration_id;
  if (configuration === undefined ? request.format !== 'ldp_vc' : configuration !== CREDENTIAL_CONFIGURATION_ID) {
    throw new OAuthError('unknown_credential_configuration', 400, `Request credential_configuration_id "${CREDENTIAL_CONFIGURATION_ID}".`);
  }
  const { holder, nonce } = await checkProofJwt(proofJwtOf(request), credentialIssuerId(deps), now);
  const credential = await deps.store.transaction(async (tx) => {
    if (!(await tx.walletNonces.consume('nonce', nonce, null, now))) throw new OAuthError('invalid_nonce', 400, 'The nonce is unknown, expired or already used; get a fresh one from the nonce endpoint.');
    return deliverToHolder(deps, tx, offer.id, holder, 'oid4vci');
  });
  if (!credential) throw new OAuthError('credential_request_denied', 400, 'The offer was already claimed or has expired.');
  return { credentials: [{ credential }] };
}
