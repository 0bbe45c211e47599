import { describe, expect, it } from 'vitest';
import { segment, type FaceChooser } from './bidi-runs.js';

// Face 0 has every letter but Hebrew; face 1 has Hebrew letters and the space only.
const HEBREW = /\p{Script=Hebrew}/u;
const chooser: FaceChooser = {
  covers: (face, cp) => (face === 1 ? HEBREW.test(String.fromCodePoint(cp)) || cp === 32 : !HEBREW.test(String.fromCodePoint(cp))),
  faceFor: (cp) => (HEBREW.test(String.fromCodePoint(cp)) ? 1 : 0),
};
const runs = (text: string) => segment([...text], chooser).map(({ text: run, face, rtl }) => `${run}|${face}|${rtl ? 'R' : 'L'}`);

describe('bidi runs', () => {
  it('keeps a left-to-right line as one run', () => {
    expect(runs('Ngô Bảo Châu')).toEqual(['Ngô Bảo Châu|0|L']);
  });

  it('keeps a Hebrew name, spaces included, as one right-to-left run for fontkit to reverse', () => {
    expect(runs('דוד לוי')).toEqual(['דוד לוי|1|R']);
  });

  it('places a Hebrew name inside a left-to-right line where it was written', () => {
    expect(runs('Issued by דוד לוי, 2026')).toEqual(['Issued by |0|L', 'דוד לוי|1|R', ', 2026|0|L']);
  });

  it('keeps a percent sign beside its number in a right-to-left line (UAX #9 rule W5)', () => {
    // Logical: ציון (grade) 88%; seen left to right: 88% then the Hebrew word.
    expect(runs('ציון 88%')).toEqual(['88%|0|L', 'ציון |1|R']);
  });

  it('reverses run order in a right-to-left line, mirroring brackets drawn in another font', () => {
    // Logical: דוד (David) לוי; seen left to right: לוי (David) דוד.
    // fontkit reverses the Hebrew runs' glyphs; the bracket runs are already in drawing order.
    expect(runs('דוד (David) לוי')).toEqual(['לוי|1|R', ' (|0|R', 'David|0|L', ')|0|R', 'דוד |1|R']);
  });
});
