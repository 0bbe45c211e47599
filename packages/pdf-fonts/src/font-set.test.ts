import { describe, expect, it } from 'vitest';
import { FontError, FontSet, notoFontSet, parseFont } from './index.js';

const fonts = notoFontSet();
const familyOf = (text: string, style: 'sans' | 'serif' = 'sans') => fonts.faceFor(text.codePointAt(0)!, 'regular', style)?.family;

describe('FontSet', () => {
  it('finds the Noto face of each script a name may be written in', () => {
    expect(familyOf('A')).toBe('Noto Sans');
    expect(familyOf('Ж', 'serif')).toBe('Noto Serif');
    expect(familyOf('ष')).toBe('Noto Sans'); // Noto Sans carries Devanagari
    const expected: Record<string, string> = {
      'ম': 'Noto Sans Bengali', 'த': 'Noto Sans Tamil', 'స': 'Noto Sans Telugu', 'ก': 'Noto Sans Thai', 'ნ': 'Noto Sans Georgian',
      'Ա': 'Noto Sans Armenian', 'አ': 'Noto Sans Ethiopic', 'ש': 'Noto Sans Hebrew', 'م': 'Vazirmatn', '李': 'Noto Sans SC', 'さ': 'Noto Sans SC', '김': 'Noto Sans KR',
    };
    for (const [char, family] of Object.entries(expected)) expect([char, familyOf(char)]).toEqual([char, family]);
    expect(familyOf('\u{10FFFD}')).toBeUndefined();
  });

  it('splits a mixed line into runs of one face each, in drawing order', () => {
    const runs = fonts.runs('Ada 李小龙 (ნინო)', 'bold');
    // Spaces and brackets stay in the face before them when it has them (Noto Sans SC does, the Georgian face lacks ")").
    expect(runs.map((run) => [run.text, run.face.family])).toEqual([['Ada ', 'Noto Sans'], ['李小龙 (', 'Noto Sans SC'], ['ნინო', 'Noto Sans Georgian'], [')', 'Noto Sans']]);
    expect(runs.every((run) => run.face.weight === 'bold')).toBe(true);
    // Right to left: the runs come in drawing order, Hebrew handed over in logical order for the shaper to reverse.
    expect(fonts.runs('דוד לוי', 'regular').map((run) => [run.text, run.rtl])).toEqual([['דוד לוי', true]]);
    // Nothing has the character: "?" rather than a failed document.
    expect(fonts.runs('A\u{10FFFD}', 'regular').map((run) => run.text).join('')).toBe('A?');
  });

  it('answers FONT_UNAVAILABLE when a font package is not installed, FONT_UNREADABLE for bytes that are not a font', () => {
    const missing = new FontSet([{ packageName: '@fontsource/no-such-font-package', id: 'no-such', family: 'None', style: 'sans', subsets: ['latin'] }]);
    expect(() => missing.faceFor(65, 'regular')).toThrow(expect.objectContaining({ code: 'FONT_UNAVAILABLE' }));
    expect(() => parseFont(new Uint8Array([1, 2, 3, 4]), 'junk.woff')).toThrow(FontError);
    expect(() => parseFont(new Uint8Array([1, 2, 3, 4]), 'junk.woff')).toThrow(expect.objectContaining({ code: 'FONT_UNREADABLE' }));
  });
});
