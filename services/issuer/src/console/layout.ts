import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Problem } from '@laurel/http-kit';
import type { ConsoleSession } from './session.js';

export type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

// One stylesheet, inline (the page policy allows inline styles, no scripts); our own text, so not escaped. Under 600 px tables
// become stacked cards labelled by data-label, so nothing scrolls sideways on a phone.
const CSS = `
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, sans-serif; color: #1b1b1b; background: #f4f4f2; line-height: 1.5; }
header { background: #1f3a5f; color: #fff; padding: .5rem 1rem; }
header a, header button { color: #fff; }
nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; }
nav form { display: inline; }
nav button { background: none; border: 1px solid #fff; border-radius: 4px; padding: .2rem .6rem; font: inherit; cursor: pointer; }
main { max-width: 1100px; margin: 0 auto; padding: 1rem; }
a { color: #1a4f8b; }
h1 { font-size: 1.5rem; overflow-wrap: anywhere; }
form.filters, form.stack { display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; background: #fff; padding: .75rem; border-radius: 6px; margin-bottom: 1rem; }
form.stack { flex-direction: column; align-items: stretch; }
label { display: flex; flex-direction: column; font-weight: 600; gap: .2rem; max-width: 100%; }
label.inline { flex-direction: row; align-items: center; gap: .4rem; font-weight: normal; }
input, select, textarea { font: inherit; padding: .35rem; border: 1px solid #6b6b6b; border-radius: 4px; max-width: 100%; }
textarea { width: 100%; min-height: 8rem; font-family: ui-monospace, monospace; }
button, .button { font: inherit; padding: .45rem 1rem; border-radius: 4px; border: 2px solid #1f3a5f; background: #1f3a5f; color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
button.danger { background: #8e1b10; border-color: #8e1b10; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: start; padding: .45rem; border-bottom: 1px solid #ccc; vertical-align: top; overflow-wrap: anywhere; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; background: #fff; padding: .75rem; border-radius: 6px; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
.notice { padding: .75rem 1rem; border-radius: 6px; border: 2px solid #1b5e20; background: #e8f5e9; overflow-wrap: anywhere; }
.error { border-color: #8e1b10; background: #fdecea; }
.secret { font-family: ui-monospace, monospace; word-break: break-all; }
.state-revoked { color: #8e1b10; font-weight: 600; }
.state-suspended { color: #6a4000; font-weight: 600; }
.figures { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; }
.figures li { background: #fff; padding: .75rem 1rem; border-radius: 6px; min-width: 10rem; }
.figures strong { display: block; font-size: 1.6rem; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; color: #1a4f8b; padding: .5rem; }
@media (max-width: 600px) {
  dl { grid-template-columns: 1fr; }
  table, tbody, tr, td, caption { display: block; }
  caption { text-align: start; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  tr { border-bottom: 2px solid #999; }
  td { border: none; padding: .2rem .45rem; }
  td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
}
`;

/** Each screen and the scope it needs (course staff: the read screens only), so nobody is shown a link that answers 403. */
const SCREENS = [
  ['/admin', 'Dashboard', 'read'],
  ['/admin/credentials', 'Credentials', 'read'],
  ['/admin/learners', 'Learners', 'read'],
  ['/admin/achievements', 'Achievements', 'read'],
  ['/admin/imports', 'Awards and imports', 'issue'],
  ['/admin/tokens', 'Tokens', 'admin'],
  ['/admin/audit-log', 'Audit log', 'admin'],
  ['/admin/issuer', 'Issuer', 'admin'],
] as const;

function mayOpen(session: ConsoleSession, scope: 'read' | 'issue' | 'admin'): boolean {
  if (scope === 'read') return true;
  const granted = session.token.scopes;
  return session.token.limitedTo === null && (granted.includes('admin') || (scope === 'issue' && granted.includes('issue')));
}

/** The hidden synchronizer token every POST form of a session carries. */
export function csrfField(session: ConsoleSession): Markup {
  return html`<input type="hidden" name="_csrf" value="${session.csrf}">`;
}

function navigation(session: ConsoleSession): Markup {
  return html`<nav aria-label="Console"><ul>
${SCREENS.filter(([, , scope]) => mayOpen(session, scope)).map(([href, label]) => html`<li><a href="${href}">${label}</a></li>`)}
<li><form method="post" action="/admin/sign-out">${csrfField(session)}<button type="submit">Sign out</button></form></li>
</ul></nav>`;
}

/** A console page: skip link, navigation when signed in, one h1. */
export function page(title: string, session: ConsoleSession | undefined, body: Markup): Markup {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title} · Laurel admin</title><style>${raw(CSS)}</style></head>
<body><a class="skip" href="#main">Skip to content</a>
<header>${session ? navigation(session) : html`<p>Laurel admin</p>`}</header>
<main id="main"><h1>${title}</h1>
${body}
</main></body></html>`;
}

/** A problem as a page: what went wrong, each field at fault, and a way back. */
export function problemPage(problem: Problem, session: ConsoleSession | undefined): Markup {
  const fields = problem.errors ?? [];
  return page(
    problem.title,
    session,
    html`<div class="notice error" role="alert"><p>${problem.detail ?? ''}</p>
${fields.length > 0 ? html`<ul>${fields.map((issue) => html`<li><strong>${issue.path || 'input'}</strong>: ${issue.message}</li>`)}</ul>` : ''}
</div>
<p>${session ? html`<a href="/admin">Back to the dashboard</a>` : html`<a href="/admin/sign-in">Sign in</a>`}</p>`,
  );
}

/** A cell labelled for the stacked (narrow screen) layout. */
export function cell(label: string, content: unknown): Markup {
  return html`<td data-label="${label}">${content}</td>`;
}

export function when(at: string | null | undefined): string {
  return at ? at.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '';
}

/** "Next page" link keeping the current filters. */
export function nextPageLink(path: string, query: Record<string, string | undefined>, cursor: string | null): Markup {
  if (!cursor) return html``;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  params.set('cursor', cursor);
  return html`<p><a href="${path}?${params.toString()}">Next page</a></p>`;
}
