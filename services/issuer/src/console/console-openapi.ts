import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { idParam } from '../routes/common.js';

const tags = ['Admin console'];
const security = [{ consoleSession: [] }];
const page = { description: 'A console page', content: { 'text/html': { schema: z.string() } } };
const redirect = { description: 'Done: on to the page that shows it (or to sign-in without a session)' };
const refused = { description: 'A page saying what was wrong (bad input, not allowed, stale form)', content: { 'text/html': { schema: z.string() } } };
const csrf = z.string().openapi({ description: "The session's synchronizer token (every console form carries it)." });
const form = (shape: Record<string, z.ZodType>) => ({ required: true, content: { 'application/x-www-form-urlencoded': { schema: z.object({ ...shape, _csrf: csrf }) } } });
const reason = form({ reason: z.string().min(1).max(500) });

type Route = { method: 'get' | 'post'; path: string; summary: string; params?: string[]; body?: ReturnType<typeof form> | { required: true; content: Record<string, { schema: z.ZodType }> } };

const ROUTES: Route[] = [
  { method: 'get', path: '/admin', summary: 'Dashboard: issued today and this week, failed badge deliveries' },
  { method: 'post', path: '/admin/sign-out', summary: 'Sign out (deletes the session cookie)', body: form({}) },
  { method: 'get', path: '/admin/credentials', summary: 'Search credentials by learner name, email or LMS id, and state' },
  { method: 'get', path: '/admin/credentials/{credentialId}', summary: "A credential's state and history, with revoke and suspend forms", params: ['credentialId'] },
  ...(['revoke', 'suspend', 'unsuspend'] as const).map((action): Route => ({ method: 'post', path: `/admin/credentials/{credentialId}/${action}`, summary: `${action[0]!.toUpperCase()}${action.slice(1)} a credential, with a reason`, params: ['credentialId'], body: reason })),
  { method: 'get', path: '/admin/learners', summary: 'Search learners' },
  { method: 'get', path: '/admin/learners/{learnerId}', summary: "A learner's credentials, progress and completion records", params: ['learnerId'] },
  { method: 'post', path: '/admin/learners/{learnerId}/name', summary: "Correct a learner's name: their active credentials are re-issued", params: ['learnerId'], body: form({ name: z.string() }) },
  { method: 'get', path: '/admin/learners/{learnerId}/erase', summary: 'Erasure: the confirmation step', params: ['learnerId'] },
  { method: 'post', path: '/admin/learners/{learnerId}/erase', summary: "Erase a learner's personal data (confirm: their LMS id)", params: ['learnerId'], body: form({ confirm: z.string() }) },
  { method: 'get', path: '/admin/achievements', summary: 'Search achievements' },
  { method: 'get', path: '/admin/achievements/{achievementId}', summary: 'An achievement: rules in plain language and as JSON', params: ['achievementId'] },
  { method: 'get', path: '/admin/achievements/{achievementId}/dry-run', summary: 'Dry run of candidate rules (`rules` query: JSON); reads only', params: ['achievementId'] },
  { method: 'get', path: '/admin/achievements/{achievementId}/preview', summary: 'Certificate preview with sample data (`format`: html, pdf, png, svg)', params: ['achievementId'] },
  { method: 'post', path: '/admin/achievements/{achievementId}/rules', summary: 'Save rules as the next rules version', params: ['achievementId'], body: form({ rules: z.string().openapi({ description: 'JSON' }) }) },
  { method: 'post', path: '/admin/achievements/{achievementId}/archive', summary: 'Archive an achievement', params: ['achievementId'], body: form({}) },
  { method: 'get', path: '/admin/imports', summary: 'The CSV import form and the manual award form' },
  { method: 'post', path: '/admin/imports', summary: 'Import awards from an uploaded CSV; answers the per-row report', body: { required: true, content: { 'multipart/form-data': { schema: z.object({ file: z.string().openapi({ format: 'binary' }), _csrf: csrf }) } } } },
  { method: 'post', path: '/admin/awards', summary: 'Award an achievement to one learner without a completion record, with a reason', body: form({ achievement: z.string(), lmsUserId: z.string(), name: z.string(), email: z.string(), reason: z.string() }) },
  { method: 'get', path: '/admin/tokens', summary: "The issuer's live API tokens" },
  { method: 'post', path: '/admin/tokens', summary: 'Create an API token: the secret is shown on this page once', body: form({ name: z.string(), scopes: z.array(z.string()), courseIds: z.string().optional().openapi({ description: 'One LMS course id per line' }) }) },
  { method: 'post', path: '/admin/tokens/{tokenId}/revoke', summary: 'Revoke an API token', params: ['tokenId'], body: form({}) },
  { method: 'get', path: '/admin/audit-log', summary: 'The audit log, filtered by actor, action, target and dates' },
  { method: 'post', path: '/admin/issuer/archive', summary: 'Archive the issuer (confirm: yes): it issues nothing new', body: form({ confirm: z.literal('yes') }) },
  { method: 'get', path: '/admin/issuer', summary: "The issuer's profile and its edit form" },
  { method: 'post', path: '/admin/issuer', summary: "Update the issuer's name, web site, email, logo, language and description (empty clears)", body: form({ name: z.string(), url: z.string(), email: z.string(), imageUrl: z.string(), locale: z.string(), description: z.string() }) },
];

/**
 * The console's pages in /openapi.json, so the document lists every route
 * the service answers. They are pages for people, signed in with the
 * session cookie, not an API: scripts use the /v1 routes instead.
 */
export function documentConsole(app: OpenAPIHono): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'consoleSession', { type: 'apiKey', in: 'cookie', name: 'laurel_admin', description: 'The admin console session, from POST /admin/sign-in' });
  app.openAPIRegistry.registerPath({ method: 'get', path: '/admin/sign-in', tags, security: [], summary: 'The console sign-in form', responses: { 200: page } });
  app.openAPIRegistry.registerPath({
    method: 'post', path: '/admin/sign-in', tags, security: [], summary: 'Exchange an API token for a console session cookie',
    request: { body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: z.object({ token: z.string(), issuer: z.string().optional().openapi({ description: 'Id or slug; only for a token of every issuer' }) }) } } } },
    responses: { 303: redirect, 400: refused, 401: refused, 403: refused },
  });
  for (const route of ROUTES) {
    const params = (route.params ?? []).reduce((shape, name) => shape.extend(idParam(name).shape), z.object({}));
    app.openAPIRegistry.registerPath({
      method: route.method, path: route.path, tags, security, summary: route.summary,
      request: { ...(route.params ? { params } : {}), ...(route.body ? { body: route.body } : {}) },
      responses: route.method === 'get' ? { 200: page, 303: redirect, 400: refused, 403: refused, 404: refused } : { 200: page, 201: page, 303: redirect, 400: refused, 401: refused, 403: refused, 404: refused, 409: refused },
    });
  }
}
