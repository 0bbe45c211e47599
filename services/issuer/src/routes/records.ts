import type { Context } from 'hono';
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { createShareLink, learnerRecord, listShareLinks, revokeShareLink, sharedRecord, useSignInLink, type IssuanceDeps, type LearnerRecord } from '@laurel/issuance';
import { formatPath, LaurelError } from '@laurel/models';
import { acceptLanguages, achievementTranslation, messages, pickLocale, recordCsv, renderRecordPage, type Locale, type RecordData } from '@laurel/render';
import type { Learner } from '@laurel/store';
import type { LearnerSessions } from '../learner-session.js';
import { registerRecordPaths } from './record-paths.js';
import { isReturnPath } from './browser-errors.js';
import { PAGE_HEADERS, prefersHtml } from './negotiate.js';

const shareBody = z.strictObject({ pathId: z.string().max(128).optional() });

/** One requirement line with its parts, so the page words it in the reader's language. */
function requirementData({ description, met, kind, required, current, assignmentType, courseId, requirements: nested }: LearnerRecord['progress'][number]['requirements'][number], courseNames: Record<string, string> = {}) {
  return {
    description, met, kind, required, current,
    ...(assignmentType !== undefined ? { assignmentType } : {}),
    // Shown to people: the course's name where the catalog or an achievement knows it, not its key.
    ...(courseId !== undefined ? { courseId: courseNames[courseId] ?? courseId } : {}),
    ...(nested !== undefined ? { total: nested.length } : {}),
  };
}

/** What the page and CSV show; achievement names in the reader's language where the issuer translated them. */
export function recordData(record: LearnerRecord, locale: Locale = 'en'): RecordData {
  const named = (name: string, translations: unknown) => achievementTranslation(translations, locale).name ?? name;
  return {
    learnerName: record.learnerName,
    issuerName: record.issuerName,
    credentials: record.credentials.map(({ credentialId: _id, translations, achievementName, ...credential }) => ({ ...credential, achievementName: named(achievementName, translations) })),
    // The parts of each requirement go along, so the page words it in the reader's language.
    progress: record.progress.map(({ requirements, translations, name, issuedUnder, currentlyMet, achievementId, kind, earned }) => ({
      achievementId,
      kind,
      earned,
      currentlyMet,
      name: named(name, translations),
      requirements: requirements.map((requirement) => requirementData(requirement, record.courseNames)),
      ...(issuedUnder ? { issuedUnder: { issuedOn: issuedUnder.issuedOn, requirements: issuedUnder.requirements.map((requirement) => requirementData(requirement, record.courseNames)) } } : {}),
    })),
  };
}

/** How the audit log names a signed-in learner. */
function actorOf(learner: Learner): string {
  return `learner:${learner.id}`;
}

function localeOf(c: Context, learner?: Learner) {
  return pickLocale(c.req.query('lang'), learner?.locale, ...acceptLanguages(c.req.header('accept-language')));
}

/**
 * Forms post with the session cookie. SameSite=Lax already keeps it off
 * cross-site posts; refusing a foreign Origin / Sec-Fetch-Site as well means
 * an old browser cannot be made to share a record by another site.
 */
function assertSameOrigin(c: Context): void {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  if ((origin && origin !== new URL(c.req.url).origin) || (site && site !== 'same-origin')) throw new LaurelError('FORBIDDEN', 'Forms may only be sent from this site.');
}

/**
 * Learner records. The owner (signed in with an LMS token or a sign-in link)
 * reads the record as a page, JSON or CSV and manages share links; a share
 * link opens a public page limited to what was shared. Learners only ever
 * reach their own record: any other learner id is 403.
 */
