import { arcOutline, centredOutline } from './glyph-outlines.js';
import { escapeHtml } from './html.js';
import { wrapText } from './svg-text.js';
import { DEFAULT_THEME, type Theme } from './theme.js';

/** What the default badge shows: the achievement, its tier and who awards it. */
export interface BadgeDesign {
  name: string;
  tier?: string;
  issuerName?: string;
}

type Colors = Pick<Theme, 'primaryColor' | 'accentColor'>;

// Noto first: the faces rasterization loads (see raster.ts); browsers fall back to their own sans-serif.
const FONT = `font-family="'Noto Sans', 'Noto Naskh Arabic', 'Noto Sans Hebrew', 'Noto Sans SC', 'Noto Sans KR', sans-serif"`;

/** A rosette's outline: `points` teeth between two radii around the centre of a 256 box. */
function rosette(points: number, outer: number, inner: number): string {
  const corners = Array.from({ length: points * 2 }, (_, index) => {
    const angle = (Math.PI * index) / points - Math.PI / 2;
    const radius = index % 2 === 0 ? outer : inner;
    return `${(128 + radius * Math.cos(angle)).toFixed(2)},${(128 + radius * Math.sin(angle)).toFixed(2)}`;
  });
  return corners.join(' ');
}

/** The name's lines as glyph outlines when resvg would mis-draw them (see glyph-outlines.ts), else undefined. */
function outlinedName(lines: string[], size: number, lineHeight: number, firstBaseline: number): string | undefined {
  const outlines = lines.map((line, index) => centredOutline(line, 128, firstBaseline + index * lineHeight, size, '#ffffff', 180));
  return outlines.some(Boolean) ? outlines.map((outline, index) => outline ?? `<text ${FONT} x="128" y="${(firstBaseline + index * lineHeight).toFixed(1)}" font-size="${size}" font-weight="bold" fill="#ffffff" text-anchor="middle">${escapeHtml(lines[index]!)}</text>`).join('') : undefined;
}

/** The badge's shapes and text in a 256×256 box, without the <svg> element (the preview image nests it). */
export function badgeArtwork(design: BadgeDesign, colors: Colors = DEFAULT_THEME): string {
  const lines = wrapText(design.name, 14, 3);
  const size = lines.length === 1 ? 24 : lines.length === 2 ? 20 : 17;
  const lineHeight = size * 1.15;
  const middle = design.tier ? 112 : 128;
  const firstBaseline = middle - ((lines.length - 1) * lineHeight) / 2 + size * 0.35;
  const issuer = design.issuerName ? wrapText(design.issuerName.toUpperCase(), 30, 1)[0]! : '';
  const tier = design.tier ? wrapText(design.tier.toUpperCase(), 16, 1)[0]! : '';
  return [
    `<polygon points="${rosette(24, 126, 116)}" fill="${colors.accentColor}"/>`,
    `<circle cx="128" cy="128" r="108" fill="${colors.primaryColor}"/>`,
    `<circle cx="128" cy="128" r="100" fill="none" stroke="#ffffff" stroke-opacity="0.85" stroke-width="2"/>`,
    `<circle cx="128" cy="128" r="94" fill="none" stroke="#ffffff" stroke-opacity="0.45" stroke-width="1" stroke-dasharray="2 3"/>`,
    issuer && arcOutline(issuer, 128, 128, 82, 11, '#ffffff')
      ? arcOutline(issuer, 128, 128, 82, 11, '#ffffff')!
      : issuer
      ? `<path id="laurel-badge-arc" d="M 46 128 A 82 82 0 0 1 210 128" fill="none"/><text ${FONT} font-size="11" font-weight="bold" letter-spacing="1.2" fill="#ffffff" text-anchor="middle"><textPath href="#laurel-badge-arc" startOffset="50%">${escapeHtml(issuer)}</textPath></text>`
      : `<polygon points="128,40 133,52 146,52 136,60 140,72 128,65 116,72 120,60 110,52 123,52" fill="#ffffff"/>`,
    outlinedName(lines, size, lineHeight, firstBaseline) ??
    `<text ${FONT} font-size="${size}" font-weight="bold" fill="#ffffff" text-anchor="middle">${lines
      .map((line, index) => `<tspan x="128" y="${(firstBaseline + index * lineHeight).toFixed(1)}">${escapeHtml(line)}</tspan>`)
      .join('')}</text>`,
    tier
      ? `<polygon points="20,166 46,166 46,198 20,198 30,182" fill="${colors.accentColor}" opacity="0.8"/><polygon points="236,166 210,166 210,198 236,198 226,182" fill="${colors.accentColor}" opacity="0.8"/>` +
        `<rect x="38" y="160" width="180" height="32" rx="3" fill="${colors.accentColor}" stroke="#ffffff" stroke-width="1.5"/>` +
        (centredOutline(tier, 128, 181, 13, '#ffffff', 170) ?? `<text ${FONT} x="128" y="181" font-size="13" font-weight="bold" letter-spacing="1.5" fill="#ffffff" text-anchor="middle">${escapeHtml(tier)}</text>`)
      : '',
  ].join('');
}

/**
 * Our badge artwork, used when an achievement has no image of its own we can
 * bake into without fetching (remote images are not fetched at render time):
 * a rosette in the theme's colours with the achievement's name, its tier on
 * a ribbon and the issuer's name around the top.
 */
export function badgeSvg(design: BadgeDesign, colors: Colors = DEFAULT_THEME): string {
  const label = [design.name, design.tier, design.issuerName].filter(Boolean).join(' · ');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" width="256" height="256" role="img" aria-label="${escapeHtml(label)}">${badgeArtwork(design, colors)}</svg>`;
}
