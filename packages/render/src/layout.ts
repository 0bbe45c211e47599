import { html, trusted, type SafeHtml } from './html.js';
import { textDirection, type Locale } from './i18n.js';
import { DEFAULT_THEME, FONT_STACKS, type Theme } from './theme.js';

export interface PageHead {
  title: string;
  description?: string;
  /** Open Graph: how a shared link previews. */
  openGraph?: { url: string; image?: { url: string; width: number; height: number; alt: string }; type?: string };
  /** Keep the page out of search engines (learner records). */
  noindex?: boolean;
}

const BASE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font-family: var(--font); color: var(--text); background: #f4f4f2; line-height: 1.5; }
main { max-width: 1000px; margin: 0 auto; padding: 1.5rem; }
a { color: var(--primary); }
.logo { max-height: 64px; max-width: 240px; }
dt { font-weight: bold; }
dd { margin: 0; }
.facts div { text-align: start; }
.credential-id { font-family: ui-monospace, monospace; font-size: .85rem; word-break: break-all; }
.signatories { list-style: none; padding: 0; display: flex; justify-content: center; gap: 2rem; flex-wrap: wrap; }
.signatories li { display: flex; flex-direction: column; align-items: center; }
.signature { max-height: 48px; max-width: 100%; }
.tier { font-weight: bold; letter-spacing: .05em; }
.criteria { max-width: 60ch; margin: .75rem auto; text-align: start; }
.criteria p { margin: .25rem 0; }
.qr { max-width: 100%; }
.qr svg { max-width: 100%; height: auto; }
/* Long URLs (the "Verify at" link, ids) wrap inside their box instead of running through its border. */
.qr figcaption, .credential-id, .achievement, .learner { overflow-wrap: anywhere; }
.achievement-image { max-width: 120px; max-height: 120px; }
.signatory-name { border-top: 1px solid var(--text); padding-top: .25rem; font-weight: bold; }
.seal { display: flex; gap: .75rem; align-items: center; margin: 0 auto 1rem; max-width: 960px; padding: .75rem 1rem; border-radius: 8px; border: 2px solid; font-weight: bold; }
.seal-valid { background: #e8f5e9; border-color: #1b5e20; color: #1b5e20; }
.seal-revoked, .seal-invalid { background: #fdecea; border-color: #8e1b10; color: #8e1b10; }
.seal-replaced { background: #e8f0fb; border-color: #1f3a5f; color: #1f3a5f; }
.seal-suspended, .seal-unknown { background: #fff4e5; border-color: #6a4000; color: #6a4000; }
.seal small { font-weight: normal; }
.actions { max-width: 960px; margin: 1.5rem auto; }
.actions ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .75rem; }
.actions a { display: inline-block; padding: .5rem 1rem; border: 2px solid var(--primary); border-radius: 6px; text-decoration: none; background: #fff; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: start; padding: .5rem; border-bottom: 1px solid #ccc; vertical-align: top; overflow-wrap: break-word; }
@media (max-width: 600px) { main { padding: 1rem; } th, td { padding: .4rem .25rem; font-size: .9rem; } }
.new-link { overflow-wrap: anywhere; }
.error-page { max-width: 40rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border-radius: 8px; border-top: 6px solid var(--primary); }
.error-page h1 { margin-top: 0; color: var(--primary); overflow-wrap: anywhere; }
.error-detail { color: #4a4a4a; overflow-wrap: anywhere; }
.button { display: inline-block; padding: .6rem 1.2rem; border-radius: 6px; background: var(--primary); color: #fff; text-decoration: none; font-weight: bold; }
.unmet { color: #8e1b10; }
.met { color: #1b5e20; }
`;

function themeVariables(theme: Theme): string {
  // Theme values are validated #rrggbb colours and a closed font list, so interpolating them is safe.
  return `:root { --primary: ${theme.primaryColor}; --accent: ${theme.accentColor}; --background: ${theme.backgroundColor}; --text: ${theme.textColor}; --font: ${FONT_STACKS[theme.font]}; }`;
}

/** A whole HTML document: no scripts, no external styles, so the page works offline and under a strict CSP. */
export function page(options: { head: PageHead; locale: Locale; theme?: Theme; css?: string; body: SafeHtml }): string {
  const { head, locale } = options;
  const theme = options.theme ?? DEFAULT_THEME;
  const og = head.openGraph;
  return `<!doctype html>\n${html`<html lang="${locale}" dir="${textDirection(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${head.title}</title>
${head.description ? html`<meta name="description" content="${head.description}">` : ''}
${head.noindex ? html`<meta name="robots" content="noindex">` : ''}
${og ? html`<meta property="og:title" content="${head.title}">
<meta property="og:type" content="${og.type ?? 'website'}">
<meta property="og:url" content="${og.url}">
${head.description ? html`<meta property="og:description" content="${head.description}">` : ''}
${og.image ? html`<meta property="og:image" content="${og.image.url}">
<meta property="og:image:width" content="${og.image.width}">
<meta property="og:image:height" content="${og.image.height}">
<meta property="og:image:alt" content="${og.image.alt}">
<meta name="twitter:card" content="summary_large_image">` : ''}` : ''}
<style>${trusted(themeVariables(theme) + BASE_CSS + (options.css ?? ''))}</style>
</head>
<body>
<main>
${options.body}
</main>
</body>
</html>`.value}\n`;
}
