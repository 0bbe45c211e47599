import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { changeCredentialState, getCredential, type CredentialAction, type IssuanceDeps } from '@laurel/issuance';
import { authorize, type AuthVariables } from '../auth.js';
import { anyObject, errorResponses, idParam, json, security } from './common.js';

const tags = ['Credentials'];
const reasonBody = z.strictObject({ reason: z.string().max(500).optional() });

export function registerCredentialRoutes(app: OpenAPIHono<{ Variables: AuthVariables }>, deps: IssuanceDeps & { nudgeBadges?: () => void }): void {
  app.openapi(
    createRoute({ method: 'get', path: '/v1/credentials/{credentialId}', tags, security, summary: 'A credential with its state and history', request: { params: idParam('credentialId') }, responses: { 200: json(anyObject, 'The credential record'), ...errorResponses } }),
    async (c) => {
      const { credentialId } = c.req.valid('param');
      const credential = await getCredential(deps.store, undefined, credentialId);
      authorize(c, 'read', credential.issuerId);
      return c.json(credential, 200);
    },
  );

  for (const action of ['revoke', 'suspend', 'unsuspend'] as const satisfies readonly CredentialAction[]) {
    app.openapi(
      createRoute({
        method: 'post', path: `/v1/credentials/{credentialId}/${action}`, tags, security,
        summary: { revoke: 'Revoke a credential (permanent)', suspend: 'Suspend a credential', unsuspend: 'Lift a suspension' }[action],
        request: { params: idParam('credentialId'), body: { required: false, content: { 'application/json': { schema: reasonBody } } } },
        responses: { 200: json(anyObject, 'The credential record'), ...errorResponses },
      }),
      async (c) => {
        const { credentialId } = c.req.valid('param');
        const credential = await getCredential(deps.store, undefined, credentialId);
        const principal = authorize(c, 'issue', credential.issuerId);
        const body = c.req.header('content-length') === '0' ? {} : (c.req.valid('json') ?? {});
        const changed = await changeCredentialState(deps, principal.actor, credential.issuerId, credentialId, action, body.reason);
        deps.nudgeBadges?.();
        return c.json(changed, 200);
      },
    );
  }
}
