import { html } from 'hono/html';
import { z } from 'zod';
import { listIssuerBadgeDeliveries } from '@laurel/badge-platforms';
import { listAchievements, queryAuditLog, searchCredentials, type IssuanceDeps } from '@laurel/issuance';
import { MAX_PAGE_SIZE } from '@laurel/store';
import { authorize, reachOf } from '../auth.js';
import { cell, nextPageLink, page, when } from './layout.js';
import { render, sessionOf, validated, type ConsoleApp, type ConsoleDeps } from './console-app.js';

/** Counting stops here: a dashboard says "at least" rather than page through everything. */
const COUNT_PAGES = 10;

async function countIssued(deps: IssuanceDeps, issuerId: string, from: Date, achievementIds: string[] | undefined): Promise<{ count: number; more: boolean }> {
  let count = 0;
  let cursor: string | undefined;
  for (let pages = 0; pages < COUNT_PAGES; pages++) {
    const found = await searchCredentials(deps, { issuerId, issuedFrom: from.toISOString(), achievementIds }, { limit: MAX_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    count += found.items.length;
    if (!found.nextCursor) return { count, more: false };
    cursor = found.nextCursor;
  }
  return { count, more: true };
}

/** Midnight UTC today, and Monday 00:00 UTC of this week. */
function periodStarts(now: Date): { today: Date; week: Date } {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const week = new Date(today.getTime() - ((today.getUTCDay() + 6) % 7) * 86_400_000);
  return { today, week };
}

/** A date (YYYY-MM-DD, from a date input) or an instant; a bare `to` date includes that whole day (UTC). */
const dateOrInstant = (endOfDay: boolean) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/, 'is not a date (YYYY-MM-DD)')
    .transform((value) => new Date(value.length === 10 ? `${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z` : value).toISOString());
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);
const auditQuery = z.object({
  actor: z.preprocess(blankToUndefined, z.string().trim().max(300).optional()),
  action: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
  targetType: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
  targetId: z.preprocess(blankToUndefined, z.string().trim().max(300).optional()),
  from: z.preprocess(blankToUndefined, dateOrInstant(false).optional()),
  to: z.preprocess(blankToUndefined, dateOrInstant(true).optional()),
  cursor: z.string().max(1024).optional(),
});

export function registerOverviewScreens(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get('/admin', async (c) => {
    const session = sessionOf(c);
    const issuerId = session.issuerId;
    const achievementIds = await reachOf(c, 'read', issuerId, () => listAchievements(deps, issuerId));
    const { today, week } = periodStarts(deps.now());
    const [issuedToday, issuedWeek] = await Promise.all([countIssued(deps, issuerId, today, achievementIds), countIssued(deps, issuerId, week, achievementIds)]);
    // Badge deliveries are the issuer's business, not course staff's.
    const wholeIssuer = achievementIds === undefined;
    const failed = wholeIssuer ? (await Promise.all((['credly', 'accredible'] as const).map((platform) => listIssuerBadgeDeliveries(deps, issuerId, platform, { state: 'failed', limit: 20 })))).flat() : [];
    const figure = (name: string, label: string, value: { count: number; more: boolean }) => html`<li><strong data-count="${name}">${value.count}${value.more ? '+' : ''}</strong> ${label}</li>`;
    return render(
      c,
      page(
        'Dashboard',
        session,
        html`<p>Signed in as ${session.token.name}${session.token.limitedTo ? ' (course staff)' : ''}.</p>
<ul class="figures" aria-label="Credentials issued">${figure('issuedToday', 'issued today (UTC)', issuedToday)}${figure('issuedThisWeek', 'issued this week (since Monday, UTC)', issuedWeek)}</ul>
${wholeIssuer
  ? html`<h2>Failed badge deliveries</h2>
${failed.length === 0
  ? html`<p>None: every badge delivery went through or is still being tried.</p>`
  : html`<table><thead><tr><th scope="col">Credential</th><th scope="col">Platform</th><th scope="col">Attempts</th><th scope="col">Reason</th><th scope="col">Last tried</th></tr></thead><tbody>
${failed.map((delivery) => html`<tr>${cell('Credential', html`<a href="/admin/credentials/${delivery.credentialId}">${delivery.credentialId}</a>`)}${cell('Platform', delivery.platform)}${cell('Attempts', delivery.attempts)}${cell('Reason', delivery.reason ?? '')}${cell('Last tried', when(delivery.updatedAt))}</tr>`)}
</tbody></table><p>Fix the key or the template, then retry: <code>POST /v1/issuers/{id}/badge-platforms/{platform}/deliveries/retry</code>.</p>`}`
  : ''}`,
      ),
    );
  });

  app.get('/admin/audit-log', async (c) => {
    const session = sessionOf(c);
    const principal = authorize(c, 'admin', session.issuerId);
    const query = validated(auditQuery, c.req.query());
    const { actor, action, targetType, targetId, from, to } = query;
    const found = await queryAuditLog(deps, { issuerId: principal.issuerId ?? session.issuerId, actor, action, targetType, targetId, from, to }, { limit: 50, ...(query.cursor ? { cursor: query.cursor } : {}) });
    const raw = c.req.query();
    const field = (name: keyof typeof raw & string, label: string, type = 'text') => html`<label>${label} <input name="${name}" type="${type}" value="${raw[name] ?? ''}"></label>`;
    return render(
      c,
      page(
        'Audit log',
        session,
        html`<form class="filters" method="get" action="/admin/audit-log" role="search">
${field('actor', 'Actor (e.g. token:ci-bot)')}${field('action', 'Action (e.g. credential.revoke)')}${field('targetType', 'Target type')}${field('targetId', 'Target id')}
${field('from', 'From', 'date')}${field('to', 'To', 'date')}<button type="submit">Filter</button></form>
${found.items.length === 0
  ? html`<p>No entries match.</p>`
  : html`<table><thead><tr><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Details</th></tr></thead><tbody>
${found.items.map((entry) => html`<tr>${cell('When', when(entry.at))}${cell('Actor', entry.actor)}${cell('Action', entry.action)}${cell('Target', `${entry.targetType ?? ''} ${entry.targetId ?? ''}`)}${cell('Details', JSON.stringify(entry.details))}</tr>`)}
</tbody></table>`}
${nextPageLink('/admin/audit-log', { actor: raw.actor, action: raw.action, targetType: raw.targetType, targetId: raw.targetId, from: raw.from, to: raw.to }, found.nextCursor)}`,
      ),
    );
  });
}
