/**
 * A learning platform that launches LTI 1.3 tools, played by a small local
 * server with its own RSA keys: its JWKS, and the OIDC authorization
 * endpoint that answers a tool's authentication request with the form_post
 * of a signed id_token (1EdTech Security Framework 1.0 §5.1.1; LTI Core 1.3
 * §5.1.2). Built with jose, independent of Laurel's verification code.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JSONWebKeySet, type JWK } from 'jose';
import { serveOnLoopback } from './browser.js';

export interface LaunchUser {
  sub: string;
  /** The platform's own login hint for the user (echoed back in the authentication request). */
  loginHint?: string;
  preferredUsername?: string;
  email?: string;
  name?: string;
  contextId?: string;
  contextTitle?: string;
  custom?: Record<string, string>;
  /** Offer Assignment and Grade Services (read scopes) in the launch. */
  ags?: boolean;
}

/** A gradebook column (AGS line item) and the scores in it, per platform user id. */
export interface FakeLineItem {
  label: string;
  tag?: string;
  scoreMaximum: number;
  scores: Record<string, number>;
}

/** What the next id_token gets wrong on purpose. */
export interface Tampering {
  /** Claims to set (or, with value undefined, remove). */
  claims?: Record<string, unknown>;
  /** Signed with a key the platform does not publish, under its published key's kid. */
  foreignKey?: boolean;
}

