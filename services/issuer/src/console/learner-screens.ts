import { html } from 'hono/html';
import { z } from 'zod';
import { eraseLearner, getLearner, learnerOverview, learnerPatchSchema, listAchievements, searchLearners, updateLearner } from '@laurel/issuance';
import { authorize, reachOf } from '../auth.js';
import { learnerLink } from './credential-screens.js';
import { cell, csrfField, nextPageLink, page, when } from './layout.js';
import { formOf, render, sessionOf, validated, type ConsoleApp, type ConsoleDeps } from './console-app.js';

const searchQuery = z.object({ q: z.string().trim().max(200).optional(), cursor: z.string().max(1024).optional() });
/** The confirmation step: the operator types the learner's LMS id, so an erasure is never one stray click. */
const eraseForm = z.object({ confirm: z.string().trim().min(1, 'is required') });
const nameForm = z.object({ name: z.string() });

export function registerLearnerScreens(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get('/admin/learners', async (c) => {
    const session = sessionOf(c);
    const query = searchQuery.parse(c.req.query());
    const issuerId = session.issuerId;
    const achievementIds = await reachOf(c, 'read', issuerId, () => listAchievements(deps, issuerId));
    const found = await searchLearners(deps, { issuerId, q: query.q || undefined, achievementIds }, { limit: 50, ...(query.cursor ? { cursor: query.cursor } : {}) });
    return render(
      c,
      page(
        'Learners',
        session,
        html`<form class="filters" method="get" action="/admin/learners" role="search">
<label>Name, email, username or LMS id <input name="q" type="search" value="${query.q ?? ''}"></label>
<button type="submit">Search</button></form>
${found.items.length === 0
  ? html`<p>No learners match.</p>`
  : html`<table><thead><tr><th scope="col">Learner</th><th scope="col">Email</th><th scope="col">LMS id</th><th scope="col">Since</th></tr></thead><tbody>
${found.items.map(
  (learner) => html`<tr>${cell('Learner', html`<a href="${learnerLink(c.get('principal'), learner.id)}">${learner.name ?? learner.lmsUserId}</a>`)}${cell('Email', learner.email ?? '')}${cell('LMS id', learner.lmsUserId)}${cell('Since', when(learner.createdAt))}</tr>`,
)}</tbody></table>`}
${nextPageLink('/admin/learners', { q: query.q }, found.nextCursor)}`,
      ),
    );
  });

  app.get('/admin/learners/:learnerId', async (c) => {
    const session = sessionOf(c);
    const learner = await getLearner(deps, undefined, c.req.param('learnerId'));
    const principal = authorize(c, 'read', learner.issuerId);
    const overview = await learnerOverview(deps, learner.issuerId, learner.id);
    return render(
      c,
      page(
        `Learner ${learner.name ?? learner.lmsUserId}`,
        session,
        html`<dl><dt>LMS id</dt><dd>${learner.lmsUserId}</dd><dt>Email</dt><dd>${learner.email ?? ''}</dd><dt>Username</dt><dd>${learner.username ?? ''}</dd>
<dt>Since</dt><dd>${when(learner.createdAt)}</dd>${learner.erasedAt ? html`<dt>Erased</dt><dd>${when(learner.erasedAt)}</dd>` : ''}</dl>
<h2>Credentials</h2>
${overview.credentials.length === 0
  ? html`<p>None.</p>`
  : html`<ul>${overview.credentials.map((credential) => html`<li><a href="/admin/credentials/${credential.id}">${credential.id}</a>: <span class="state-${credential.state}">${credential.state}</span>, issued ${when(credential.issuedAt)}</li>`)}</ul>`}
<h2>Progress</h2>
${overview.progress.length === 0
  ? html`<p>No progress recorded.</p>`
  : html`<ul>${overview.progress.map((entry) => html`<li>${entry.name}: ${entry.earned ? 'earned' : 'not yet'}</li>`)}</ul>`}
<h2>Completion records</h2><p>${overview.completions.length} record(s).</p>
${principal.scopes.has('issue') && !learner.erasedAt
  ? html`<h2>Correct the name</h2><p>Every active credential is issued again with the new name; the old ones are revoked as superseded.</p>
<form class="stack" method="post" action="/admin/learners/${learner.id}/name">${csrfField(session)}
<label>Name <input name="name" required maxlength="255" value="${learner.name ?? ''}"></label><button type="submit">Correct name and re-issue</button></form>`
  : ''}
${principal.scopes.has('admin') && !learner.erasedAt ? html`<h2>Erase personal data</h2><p><a href="/admin/learners/${learner.id}/erase">Erase this learner's personal data…</a></p>` : ''}`,
      ),
    );
  });

  app.post('/admin/learners/:learnerId/name', async (c) => {
    const patch = validated(learnerPatchSchema, { name: (await formOf(c, nameForm)).name });
    const learner = await getLearner(deps, undefined, c.req.param('learnerId'));
    const principal = authorize(c, 'issue', learner.issuerId);
    await updateLearner(deps, principal.actor, learner.issuerId, learner.id, patch);
    deps.nudgeBadges?.();
    return c.redirect(`/admin/learners/${learner.id}`, 303);
  });

  app.get('/admin/learners/:learnerId/erase', async (c) => {
    const session = sessionOf(c);
    const learner = await getLearner(deps, undefined, c.req.param('learnerId'));
    authorize(c, 'admin', learner.issuerId);
    return render(
      c,
      page(
        'Erase personal data',
        session,
        html`<p>This removes ${learner.name ?? learner.lmsUserId}'s name, email, username and LMS id, their completion records, share and sign-in links,
wallet copies, and the personal parts of their stored credentials. Their credentials stay (so they can still be revoked) but their public pages answer 404.
<strong>This cannot be undone.</strong> Badge platforms (Credly, Accredible) are not erased: revoke those credentials first if needed.</p>
<form class="stack" method="post" action="/admin/learners/${learner.id}/erase">${csrfField(session)}
<label>Type the learner's LMS id (${learner.lmsUserId}) to confirm <input name="confirm" required autocomplete="off"></label>
<button type="submit" class="danger">Erase personal data</button></form>`,
      ),
    );
  });

  app.post('/admin/learners/:learnerId/erase', async (c) => {
    const { confirm } = await formOf(c, eraseForm);
    const learner = await getLearner(deps, undefined, c.req.param('learnerId'));
    const principal = authorize(c, 'admin', learner.issuerId);
    if (confirm !== learner.lmsUserId) {
      return render(c, page('Erase personal data', sessionOf(c), html`<p class="notice error" role="alert">The LMS id typed does not match: nothing was erased.</p><p><a href="/admin/learners/${learner.id}/erase">Try again</a></p>`), 400);
    }
    await eraseLearner(deps, principal.actor, learner.issuerId, learner.id);
    return c.redirect(`/admin/learners/${learner.id}`, 303);
  });
}
