import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { problem, problemResponse, type RateLimits } from '@laurel/http-kit';
import { LaurelError } from '@laurel/models';
import { isDatabaseUnavailable } from '@laurel/store';
import { getCredential, type IssuanceDeps } from '@laurel/issuance';
import { acceptLanguages, pickLocale, renderClaimPage } from '@laurel/render';
import {
  CLAIM_WORKFLOW, ExchangeError, OAuthError, authorizationServerMetadata, claimPageData, createOffers, credentialIssuerMetadata, exchangePreAuthorizedCode,
  exchangeState, issueNonce, issueToWallet, offerQrCodes, participate, type CreatedOffer,
} from '@laurel/wallet';
import { authenticate, authorize, principalOf, type JwtVerification } from '../auth.js';
import { anyObject, errorResponses, idParam, json, problemSchema, security } from './common.js';

const tags = ['Wallets'];
const NO_STORE = { 'cache-control': 'no-store' };
const PUBLIC_JSON = { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=300' };
const offerOptions = z.strictObject({
  expiresInSeconds: z.number().int().min(60).max(30 * 24 * 3600).optional(),
  txCode: z.boolean().optional().openapi({ description: 'Protect the OpenID4VCI code with a six-digit PIN, returned once as `txCode` for you to send the learner' }),
});
const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" aria-label="Laurel"><circle cx="32" cy="32" r="30" fill="#1f4e3d"/><path d="M32 14c-8 6-12 14-12 22a12 12 0 0 0 24 0c0-8-4-16-12-22z" fill="#e0a100"/></svg>';

/** OID4VCI endpoints answer in OAuth's shape, never as problems (OpenID4VCI 1.0 §6.3, §8.3.1). */
async function oauth(c: Context, work: () => Promise<Record<string, unknown>>): Promise<Response> {
  try {
    return c.json(await work(), 200, NO_STORE);
  } catch (error) {
    const refusal = error instanceof ExchangeError ? new OAuthError('credential_request_denied', 400, error.message) : error;
    if (!(refusal instanceof OAuthError)) throw error;
    const headers: Record<string, string> = { ...NO_STORE, ...(refusal.status === 401 ? { 'www-authenticate': `Bearer error="${refusal.error}"` } : {}) };
    return c.json({ error: refusal.error, error_description: refusal.description }, refusal.status, headers);
  }
}

/** VC-API exchange refusals carry their own status. */
async function exchange(c: Context, work: () => Promise<Record<string, unknown>>): Promise<Response> {
  try {
    return c.json(await work(), 200, NO_STORE);
  } catch (error) {
    if (!(error instanceof ExchangeError)) throw error;
    const issues = Array.isArray(error.details.issues) ? { errors: error.details.issues as { path: string; message: string }[] } : {};
    return problemResponse(c, problem(error.status, error.code, error.message, issues));
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Wallet delivery: offers and exchanges created by the LMS (authenticated),
 * and the public endpoints wallets talk to: VC-API exchanges, OpenID4VCI
 * metadata, token, nonce and credential, and the learner's claim page.
 */
export function registerWalletRoutes(app: OpenAPIHono, deps: IssuanceDeps & { jwt: JwtVerification; rateLimits?: RateLimits }): void {
  const auth = authenticate(deps, deps.jwt, deps.rateLimits);
  app.use('/v1/credentials/:credentialId/offers', auth);
  app.use('/workflows/:workflowId/exchanges', auth);

  /** Every credential is looked up and authorized before any offer is written; then all are written in one transaction. */
  const offersFor = async (c: Context, credentialIds: string[], options: z.infer<typeof offerOptions>): Promise<CreatedOffer[]> => {
    const named: { issuerId: string; credentialId: string }[] = [];
    for (const credentialId of credentialIds) {
      const credential = await getCredential(deps.store, undefined, credentialId);
      authorize(c, 'issue', credential.issuerId);
      named.push({ issuerId: credential.issuerId, credentialId });
    }
    return createOffers(deps, principalOf(c).actor, named, options);
  };

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/credentials/{credentialId}/offers', tags, security, summary: 'A single-use, expiring claim offer with every way to claim it',
      request: { params: idParam('credentialId'), body: { required: false, content: { 'application/json': { schema: offerOptions } } } },
      responses: { 201: json(anyObject, 'Claim page, VC-API exchange, LCW deep link, OpenID4VCI offer and QR codes'), ...errorResponses },
    }),
    async (c) => {
      const options = c.req.header('content-length') === '0' ? {} : (c.req.valid('json') ?? {});
      return c.json((await offersFor(c, [c.req.valid('param').credentialId], options))[0]!, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/workflows/{workflowId}/exchanges', tags, security, summary: 'Create claim exchanges (VC-API) for one credential or a batch',
      request: {
        params: idParam('workflowId'),
        body: { required: true, content: { 'application/json': { schema: offerOptions.extend({ credentialId: z.string().min(1).optional(), credentialIds: z.array(z.string().min(1)).min(1).max(500).optional() }) } } },
      },
      responses: { 201: json(anyObject, 'The exchange (or `exchanges` for a batch)'), ...errorResponses },
    }),
    async (c) => {
      const { workflowId } = c.req.valid('param');
      if (workflowId !== CLAIM_WORKFLOW) throw new LaurelError('NOT_FOUND', `No workflow ${workflowId}; Laurel runs "${CLAIM_WORKFLOW}".`);
      const { credentialId, credentialIds, ...options } = c.req.valid('json');
      if ((credentialId === undefined) === (credentialIds === undefined)) {
        throw new LaurelError('INVALID_INPUT', 'Name exactly one of credentialId or credentialIds.', { issues: [{ path: 'credentialId', message: 'name exactly one of credentialId or credentialIds' }] });
      }
      const offers = await offersFor(c, credentialIds ?? [credentialId!], options);
      // A VC-API exchange is named by its URL; the offer keeps its own id as offerId.
      const exchanges = offers.map(({ id, ...offer }) => ({ ...offer, id: offer.exchangeUrl, offerId: id }));
      if (credentialId !== undefined) return c.json(exchanges[0]!, 201, { location: exchanges[0]!.exchangeUrl });
      return c.json({ exchanges }, 201);
    },
  );

  app.post('/workflows/:workflowId/exchanges/:exchangeId', (c) =>
    exchange(c, async () => {
      const raw = await c.req.text();
      let body: unknown = {};
      try {
        body = raw.trim() === '' ? {} : JSON.parse(raw);
      } catch {
        throw new ExchangeError('MALFORMED_JSON', 400, 'The body is not JSON.');
      }
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ExchangeError('INVALID_INPUT', 400, 'The body must be a JSON object.');
      return participate(deps, c.req.param('workflowId'), c.req.param('exchangeId'), body as Record<string, unknown>);
    }),
  );
  app.get('/workflows/:workflowId/exchanges/:exchangeId', (c) => exchange(c, async () => ({ exchange: await exchangeState(deps, c.req.param('workflowId'), c.req.param('exchangeId')) })));

  app.get('/.well-known/openid-credential-issuer', (c) => c.json(credentialIssuerMetadata(deps), 200, PUBLIC_JSON));
  app.get('/.well-known/oauth-authorization-server', (c) => c.json(authorizationServerMetadata(deps), 200, PUBLIC_JSON));
  app.get('/wallet/logo.svg', (c) => c.body(LOGO, 200, { 'content-type': 'image/svg+xml', ...PUBLIC_JSON }));
  app.post('/nonce', (c) => oauth(c, () => issueNonce(deps)));
  app.post('/token', (c) =>
    oauth(c, async () => {
      if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) throw new OAuthError('invalid_request', 400, 'Send the token request as application/x-www-form-urlencoded.');
      const form = Object.fromEntries(new URLSearchParams(await c.req.text()));
      return exchangePreAuthorizedCode(deps, form);
    }),
  );
  app.post('/credential', (c) =>
    oauth(c, async () => {
      const body: unknown = await c.req.json().catch(() => undefined);
      return issueToWallet(deps, c.req.header('authorization'), body);
    }),
  );

  documentPublicPaths(app);
  app.get('/claim/:token', async (c) => {
    // Any refusal is "not valid"; an outage is not (503: the link may well be valid).
    const data = await claimPageData(deps, c.req.param('token')).catch((error: unknown) => {
      if (isDatabaseUnavailable(error)) throw error;
      return undefined;
    });
    // Browsers get this as a styled page in their language (browser-errors.ts).
    if (!data) throw new LaurelError('NOT_FOUND', 'This claim link is not valid: check that you copied the whole link, or ask your institution for a new one.');
    const document = data.credential.document as { issuer?: { name?: unknown }; credentialSubject?: { name?: unknown; achievement?: { name?: unknown } } };
    const html = renderClaimPage({
      achievementName: text(document.credentialSubject?.achievement?.name) ?? 'Achievement',
      issuerName: text(document.issuer?.name) ?? 'your institution',
      learnerName: text(document.credentialSubject?.name),
      expiresAt: data.offer.expiresAt,
      state: data.offer.state === 'complete' ? 'claimed' : data.expired ? 'expired' : 'open',
      txCodeRequired: data.offer.txCodeRequired,
      links: data.links,
      qr: await offerQrCodes(data.links),
      locale: pickLocale(c.req.query('lang'), ...acceptLanguages(c.req.header('accept-language'))),
    });
    return c.html(html, 200, { ...NO_STORE, 'referrer-policy': 'no-referrer', 'x-robots-tag': 'noindex' });
  });
}

