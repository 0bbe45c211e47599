import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { credentialEmails, getAchievement, getCredential, retryCredentialEmails, type IssuanceDeps } from '@laurel/issuance';
import { authorizeAchievement, type AuthVariables } from '../auth.js';
import { errorResponses, idParam, json, security } from './common.js';

const emailDeliverySchema = z
  .object({
    id: z.string(),
    kind: z.enum(['issued', 'reissued', 'revoked']),
    state: z.enum(['pending', 'sent', 'failed', 'cancelled']),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable().openapi({ description: 'When a pending mail is next tried.' }),
    lastError: z.string().nullable().openapi({ description: 'Why the last attempt failed (kept until the next one), or why it was cancelled.' }),
    messageId: z.string().nullable().openapi({ description: 'The Message-ID of the sent mail.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi('EmailDelivery');

/** The delivery log of learner e-mail: GET /v1/credentials/{id}/emails. */
export function registerCredentialEmailRoutes(app: OpenAPIHono<{ Variables: AuthVariables }>, deps: IssuanceDeps): void {
  app.openapi(
    createRoute({
      method: 'get', path: '/v1/credentials/{credentialId}/emails', operationId: 'listCredentialEmails', tags: ['Credentials'], security,
      summary: 'The e-mails owed or sent to the learner about this credential (issued, reissued, revoked), with state and attempts',
      request: { params: idParam('credentialId') },
      responses: { 200: json(z.object({ items: z.array(emailDeliverySchema) }).openapi('EmailDeliveryLog'), 'Mails, oldest first'), ...errorResponses },
    }),
    async (c) => {
      const credential = await getCredential(deps.store, undefined, c.req.valid('param').credentialId);
      authorizeAchievement(c, 'read', await getAchievement(deps, credential.issuerId, credential.achievementId));
      const items = await credentialEmails(deps, credential.issuerId, credential.id);
      return c.json({ items: items.map(({ credentialId: _credentialId, ...mail }) => mail) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/credentials/{credentialId}/emails/retry', operationId: 'retryCredentialEmails', tags: ['Credentials'], security,
      summary: 'Send failed e-mails of this credential again (after fixing SMTP_URL or the learner’s address)',
      description: 'Failed mails go back in the queue, attempts from zero; the mail worker sends them at its next tick. Audited as `email.retry`.',
      request: { params: idParam('credentialId'), body: { required: false, content: { 'application/json': { schema: z.strictObject({}) } } } },
      responses: { 200: json(z.object({ requeued: z.number().int() }), 'How many were requeued'), ...errorResponses },
    }),
    async (c) => {
      const credential = await getCredential(deps.store, undefined, c.req.valid('param').credentialId);
      const principal = authorizeAchievement(c, 'issue', await getAchievement(deps, credential.issuerId, credential.achievementId));
      return c.json(await retryCredentialEmails(deps, principal.actor, credential.issuerId, credential.id), 200);
    },
  );
}
