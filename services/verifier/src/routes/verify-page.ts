import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { html, raw } from 'hono/html';
import type { ValidationIssue } from '@laurel/models';
import type { FetchDocument } from '@laurel/render';
import { combineVerdicts, VERDICT_HEADINGS, type Verdict } from '@laurel/trust';
import type { VerificationReport, Verifier } from '../verifier.js';
import { verifySubmission, type CheckedCredential, type PageOutcome, type PageSubmission } from '../page-input.js';
import { credentialSection, resultSection, verdictTitle, VERDICT_STYLE } from './verdict-view.js';

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
ul.checks{list-style:none;padding:0}ul.checks li{background:#fff;margin:.4rem 0;padding:.7rem 1rem;border-radius:6px;border-left:6px solid #555;overflow-wrap:anywhere}
ul.checks li.valid{border-color:#1a7f3c}ul.checks li.invalid{border-color:#b3261e}ul.checks li.unknown{border-color:#a86b00}
.icon{font-weight:700;margin-right:.4rem}.because{display:block;font-size:1rem;font-weight:600}.warning{background:#fff1cc;color:#5c4100;padding:.7rem 1rem;border-radius:6px}.error{background:#fbe0e0;color:#7a1010;padding:1rem;border-radius:6px}
`;

interface PageState {
  input?: string;
  url?: string;
  report?: VerificationReport;
  credential?: unknown;
  error?: string;
  /** The URL answered 410 Gone: its issuer revoked it. */
  revokedUrl?: string;
  /** A presentation's credentials, each with its own report. */
  presentation?: CheckedCredential[];
  /** Where the presentation itself breaks the data model. */
  presentationIssues?: ValidationIssue[];
}

/** The issuer's own "410 Gone" for a credential URL, shown as the verdict it is. */
function revokedSection(url: string) {
  return html`<section aria-labelledby="result-heading">
<h2 id="result-heading" class="verdict invalid" tabindex="-1" autofocus>This credential is NOT valid. <span class="because">It has been revoked by the issuer: ${url} answers “410 Gone”.</span></h2>
</section>`;
}

const TALLY: [Verdict, string][] = [
  ['trusted', 'authentic from a recognised issuer'],
  ['unrecognized-issuer', 'authentic but from an issuer not recognised'],
  ['invalid', 'not valid'],
  ['indeterminate', 'could not be fully checked'],
];

/** A presentation, credential by credential, each with its own verdict; claims are marked as in a single result. */
/** The presentation's verdict: its credentials', and `invalid` when the presentation itself breaks the data model. */
function presentationVerdict(credentials: CheckedCredential[], issues: readonly ValidationIssue[]): Verdict {
  return combineVerdicts([...credentials.map(({ report }) => report.verdict), ...(issues.length > 0 ? (['invalid'] as const) : [])]);
}

function presentationSection(credentials: CheckedCredential[], issues: readonly ValidationIssue[]) {
  const verdicts = credentials.map(({ report }) => report.verdict);
  const tally = TALLY.map(([verdict, words]) => [verdicts.filter((each) => each === verdict).length, words] as const)
    .filter(([count]) => count > 0)
    .map(([count, words]) => `${count} ${words}`)
    .join(', ');
  return html`<section aria-labelledby="result-heading">
<h2 id="result-heading" class="verdict ${presentationVerdict(credentials, issues)}" tabindex="-1" autofocus>This presentation holds ${credentials.length} credential${credentials.length === 1 ? '' : 's'}: ${tally}.</h2>
${issues.length > 0 ? html`<p class="error" data-field="presentation-model">The presentation itself does not follow the Verifiable Credentials data model: ${issues.map((issue) => `${issue.path || '(the presentation)'} ${issue.message}`).join('; ')}.</p>` : ''}
<p>The presentation's own signature is not checked here: it only shows who handed it over, and only against a challenge this verifier issued.</p>
${credentials.map(({ report, credential }, index) => credentialSection(report, credential, index, credentials.length))}
</section>`;
}

/** A presentation's verdict as the page title says it: the worst of its credentials'. */
const PRESENTATION_TITLES: Record<Verdict, string> = {
  trusted: 'Every credential in this presentation is authentic and from a recognised issuer.',
  'unrecognized-issuer': 'The credentials in this presentation are authentic, but an issuer is NOT recognised.',
  invalid: 'This presentation, or a credential in it, is NOT valid.',
  indeterminate: 'This presentation could not be fully checked.',
};

/** The document title starts with the verdict, whatever was verified, so a tab or a screen reader says it first. */
function titleVerdict(state: PageState): string {
  if (state.report) return `${verdictTitle(state.report)} `;
  if (state.presentation) return `${PRESENTATION_TITLES[presentationVerdict(state.presentation, state.presentationIssues ?? [])]} `;
  if (state.revokedUrl) return `${VERDICT_HEADINGS.invalid} `;
  return '';
}

function page(state: PageState) {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${titleVerdict(state)}Verify a credential – Laurel</title><style>${raw(STYLE + VERDICT_STYLE)}</style></head>
<body><main>
<h1>Verify a credential</h1>
${state.error ? html`<p class="error" role="alert">${state.error}</p>` : ''}
${state.report ? resultSection(state.report, state.credential) : ''}
${state.revokedUrl ? revokedSection(state.revokedUrl) : ''}
${state.presentation ? presentationSection(state.presentation, state.presentationIssues ?? []) : ''}
<form method="post" action="/verify" enctype="multipart/form-data">
<label for="credential">Paste the credential (JSON)</label>
<textarea id="credential" name="credential" spellcheck="false">${state.input ?? ''}</textarea>
<label for="file">…or choose a file (JSON, a PNG or SVG badge, a PDF certificate)</label>
<input id="file" name="file" type="file" accept=".json,.jsonld,.png,.svg,.pdf,application/json,application/ld+json,image/png,image/svg+xml,application/pdf">
<label for="url">…or give its URL</label>
<input id="url" name="url" type="url" value="${state.url ?? ''}" placeholder="https://">
<button type="submit">Verify</button>
</form>
</main></body></html>`;
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
      return { ...shown, error: outcome.message };
    case 'revoked':
      return { ...shown, revokedUrl: outcome.url };
    case 'credential':
      return { ...shown, report: outcome.report, credential: outcome.credential };
    case 'presentation':
      return { ...shown, presentation: outcome.credentials, presentationIssues: outcome.modelIssues };
  }
}

async function verifyAndRender(c: Context, verifier: Verifier, fetchDocument: FetchDocument, submission: PageSubmission) {
  const outcome = await verifySubmission(submission, verifier, fetchDocument);
  return c.html(page(stateFor(outcome, submission)), outcome.kind === 'error' ? 400 : 200);
}

function fileOf(value: unknown): File | undefined {
  return typeof value === 'object' && value !== null && 'arrayBuffer' in value && 'name' in value ? (value as File) : undefined;
}

/**
 * The verify page: a credential pasted, uploaded (JSON, baked PNG/SVG badge,
 * PDF certificate) as a multipart form, or named by URL (fetched through the
 * guarded fetcher). Reading and verifying are in page-input.ts.
 */
export function registerVerifyPage(app: OpenAPIHono, verifier: Verifier, fetchDocument: FetchDocument): void {
  app.get('/verify', (c) => {
    const url = c.req.query('url');
    return url ? verifyAndRender(c, verifier, fetchDocument, { url }) : c.html(page({}));
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
