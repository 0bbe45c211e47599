import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { woffToSfnt } from './woff.js';

const thaiWoff = readFileSync(createRequire(import.meta.url).resolve('@fontsource/noto-sans-thai/files/noto-sans-thai-thai-400-normal.woff'));

describe('woffToSfnt (W3C WOFF 1.0 §4–5)', () => {
  it('unwraps the same font: fontkit reads both alike, glyph for glyph', () => {
    const woff = fontkit.create(thaiWoff) as fontkit.Font;
    const sfnt = fontkit.create(woffToSfnt(thaiWoff)) as fontkit.Font;
    expect(woffToSfnt(thaiWoff).readUInt32BE(0)).toBe(0x00010000); // TrueType outlines
    expect(sfnt.postscriptName).toBe(woff.postscriptName);
    expect(sfnt.numGlyphs).toBe(woff.numGlyphs);
    const text = 'สมชาย ใจดี';
    expect(sfnt.layout(text).glyphs.map((glyph) => glyph.id)).toEqual(woff.layout(text).glyphs.map((glyph) => glyph.id));
    expect(sfnt.layout(text).glyphs.every((glyph) => glyph.id !== 0)).toBe(true);
  });

  it('refuses what is not WOFF 1.0', () => {
    expect(() => woffToSfnt(woffToSfnt(thaiWoff))).toThrow(/Not a WOFF/);
  });
});
