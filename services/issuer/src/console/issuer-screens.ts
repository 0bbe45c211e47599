import { html } from 'hono/html';
import { z } from 'zod';
import { archiveIssuer, getIssuer, issuerProfileSchema, updateIssuerProfile } from '@laurel/issuance';
import { authorize } from '../auth.js';
import { csrfField, page } from './layout.js';
import { formOf, render, sessionOf, validated, type ConsoleApp, type ConsoleDeps } from './console-app.js';

/** The text fields an operator edits here; theme and template stay with the API (they are JSON and names). */
const FIELDS = [
  ['name', 'Name', 'text'],
  ['url', 'Web site', 'url'],
  ['email', 'Contact email', 'email'],
  ['imageUrl', 'Logo URL (https: or data:)', 'url'],
  ['locale', 'Language of certificate pages (e.g. fr-CA)', 'text'],
] as const;
const archiveForm = z.object({ confirm: z.literal('yes', { message: 'must be ticked' }) });
const profileForm = z.object({ name: z.string(), url: z.string(), email: z.string(), imageUrl: z.string(), locale: z.string(), description: z.string() });

export function registerIssuerScreens(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get('/admin/issuer', async (c) => {
    const session = sessionOf(c);
    authorize(c, 'admin', session.issuerId);
    const issuer = await getIssuer(deps.store, session.issuerId);
    return render(
      c,
      page(
        'Issuer profile',
        session,
        html`<dl><dt>Slug</dt><dd>${issuer.slug}</dd><dt>DID</dt><dd>${issuer.did}</dd>${issuer.archivedAt ? html`<dt>Archived</dt><dd>${issuer.archivedAt}</dd>` : ''}</dl>
<p>Credentials issued before keep the profile they were signed with. An empty field clears it.</p>
<form class="stack" method="post" action="/admin/issuer">${csrfField(session)}
${FIELDS.map(([name, label, type]) => html`<label>${label} <input name="${name}" type="${type}" value="${issuer[name] ?? ''}"${name === 'name' ? ' required' : ''}></label>`)}
<label>Description <textarea name="description" rows="4">${issuer.description ?? ''}</textarea></label>
<button type="submit">Save profile</button></form>
${issuer.archivedAt
  ? ''
  : html`<h2>Archive the issuer</h2><p>An archived issuer issues nothing new; what it issued stays valid and can still be revoked. There is no undo here.</p>
<form class="stack" method="post" action="/admin/issuer/archive">${csrfField(session)}
<label class="inline"><input type="checkbox" name="confirm" value="yes" required> I understand that this issuer will issue nothing new</label>
<button type="submit" class="danger">Archive issuer</button></form>`}`,
      ),
    );
  });

  app.post('/admin/issuer/archive', async (c) => {
    const session = sessionOf(c);
    await formOf(c, archiveForm);
    const principal = authorize(c, 'admin', session.issuerId);
    await archiveIssuer(deps, principal.actor, session.issuerId);
    return c.redirect('/admin/issuer', 303);
  });

  app.post('/admin/issuer', async (c) => {
    const session = sessionOf(c);
    const form = await formOf(c, profileForm);
    const blank = (value: string) => (value.trim() === '' ? null : value.trim());
    const patch = validated(issuerProfileSchema, {
      name: form.name,
      url: blank(form.url),
      email: blank(form.email),
      imageUrl: blank(form.imageUrl),
      locale: blank(form.locale),
      description: blank(form.description),
    });
    const principal = authorize(c, 'admin', session.issuerId);
    await updateIssuerProfile(deps, principal.actor, session.issuerId, patch);
    return c.redirect('/admin/issuer', 303);
  });
}
