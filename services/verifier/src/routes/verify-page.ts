import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { html, raw } from 'hono/html';
import type { VerificationReport, Verifier } from '../verifier.js';
import { resultSection, verdictTitle, VERDICT_STYLE } from './verdict-view.js';

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
}

function page(state: PageState) {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${state.report ? `${verdictTitle(state.report)} ` : ''}Verify a credential – Laurel</title><style>${raw(STYLE + VERDICT_STYLE)}</style></head>
<body><main>
<h1>Verify a credential</h1>
${state.error ? html`<p class="error" role="alert">${state.error}</p>` : ''}
${state.report ? resultSection(state.report, state.credential) : ''}
<form method="post" action="/verify">
<label for="credential">Paste the credential (JSON)</label>
<textarea id="credential" name="credential" spellcheck="false">${state.input ?? ''}</textarea>
<label for="file">…or choose a file</label>
<input id="file" type="file" accept=".json,application/json,application/ld+json">
<label for="url">…or give its URL</label>
<input id="url" name="url" type="url" value="${state.url ?? ''}" placeholder="https://">
<button type="submit">Verify</button>
</form>
<script>
// A new page after each check: move focus to the verdict so screen readers announce it first.
document.getElementById('result-heading')?.focus();
document.getElementById('file').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (file) document.getElementById('credential').value = await file.text();
});
</script>
</main></body></html>`;
}

async function verifyAndRender(c: Context, verifier: Verifier, fetchJson: (url: URL) => Promise<unknown>, state: { input?: string; url?: string }) {
  let credential: unknown;
  try {
    if (state.input?.trim()) credential = JSON.parse(state.input);
    else if (state.url?.trim()) credential = await fetchJson(new URL(state.url));
    else return c.html(page({}));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'That is not valid JSON.' : `Could not get the credential: ${error instanceof Error ? error.message : String(error)}`;
    return c.html(page({ ...state, error: reason }), 400);
  }
  const { report } = await verifier.verifyCredential(credential);
  return c.html(page({ ...state, report, credential }));
}

export function registerVerifyPage(app: OpenAPIHono, verifier: Verifier, fetchJson: (url: URL) => Promise<unknown>): void {
  app.get('/verify', (c) => {
    const url = c.req.query('url');
    return url ? verifyAndRender(c, verifier, fetchJson, { url }) : c.html(page({}));
  });
  app.post('/verify', async (c) => {
    const form = await c.req.parseBody();
    const input = typeof form.credential === 'string' ? form.credential : undefined;
    const url = typeof form.url === 'string' ? form.url : undefined;
    return verifyAndRender(c, verifier, fetchJson, { ...(input ? { input } : {}), ...(url ? { url } : {}) });
  });
}
