import { badgeSvg, type BadgeDesign } from './badge-image.js';
import { escapeHtml } from './html.js';
import { optionalFontSet, svgToPng } from './raster.js';
import type { Theme } from './theme.js';

/** The badge of an achievement: its uploaded image (a data: URL) when it has one, else our design from its name, tier and issuer. */
export interface BadgeSource {
  imageUrl?: string | null;
  design: BadgeDesign;
  theme: Theme;
}

const INLINE = /^data:image\/(png|jpeg|svg\+xml);base64,([A-Za-z0-9+/=]+)$/;
/** Pixel size of badge PNGs: sharp on high-density screens, a few tens of kilobytes. */
export const BADGE_PNG_SIZE = 512;

interface Upload {
  type: 'png' | 'jpeg' | 'svg';
  dataUrl: string;
  bytes: Buffer;
}

function uploaded(source: BadgeSource): Upload | undefined {
  const match = INLINE.exec(source.imageUrl ?? '');
  if (!match) return undefined;
  return { type: match[1] === 'svg+xml' ? 'svg' : (match[1] as 'png' | 'jpeg'), dataUrl: match[0], bytes: Buffer.from(match[2]!, 'base64') };
}

/**
 * An uploaded SVG that links anything but inline data or its own fragments
 * is not rasterized: the renderer would otherwise read the linked file from
 * this machine's disk.
 */
function linksOutside(svg: string): boolean {
  return /\b(?:xlink:)?href\s*=\s*["']\s*(?!data:|#)/i.test(svg) || /url\(\s*["']?\s*(?!data:|#)/i.test(svg);
}

/** A raster image as an SVG, so a PNG or JPEG upload can be baked as SVG too. */
function wrapRaster(upload: Upload, label: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" width="256" height="256" role="img" aria-label="${escapeHtml(label)}"><image href="${upload.dataUrl}" width="256" height="256" preserveAspectRatio="xMidYMid meet"/></svg>`;
}

/** The badge as SVG (uploaded SVGs are returned as uploaded). */
export function badgeImageSvg(source: BadgeSource): string {
  const upload = uploaded(source);
  if (upload?.type === 'svg') return upload.bytes.toString('utf8');
  if (upload) return wrapRaster(upload, source.design.name);
  return badgeSvg(source.design, source.theme);
}

/** The badge as PNG: an uploaded PNG as is, an uploaded JPEG or SVG rasterized, else our design rasterized. */
export async function badgeImagePng(source: BadgeSource, fontsModule?: string): Promise<Buffer> {
  await optionalFontSet(fontsModule); // the badge's Indic lines are drawn as outlines from these fonts (glyph-outlines.ts)
  const upload = uploaded(source);
  if (upload?.type === 'png') return upload.bytes;
  if (upload?.type === 'jpeg') return svgToPng(wrapRaster(upload, source.design.name), BADGE_PNG_SIZE, fontsModule);
  if (upload?.type === 'svg' && !linksOutside(upload.bytes.toString('utf8'))) return svgToPng(upload.bytes.toString('utf8'), BADGE_PNG_SIZE, fontsModule);
  return svgToPng(badgeSvg(source.design, source.theme), BADGE_PNG_SIZE, fontsModule);
}
