import { escapeHtml } from './html.js';
import { encodeRgbaPng } from './png.js';
import { DEFAULT_THEME, type Theme } from './theme.js';

type Colors = Pick<Theme, 'primaryColor' | 'accentColor'>;

/**
 * Our own badge artwork, used when an achievement has no PNG/SVG image we can
 * bake into without fetching (remote images are not fetched at render time).
 */
export function badgeSvg(title: string, colors: Colors = DEFAULT_THEME, subtitle?: string): string {
  const words = title.length > 22 ? `${title.slice(0, 21)}…` : title;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" width="256" height="256" role="img" aria-label="${escapeHtml(title)}">`,
    `<circle cx="128" cy="128" r="124" fill="${colors.accentColor}"/>`,
    `<circle cx="128" cy="128" r="108" fill="${colors.primaryColor}"/>`,
    `<circle cx="128" cy="128" r="96" fill="none" stroke="#ffffff" stroke-width="2" stroke-dasharray="4 4"/>`,
    `<text x="128" y="${subtitle ? 122 : 134}" text-anchor="middle" font-family="Georgia, serif" font-size="18" fill="#ffffff">${escapeHtml(words)}</text>`,
    subtitle ? `<text x="128" y="150" text-anchor="middle" font-family="Georgia, serif" font-size="14" fill="#ffffff">${escapeHtml(subtitle.slice(0, 28))}</text>` : '',
    '</svg>',
  ].join('');
}

function rgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** A medal as a PNG: accent ring around a primary disc, anti-aliased, transparent outside. */
export function badgePng(colors: Colors = DEFAULT_THEME, size = 256): Buffer {
  const pixels = new Uint8Array(size * size * 4);
  const [accent, primary] = [rgb(colors.accentColor), rgb(colors.primaryColor)];
  const centre = size / 2;
  const outer = size * 0.484;
  const inner = size * 0.42;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const distance = Math.hypot(x + 0.5 - centre, y + 0.5 - centre);
      const alpha = Math.max(0, Math.min(1, outer - distance + 0.5));
      const colour = distance < inner ? primary : accent;
      pixels.set([...colour, Math.round(alpha * 255)], (y * size + x) * 4);
    }
  }
  return encodeRgbaPng(size, size, pixels);
}
