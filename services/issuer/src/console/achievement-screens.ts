import type { Context } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { describeRules, type AchievementRules } from '@laurel/criteria';
import { archiveAchievement, dryRunRules, getAchievement, listAchievements, searchAchievements, updateAchievement } from '@laurel/issuance';
import type { Achievement } from '@laurel/store';
import { LaurelError } from '@laurel/models';
import { authorize, authorizeAchievement, reachOf } from '../auth.js';
import { issuesUnder } from '../routes/common.js';
import { previewResponse } from '../routes/certificate-preview.js';
import { cell, csrfField, nextPageLink, page, when, type Markup } from './layout.js';
import { formOf, render, sessionOf, validated, type ConsoleApp, type ConsoleDeps, type ConsoleVariables } from './console-app.js';

const listQuery = z.object({ q: z.string().trim().max(200).optional(), cursor: z.string().max(1024).optional() });
const rulesText = z.string().trim().min(2, 'is required').max(20_000);
const rulesForm = z.object({ rules: rulesText });
const previewQuery = z.object({ format: z.enum(['html', 'pdf', 'png', 'svg']).default('html') });

/** The rules textarea's JSON as an object; a syntax error is a 400 naming the field. */
function parseRules(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new LaurelError('INVALID_INPUT', `The rules are not JSON: ${(error as Error).message}`, { issues: [{ path: 'rules', message: 'is not JSON' }] });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new LaurelError('INVALID_INPUT', 'The rules must be a JSON object.', { issues: [{ path: 'rules', message: 'must be an object' }] });
  return parsed as Record<string, unknown>;
}

/** The live rules as an operator edits them (reportGrade is its own setting). */
function editableRules(achievement: Achievement): string {
  const { reportGrade: _reportGrade, ...rules } = (achievement.rules ?? {}) as Record<string, unknown>;
  return JSON.stringify(rules, null, 2);
}

function rulesEditor(achievement: Achievement, text: string): Markup {
  return html`<form class="stack" method="get" action="/admin/achievements/${achievement.id}/dry-run">
<label>Rules (JSON) <textarea name="rules" rows="10" spellcheck="false">${text}</textarea></label>
<button type="submit">Dry run: who would earn it?</button></form>`;
}

