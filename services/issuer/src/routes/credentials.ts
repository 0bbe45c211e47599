import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  LIFECYCLE_STATES,
  changeCredentialState,
  credentialHistory,
  getAchievement,
  getCredential,
  listAchievements,
  searchCredentials,
  setLifecycleStatus,
  type CredentialAction,
  type IssuanceDeps,
} from '@laurel/issuance';
import { authorizeAchievement, reachOf, type AuthVariables } from '../auth.js';
import { anyObject, errorResponses, idParam, json, security } from './common.js';
import { credentialSummarySchema, historySchema } from './admin-schemas.js';
import { instant, issuerQuery, listedIssuer, pageQuery, pageRequest, pageSchema } from './pages.js';

const tags = ['Credentials'];
const reasonBody = z.strictObject({ reason: z.string().max(500).optional() });
/** Revoking is what course staff may do; suspending is the issuer's. */
export const ACTION_SCOPE = { revoke: 'revoke', suspend: 'issue', unsuspend: 'issue' } as const;
const lifecycleBody = z.strictObject({
  lifecycle: z.enum(LIFECYCLE_STATES as ['active', 'pending', 'expired', 'suspended']).openapi({ description: 'The value verifiers read: 0x0 active (the only valid one), 0x1 pending, 0x2 expired, 0x3 suspended.' }),
  reason: z.string().max(500).optional(),
});
const lifecycleChange = z
  .object({ credentialId: z.string(), lifecycle: z.string(), value: z.number().int(), changed: z.boolean() })
  .openapi('LifecycleChange');

/** The credential, once the caller may act on it with `scope` (a course-staff token: on its courses only). The API and the console both ask here. */
export async function authorizedCredential(deps: IssuanceDeps, c: Parameters<typeof authorizeAchievement>[0], scope: 'read' | 'revoke' | 'issue', credentialId: string) {
  const credential = await getCredential(deps.store, undefined, credentialId);
  const principal = authorizeAchievement(c, scope, await getAchievement(deps, credential.issuerId, credential.achievementId));
  return { credential, principal };
}

export function registerCredentialRoutes(app: OpenAPIHono<{ Variables: AuthVariables }>, deps: IssuanceDeps & { nudgeBadges?: () => void }): void {

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/credentials', operationId: 'searchCredentials', tags, security,
      summary: "Search an issuer's credentials (newest first by default)",
      description: '`q` matches the learner’s name, email or LMS user id (contains, case-insensitive). A course-staff token sees only its courses’ credentials.',
      request: {
        query: pageQuery.extend(issuerQuery.shape).extend({
          q: z.string().max(200).optional(),
          achievementId: z.string().min(1).max(128).optional(),
          learnerId: z.string().min(1).max(128).optional(),
          state: z.enum(['active', 'suspended', 'revoked']).optional(),
          issuedFrom: instant.optional().openapi({ type: 'string', format: 'date-time', description: 'Issued at or after.' }),
          issuedTo: instant.optional().openapi({ type: 'string', format: 'date-time', description: 'Issued at or before.' }),
        }),
      },
      responses: { 200: json(pageSchema(credentialSummarySchema, 'CredentialPage'), 'A page of credentials, without their documents'), ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const issuerId = listedIssuer(c, query.issuerId);
      const achievementIds = await reachOf(c, 'read', issuerId, () => listAchievements(deps, issuerId));
      const { q, achievementId, learnerId, state, issuedFrom, issuedTo } = query;
      return c.json(await searchCredentials(deps, { issuerId, q, achievementId, learnerId, state, issuedFrom, issuedTo, achievementIds }, pageRequest(query)), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/v1/credentials/{credentialId}', operationId: 'getCredential', tags, security, summary: 'A credential with its state and history', request: { params: idParam('credentialId') }, responses: { 200: json(anyObject, 'The credential record'), ...errorResponses } }),
    async (c) => {
      const { credential } = await authorizedCredential(deps, c, 'read', c.req.valid('param').credentialId);
      return c.json(credential, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/credentials/{credentialId}/history', operationId: 'getCredentialHistory', tags, security,
      summary: "A credential's history: issued, offered, claimed, delivered, suspended, revoked, superseded — who and why",
      request: { params: idParam('credentialId') }, responses: { 200: json(historySchema, 'Events, oldest first'), ...errorResponses },
    }),
    async (c) => {
      const { credential } = await authorizedCredential(deps, c, 'read', c.req.valid('param').credentialId);
      return c.json(await credentialHistory(deps, credential.issuerId, credential.id), 200);
    },
  );

  for (const action of ['revoke', 'suspend', 'unsuspend'] as const satisfies readonly CredentialAction[]) {
    app.openapi(
      createRoute({
        method: 'post', path: `/v1/credentials/{credentialId}/${action}`, operationId: `${action}Credential`, tags, security,
        summary: { revoke: 'Revoke a credential (permanent)', suspend: 'Suspend a credential', unsuspend: 'Lift a suspension' }[action],
        request: { params: idParam('credentialId'), body: { required: false, content: { 'application/json': { schema: reasonBody } } } },
        responses: { 200: json(anyObject, 'The credential record'), ...errorResponses },
      }),
      async (c) => {
        const { credentialId } = c.req.valid('param');
        const { credential, principal } = await authorizedCredential(deps, c, ACTION_SCOPE[action], credentialId);
        const body = c.req.header('content-length') === '0' ? {} : (c.req.valid('json') ?? {});
        const changed = await changeCredentialState(deps, principal.actor, credential.issuerId, credentialId, action, body.reason);
        deps.nudgeBadges?.();
        return c.json(changed, 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/credentials/{credentialId}/lifecycle', operationId: 'setCredentialLifecycle', tags, security,
      summary: "Set a credential's lifecycle status (its Bitstring Status List \"message\" entry)",
      description:
        'For credentials issued while their issuer had `lifecycleStatus` on (409 otherwise). Audited; the lifecycle list is republished. Verifiers treat only `active` as valid. Independent of revoke/suspend.',
      request: { params: idParam('credentialId'), body: { required: true, content: { 'application/json': { schema: lifecycleBody } } } },
      responses: { 200: json(lifecycleChange, 'The value now on the list'), ...errorResponses },
    }),
    async (c) => {
      const { credentialId } = c.req.valid('param');
      const { credential, principal } = await authorizedCredential(deps, c, 'issue', credentialId);
      const body = c.req.valid('json');
      return c.json(await setLifecycleStatus(deps, principal.actor, credential.issuerId, credentialId, body.lifecycle, body.reason), 200);
    },
  );
}
