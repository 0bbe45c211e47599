import type * as fontkit from 'fontkit';
import type { FontWeight } from '@laurel/pdf-fonts';
import { loadedFontSet } from './pdf-fonts.js';

/**
 * Text drawn as glyph outlines shaped by fontkit, for the scripts resvg
 * mis-draws. resvg-js (2.6.2, and 2.7.0-alpha.2) shapes Indic text — vowel
 * signs reorder, conjuncts form — but places the glyphs of a multi-glyph
 * cluster on top of each other and loses spaces after them ("विज्ञान" comes out
 * overprinted), fixed in resvg itself after the last resvg-js release. fontkit
 * shapes and positions the same font as Chromium does, so badges draw those
 * lines as paths (the SVG keeps the words in its aria-label).
 */
// Devanagari to Sinhala, and Devanagari Extended.
const isIndic = (char: string) => {
  const code = char.codePointAt(0)!;
  return (code >= 0x0900 && code <= 0x0dff) || (code >= 0xa8e0 && code <= 0xa8ff);
};

interface Shaped {
  /** Each glyph's outline in font units and where its origin sits along the line, in font units. */
  glyphs: { path: fontkit.Glyph['path']; origin: number; yOffset: number; advance: number }[];
  width: number;
  unitsPerEm: number;
}

function shape(text: string, weight: FontWeight): Shaped | undefined {
  if (![...text].some(isIndic)) return undefined;
  // The fonts come from @laurel/pdf-fonts once loaded (badgeImagePng and the preview load them first); without them resvg's text stays.
  const fonts = loadedFontSet();
  const first = [...text].find(isIndic);
  const face = fonts && first ? fonts.faceFor(first.codePointAt(0)!, weight) : undefined;
  if (!fonts || !face) return undefined;
  const font = fonts.font(face);
  // Only when that face has every glyph; otherwise resvg's text stays.
  if ([...text].some((char) => /\S/u.test(char) && !font.hasGlyphForCodePoint(char.codePointAt(0)!))) return undefined;
  const run = font.layout(text);
  let pen = 0;
  const glyphs = run.glyphs.map((glyph, index) => {
    const position = run.positions[index]!;
    const placed = { path: glyph.path, origin: pen + position.xOffset, yOffset: position.yOffset, advance: position.xAdvance };
    pen += position.xAdvance;
    return placed;
  });
  return { glyphs, width: pen, unitsPerEm: font.unitsPerEm };
}

/**
 * A line with its baseline at `y`, centred on `x` (or starting there), as one <path>, made smaller if wider
 * than `maxWidth`; undefined when resvg's own text is right.
 */
export function lineOutline(
  text: string,
  options: { x: number; y: number; size: number; fill: string; anchor?: 'start' | 'middle'; maxWidth?: number; weight?: FontWeight },
): string | undefined {
  const shaped = shape(text, options.weight ?? 'bold');
  if (!shaped) return undefined;
  const scale = Math.min(options.size / shaped.unitsPerEm, (options.maxWidth ?? Infinity) / shaped.width);
  const left = options.anchor === 'start' ? options.x : options.x - (shaped.width * scale) / 2;
  const d = shaped.glyphs.map((glyph) => glyph.path.scale(scale, -scale).translate(left + glyph.origin * scale, options.y - glyph.yOffset * scale).toSVG()).join('');
  return `<path d="${d}" fill="${options.fill}"/>`;
}

/** A centred line (see lineOutline). */
export function centredOutline(text: string, x: number, y: number, size: number, fill: string, maxWidth = Infinity): string | undefined {
  return lineOutline(text, { x, y, size, fill, maxWidth });
}

/**
 * A line along the top of a circle (centre cx, cy; radius r), centred on its top,
 * read left to right, each glyph turned to follow the curve; undefined when resvg's own text is right.
 */
export function arcOutline(text: string, cx: number, cy: number, r: number, size: number, fill: string, weight: FontWeight = 'bold'): string | undefined {
  const shaped = shape(text, weight);
  if (!shaped) return undefined;
  const scale = size / shaped.unitsPerEm;
  const start = -Math.PI / 2 - (shaped.width * scale) / 2 / r;
  const paths = shaped.glyphs.map((glyph) => {
    // The glyph's middle sits on the arc; the glyph is drawn upright at the origin and turned into place.
    const middle = (glyph.origin + glyph.advance / 2) * scale;
    const angle = start + middle / r;
    const px = cx + r * Math.cos(angle);
    const py = cy + r * Math.sin(angle);
    const d = glyph.path.scale(scale, -scale).translate((-glyph.advance * scale) / 2, -glyph.yOffset * scale).toSVG();
    return `<path d="${d}" transform="translate(${px.toFixed(2)} ${py.toFixed(2)}) rotate(${((angle * 180) / Math.PI + 90).toFixed(2)})"/>`;
  });
  return `<g fill="${fill}">${paths.join('')}</g>`;
}
