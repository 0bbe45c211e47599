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
    /** Present when the issuer is in this verifier's registry of known issuers. */
    issuer: z.object({ id: z.string(), name: z.string(), url: z.string().optional() }).optional(),
  })
  .openapi('VerificationResult');

// What a malformed request gets instead of a report (RFC 9457).
const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().optional(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const refused = {
  400: {
    description: 'A check failed or could not be made (a report), or the request is malformed (a problem naming the field)',
    content: { 'application/json': { schema: reportSchema }, 'application/problem+json': { schema: problemSchema } },
  },
  413: { description: 'The body is larger than the service accepts', content: { 'application/problem+json': { schema: problemSchema } } },
  415: { description: 'The body is not JSON', content: { 'application/problem+json': { schema: problemSchema } } },
};

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
    ...refused,
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
    ...refused,
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
