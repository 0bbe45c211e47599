import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { html, raw } from 'hono/html';
import type { ValidationIssue } from '@laurel/models';
import { requestIdHeaders, requestIdOf } from '@laurel/http-kit';
import { fill, LOCALES, type Locale } from '@laurel/render';
import { combineVerdicts, type Verdict } from '@laurel/trust';
import type { VerificationReport, Verifier } from '../verifier.js';
import { verifySubmission, type CheckedCredential, type PageFetchDocument, type PageOutcome, type PageSubmission } from '../page-input.js';
import { phrase, requestLocale, VERIFY_PAGE_CATALOG, type PageLocale, type VerifyPageMessageKey } from '../page-locale.js';
import { credentialSection, resultSection, technical, verdictTitle, VERDICT_STYLE } from './verdict-view.js';

// The verdict heading takes focus only so screen readers start there; it is not a control, so it gets no focus ring.
const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f9}
main{max-width:46rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0 1rem}
label{display:block;font-weight:600;margin:1rem 0 .3rem}
textarea,input[type=url]{width:100%;box-sizing:border-box;font:14px/1.4 ui-monospace,monospace;padding:.5rem;border:2px solid #555;border-radius:4px}
textarea{min-height:10rem}
button{margin-top:1rem;font-size:1rem;padding:.6rem 1.2rem;background:#0b4f9c;color:#fff;border:0;border-radius:4px;cursor:pointer}
button:focus-visible,textarea:focus-visible,input:focus-visible{outline:3px solid #f0a000;outline-offset:2px}
.verdict{padding:1rem;border-radius:6px;margin:1rem 0;font-weight:700;font-size:1.2rem}.verdict:focus{outline:none}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;background:#fff;padding:1rem;border-radius:6px}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
ul.checks{list-style:none;padding:0}ul.checks li{background:#fff;margin:.4rem 0;padding:.7rem 1rem;border-radius:6px;border-inline-start:6px solid #555;overflow-wrap:anywhere}
ul.checks li.valid{border-color:#1a7f3c}ul.checks li.invalid{border-color:#b3261e}ul.checks li.unknown{border-color:#a86b00}
.icon{font-weight:700;margin-inline-end:.4rem}.note{font-size:.9rem;color:#3d3d3d}
footer{background:#fff;border-top:1px solid #d0d3da;margin-top:2rem}nav.languages ul{list-style:none;margin:0 auto;padding:.4rem 1.5rem;max-width:46rem;display:flex;flex-wrap:wrap;gap:.2rem 1rem}
nav.languages a{color:#0b4f9c}nav.languages a[aria-current]{font-weight:700;color:#1b1b1b;text-decoration:none}.because{display:block;font-size:1rem;font-weight:600}.warning{background:#fff1cc;color:#5c4100;padding:.7rem 1rem;border-radius:6px}.error{background:#fbe0e0;color:#7a1010;padding:1rem;border-radius:6px}
`;

interface PageState {
  input?: string;
  url?: string;
  report?: VerificationReport;
  credential?: unknown;
  /** Why the input could not be read: its code (worded in the page's language) and the reader's English detail. */
  error?: { code: string; message: string };
  /** The URL answered 410 Gone: its issuer revoked it. */
  revokedUrl?: string;
  /** A presentation's credentials, each with its own report. */
  presentation?: CheckedCredential[];
  /** Where the presentation itself breaks the data model. */
  presentationIssues?: ValidationIssue[];
}

/** The issuer's own "410 Gone" for a credential URL, shown as the verdict it is. */
function revokedSection(url: string, { t }: PageLocale) {
  return html`<section aria-labelledby="result-heading">
<h2 id="result-heading" class="verdict invalid" tabindex="-1" autofocus>${t.verdictInvalid} <span class="because">${phrase(t.revokedByUrl, { url })}</span></h2>
</section>`;
}

const TALLY: [Verdict, VerifyPageMessageKey][] = [
  ['trusted', 'tallyTrusted'],
  ['unrecognized-issuer', 'tallyUnrecognized'],
  ['invalid', 'tallyInvalid'],
  ['indeterminate', 'tallyIndeterminate'],
];

/** The presentation's verdict: its credentials', and `invalid` when the presentation itself breaks the data model. */
function presentationVerdict(credentials: CheckedCredential[], issues: readonly ValidationIssue[]): Verdict {
  return combineVerdicts([...credentials.map(({ report }) => report.verdict), ...(issues.length > 0 ? (['invalid'] as const) : [])]);
}

/** A presentation, credential by credential, each with its own verdict; claims are marked as in a single result. */
function presentationSection(credentials: CheckedCredential[], issues: readonly ValidationIssue[], l: PageLocale) {
  const { t } = l;
  const verdicts = credentials.map(({ report }) => report.verdict);
  const tally = TALLY.map(([verdict, key]) => [verdicts.filter((each) => each === verdict).length, key] as const)
    .filter(([count]) => count > 0)
    .map(([count, key]) => fill(t[key], { count: String(count) }))
    .join(t.tallySeparator);
  const holds = credentials.length === 1 ? fill(t.presentationHoldsOne, { tally }) : fill(t.presentationHoldsMany, { count: String(credentials.length), tally });
  const modelIssues = issues.map((issue) => `${issue.path || t.thePresentation} ${issue.message}`).join('; ');
  return html`<section aria-labelledby="result-heading">
<h2 id="result-heading" class="verdict ${presentationVerdict(credentials, issues)}" tabindex="-1" autofocus>${holds}</h2>
${issues.length > 0 ? html`<p class="error" data-field="presentation-model">${phrase(t.presentationModel, { issues: technical(modelIssues, l) })}</p>` : ''}
<p>${t.presentationProofNote}</p>
${credentials.map(({ report, credential }, index) => credentialSection(report, credential, index, credentials.length, l))}
</section>`;
}

/** A presentation's verdict as the page title says it: the worst of its credentials'. */
const PRESENTATION_TITLES: Record<Verdict, VerifyPageMessageKey> = {
  trusted: 'presentationTrusted',
  'unrecognized-issuer': 'presentationUnrecognized',
  invalid: 'presentationInvalid',
  indeterminate: 'presentationIndeterminate',
};

/** The document title starts with the verdict, whatever was verified, so a tab or a screen reader says it first. */
function titleVerdict(state: PageState, l: PageLocale): string {
  if (state.report) return `${verdictTitle(state.report, l)} `;
  if (state.presentation) return `${l.t[PRESENTATION_TITLES[presentationVerdict(state.presentation, state.presentationIssues ?? [])]]} `;
  if (state.revokedUrl) return `${l.t.verdictInvalid} `;
  return '';
}

const INPUT_ERROR_KEYS: Record<string, VerifyPageMessageKey> = {
  EMPTY_INPUT: 'inputEmpty',
  UNKNOWN_FORMAT: 'inputUnknownFormat',
  NOT_JSON: 'inputNotJson',
  NOT_AN_OBJECT: 'inputNotAnObject',
  NOT_BAKED: 'inputNotBaked',
  TAMPERED_IMAGE: 'inputTamperedImage',
  CORRUPT_PDF: 'inputCorruptPdf',
  NO_ATTACHED_CREDENTIAL: 'inputNoAttachedCredential',
  UNSUPPORTED_JWT: 'inputUnsupportedJwt',
  INVALID_URL: 'inputInvalidUrl',
  FETCH_FAILED: 'inputFetchFailed',
  EMPTY_PRESENTATION: 'inputEmptyPresentation',
};

/** English says exactly what the reader found; another language says it in its words, the English detail after. */
function errorMessage(error: { code: string; message: string }, l: PageLocale) {
  const key = INPUT_ERROR_KEYS[error.code];
  if (l.locale === 'en' || !key) return technical(error.message, l);
  return html`${l.t[key]} <small>${l.t.inputDetail} ${technical(error.message, l)}</small>`;
}

/**
 * Each language named in itself, linking to this page in it (a URL being verified stays in the link).
 * At the foot of the page, so the keyboard reaches the form first.
 */
function languageLinks(current: Locale, url: string | undefined) {
  return html`<nav class="languages" aria-label="${VERIFY_PAGE_CATALOG[current].languages}"><ul>${LOCALES.map((locale) => {
    const href = `/verify?lang=${locale}${url ? `&url=${encodeURIComponent(url)}` : ''}`;
    return html`<li><a href="${href}" lang="${locale}" hreflang="${locale}"${locale === current ? html` aria-current="page"` : ''}>${VERIFY_PAGE_CATALOG[locale].languageName}</a></li>`;
  })}</ul></nav>`;
}

function page(state: PageState, l: PageLocale) {
  const { t } = l;
  return html`<!doctype html>
<html lang="${l.locale}" dir="${l.dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${titleVerdict(state, l)}${t.pageTitle} – Laurel</title><style>${raw(STYLE + VERDICT_STYLE)}</style></head>
<body>
<main>
<h1>${t.pageTitle}</h1>
${state.error ? html`<p class="error" role="alert">${errorMessage(state.error, l)}</p>` : ''}
${state.report ? resultSection(state.report, state.credential, l) : ''}
${state.revokedUrl ? revokedSection(state.revokedUrl, l) : ''}
${state.presentation ? presentationSection(state.presentation, state.presentationIssues ?? [], l) : ''}
<form method="post" action="/verify?lang=${l.locale}" enctype="multipart/form-data">
<label for="credential">${t.pasteLabel}</label>
<textarea id="credential" name="credential" spellcheck="false" dir="ltr">${state.input ?? ''}</textarea>
<label for="file">${t.fileLabel}</label>
<input id="file" name="file" type="file" accept=".json,.jsonld,.png,.svg,.pdf,application/json,application/ld+json,image/png,image/svg+xml,application/pdf">
<label for="url">${t.urlLabel}</label>
<input id="url" name="url" type="url" value="${state.url ?? ''}" placeholder="https://" dir="ltr">
<button type="submit">${t.verifyButton}</button>
</form>
</main>
<footer>${languageLinks(l.locale, state.url)}</footer>
</body></html>`;
}

// A new page after each check: `autofocus` moves focus to the verdict so screen readers announce it
// first, without a script. The security headers (a policy under which no script runs) come from
// the app's securityHeaders middleware, like every page's.

function stateFor(outcome: PageOutcome, submission: PageSubmission): PageState {
  const shown: PageState = { ...(submission.text ? { input: submission.text } : {}), ...(submission.url ? { url: submission.url } : {}) };
  switch (outcome.kind) {
    case 'empty':
      return {};
    case 'error':
      return { ...shown, error: { code: outcome.code, message: outcome.message } };
    case 'revoked':
      return { ...shown, revokedUrl: outcome.url };
    case 'credential':
      return { ...shown, report: outcome.report, credential: outcome.credential };
    case 'presentation':
      return { ...shown, presentation: outcome.credentials, presentationIssues: outcome.modelIssues };
  }
}

async function verifyAndRender(c: Context, verifier: Verifier, fetchDocument: PageFetchDocument, submission: PageSubmission) {
  const outcome = await verifySubmission(submission, verifier, fetchDocument, { requestHeaders: requestIdHeaders(requestIdOf(c)) });
  return c.html(page(stateFor(outcome, submission), requestLocale(c)), outcome.kind === 'error' ? 400 : 200);
}

function fileOf(value: unknown): File | undefined {
  return typeof value === 'object' && value !== null && 'arrayBuffer' in value && 'name' in value ? (value as File) : undefined;
}

/**
 * The verify page: a credential pasted, uploaded (JSON, baked PNG/SVG badge,
 * PDF certificate) as a multipart form, or named by URL (fetched through the
 * guarded fetcher). Reading and verifying are in page-input.ts.
 */
export function registerVerifyPage(app: OpenAPIHono, verifier: Verifier, fetchDocument: PageFetchDocument): void {
  app.get('/verify', (c) => {
    const url = c.req.query('url');
    return url ? verifyAndRender(c, verifier, fetchDocument, { url }) : c.html(page({}, requestLocale(c)));
  });
  app.post('/verify', async (c) => {
    const form = await c.req.parseBody();
    const text = typeof form.credential === 'string' ? form.credential : undefined;
    const url = typeof form.url === 'string' ? form.url : undefined;
    const upload = fileOf(form.file);
    const file = upload && upload.size > 0 ? { bytes: new Uint8Array(await upload.arrayBuffer()), name: upload.name, type: upload.type } : undefined;
    return verifyAndRender(c, verifier, fetchDocument, { ...(text ? { text } : {}), ...(file ? { file } : {}), ...(url ? { url } : {}) });
  });
}