const pathParam = (name: string) => z.string().openapi({ param: { name, in: 'path' } });
const oauthError = { description: 'An OAuth error: `{"error": …, "error_description": …}`', content: { 'application/json': { schema: z.object({ error: z.string(), error_description: z.string().optional() }) } } };
const anyJson = (description: string) => json(anyObject, description);

/** The public wallet endpoints, served by plain handlers above; described so /openapi.json lists every route. */
function documentPublicPaths(app: OpenAPIHono): void {
  const exchangeParams = z.object({ workflowId: pathParam('workflowId'), exchangeId: pathParam('exchangeId') });
  const registry = app.openAPIRegistry;
  registry.registerPath({
    method: 'post', path: '/workflows/{workflowId}/exchanges/{exchangeId}', tags, summary: 'Take part in a claim exchange (VC-API): {} for a DID Authentication request, then the signed presentation',
    request: { params: exchangeParams, body: { required: false, content: { 'application/json': { schema: anyObject } } } },
    responses: { 200: anyJson('`verifiablePresentationRequest`, or `verifiablePresentation` with the credential'), 400: errorResponses[400], 404: errorResponses[404], 409: errorResponses[409], 410: { description: 'The exchange expired', content: errorResponses[404].content } },
  });
  registry.registerPath({ method: 'get', path: '/workflows/{workflowId}/exchanges/{exchangeId}', tags, summary: 'The state of a claim exchange', request: { params: exchangeParams }, responses: { 200: anyJson('`{ exchange: { id, state, expires } }`'), 404: errorResponses[404] } });
  registry.registerPath({ method: 'get', path: '/.well-known/openid-credential-issuer', tags, summary: 'OpenID4VCI Credential Issuer metadata', responses: { 200: anyJson('The metadata') } });
  registry.registerPath({ method: 'get', path: '/.well-known/oauth-authorization-server', tags, summary: 'OAuth authorization server metadata (pre-authorized code grant)', responses: { 200: anyJson('The metadata') } });
  registry.registerPath({ method: 'get', path: '/wallet/logo.svg', tags, summary: 'The logo wallets show', responses: { 200: { description: 'SVG', content: { 'image/svg+xml': { schema: z.string() } } } } });
  registry.registerPath({ method: 'post', path: '/nonce', tags, summary: 'A fresh c_nonce for a proof JWT (OpenID4VCI)', responses: { 200: anyJson('`{ c_nonce }`') } });
  registry.registerPath({
    method: 'post', path: '/token', tags, summary: 'Trade a pre-authorized code (and PIN) for an access token (OpenID4VCI)',
    request: { body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: z.object({ grant_type: z.string(), 'pre-authorized_code': z.string(), tx_code: z.string().optional() }) } } } },
    responses: { 200: anyJson('`{ access_token, token_type, expires_in }`'), 400: oauthError },
  });
  registry.registerPath({
    method: 'post', path: '/credential', tags, summary: 'The credential, signed for the holder of the proof JWT (OpenID4VCI)',
    request: { body: { required: true, content: { 'application/json': { schema: z.object({ credential_configuration_id: z.string(), proofs: z.object({ jwt: z.array(z.string()) }) }) } } } },
    responses: { 200: anyJson('`{ credentials: [{ credential }] }`'), 400: oauthError, 401: oauthError },
  });
  registry.registerPath({ method: 'get', path: '/claim/{token}', tags, summary: 'The learner’s claim page: QR codes, wallet buttons, instructions', request: { params: z.object({ token: pathParam('token') }) }, responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } }, 404: { description: 'Unknown claim link (a page for browsers, else a problem)', content: { 'text/html': { schema: z.string() }, 'application/problem+json': { schema: problemSchema } } } } });
}
