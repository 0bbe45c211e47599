import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { anyObject, problemSchema } from './common.js';

const tags = ['Learner records'];
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });
const param = (name: string) => z.object({ [name]: z.string().openapi({ param: { name, in: 'path' } }) });
const learner = [{ learner: [] }];
const learnerErrors = { 401: problem('Not signed in'), 403: problem('Another learner\'s record'), 404: problem('Not found') };
const page = (description: string) => ({ description, content: { 'text/html': { schema: z.string() }, 'application/json': { schema: anyObject } } });

/** The record routes are plain handlers (they answer HTML too); described here so /openapi.json lists them. */
export function registerRecordPaths(app: OpenAPIHono): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'learner', {
    type: 'http', scheme: 'bearer',
    description: 'A learner token from the LMS (a JWT with issuer_id and lms_user_id), or the session cookie set by /records/sign-in',
  });
  const learnerId = param('learnerId');
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/records/sign-in', tags, summary: 'Sign a learner in (LMS token or single-use link) and go to their record',
    request: { query: z.object({ token: z.string().optional(), link: z.string().optional() }) },
    responses: { 303: { description: 'Signed in: to /records/{learnerId}, with a session cookie' }, 401: problem('Invalid, used or expired') },
  });
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/records/{learnerId}', tags, security: learner, summary: "The learner's own record: credentials and progress (HTML for browsers, else JSON)",
    request: { params: learnerId }, responses: { 200: page('The record'), ...learnerErrors },
  });
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/records/{learnerId}/export.csv', tags, security: learner, summary: 'The record as CSV',
    request: { params: learnerId }, responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...learnerErrors },
  });
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/records/{learnerId}/share-links', tags, security: learner, summary: "The learner's share links (tokens are not shown again)",
    request: { params: learnerId }, responses: { 200: { description: 'Share links', content: { 'application/json': { schema: z.array(anyObject) } } }, ...learnerErrors },
  });
  app.openAPIRegistry.registerPath({
    method: 'post', path: '/records/{learnerId}/share-links', tags, security: learner, summary: 'Share the whole record, or one path (pathId)',
    request: { params: learnerId, body: { required: true, content: { 'application/json': { schema: z.strictObject({ pathId: z.string().optional() }) }, 'application/x-www-form-urlencoded': { schema: z.object({ pathId: z.string().optional() }) } } } },
    responses: { 201: { description: 'The link; its url is shown only now', content: { 'application/json': { schema: anyObject } } }, 200: page('A form post: the record page showing the new link'), ...learnerErrors },
  });
  app.openAPIRegistry.registerPath({
    method: 'delete', path: '/records/{learnerId}/share-links/{linkId}', tags, security: learner, summary: 'Revoke a share link',
    request: { params: learnerId.extend(param('linkId').shape) }, responses: { 204: { description: 'Revoked' }, ...learnerErrors },
  });
  app.openAPIRegistry.registerPath({
    method: 'post', path: '/records/{learnerId}/share-links/{linkId}/revoke', tags, security: learner, summary: 'Revoke a share link (the record page\'s form)',
    request: { params: learnerId.extend(param('linkId').shape), body: { required: false, content: { 'application/json': { schema: z.strictObject({}) }, 'application/x-www-form-urlencoded': { schema: z.object({}) } } } },
    responses: { 303: { description: 'Revoked; back to the record' }, ...learnerErrors },
  });
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/shared/{token}', tags, summary: 'A shared record: only what was shared (HTML for browsers, else JSON)',
    request: { params: param('token') }, responses: { 200: page('The shared record'), 404: problem('Unknown or revoked link') },
  });
}