export interface FakeLtiPlatform {
  /** The platform's issuer (`iss`) and base URL. */
  url: string;
  authUrl: string;
  jwksUrl: string;
  /** A JWKS URL that answers 500. */
  brokenJwksUrl: string;
  deploymentId: string;
  launchAs(user: LaunchUser): void;
  tamperNext(tampering: Tampering | undefined): void;
  /** The authentication requests the platform received, in order. */
  authRequests: Record<string, string>[];
  tokenUrl: string;
  /** The gradebook AGS reads. */
  lineItems: FakeLineItem[];
  /** The service-token requests, with whether the client assertion verified against the tool's JWKS. */
  tokenRequests: { form: Record<string, string>; accepted: boolean }[];
  /** The third-party-initiated login URL the platform opens for a launch of `target`. */
  loginUrl(toolLoginUrl: string, target: string, clientId: string, extra?: Record<string, string>): string;
  close(): Promise<void>;
}

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export async function startFakeLtiPlatform(options: {
  clientIds: string[];
  redirectUris: () => string[];
  /** The tool's public keys, to check its client assertions (what the platform fetches from the tool's JWKS URL). */
  toolJwks?: () => Promise<JSONWebKeySet>;
}): Promise<FakeLtiPlatform> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const deploymentId = 'deployment-1';
  let user: LaunchUser = { sub: 'nobody' };
  let tampering: Tampering | undefined;
  const authRequests: Record<string, string>[] = [];
  const tokenRequests: { form: Record<string, string>; accepted: boolean }[] = [];
  const lineItems: FakeLineItem[] = [];
  const accessTokens = new Set<string>();
  let base = '';

  async function idToken(clientId: string, nonce: string): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      iss: base,
      aud: clientId,
      sub: user.sub,
      nonce,
      iat: now,
      exp: now + 300,
      [`${LTI}message_type`]: 'LtiResourceLinkRequest',
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: deploymentId,
      [`${LTI}target_link_uri`]: options.redirectUris()[0],
      [`${LTI}resource_link`]: { id: 'resource-link-1', title: 'My credentials' },
      [`${LTI}roles`]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
      ...(user.contextId ? { [`${LTI}context`]: { id: user.contextId, label: 'API101', title: user.contextTitle ?? user.contextId } } : {}),
      ...(user.custom ? { [`${LTI}custom`]: user.custom } : {}),
      ...(user.ags
        ? { 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': { scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly', 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly'], lineitems: `${base}/lineitems` } }
        : {}),
      ...(user.preferredUsername ? { preferred_username: user.preferredUsername } : {}),
      ...(user.email ? { email: user.email } : {}),
      ...(user.name ? { name: user.name } : {}),
    };
    const used = tampering;
    tampering = undefined;
    for (const [name, value] of Object.entries(used?.claims ?? {})) {
      if (value === undefined) delete claims[name];
      else claims[name] = value;
    }
    const key: CryptoKey = used?.foreignKey ? foreign.privateKey : privateKey;
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key);
  }

  const app = new Hono();
  app.get('/jwks', (c) => c.json({ keys: [jwk] }));
  app.get('/broken-jwks', (c) => c.json({ error: 'down' }, 500));
  // Service tokens: client credentials with a JWT client assertion signed by the tool (RFC 7523).
  app.post('/token', async (c) => {
    const form = Object.fromEntries(Object.entries(await c.req.parseBody()).map(([name, value]) => [name, String(value)]));
    let accepted = false;
    if (options.toolJwks && form.grant_type === 'client_credentials' && form.client_assertion_type === 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
      try {
        const { payload } = await jwtVerify(form.client_assertion ?? '', createLocalJWKSet(await options.toolJwks()), { audience: `${base}/token`, requiredClaims: ['exp', 'jti'] });
        accepted = payload.iss === payload.sub && options.clientIds.includes(payload.iss ?? '');
      } catch {
        accepted = false;
      }
    }
    tokenRequests.push({ form, accepted });
    if (!accepted) return c.json({ error: 'invalid_client' }, 401);
    const token = randomUUID();
    accessTokens.add(token);
    return c.json({ access_token: token, token_type: 'Bearer', expires_in: 3600, scope: form.scope });
  });
  const authorized = (header: string | undefined) => accessTokens.has(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  app.get('/lineitems', (c) => {
    if (!authorized(c.req.header('authorization'))) return c.json({ error: 'unauthorized' }, 401);
    return c.json(lineItems.map((item, index) => ({ id: `${base}/lineitems/${index}`, label: item.label, ...(item.tag ? { tag: item.tag } : {}), scoreMaximum: item.scoreMaximum })));
  });
  app.get('/lineitems/:index/results', (c) => {
    if (!authorized(c.req.header('authorization'))) return c.json({ error: 'unauthorized' }, 401);
    const item = lineItems[Number(c.req.param('index'))];
    if (!item) return c.json({ error: 'not found' }, 404);
    const wanted = c.req.query('user_id');
    const rows = Object.entries(item.scores).filter(([userId]) => wanted === undefined || userId === wanted);
    return c.json(rows.map(([userId, score]) => ({ id: `${base}/lineitems/${c.req.param('index')}/results/${userId}`, scoreOf: `${base}/lineitems/${c.req.param('index')}`, userId, resultScore: score, resultMaximum: item.scoreMaximum })));
  });
  // The authentication request (a GET redirect from the tool's login step), answered with an auto-submitted form.
  app.get('/auth', async (c) => {
    const query = c.req.query();
    authRequests.push(query);
    const refuse = (error: string) => c.text(`refused: ${error}`, 400);
    if (query.scope !== 'openid' || query.response_type !== 'id_token' || query.response_mode !== 'form_post' || query.prompt !== 'none') return refuse('invalid_request');
    if (!query.client_id || !options.clientIds.includes(query.client_id)) return refuse('unauthorized_client');
    if (!query.redirect_uri || !options.redirectUris().includes(query.redirect_uri)) return refuse('invalid_redirect_uri');
    if (query.login_hint !== (user.loginHint ?? user.sub)) return refuse('login_required');
    if (!query.nonce || !query.state) return refuse('invalid_request');
    const token = await idToken(query.client_id, query.nonce);
    return c.html(`<!doctype html><html lang="en"><head><title>Launching…</title></head><body>
<form method="post" action="${escape(query.redirect_uri)}">
<input type="hidden" name="id_token" value="${escape(token)}">
<input type="hidden" name="state" value="${escape(query.state)}">
<noscript><button type="submit">Continue</button></noscript>
</form>
<script>document.forms[0].submit()</script>
</body></html>`);
  });
  const server = await serveOnLoopback((request) => app.fetch(request));
  base = server.url;
  return {
    url: base,
    authUrl: `${base}/auth`,
    jwksUrl: `${base}/jwks`,
    brokenJwksUrl: `${base}/broken-jwks`,
    deploymentId,
    authRequests,
    tokenUrl: `${base}/token`,
    lineItems,
    tokenRequests,
    launchAs(next) {
      user = next;
    },
    tamperNext(next) {
      tampering = next;
    },
    loginUrl(toolLoginUrl, target, clientId, extra = {}) {
      const url = new URL(toolLoginUrl);
      const params = { iss: base, login_hint: user.loginHint ?? user.sub, target_link_uri: target, client_id: clientId, lti_deployment_id: deploymentId, lti_message_hint: 'resource-link-1', ...extra };
      for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
      return url.href;
    },
    close: () => server.close(),
  };
}

/** The form the platform's answer posts: where to, and its fields. */
export function formPostOf(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form_post in the platform's answer: ${html.slice(0, 200)}`);
  const fields = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((match) => [match[1]!, match[2]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&amp;/g, '&')]));
  return { action: action.replace(/&amp;/g, '&'), fields };
}
