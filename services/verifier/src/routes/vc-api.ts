import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Verifier } from '../verifier.js';

const checkSchema = z
  .object({
    check: z.string().openapi({ example: 'proof' }),
    status: z.enum(['valid', 'invalid', 'unknown']),
    reason: z.string(),
    code: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('Check');

const reportSchema = z
  .object({
    verified: z.boolean(),
    checks: z.array(checkSchema),
    warnings: z.array(z.string()),
    errors: z.array(checkSchema),
  })
  .openapi('VerificationResult');

const jsonObject = z.record(z.string(), z.unknown());

const verifyCredentialRoute = createRoute({
  method: 'post',
  path: '/credentials/verify',
  summary: 'Verify a credential (VC-API)',
  description:
    'Checks proof, validity dates, status (revocation, suspension), issuer and data model. Answers 200 when every check is valid and 400 with the same body otherwise; a check that could not be made is "unknown", never "valid".',
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ verifiableCredential: jsonObject, options: jsonObject.optional() }) } },
    },
  },
  responses: {
    200: { description: 'Every check is valid', content: { 'application/json': { schema: reportSchema } } },
    400: { description: 'A check failed or could not be made, or the request is malformed', content: { 'application/json': { schema: reportSchema } } },
  },
});

const verifyPresentationRoute = createRoute({
  method: 'post',
  path: '/presentations/verify',
  summary: 'Verify a presentation (VC-API)',
  description: 'Checks the presentation proof against the challenge and domain you issued, that the holder signed it, and every credential inside.',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            verifiablePresentation: jsonObject,
            options: z.object({ challenge: z.string().min(1), domain: z.string().min(1).optional() }).passthrough(),
          }),
        },
      },
    },
  },
  responses: {
    200: { description: 'Valid', content: { 'application/json': { schema: reportSchema } } },
    400: { description: 'Not valid, or malformed request', content: { 'application/json': { schema: reportSchema } } },
  },
});

export function registerVcApiRoutes(app: OpenAPIHono, verifier: Verifier): void {
  app.openapi(verifyCredentialRoute, async (c) => {
    const { verifiableCredential } = c.req.valid('json');
    const { report } = await verifier.verifyCredential(verifiableCredential);
    return c.json(report, report.verified ? 200 : 400);
  });

  app.openapi(verifyPresentationRoute, async (c) => {
    const { verifiablePresentation, options } = c.req.valid('json');
    const { report } = await verifier.verifyPresentation(verifiablePresentation, {
      challenge: options.challenge,
      ...(options.domain ? { domain: options.domain } : {}),
    });
    return c.json(report, report.verified ? 200 : 400);
  });
}
