import { html } from './html.js';
import { messages, type Locale, type Messages } from './i18n.js';
import { page } from './layout.js';

export interface ErrorPageInput {
  status: number;
  /** The problem's detail (English, from the domain): shown small, under the translated explanation. */
  detail?: string;
  /** Where "Sign in" leads (the learning platform, returning here), for 401. */
  signInUrl?: string;
  /** A more specific heading than the status gives (e.g. what the learner was trying to do). */
  title?: string;
  /** What to do next, when the status's general advice does not fit (an LTI launch refused: open the tool again from the course). */
  next?: string;
}

function wording(status: number, t: Messages, signIn: boolean): { title: string; next: string } {
  if (status === 404) return { title: t.errorNotFoundTitle, next: t.errorNotFoundNext };
  if (status === 401) return { title: t.errorSignInTitle, next: signIn ? t.errorSignInNext : t.errorSignInNoUrl };
  if (status === 403) return { title: t.errorForbiddenTitle, next: t.errorForbiddenNext };
  if (status === 410) return { title: t.errorGoneTitle, next: t.errorGoneNext };
  if (status === 503) return { title: t.errorUnavailableTitle, next: t.errorUnavailableNext };
  return { title: t.errorTitle, next: t.errorNext };
}

/** What a person sees instead of a problem document: what happened, in their language, and what to do next. */
export function renderErrorPage(input: ErrorPageInput, locale: Locale): string {
  const t = messages(locale);
  const { title, next } = wording(input.status, t, input.signInUrl !== undefined);
  const heading = input.title ?? title;
  const advice = input.next ?? next;
  return page({
    head: { title: heading, noindex: true },
    locale,
    body: html`<section class="error-page" data-status="${input.status}">
<h1>${heading}</h1>
<p>${advice}</p>
${input.signInUrl ? html`<p><a class="button" href="${input.signInUrl}">${t.signIn}</a></p>` : ''}
${input.detail && input.status < 500 ? html`<p class="error-detail"><small>${t.errorDetails}: ${input.detail}</small></p>` : ''}
</section>`,
  });
}
