import { html, type SafeHtml } from './html.js';
import { fill, formatDate, messages, tierLabel, type Locale } from './i18n.js';
import { page } from './layout.js';
import type { RecordData, RecordRequirement } from './record-data.js';
import { requirementText } from './requirement-text.js';

export interface ShareLinkView {
  id: string;
  /** "Whole record" or the path's name. */
  scope: string;
  createdAt: string;
}

/** The owner's controls: share the whole record or one path, revoke links. Plain forms, no script. */
export interface ShareControls {
  createAction: string;
  /** The paths (programs) the learner may share on their own. */
  paths: { id: string; name: string }[];
  links: ShareLinkView[];
  revokeAction: (linkId: string) => string;
  /** A link just created: its URL can be shown this once. */
  newLinkUrl?: string;
}

export interface RecordPageInput {
  record: RecordData;
  locale: Locale;
  /** A public share page says so in its title and omits owner-only parts. */
  shared: boolean;
  csvUrl?: string;
  sharing?: ShareControls;
}

function shareSection(sharing: ShareControls, locale: Locale): SafeHtml {
  const t = messages(locale);
  return html`<section aria-labelledby="share-heading"><h2 id="share-heading">${t.shareLinks}</h2>
${sharing.newLinkUrl ? html`<p role="status" class="new-link">${t.newShareLink}: <a href="${sharing.newLinkUrl}" data-new-share-link>${sharing.newLinkUrl}</a></p>` : ''}
<form method="post" action="${sharing.createAction}">
  <label for="share-scope">${t.whatToShare}</label>
  <select id="share-scope" name="pathId"><option value="">${t.wholeRecord}</option>${sharing.paths.map((path) => html`<option value="${path.id}">${path.name}</option>`)}</select>
  <button type="submit">${t.createShareLink}</button>
</form>
${sharing.links.length === 0 ? html`<p>${t.noShareLinks}</p>` : html`<ul class="share-links">${sharing.links.map(
    (link) => html`<li data-share-link="${link.id}">${link.scope} — ${formatDate(link.createdAt, locale)}
  <form method="post" action="${sharing.revokeAction(link.id)}" class="inline"><button type="submit" aria-label="${t.revokeShareLink} ${link.scope}">${t.revokeShareLink}</button></form></li>`,
  )}</ul>`}
</section>`;
}

/** The credentials a record holds, as a table (the record page and the LTI launch page). */
export function credentialsTable(input: Pick<RecordPageInput, 'record' | 'locale'>): SafeHtml {
  const t = messages(input.locale);
  const { credentials } = input.record;
  if (credentials.length === 0) return html`<p>${t.noCredentials}</p>`;
  return html`<table>
<thead><tr><th scope="col">${t.credentials}</th><th scope="col">${t.tier}</th><th scope="col">${t.issuedOn}</th><th scope="col"><span class="visually-hidden">${t.view}</span></th></tr></thead>
<tbody>${credentials.map(
    (credential) => html`<tr data-credential="${credential.url}"><td>${credential.achievementName}</td><td>${credential.tier ? tierLabel(credential.tier, t) : ''}</td><td>${formatDate(credential.issuedOn, input.locale)}</td><td><a href="${credential.url}">${t.view}<span class="visually-hidden">: ${credential.achievementName}</span></a></td></tr>`,
  )}</tbody>
</table>`;
}

function requirementList(requirements: readonly RecordRequirement[], input: Pick<RecordPageInput, 'locale'>, label?: string): SafeHtml {
  const t = messages(input.locale);
  return html`<ul${label ? html` data-list="${label}"` : ''}>${requirements.map((requirement) => html`<li class="${requirement.met ? 'met' : 'unmet'}"><span aria-hidden="true">${requirement.met ? '✔ ' : '✘ '}</span>${requirementText(requirement, t, input.locale)}</li>`)}</ul>`;
}

/** Progress toward each achievement, requirement by requirement. */
export function progressList(input: Pick<RecordPageInput, 'record' | 'locale'>): SafeHtml {
  const t = messages(input.locale);
  return html`<ul class="progress">${input.record.progress.map((progress) => {
    const { issuedUnder } = progress;
    // A held credential: the lines it was issued on, then, under their own heading, where the learner stands now.
    if (issuedUnder) {
      return html`<li data-achievement="${progress.achievementId}"><strong>${progress.name}</strong> — ${t.earned}
  <p>${fill(t.progressAsIssued, { date: formatDate(issuedUnder.issuedOn, input.locale) })}</p>${requirementList(issuedUnder.requirements, input, 'issued-under')}
  <p>${t.progressNow}</p>${requirementList(progress.requirements, input, 'now')}</li>`;
    }
    return html`<li data-achievement="${progress.achievementId}"><strong>${progress.name}</strong> — ${progress.earned ? t.earned : t.inProgress}
  ${requirementList(progress.requirements, input)}</li>`;
  })}</ul>`;
}

/** A learner's record: their credentials and how far they are toward each achievement or path. */
export function renderRecordPage(input: RecordPageInput): string {
  const t = messages(input.locale);
  const title = `${input.shared ? t.sharedRecordTitle : t.recordTitle}: ${input.record.learnerName}`;
  const body = html`<h1>${title}</h1>
<p>${input.record.issuerName}</p>
<section aria-labelledby="credentials-heading"><h2 id="credentials-heading">${t.credentials}</h2>${credentialsTable(input)}</section>
<section aria-labelledby="progress-heading"><h2 id="progress-heading">${t.progress}</h2>${progressList(input)}</section>
${input.csvUrl ? html`<p><a href="${input.csvUrl}" download>${t.downloadCsv}</a></p>` : ''}
${input.sharing ? shareSection(input.sharing, input.locale) : ''}`;
  return page({
    head: { title, noindex: true },
    locale: input.locale,
    css: '.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; } form.inline { display: inline; } form { margin: .5rem 0; } button, select { font: inherit; padding: .25rem .5rem; }',
    body,
  });
}
