import { html } from 'hono/html';
import { z } from 'zod';
import { apiTokenFromInput, createApiToken, getApiToken, listApiTokens, newApiTokenSchema, revokeApiToken, TOKEN_SCOPES } from '@laurel/issuance';
import type { ApiToken } from '@laurel/store';
import { authorize } from '../auth.js';
import { authorizeTokenAdmin } from '../routes/admin-tokens.js';
import { cell, csrfField, nextPageLink, page, when, type Markup } from './layout.js';
import { formOf, render, sessionOf, validated, type ConsoleApp, type ConsoleDeps } from './console-app.js';
import type { ConsoleSession } from './session.js';

const listQuery = z.object({ cursor: z.string().max(1024).optional() });
const lines = (text: string | undefined) => (text ?? '').split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
/** The form as posted: scopes are checkboxes, courses one per line. */
const tokenForm = z.object({
  name: z.string(),
  scopes: z.union([z.string(), z.array(z.string())]).optional(),
  courseIds: z.string().optional(),
});

function limitsOf(token: ApiToken): string {
  if (!token.limitedTo) return '';
  return [...token.limitedTo.courseIds, ...token.limitedTo.achievementIds].join(', ');
}

function createForm(session: ConsoleSession): Markup {
  return html`<h2>Create a token</h2>
<form class="stack" method="post" action="/admin/tokens">${csrfField(session)}
<label>Name <input name="name" required maxlength="100"></label>
<fieldset><legend>Scopes (each implies the ones before it)</legend>
${TOKEN_SCOPES.map((scope) => html`<label class="inline"><input type="checkbox" name="scopes" value="${scope}"${scope === 'read' ? ' checked' : ''}> ${scope}</label>`)}
</fieldset>
<label>Course staff: only these LMS course ids, one per line (read and revoke only) <textarea name="courseIds" rows="3"></textarea></label>
<button type="submit">Create token</button></form>`;
}

export function registerTokenScreens(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get('/admin/tokens', async (c) => {
    const session = sessionOf(c);
    authorize(c, 'admin', session.issuerId);
    const query = listQuery.parse(c.req.query());
    const found = await listApiTokens(deps, { issuerId: session.issuerId }, { limit: 100, ...(query.cursor ? { cursor: query.cursor } : {}) });
    return render(
      c,
      page(
        'API tokens',
        session,
        html`<table><caption>Live tokens of this issuer (secrets are never shown again)</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Scopes</th><th scope="col">Limited to</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Revoke</th></tr></thead><tbody>
${found.items.map(
  (token) => html`<tr>${cell('Name', token.name)}${cell('Scopes', token.scopes.join(', '))}${cell('Limited to', limitsOf(token))}${cell('Created', when(token.createdAt))}${cell('Last used', when(token.lastUsedAt))}
${cell('Revoke', html`<form method="post" action="/admin/tokens/${token.id}/revoke">${csrfField(session)}<button type="submit" class="danger" aria-label="Revoke ${token.name}">Revoke</button></form>`)}</tr>`,
)}</tbody></table>
${nextPageLink('/admin/tokens', {}, found.nextCursor)}
${createForm(session)}`,
      ),
    );
  });

  app.post('/admin/tokens', async (c) => {
    const session = sessionOf(c);
    const form = await formOf(c, tokenForm);
    const courseIds = lines(form.courseIds);
    const input = validated(newApiTokenSchema, {
      name: form.name,
      scopes: form.scopes === undefined ? [] : ([] as string[]).concat(form.scopes),
      issuerId: session.issuerId,
      ...(courseIds.length > 0 ? { courseIds } : {}),
    });
    const principal = authorize(c, 'admin', session.issuerId);
    const { token, record } = await createApiToken(deps, principal.actor, apiTokenFromInput(input));
    return render(
      c,
      page(
        'Token created',
        session,
        html`<div class="notice" role="status"><p>Token <strong>${record.name}</strong> (${record.id}), scopes ${record.scopes.join(', ')}.
Copy the secret now: it is shown this once.</p><p class="secret" data-secret>${token}</p></div>
<p><a href="/admin/tokens">Back to the tokens</a></p>`,
      ),
      201,
    );
  });

  app.post('/admin/tokens/:tokenId/revoke', async (c) => {
    const token = await getApiToken(deps, c.req.param('tokenId'));
    const principal = authorizeTokenAdmin(c, token.issuerId);
    await revokeApiToken(deps, principal.actor, token.id);
    return c.redirect('/admin/tokens', 303);
  });
}
