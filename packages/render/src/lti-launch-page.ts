import { html } from './html.js';
import { messages, type Locale } from './i18n.js';
import { page } from './layout.js';
import type { RecordData } from './record-data.js';
import { credentialsTable, progressList } from './record-page.js';

export interface LtiLaunchPageInput {
  locale: Locale;
  issuerName: string;
  /** The course launched from; its title when the platform sent one. */
  course: { id: string; title: string | null } | null;
  /** The learner's record (progress limited to the course); null when Laurel has none for them. */
  record: RecordData | null;
  /** Why there is no record: the platform did not share the claim naming the learner, or Laurel knows no such learner yet. */
  missing: 'claim' | 'record' | null;
  /** The claim that names learners on this platform: sub, username or email. */
  learnerClaim: string;
}

// The launch page's own sentences are English for now: the shared words (credentials, progress, earned) are translated.
const CLAIM_WORDS: Record<string, string> = { sub: 'your user id', username: 'your username', email: 'your e-mail address' };

/**
 * What a learner sees inside their course when the LMS launches Laurel
 * (LTI 1.3): their progress toward the course's credentials and the
 * credentials they hold. Meant to sit in the platform's frame: narrow
 * layouts and no scripts.
 */
export function renderLtiLaunchPage(input: LtiLaunchPageInput): string {
  const t = messages(input.locale);
  const courseName = input.course ? (input.course.title ?? input.course.id) : undefined;
  const title = courseName ? `${t.progress}: ${courseName}` : t.recordTitle;
  const record = input.record;
  const body = record
    ? html`<h1>${title}</h1>
<p>${record.learnerName} — ${input.issuerName}</p>
<section aria-labelledby="progress-heading"><h2 id="progress-heading">${t.progress}</h2>${record.progress.length > 0 ? progressList({ record, locale: input.locale }) : html`<p data-no-course-credentials>No credentials are awarded for this course.</p>`}</section>
<section aria-labelledby="credentials-heading"><h2 id="credentials-heading">${t.credentials}</h2>${credentialsTable({ record, locale: input.locale })}</section>`
    : html`<h1>${title}</h1>
<p>${input.issuerName}</p>
<p data-no-record="${input.missing ?? 'record'}">${
        input.missing === 'claim'
          ? `Your learning platform did not share ${CLAIM_WORDS[input.learnerClaim] ?? 'who you are'} with Laurel, so your record cannot be found. Ask the course team to share it with this tool.`
          : 'There is no record for you here yet. Your progress appears once your course reports it.'
      }</p>`;
  return page({
    head: { title, noindex: true },
    locale: input.locale,
    css: '.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; } table { width: 100%; } td, th { overflow-wrap: anywhere; }',
    body,
  });
}
