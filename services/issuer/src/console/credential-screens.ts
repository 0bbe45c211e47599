import { html } from 'hono/html';
import { z } from 'zod';
import { changeCredentialState, credentialHistory, credentialUrl, listAchievements, searchCredentials } from '@laurel/issuance';
import { reachOf, type Principal } from '../auth.js';
import { ACTION_SCOPE, authorizedCredential } from '../routes/credentials.js';
import { cell, csrfField, nextPageLink, page, when } from './layout.js';
import { formOf, render, sessionOf, type ConsoleApp, type ConsoleDeps } from './console-app.js';

const STATES = ['active', 'suspended', 'revoked'] as const;
const searchQuery = z.object({
  q: z.string().trim().max(200).optional(),
  state: z.enum(STATES).or(z.literal('')).optional(),
  learnerId: z.string().max(128).optional(),
  cursor: z.string().max(1024).optional(),
});
const actionForm = z.object({ reason: z.string().trim().min(1, 'is required').max(500) });

/** Course staff cannot open a learner's whole overview (the API refuses it too): they get that learner's credentials they may see. */
export function learnerLink(principal: Principal, learnerId: string): string {
  return principal.limitedTo === null ? `/admin/learners/${learnerId}` : `/admin/credentials?learnerId=${encodeURIComponent(learnerId)}`;
}

export function registerCredentialScreens(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get('/admin/credentials', async (c) => {
    const session = sessionOf(c);
    const query = searchQuery.parse(c.req.query());
    const issuerId = session.issuerId;
    const achievements = await listAchievements(deps, issuerId);
    const achievementIds = await reachOf(c, 'read', issuerId, async () => achievements);
    const state = query.state || undefined;
    const found = await searchCredentials(deps, { issuerId, q: query.q || undefined, state, learnerId: query.learnerId || undefined, achievementIds }, { limit: 50, ...(query.cursor ? { cursor: query.cursor } : {}) });
    const names = new Map(achievements.map((achievement) => [achievement.id, achievement.name]));
    return render(
      c,
      page(
        'Credentials',
        session,
        html`<form class="filters" method="get" action="/admin/credentials" role="search">
<label>Learner name, email or LMS id <input name="q" type="search" value="${query.q ?? ''}"></label>
<label>State <select name="state"><option value="">any</option>${STATES.map((value) => html`<option value="${value}"${state === value ? ' selected' : ''}>${value}</option>`)}</select></label>
${query.learnerId ? html`<input type="hidden" name="learnerId" value="${query.learnerId}">` : ''}<button type="submit">Search</button></form>
${found.items.length === 0
  ? html`<p>No credentials match.</p>`
  : html`<table><caption>${found.items.length} credential(s)${found.nextCursor ? ' on this page' : ''}</caption>
<thead><tr><th scope="col">Learner</th><th scope="col">Achievement</th><th scope="col">State</th><th scope="col">Issued</th></tr></thead><tbody>
${found.items.map(
  (item) => html`<tr>${cell('Learner', html`<a href="/admin/credentials/${item.id}">${item.learner.name ?? item.learner.lmsUserId}</a><br>${item.learner.email ?? ''}`)}
${cell('Achievement', names.get(item.achievementId) ?? item.achievementId)}${cell('State', html`<span class="state-${item.state}">${item.state}</span>`)}${cell('Issued', when(item.issuedAt))}</tr>`,
)}</tbody></table>`}
${nextPageLink('/admin/credentials', { q: query.q, state, learnerId: query.learnerId }, found.nextCursor)}`,
      ),
    );
  });

  app.get('/admin/credentials/:credentialId', async (c) => {
    const session = sessionOf(c);
    const { credential, principal } = await authorizedCredential(deps, c, 'read', c.req.param('credentialId'));
    const history = await credentialHistory(deps, credential.issuerId, credential.id);
    const may = (scope: 'revoke' | 'issue') => principal.scopes.has(scope);
    const actionFormFor = (action: 'revoke' | 'suspend' | 'unsuspend', label: string, danger: boolean) =>
      html`<form class="stack" method="post" action="/admin/credentials/${credential.id}/${action}">${csrfField(session)}
<label>Reason <input name="reason" required maxlength="500"></label>
<button type="submit"${danger ? ' class="danger"' : ''}>${label}</button></form>`;
    return render(
      c,
      page(
        `Credential ${credential.id}`,
        session,
        html`<dl><dt>State</dt><dd><span class="state-${credential.state}">${credential.state}</span>${credential.stateReason ? ` (${credential.stateReason})` : ''}</dd>
<dt>Issued</dt><dd>${when(credential.issuedAt)}</dd><dt>Rules version</dt><dd>${credential.rulesVersion ?? 'none'}</dd>
<dt>Learner</dt><dd><a href="${learnerLink(principal, credential.learnerId)}">${credential.learnerId}</a></dd>
<dt>Public page</dt><dd><a href="${credentialUrl(deps.urls, credential.id)}">${credentialUrl(deps.urls, credential.id)}</a></dd></dl>
<h2>History</h2>
<table><thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Who</th><th scope="col">Why</th></tr></thead><tbody>
${history.events.map((event) => html`<tr>${cell('When', when(event.at))}${cell('Event', event.event)}${cell('Who', event.actor ?? '')}${cell('Why', event.reason ?? '')}</tr>`)}
</tbody></table>
${credential.state !== 'revoked' && may('revoke') ? html`<h2>Revoke</h2><p>Revocation is permanent: verifiers will report this credential revoked.</p>${actionFormFor('revoke', 'Revoke credential', true)}` : ''}
${credential.state === 'active' && may('issue') ? html`<h2>Suspend</h2>${actionFormFor('suspend', 'Suspend credential', false)}` : ''}
${credential.state === 'suspended' && may('issue') ? html`<h2>Lift the suspension</h2>${actionFormFor('unsuspend', 'Lift suspension', false)}` : ''}`,
      ),
    );
  });

  for (const action of ['revoke', 'suspend', 'unsuspend'] as const) {
    app.post(`/admin/credentials/:credentialId/${action}`, async (c) => {
      const { reason } = await formOf(c, actionForm);
      const { credential, principal } = await authorizedCredential(deps, c, ACTION_SCOPE[action], c.req.param('credentialId'));
      await changeCredentialState(deps, principal.actor, credential.issuerId, credential.id, action, reason);
      deps.nudgeBadges?.();
      return c.redirect(`/admin/credentials/${credential.id}`, 303);
    });
  }
}
