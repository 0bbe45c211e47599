import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { apiTokenFromInput, createApiToken, getApiToken, listApiTokens, newApiTokenSchema, revokeApiToken, type IssuanceDeps } from '@laurel/issuance';
import { authorize, forbidden, type AuthVariables } from '../auth.js';
import { errorResponses, idParam, json, security } from './common.js';
import { apiTokenSchema, createdTokenSchema } from './admin-schemas.js';
import { pageQuery, pageRequest, pageSchema } from './pages.js';

const tags = ['API tokens'];

export function registerTokenRoutes(app: OpenAPIHono<{ Variables: AuthVariables }>, deps: IssuanceDeps): void {
  app.openapi(
    createRoute({
      method: 'post', path: '/v1/tokens', operationId: 'createApiToken', tags, security,
      summary: 'Create an API token (the secret is in this answer only)',
      description:
        'Scopes: read < revoke < issue < admin, each implying the ones before. A token for every issuer (no `issuerId`) needs a global admin. `courseIds` / `achievementIds` make a course-staff token: one issuer, scopes read and revoke only, reaching only those courses’ and achievements’ credentials.',
      request: { body: { required: true, content: { 'application/json': { schema: newApiTokenSchema } } } },
      responses: { 201: json(createdTokenSchema, 'The token record and its secret'), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      // An issuer's admin makes tokens of its own issuer without naming it.
      const input = apiTokenFromInput({ ...body, ...(body.issuerId === undefined && c.get('principal').issuerId ? { issuerId: c.get('principal').issuerId! } : {}) });
      const principal = authorize(c, 'admin', input.issuerId ?? undefined);
      if (input.issuerId === null && principal.issuerId !== null) throw forbidden('Only a global admin token can create a token for every issuer.');
      const { token, record } = await createApiToken(deps, principal.actor, input);
      return c.json({ ...record, token }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/tokens', operationId: 'listApiTokens', tags, security, summary: 'List API tokens (never their secrets), oldest first',
      request: {
        query: pageQuery.extend({
          issuerId: z.string().min(1).max(128).optional().openapi({ description: "Only this issuer's tokens; an issuer's admin always sees only its own." }),
          includeRevoked: z.enum(['true', 'false']).optional().openapi({ description: 'Include revoked tokens (default false).' }),
        }),
      },
      responses: { 200: json(pageSchema(apiTokenSchema, 'ApiTokenPage'), 'A page of tokens'), ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const principal = authorize(c, 'admin', query.issuerId);
      const issuerId = principal.issuerId ?? query.issuerId ?? null;
      return c.json(await listApiTokens(deps, { issuerId, includeRevoked: query.includeRevoked === 'true' }, pageRequest(query)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/tokens/{tokenId}', operationId: 'getApiToken', tags, security, summary: 'An API token (never its secret)',
      request: { params: idParam('tokenId') }, responses: { 200: json(apiTokenSchema, 'The token record'), ...errorResponses },
    }),
    async (c) => {
      const token = await getApiToken(deps, c.req.valid('param').tokenId);
      authorizeTokenAdmin(c, token.issuerId);
      return c.json(token, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/tokens/{tokenId}/revoke', operationId: 'revokeApiToken', tags, security,
      summary: 'Revoke an API token (at once, for good)', description: 'Revoking a revoked token answers it unchanged.',
      request: { params: idParam('tokenId') }, responses: { 200: json(apiTokenSchema, 'The revoked token'), ...errorResponses },
    }),
    async (c) => {
      const { tokenId } = c.req.valid('param');
      const token = await getApiToken(deps, tokenId);
      const principal = authorizeTokenAdmin(c, token.issuerId);
      return c.json(await revokeApiToken(deps, principal.actor, tokenId), 200);
    },
  );
}

/** A token of one issuer is managed by that issuer's admins; a token of every issuer by global admins only. The console asks here too. */
export function authorizeTokenAdmin(c: Parameters<typeof authorize>[0], tokenIssuerId: string | null) {
  const principal = authorize(c, 'admin', tokenIssuerId ?? undefined);
  if (tokenIssuerId === null && principal.issuerId !== null) throw forbidden('Only a global admin token manages tokens of every issuer.');
  return principal;
}