export function registerAchievementScreens(app: ConsoleApp, deps: ConsoleDeps): void {
  const achievementOf = async (c: Context<{ Variables: ConsoleVariables }>, scope: 'read' | 'admin', achievementId: string) => {
    const achievement = await getAchievement(deps, sessionOf(c).issuerId, achievementId);
    const principal = scope === 'admin' ? authorize(c, 'admin', achievement.issuerId) : authorizeAchievement(c, 'read', achievement);
    return { achievement, principal };
  };

  app.get('/admin/achievements', async (c) => {
    const session = sessionOf(c);
    const query = listQuery.parse(c.req.query());
    const issuerId = session.issuerId;
    const ids = await reachOf(c, 'read', issuerId, () => listAchievements(deps, issuerId));
    const found = await searchAchievements(deps, { issuerId, q: query.q || undefined, ids }, { limit: 50, sort: 'name', ...(query.cursor ? { cursor: query.cursor } : {}) });
    return render(
      c,
      page(
        'Achievements',
        session,
        html`<form class="filters" method="get" action="/admin/achievements" role="search">
<label>Name or LMS id <input name="q" type="search" value="${query.q ?? ''}"></label><button type="submit">Search</button></form>
<table><thead><tr><th scope="col">Name</th><th scope="col">LMS id</th><th scope="col">Rules version</th><th scope="col">State</th></tr></thead><tbody>
${found.items.map(
  (achievement) => html`<tr>${cell('Name', html`<a href="/admin/achievements/${achievement.id}">${achievement.name}</a>`)}${cell('LMS id', achievement.externalId)}${cell('Rules version', achievement.rulesVersion)}${cell('State', achievement.archivedAt ? `archived ${when(achievement.archivedAt)}` : 'live')}</tr>`,
)}</tbody></table>
${nextPageLink('/admin/achievements', { q: query.q }, found.nextCursor)}`,
      ),
    );
  });

  app.get('/admin/achievements/:achievementId', async (c) => {
    const session = sessionOf(c);
    const { achievement, principal } = await achievementOf(c, 'read', c.req.param('achievementId'));
    const isAdmin = principal.scopes.has('admin') && principal.limitedTo === null;
    return render(
      c,
      page(
        achievement.name,
        session,
        html`<dl><dt>LMS id</dt><dd>${achievement.externalId}</dd><dt>Kind</dt><dd>${achievement.kind}</dd><dt>Rules version</dt><dd>${achievement.rulesVersion}</dd>
<dt>State</dt><dd>${achievement.archivedAt ? `archived ${when(achievement.archivedAt)}: issues nothing new` : 'live'}</dd></dl>
${principal.limitedTo === null ? previewLinks(achievement) : ''}
<h2>Rules</h2>
<ul>${describeRules(editableRulesObject(achievement)).map((line) => html`<li>${line}</li>`)}</ul>
${rulesEditor(achievement, editableRules(achievement))}
${isAdmin && !achievement.archivedAt
  ? html`<h2>Archive</h2><p>Archiving stops new issuance; credentials already issued stay valid and revocable.</p>
<form method="post" action="/admin/achievements/${achievement.id}/archive">${csrfField(session)}<button type="submit" class="danger">Archive achievement</button></form>`
  : ''}`,
      ),
    );
  });

  app.get('/admin/achievements/:achievementId/dry-run', async (c) => {
    const session = sessionOf(c);
    const { achievement, principal } = await achievementOf(c, 'read', c.req.param('achievementId'));
    const text = rulesText.safeParse(c.req.query('rules')).data ?? editableRules(achievement);
    const result = await issuesUnder('rules', ['INVALID_RULES'], () => dryRunRules(deps, achievement.issuerId, achievement.id, { rules: parseRules(text), sampleSize: 10 }));
    const isAdmin = principal.scopes.has('admin') && principal.limitedTo === null;
    return render(
      c,
      page(
        `Dry run: ${achievement.name}`,
        session,
        html`<p>Nothing was issued or changed. These rules read as:</p>
<ul>${describeRules(result.rules as AchievementRules).map((line) => html`<li>${line}</li>`)}</ul>
<ul class="figures" aria-label="Dry run counts">
<li><strong data-count="wouldEarn">${result.wouldEarn}</strong> would earn it now (of ${result.evaluated} with records)</li>
<li><strong data-count="newlyEarning">${result.newlyEarning}</strong> do not hold it yet</li>
<li><strong data-count="holdersNotMeeting">${result.holdersNotMeeting}</strong> hold it but would not qualify (they keep it)</li></ul>
${result.sample.length > 0 ? html`<h2>Sample</h2><ul>${result.sample.map((learner) => html`<li><a href="/admin/learners/${learner.learnerId}">${learner.name ?? learner.lmsUserId}</a>${learner.holdsCredential ? ' (holds it)' : ''}</li>`)}</ul>` : ''}
${rulesEditor(achievement, text)}
${isAdmin
  ? html`<h2>Save</h2><p>Saving makes these rules version ${achievement.rulesVersion + 1}: they decide evaluations from now on; credentials already issued are untouched.</p>
<form method="post" action="/admin/achievements/${achievement.id}/rules">${csrfField(session)}<input type="hidden" name="rules" value="${text}"><button type="submit">Save these rules</button></form>`
  : ''}
<p><a href="/admin/achievements/${achievement.id}">Back to ${achievement.name}</a></p>`,
      ),
    );
  });

  app.get('/admin/achievements/:achievementId/preview', async (c) => {
    // As the API's preview route: the issuer's readers, not course staff.
    const achievement = await getAchievement(deps, sessionOf(c).issuerId, c.req.param('achievementId'));
    authorize(c, 'read', achievement.issuerId);
    const { format } = validated(previewQuery, c.req.query());
    return previewResponse(c, deps, achievement.issuerId, achievement.id, { format });
  });

  app.post('/admin/achievements/:achievementId/rules', async (c) => {
    const { rules } = await formOf(c, rulesForm);
    const { achievement, principal } = await achievementOf(c, 'admin', c.req.param('achievementId'));
    await issuesUnder('rules', ['INVALID_RULES'], () => updateAchievement(deps, principal.actor, achievement.issuerId, achievement.id, { rules: parseRules(rules) }));
    return c.redirect(`/admin/achievements/${achievement.id}`, 303);
  });

  app.post('/admin/achievements/:achievementId/archive', async (c) => {
    const { achievement, principal } = await achievementOf(c, 'admin', c.req.param('achievementId'));
    await archiveAchievement(deps, principal.actor, achievement.issuerId, achievement.id);
    return c.redirect(`/admin/achievements/${achievement.id}`, 303);
  });
}

function previewLinks(achievement: Achievement): Markup {
  const labels = { html: 'page', pdf: 'PDF', png: 'badge (PNG)', svg: 'badge (SVG)' } as const;
  return html`<h2>Preview</h2>
<p>The certificate as a learner would get it, with sample data (not a credential):
${(['html', 'pdf', 'png', 'svg'] as const).map((format, index) => html`${index > 0 ? ', ' : ''}<a href="/admin/achievements/${achievement.id}/preview?format=${format}">${labels[format]}</a>`)}.</p>`;
}

function editableRulesObject(achievement: Achievement): AchievementRules {
  const { reportGrade: _reportGrade, ...rules } = (achievement.rules ?? {}) as Record<string, unknown>;
  return rules as unknown as AchievementRules;
}