export function registerRecordRoutes(app: OpenAPIHono, deps: IssuanceDeps, sessions: LearnerSessions): void {
  async function owner(c: Context): Promise<Learner> {
    const learner = await sessions.learnerOf(c);
    if (learner.id !== c.req.param('learnerId')) throw new LaurelError('FORBIDDEN', 'A learner may only read their own record.');
    return learner;
  }
  registerRecordPaths(app);

  async function ownerPage(c: Context, learner: Learner, newLinkUrl?: string): Promise<Response> {
    const record = await learnerRecord(deps, learner);
    const locale = localeOf(c, learner);
    const names = new Map(record.progress.map((progress) => [progress.achievementId, progress.name]));
    const links = (await listShareLinks(deps, learner)).filter((link) => !link.revokedAt);
    const page = renderRecordPage({
      record: recordData(record, locale), locale, shared: false, csvUrl: `/records/${learner.id}/export.csv`,
      sharing: {
        createAction: `/records/${learner.id}/share-links`,
        paths: record.progress.filter((progress) => progress.kind === 'program').map((progress) => ({ id: progress.achievementId, name: progress.name })),
        // Tokens are stored hashed, so a link's URL cannot be shown again (only at creation): list what is shared.
        links: links.map((link) => ({ id: link.id, createdAt: link.createdAt, scope: link.achievementId ? (names.get(link.achievementId) ?? link.achievementId) : messages(locale).wholeRecord })),
        revokeAction: (linkId) => `/records/${learner.id}/share-links/${linkId}/revoke`,
        ...(newLinkUrl ? { newLinkUrl } : {}),
      },
    });
    return c.body(page, 200, { ...PAGE_HEADERS, 'cache-control': 'no-store' });
  }

  // Sign-in: the LMS links here with ?token=<JWT>; a magic link carries ?link=<token>. Either starts a session;
  // `next` (one of our page paths) is where the learner goes then, else their record.
  app.get('/records/sign-in', async (c) => {
    const { token, link } = c.req.query();
    const learner = token ? await sessions.learnerFromJwt(token) : link ? await useSignInLink(deps, link) : undefined;
    if (!learner) throw new LaurelError('UNAUTHORIZED', 'This sign-in link is unknown, used or expired.');
    await sessions.startSession(c, learner);
    c.header('referrer-policy', 'no-referrer');
    // Back where the learner was going (a wallet offer, say): only ever one of our own pages.
    const next = c.req.query('next');
    return c.redirect(isReturnPath(next) ? next : `/records/${learner.id}`, 303);
  });

  app.get('/records/:learnerId/export.csv', async (c) => {
    const learner = await owner(c);
    const csv = recordCsv(recordData(await learnerRecord(deps, learner)));
    return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="learning-record-${learner.id}.csv"`, 'cache-control': 'no-store' });
  });

  app.get('/records/:learnerId', async (c) => {
    const learner = await owner(c);
    if (prefersHtml(c.req.header('accept'))) return ownerPage(c, learner);
    return c.json(await learnerRecord(deps, learner), 200, { 'cache-control': 'no-store' });
  });

  app.get('/records/:learnerId/share-links', async (c) => {
    const learner = await owner(c);
    return c.json(await listShareLinks(deps, learner), 200);
  });

  // JSON from scripts and the LMS; a form post from the record page, answered with the page showing the new link.
  app.post('/records/:learnerId/share-links', async (c) => {
    const learner = await owner(c);
    const type = c.req.header('content-type') ?? '';
    const form = type.startsWith('application/x-www-form-urlencoded');
    if (!form && !type.startsWith('application/json')) throw new LaurelError('UNSUPPORTED_MEDIA_TYPE', 'Send JSON or a form.');
    if (form) assertSameOrigin(c);
    const raw = form ? Object.fromEntries(Object.entries(await c.req.parseBody()).filter(([, value]) => value !== '')) : await c.req.json().catch(() => undefined);
    const parsed = shareBody.safeParse(raw);
    if (!parsed.success) throw new LaurelError('INVALID_INPUT', 'Send { "pathId"?: string }.', { issues: parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })) });
    const { link, url } = await createShareLink(deps, actorOf(learner), learner, parsed.data.pathId || null);
    return form ? ownerPage(c, learner, url) : c.json({ ...link, url }, 201);
  });

  app.delete('/records/:learnerId/share-links/:linkId', async (c) => {
    const learner = await owner(c);
    await revokeShareLink(deps, actorOf(learner), learner, c.req.param('linkId'));
    return c.body(null, 204);
  });

  // The record page's revoke button (HTML forms cannot send DELETE).
  app.post('/records/:learnerId/share-links/:linkId/revoke', async (c) => {
    const learner = await owner(c);
    assertSameOrigin(c);
    await revokeShareLink(deps, actorOf(learner), learner, c.req.param('linkId'));
    return c.redirect(`/records/${learner.id}`, 303);
  });

  // Public: what a share link shows, and nothing else. Unknown and revoked links are both 404.
  app.get('/shared/:token', async (c) => {
    const record = await sharedRecord(deps, c.req.param('token'));
    const { learnerId: _learner, issuerId: _issuer, ...visible } = record;
    if (!prefersHtml(c.req.header('accept'))) return c.json(visible, 200, { 'cache-control': 'no-store' });
    const locale = localeOf(c);
    return c.body(renderRecordPage({ record: recordData(record, locale), locale, shared: true }), 200, { ...PAGE_HEADERS, 'cache-control': 'no-store' });
  });
}
