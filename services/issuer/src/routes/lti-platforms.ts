import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { IssuanceDeps } from '@laurel/issuance';
import { getLtiPlatform, listLtiPlatforms, LTI_LEARNER_CLAIMS, newLtiPlatformSchema, registerLtiPlatform, removeLtiPlatform } from '@laurel/lti';
import { authorize, type AuthVariables } from '../auth.js';
import { errorResponses, idParam, json, security } from './common.js';

const tags = ['LTI 1.3'];

const ltiPlatformSchema = z
  .object({
    id: z.string(),
    issuerId: z.string(),
    name: z.string(),
    platformIssuer: z.string(),
    clientId: z.string(),
    deploymentIds: z.array(z.string()),
    authLoginUrl: z.string(),
    jwksUrl: z.string(),
    accessTokenUrl: z.string().nullable(),
    learnerClaim: z.enum(LTI_LEARNER_CLAIMS),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('LtiPlatform');

/**
 * Registering the learning platforms that launch Laurel as an LTI 1.3 tool.
 * An issuer's admin manages the platforms of its issuer; a global admin all.
 */
export function registerLtiPlatformRoutes(app: OpenAPIHono<{ Variables: AuthVariables }>, deps: IssuanceDeps & { allowHttpPlatforms?: boolean }): void {
  app.openapi(
    createRoute({
      method: 'post', path: '/v1/lti/platforms', operationId: 'registerLtiPlatform', tags, security,
      summary: 'Register a learning platform that may launch Laurel (LTI 1.3)',
      description:
        'The values come from the platform’s tool registration: its issuer, the client id it gave Laurel, the deployment ids, its OIDC authorization endpoint and its JWKS URL. Give the platform Laurel’s login URL (/lti/login), launch URL (/lti/launch) and keys (/lti/jwks.json). 409 when the (issuer, client id) pair is registered already.',
      request: { body: { required: true, content: { 'application/json': { schema: newLtiPlatformSchema } } } },
      responses: { 201: json(ltiPlatformSchema, 'The registered platform'), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const principal = authorize(c, 'admin', body.issuerId);
      return c.json(await registerLtiPlatform({ store: deps.store, ...(deps.allowHttpPlatforms ? { allowHttp: true } : {}) }, principal.actor, body), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/lti/platforms', operationId: 'listLtiPlatforms', tags, security, summary: 'The registered learning platforms, oldest first',
      request: { query: z.object({ issuerId: z.string().min(1).max(128).optional().openapi({ description: "Only this issuer's platforms; an issuer's admin always sees only its own." }) }) },
      responses: { 200: json(z.array(ltiPlatformSchema), 'The platforms'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId } = c.req.valid('query');
      const principal = authorize(c, 'admin', issuerId);
      return c.json(await listLtiPlatforms(deps, principal.issuerId ?? issuerId ?? null), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/lti/platforms/{platformId}', operationId: 'getLtiPlatform', tags, security, summary: 'A registered learning platform',
      request: { params: idParam('platformId') }, responses: { 200: json(ltiPlatformSchema, 'The platform'), ...errorResponses },
    }),
    async (c) => {
      const platform = await getLtiPlatform(deps, c.req.valid('param').platformId);
      authorize(c, 'admin', platform.issuerId);
      return c.json(platform, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete', path: '/v1/lti/platforms/{platformId}', operationId: 'removeLtiPlatform', tags, security,
      summary: 'Remove a learning platform: its launches are refused from now on',
      request: { params: idParam('platformId') }, responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      const platform = await getLtiPlatform(deps, c.req.valid('param').platformId);
      const principal = authorize(c, 'admin', platform.issuerId);
      await removeLtiPlatform(deps, principal.actor, platform);
      return c.body(null, 204);
    },
  );
}
