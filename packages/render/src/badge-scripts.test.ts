// The default badge PNG (resvg) with achievement names in Thai, Arabic, Chinese and
// Devanagari: each name is drawn in real glyphs, not as missing-glyph boxes ("tofu"), and
// the complex scripts are shaped — Arabic letters join, a Devanagari vowel sign is drawn
// before its consonant and a conjunct forms. Pixels are read back with pngjs, independent
// of the renderer.
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { badgeImagePng } from './badge-files.js';
import { svgToPng } from './raster.js';
import { resolveTheme } from './theme.js';

const theme = resolveTheme({ primaryColor: '#1f3a5f', accentColor: '#8a5a00' });

/** Two different names of the same length per script: boxes for missing glyphs would draw both alike. */
const NAMES = {
  thai: ['วิทยาการข้อมูล', 'การเขียนโปรแกรม'],
  arabic: ['علم البيانات', 'تعلم الآلة'],
  chinese: ['数据科学导论', '机器学习基础'],
  devanagari: ['डेटा विज्ञान', 'मशीन लर्निंग'],
} as const;

/** Private-use characters: no font has them, so they come out as the missing-glyph box. */
const tofu = (length: number) => String.fromCodePoint(...Array.from({ length }, (_, index) => 0xe000 + index));

function pixels(png: Buffer) {
  return PNG.sync.read(png);
}

/** Pixels that differ between two same-sized images (any channel by more than 32). */
function differing(a: Buffer, b: Buffer): number {
  const [left, right] = [pixels(a), pixels(b)];
  expect([left.width, left.height]).toEqual([right.width, right.height]);
  let count = 0;
  for (let offset = 0; offset < left.data.length; offset += 4) {
    if ([0, 1, 2, 3].some((channel) => Math.abs(left.data[offset + channel]! - right.data[offset + channel]!) > 32)) count += 1;
  }
  return count;
}

const badge = (name: string) => badgeImagePng({ design: { name, tier: 'Achievement', issuerName: 'Example University' }, theme });

describe('default badge names in non-Latin scripts', () => {
  it.each(Object.entries(NAMES))('%s: glyphs, not missing-glyph boxes', async (_script, [first, second]) => {
    const [one, other, boxes] = await Promise.all([badge(first), badge(second), badge(tofu([...first].length))]);
    // Each name draws differently from the other and from boxes of its length: a badge of
    // boxes would differ from another badge of boxes only by their count.
    expect(differing(one, other)).toBeGreaterThan(1_000);
    expect(differing(one, boxes)).toBeGreaterThan(1_000);
    // And every rendered name leaves the lettering white on the disc (the text is really drawn).
    const blank = await badge(' ');
    expect(differing(one, blank)).toBeGreaterThan(1_000);
  });
});

/** Columns of dark ink in a line of black text on white, as drawn by the badge's rasterizer. */
async function inkColumns(text: string, family: string): Promise<number[]> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="120"><rect width="600" height="120" fill="#fff"/><text x="20" y="80" font-family="${family}" font-size="64" fill="#000">${text}</text></svg>`;
  const image = pixels(await svgToPng(svg, 600));
  return Array.from({ length: image.width }, (_, x) => {
    let dark = 0;
    for (let y = 0; y < image.height; y += 1) if (image.data[(y * image.width + x) * 4]! < 128) dark += 1;
    return dark;
  });
}

const inkWidth = (columns: number[]) => {
  const first = columns.findIndex((count) => count > 0);
  const last = columns.length - 1 - [...columns].reverse().findIndex((count) => count > 0);
  return first < 0 ? 0 : last - first + 1;
};

/** The longest run of columns without white lettering between the first and last lettered column of the name's band. */
function widestGap(png: Buffer, top: number, bottom: number): number {
  const image = pixels(png);
  // Inside the white rings (radius 94 of 256), so only lettering counts.
  const lettered = Array.from({ length: image.width }, (_, x) => {
    if (x < 80 || x > 432) return false;
    for (let y = top; y < bottom; y += 1) {
      const offset = (y * image.width + x) * 4;
      if (image.data[offset]! > 200 && image.data[offset + 1]! > 200 && image.data[offset + 2]! > 200) return true;
    }
    return false;
  });
  const first = lettered.indexOf(true);
  const last = lettered.lastIndexOf(true);
  let widest = 0;
  let run = 0;
  for (let x = first; x <= last; x += 1) {
    run = lettered[x] ? 0 : run + 1;
    widest = Math.max(widest, run);
  }
  return widest;
}

describe('Devanagari names are drawn with their spaces and clusters in place', () => {
  // resvg-js 2.6 places the glyphs of a multi-glyph cluster on top of each other and drops the
  // space after it ("डेटा विज्ञान" came out "डेटाविज्ञान", overprinted); the badge draws such lines
  // as glyph outlines shaped by fontkit (glyph-outlines.ts).
  it.each(['डेटा विज्ञान', 'की क्षमता'])('keeps the gap between the words of "%s" (resvg alone closes it)', async (name) => {
    const png = await badgeImagePng({ design: { name, tier: 'Achievement' }, theme });
    // The name's band on the 512 px badge: one line of 24-unit type, baseline at 120 of 256.
    expect(widestGap(png, 190, 262)).toBeGreaterThanOrEqual(8);
  });
});

describe('complex scripts are shaped (resvg shapes with rustybuzz)', () => {
  it('Devanagari: the vowel sign ि is drawn before the consonant it follows in the text, and क्ष is one conjunct', async () => {
    const [ki, ka, sign] = await Promise.all(['कि', 'क', 'ि'].map((text) => inkColumns(text, "'Noto Sans'")));
    // Left edge of "कि" is the vowel sign's (as drawn alone), not the consonant's (up to anti-aliasing).
    const start = ki!.findIndex((count) => count > 0);
    const distance = (a: number[], b: number[]) => a.slice(start, start + 12).reduce((sum, count, index) => sum + Math.abs(count - b[start + index]!), 0);
    expect(distance(ki!, sign!)).toBeLessThan(distance(ki!, ka!) / 4);
    // The conjunct is narrower than the half form and the full letter side by side.
    const [kssa, halfKa, ssa] = await Promise.all(['क्ष', 'क्', 'ष'].map(async (text) => inkWidth(await inkColumns(text, "'Noto Sans'"))));
    expect(kssa!).toBeLessThan(halfKa! + ssa! - 10);
  });

  it('Arabic: the letters of a word join (a zero-width non-joiner between them draws them apart, wider)', async () => {
    const word = 'سلام';
    const joined = inkWidth(await inkColumns(word, "'Noto Naskh Arabic'"));
    const apart = inkWidth(await inkColumns([...word].join('\u200c'), "'Noto Naskh Arabic'"));
    expect(joined).toBeLessThan(apart * 0.9);
  });
});
