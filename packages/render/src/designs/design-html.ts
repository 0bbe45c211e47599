import type { CertificateData } from '../certificate-data.js';
import { escapeHtml } from '../html.js';
import { messages, textDirection, type Locale } from '../i18n.js';
import { qrSvg } from '../qr.js';
import { designFields, fillPlaceholders } from './design-fields.js';
import type { Design } from './design-format.js';

export interface DesignHtmlInput {
  design: Design;
  certificate: CertificateData;
  locale: Locale;
  /** Where an uploaded asset is served (same origin: the page policy allows img-src and font-src 'self'). */
  assetUrl: (assetId: string) => string;
}

const pct = (value: number, whole: number) => `${((value / whole) * 100).toFixed(4)}%`;

/**
 * The same design as HTML: each page a box of the design's proportions that
 * scales with the screen (positions in percent, text in container-width
 * units), so the page at 375 px is the PDF made smaller, never scrolled
 * sideways. Uploaded fonts are @font-face rules on the asset URLs. Every
 * value is escaped; the design has no markup of its own.
 */
export function renderDesignHtml(input: DesignHtmlInput): string {
  const { design, certificate, locale } = input;
  const t = messages(locale);
  const fields = designFields(certificate, locale);
  const { width, height } = design.size;
  const fontFaces = Object.entries(design.fonts)
    .map(([name, font]) => `@font-face{font-family:"design-${name}";src:url("${escapeHtml(input.assetUrl(font.asset))}");font-display:swap}`)
    .join('');
  const size = (points: number) => `${((points / width) * 100).toFixed(4)}cqw`;
  const pages = design.pages.map((page) => {
    const elements = page.elements.map((element) => {
      const w = element.type === 'qr' ? element.size : element.width;
      const h = element.type === 'qr' ? element.size : element.height;
      const place = `left:${pct(element.x, width)};top:${pct(element.y, height)};width:${pct(w, width)};height:${pct(h, height)}`;
      if (element.type === 'rect') {
        return `<div class="d-box" aria-hidden="true" style="${place};${element.fill ? `background:${element.fill};` : ''}${element.stroke || !element.fill ? `border:${size(element.strokeWidth)} solid ${element.stroke ?? design.textColour};` : ''}"></div>`;
      }
      if (element.type === 'qr') {
        return `<div class="d-box d-qr" style="${place}">${qrSvg(certificate.credentialId, { label: `${t.verifyAt} ${certificate.credentialId}` }).replace(/width="\d+" height="\d+"/, 'width="100%" height="100%"')}</div>`;
      }
      if (element.type === 'image') {
        const src = element.asset ? input.assetUrl(element.asset) : certificate.imageUrl;
        if (!src) return '';
        const alt = element.alt ? fillPlaceholders(element.alt, fields) : '';
        return `<img class="d-box d-img" style="${place}" src="${escapeHtml(src)}" alt="${escapeHtml(alt)}">`;
      }
      const text = fillPlaceholders(element.text, fields);
      if (!text) return '';
      const family = element.font === 'sans' ? '' : `font-family:"design-${element.font}",var(--d-sans);`;
      const tag = element.role === 'heading' ? 'h1' : 'p';
      const justify = element.align === 'left' ? 'flex-start' : element.align === 'right' ? 'flex-end' : 'center';
      return `<${tag} class="d-box d-text" style="${place};${family}font-size:${size(element.size)};font-weight:${element.bold ? 700 : 400};color:${element.colour ?? design.textColour};text-align:${element.align};justify-content:${justify}">${escapeHtml(text)}</${tag}>`;
    });
    return `<section class="d-page" style="aspect-ratio:${width}/${height};${page.background ? `background:${page.background}` : ''}">${elements.join('')}</section>`;
  });
  const style = `${fontFaces}:root{--d-sans:"Noto Sans",system-ui,sans-serif}*{box-sizing:border-box}body{margin:0;padding:8px;background:#e5e7eb;font-family:var(--d-sans)}main{max-width:${Math.round(width * 1.333)}px;margin:0 auto;display:grid;gap:16px}.d-page{position:relative;width:100%;container-type:inline-size;background:#fff;overflow:hidden;box-shadow:0 1px 4px #0003}.d-box{position:absolute;margin:0}.d-text{display:flex;flex-direction:column;line-height:1.2;overflow:hidden;overflow-wrap:anywhere}.d-img{object-fit:contain}.d-qr svg{display:block}`;
  return `<!doctype html><html lang="${locale}" dir="${textDirection(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(`${certificate.achievementName} — ${certificate.learnerName}`)}</title><style>${style}</style></head><body><main>${pages.join('')}</main></body></html>`;
}
