import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { signSuppliedCredential, updateCredentialStatus, type IssuanceDeps } from '@laurel/issuance';
import { tenantOf, type AuthVariables } from '../auth.js';
import { anyObject, errorResponses, json, security } from './common.js';

const tags = ['VC-API'];

export function registerVcApiRoutes(app: OpenAPIHono<{ Variables: AuthVariables }>, deps: IssuanceDeps): void {
  app.openapi(
    createRoute({
      method: 'post', path: '/credentials/issue', tags, security, summary: 'Sign a credential with the issuer’s key (VC-API)',
      description: 'Adds revocation and suspension status entries and signs. `options.issuerId` picks the issuer for tokens that may act for several.',
      request: { body: { required: true, content: { 'application/json': { schema: z.object({ credential: anyObject, options: z.object({ issuerId: z.string().optional() }).passthrough().optional() }) } } } },
      responses: { 201: json(z.object({ verifiableCredential: anyObject }), 'The signed credential'), ...errorResponses },
    }),
    async (c) => {
      const { credential, options } = c.req.valid('json');
      const { issuerId } = tenantOf(c, 'issue', options?.issuerId);
      return c.json({ verifiableCredential: await signSuppliedCredential(deps, issuerId, credential) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/credentials/status', tags, security, summary: 'Revoke, suspend or reinstate a credential (VC-API)',
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                credentialId: z.string().min(1),
                credentialStatus: z.array(z.object({ type: z.string(), status: z.enum(['revoked', 'suspended', 'active']) })).length(1),
                issuerId: z.string().optional(),
              }),
            },
          },
        },
      },
      responses: { 200: json(z.object({ credentialId: z.string(), status: z.string() }), 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const { issuerId } = tenantOf(c, 'issue', body.issuerId);
      const status = body.credentialStatus[0]!.status;
      await updateCredentialStatus(deps, issuerId, body.credentialId, status);
      return c.json({ credentialId: body.credentialId, status }, 200);
    },
  );
}
