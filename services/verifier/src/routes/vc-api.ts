import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { requestIdHeaders, requestIdOf } from '@laurel/http-kit';
import type { Verifier } from '../verifier.js';
import { VERDICTS } from '@laurel/trust';

const checkSchema = z
  .object({
    check: z.string().openapi({ example: 'proof' }),
    status: z.enum(['valid', 'invalid', 'unknown']),
    reason: z.string(),
    code: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('Check');

const verdictSchema = z.enum(VERDICTS).openapi('Verdict', {
  description:
    'The overall answer. `trusted`: every check passed and the issuer is recognised by a source this verifier trusts. ' +
    '`unrecognized-issuer`: every check passed (authentic: signed by the DID it names as issuer, unchanged, in date, not revoked), ' +
    'but no source this verifier trusts knows that DID; the issuer name inside the credential is only a claim. ' +
    '`invalid`: a check failed. `indeterminate`: nothing failed, but something could not be checked.',
});

const recognitionSchema = z
  .object({
    checked: z.boolean().describe('False when the issuer was not looked up, because the credential is not shown to be signed by it.'),
    recognized: z.boolean().describe('A configured source (trusted-issuers list, registry, domain linkage) knows the signing DID.'),
    id: z.string().optional().describe('The issuer DID named by the credential.'),
    claimedName: z.string().optional().describe('The name the credential gives its issuer. A claim, never verified: do not show it as a fact.'),
    name: z.string().optional().describe('The recognised name, from the first list or registry naming the DID, else the linked domain. Never taken from the credential.'),
    url: z.string().optional().describe('The issuer URL given by that list or registry.'),
    location: z.string().optional().describe('The issuer location given by that registry.'),
    domains: z.array(z.string()).describe('Domains the DID is shown to control by a valid Domain Linkage Credential (DIF Well Known DID Configuration).'),
    sources: z
      .array(
        z.object({
          type: z.enum(['trusted-issuers', 'registry', 'domain-linkage']),
          name: z.string().describe('The list or registry name, or "the DID configuration of <domain>".'),
          domain: z.string().optional(),
          origin: z.string().optional(),
        }),
      )
      .describe('Every source that recognises the DID.'),
    notes: z.array(z.string()).describe('Sources that could not be consulted (a registry that did not load, a DID configuration that could not be read).'),
  })
  .openapi('IssuerRecognition', { description: 'Who the verifier knows the signing DID to be, apart from what the credential claims.' });

const reportSchema = z
  .object({
    verdict: verdictSchema,
    verified: z.boolean().describe('True when every check is valid (the credential is authentic), whether or not its issuer is recognised.'),
    checks: z.array(checkSchema),
    warnings: z.array(z.string()),
    errors: z.array(checkSchema),
    /** Present when the issuer is in this verifier's registry of known issuers. */
    issuer: z.object({ id: z.string(), name: z.string(), url: z.string().optional() }).optional(),
    recognition: recognitionSchema.optional().describe('For a credential: its issuer as this verifier knows it.'),
    credentials: z
      .array(z.object({ verdict: verdictSchema, recognition: recognitionSchema }))
      .optional()
      .describe("For a presentation: each credential's verdict and issuer, in order. The top-level verdict is the worst of them and the presentation's own checks."),
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
  503: {
    description: 'Every verification worker is busy and the queue is full (WORKERS_SATURATED), or the worker stopped (CRYPTO_WORKER_FAILED): try again after Retry-After seconds',
    headers: z.object({ 'Retry-After': z.string().openapi({ description: 'Seconds to wait before trying again', example: '1' }) }),
    content: { 'application/problem+json': { schema: problemSchema } },
  },
};

const jsonObject = z.record(z.string(), z.unknown());

const verifyCredentialRoute = createRoute({
  method: 'post',
  path: '/credentials/verify',
  summary: 'Verify a credential (VC-API)',
  description:
    'Checks proof, validity dates, status (revocation, suspension), issuer and data model. Answers 200 when every check is valid and 400 with the same body otherwise; a check that could not be made is "unknown", never "valid". A 200 says the credential is authentic, not who issued it: read `verdict`, which is `unrecognized-issuer` when no source this verifier trusts knows the signing DID.',
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
    const { report } = await verifier.verifyCredential(verifiableCredential, { requestHeaders: requestIdHeaders(requestIdOf(c)) });
    return c.json(report, report.verified ? 200 : 400);
  });

  app.openapi(verifyPresentationRoute, async (c) => {
    const { verifiablePresentation, options } = c.req.valid('json');
    const { report } = await verifier.verifyPresentation(verifiablePresentation, {
      challenge: options.challenge,
      ...(options.domain ? { domain: options.domain } : {}),
    }, { requestHeaders: requestIdHeaders(requestIdOf(c)) });
    return c.json(report, report.verified ? 200 : 400);
  });
}
