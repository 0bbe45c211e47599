import { badgeArtwork } from './badge-image.js';
import type { CertificateData } from './certificate-data.js';
import { lineOutline } from './glyph-outlines.js';
import { escapeHtml } from './html.js';
import { formatDate, messages, tierLabel, type Locale } from './i18n.js';
import { optionalFontSet, svgToPng } from './raster.js';
import { wrapText } from './svg-text.js';
import type { Theme } from './theme.js';

/** Open Graph's recommended 1.91:1 size, which LinkedIn, Slack and others crop least. */
export const PREVIEW_WIDTH = 1200;
export const PREVIEW_HEIGHT = 630;

const FONT = `font-family="'Noto Sans', 'Noto Naskh Arabic', 'Noto Sans Hebrew', 'Noto Sans SC', 'Noto Sans KR', sans-serif"`;

interface LineStyle {
  fill: string;
  bold?: boolean;
  letterSpacing?: number;
}

/** Lines of text from x; a line resvg would mis-draw (Indic scripts) as fontkit-shaped outlines instead (glyph-outlines.ts). */
function lines(texts: string[], x: number, firstBaseline: number, size: number, style: LineStyle): string {
  const weight = style.bold ? 'bold' : 'regular';
  const attributes = `${style.bold ? 'font-weight="bold" ' : ''}${style.letterSpacing ? `letter-spacing="${style.letterSpacing}" ` : ''}fill="${style.fill}"`;
  return texts
    .map((line, index) => {
      const y = firstBaseline + index * size * 1.2;
      return lineOutline(line, { x, y, size, fill: style.fill, anchor: 'start', maxWidth: PREVIEW_WIDTH - 80 - x, weight })
        ?? `<text ${FONT} font-size="${size}" ${attributes}><tspan x="${x}" y="${y.toFixed(1)}">${escapeHtml(line)}</tspan></text>`;
    })
    .join('');
}

/**
 * The certificate as a link preview (og:image): the badge beside who earned
 * what, at which level, from whom and when. The achievement's own image is
 * used when it is inline (data:); else our badge design.
 */
export function previewSvg(certificate: CertificateData, theme: Theme, locale: Locale, badgeImageUrl?: string): string {
  const t = messages(locale);
  const x = 450;
  const learner = wrapText(certificate.learnerName, 22, 2);
  const achievement = wrapText(certificate.achievementName, 30, 2);
  let y = 130;
  const parts: string[] = [];
  parts.push(lines([t.certificateOf.toUpperCase()], x, y, 24, { bold: true, letterSpacing: 3, fill: theme.accentColor }));
  y += 78;
  parts.push(lines(learner, x, y, 56, { bold: true, fill: theme.primaryColor }));
  y += (learner.length - 1) * 67 + 50;
  parts.push(lines([t.hasEarned], x, y, 26, { fill: theme.textColor }));
  y += 58;
  parts.push(lines(achievement, x, y, 42, { bold: true, fill: theme.textColor }));
  y += (achievement.length - 1) * 50 + 48;
  if (certificate.tier) parts.push(lines([`${t.tier}: ${tierLabel(certificate.tier, t)}`], x, y, 28, { bold: true, fill: theme.accentColor }));
  const footer = wrapText(`${certificate.issuerName} · ${formatDate(certificate.issuedOn, locale)}`, 48, 1);
  parts.push(lines(footer, x, 560, 24, { fill: theme.textColor }));
  const badge = /^data:image\/(png|jpeg|svg\+xml);base64,/.test(badgeImageUrl ?? '')
    ? `<image href="${escapeHtml(badgeImageUrl!)}" x="60" y="155" width="320" height="320" preserveAspectRatio="xMidYMid meet"/>`
    : `<svg x="60" y="155" width="320" height="320" viewBox="0 0 256 256">${badgeArtwork({ name: certificate.achievementName, ...(certificate.tier ? { tier: certificate.tier } : {}), issuerName: certificate.issuerName }, theme)}</svg>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PREVIEW_WIDTH}" height="${PREVIEW_HEIGHT}" viewBox="0 0 ${PREVIEW_WIDTH} ${PREVIEW_HEIGHT}">`,
    `<rect width="${PREVIEW_WIDTH}" height="${PREVIEW_HEIGHT}" fill="${theme.backgroundColor}"/>`,
    `<rect x="0" y="0" width="${PREVIEW_WIDTH}" height="16" fill="${theme.primaryColor}"/><rect x="0" y="${PREVIEW_HEIGHT - 16}" width="${PREVIEW_WIDTH}" height="16" fill="${theme.primaryColor}"/>`,
    `<rect x="24" y="40" width="${PREVIEW_WIDTH - 48}" height="${PREVIEW_HEIGHT - 80}" fill="none" stroke="${theme.accentColor}" stroke-width="2"/>`,
    badge,
    ...parts,
    '</svg>',
  ].join('');
}

/** The preview as a PNG (1200×630). */
export async function renderPreviewPng(certificate: CertificateData, theme: Theme, locale: Locale, badgeImageUrl?: string, fontsModule?: string): Promise<Buffer> {
  await optionalFontSet(fontsModule); // Indic lines are drawn as outlines from these fonts (glyph-outlines.ts)
  return svgToPng(previewSvg(certificate, theme, locale, badgeImageUrl), PREVIEW_WIDTH, fontsModule);
}
