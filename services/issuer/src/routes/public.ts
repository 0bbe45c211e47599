import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { anyObject, idParam, problemSchema } from './common.js';

const tags = ['Public documents'];
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });

/**
 * The unauthenticated documents, served by plain handlers in app.ts and
 * credentials.ts; described here so /openapi.json lists every route.
 */
export function registerPublicPaths(app: OpenAPIHono): void {
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/credentials/{credentialId}', tags, summary: 'A credential at its public URL (its `id`): the signed JSON-LD, or its certificate page',
    description: 'JSON-LD unless the client prefers text/html (browsers), which get the certificate page, verified on each view. Append .json, .pdf (certificate with the credential attached), .png or .svg (badge with the credential baked in) for those forms.',
    request: { params: idParam('credentialId') },
    responses: {
      200: { description: 'The signed credential, or a rendering of it', content: { 'application/ld+json': { schema: anyObject }, 'text/html': { schema: z.string() }, 'application/pdf': { schema: z.string() }, 'image/png': { schema: z.string() }, 'image/svg+xml': { schema: z.string() } } },
      404: problem('No such credential'), 410: problem('Revoked by its issuer'),
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/credentials/{credentialId}/preview.png', tags, summary: 'The certificate\'s link preview image (Open Graph og:image), 1200×630 PNG',
    description: 'The badge beside the learner, achievement, tier, issuer and date, as social sites show a shared certificate link. A picture only: the signed credential is in the .png badge and the .pdf.',
    request: { params: idParam('credentialId') },
    responses: { 200: { description: 'The preview image', content: { 'image/png': { schema: z.string() } } }, 404: problem('No such credential'), 410: problem('Revoked by its issuer') },
  });
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/achievements/{achievementId}', tags, summary: 'An achievement at its id (written into every credential): the OB 3.0 Achievement JSON-LD, or its page',
    description: 'JSON-LD (with `creator`, the issuer\'s Profile) unless the client prefers text/html (browsers), which get the achievement\'s page. Append .json for the JSON-LD as a download.',
    request: { params: idParam('achievementId') },
    responses: { 200: { description: 'The achievement, or its page', content: { 'application/ld+json': { schema: anyObject }, 'text/html': { schema: z.string() } } }, 404: problem('No such achievement') },
  });
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/issuers/{slug}/did.json', tags, summary: 'The DID document of a did:web issuer: every key, revoked ones marked',
    request: { params: z.object({ slug: z.string().openapi({ param: { name: 'slug', in: 'path' } }) }) },
    responses: { 200: { description: 'The DID document', content: { 'application/json': { schema: anyObject } } }, 404: problem('No did:web issuer with that slug') },
  });
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/.well-known/did-configuration.json', tags, summary: 'DIF Well Known DID Configuration: a Domain Linkage Credential for each did:web issuer on this host',
    description: 'Each linked DID is a did:web issuer whose DID names this public host; its credential is signed with the issuer\'s current key, so verifiers can show that the issuer controls this domain.',
    responses: { 200: { description: 'The DID configuration resource (`linked_dids` may be empty)', content: { 'application/json': { schema: anyObject } } } },
  });
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/credentials/{credentialId}/claim', tags, summary: '"Add to wallet": a fresh claim offer for the signed-in owner',
    description: 'Sends the learner who owns the credential (LMS learner token, or the learner-record session cookie) to a new single-use claim page. Anyone else: 401 (not signed in) or 403.',
    request: { params: idParam('credentialId') },
    responses: { 303: { description: 'To the claim page' }, 401: { description: 'Sign in first', content: { 'text/html': { schema: z.string() } } }, 403: problem('Another learner\'s credential'), 404: problem('No such credential') },
  });
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/health', tags, summary: 'Liveness',
    description: 'The laurel-instance header names this process, so the service can tell at start whether its public URL reaches it.',
    responses: { 200: { description: 'The service is up', content: { 'application/json': { schema: z.object({ status: z.literal('ok'), service: z.literal('laurel-issuer') }) } } } },
  });
  const readiness = z.object({
    status: z.enum(['ready', 'unavailable']),
    database: z.enum(['ok', 'unavailable']),
    databaseError: z.string().optional().openapi({ description: 'Why the database check failed, as an error code: DATABASE_UNAVAILABLE when it cannot be reached' }),
    eventBus: z.enum(['consuming', 'off']),
    badgeWorker: z.enum(['on', 'off']),
    statusLists: z
      .object({
        owingPublication: z.number().int().describe('Status lists whose published copy is behind a committed change (normally 0; the publisher catches up within seconds).'),
        oldestChangeSince: z.string().nullable().describe('When the oldest change not yet published was committed.'),
      })
      .optional(),
  });
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/ready', tags, summary: 'Readiness: the database answers; which background workers run here',
    description: 'For load balancers and orchestrators: 503 while the database does not answer. Unlike /health, do not restart on it.',
    responses: {
      200: { description: 'Ready', content: { 'application/json': { schema: readiness } } },
      503: { description: 'The database does not answer (with Retry-After)', content: { 'application/json': { schema: readiness } } },
    },
  });
}
