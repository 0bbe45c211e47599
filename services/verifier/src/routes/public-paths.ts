import { z, type OpenAPIHono } from '@hono/zod-openapi';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: z.object({ type: z.string(), title: z.string(), status: z.number().int(), code: z.string().optional(), detail: z.string().optional() }) } },
});
const page = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });

/**
 * The routes served by plain handlers (the page, status lists, health),
 * described here so /openapi.json lists every route the verifier answers.
 */
export function registerPublicPaths(app: OpenAPIHono, options: { statusLists: boolean; revocationLists?: boolean }): void {
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/verify',
    tags: ['Verify page'],
    summary: 'The verify page; with ?url=, the credential at that URL verified',
    description:
      'Server-rendered HTML, no script. The URL is fetched through the guarded fetcher (https, public addresses, size and time limits): JSON, a baked PNG/SVG badge, a PDF with the credential attached, or a web page linking to the credential. An answer of 410 Gone is shown as "revoked by the issuer".',
    request: { query: z.object({ url: z.string().optional().openapi({ param: { name: 'url', in: 'query' }, example: 'https://issuer.example/credentials/123' }) }) },
    responses: { 200: page('The form, or the verdict and one line per check'), 400: page('What could not be read or fetched, and the form again') },
  });
  const form = z.object({
    credential: z.string().optional().describe('A credential or presentation, as JSON.'),
    file: z.string().optional().describe('A file: credential or presentation JSON, a baked PNG or SVG badge, or a PDF with the credential attached.'),
    url: z.string().optional().describe('A credential URL, as for GET /verify?url=.'),
  });
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/verify',
    tags: ['Verify page'],
    summary: 'Verify what was pasted, uploaded or named by URL (the page\'s form)',
    description: 'The first of credential, file, url that is not empty is read. A presentation is reported credential by credential; its own proof is not checked (this page issued no challenge). Remote documents one request may fetch are capped (VERIFIER_MAX_REMOTE_FETCHES).',
    request: { body: { content: { 'multipart/form-data': { schema: form }, 'application/x-www-form-urlencoded': { schema: form } } } },
    responses: { 200: page('The verdict, per credential'), 400: page('What could not be read, and why'), 413: problem('The body is larger than the service accepts') },
  });
  if (options.statusLists) {
    app.openAPIRegistry.registerPath({
      method: 'get',
      path: '/status-lists/{id}',
      tags: ['Status lists'],
      summary: 'A status list credential this installation hosts (BitstringStatusListCredential)',
      description: 'ETag and Cache-Control (max-age from the list\'s ttl) let verifiers and wallets poll cheaply; If-None-Match answers 304. CORS is open.',
      request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }), headers: z.object({ 'if-none-match': z.string().optional() }) },
      responses: {
        200: { description: 'The signed list', content: { 'application/vc+ld+json': { schema: z.record(z.string(), z.unknown()) } } },
        304: { description: 'Not modified since the ETag given' },
        404: problem('No such status list'),
        503: problem('The list is being republished after a change; ask again after Retry-After seconds'),
      },
    });
  }
  if (options.revocationLists) {
    const revoked = z.object({ id: z.string().describe('A revoked credential\'s id, as signed.') });
    app.openAPIRegistry.registerPath({
      method: 'get',
      path: '/revocation-lists/{issuerId}',
      tags: ['Status lists'],
      summary: "An issuer's 1EdTech revocation list (the status of its VC 1.1 / Open Badges 3.0 credentials)",
      description:
        'The 1EdTech Revocation List Status Method: the ids of the issuer\'s revoked VC 1.1 credentials, read from the database on each request. `Cache-Control: no-cache` with an ETag: revalidate every time, a 304 when nothing changed. CORS is open.',
      request: { params: z.object({ issuerId: z.string().openapi({ param: { name: 'issuerId', in: 'path' } }) }), headers: z.object({ 'if-none-match': z.string().optional() }) },
      responses: {
        200: {
          description: 'The list',
          content: { 'application/json': { schema: z.object({ id: z.string(), issuer: z.string(), revokedCredentials: z.array(revoked) }) } },
        },
        304: { description: 'Not modified since the ETag given' },
        404: problem('No such issuer'),
      },
    });
  }
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/health',
    tags: ['Operations'],
    summary: 'Liveness',
    description: 'The laurel-instance header names this process, so the service can tell at start whether its public URL reaches it.',
    responses: { 200: { description: 'The service is up', content: { 'application/json': { schema: z.object({ status: z.literal('ok'), service: z.literal('laurel-verifier') }) } } } },
  });
}
