// Certificate PDFs for learners in other scripts, checked the way a reader
// sees them: poppler extracts the text, lists the fonts and rasterises the page.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { requirePoppler, skipWithoutPoppler } from '../../../test/support/poppler.js';
import { certificateFromCredential } from './certificate-data.js';
import { renderCertificatePdf } from './pdf.js';
import { PdfFontError, fontkitForPdfLib } from './pdf-fonts.js';
import { resolveTheme } from './theme.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'laurel-unicode-pdf-'));
// White page, black name: any ink in the name's band is the name.
const theme = resolveTheme({ backgroundColor: '#ffffff', primaryColor: '#000000', accentColor: '#000000', font: 'serif' });

const NAMES = {
  chinese: '李小龙',
  russian: 'Алёна Шевченко',
  vietnamese: 'Ngô Bảo Châu',
  arabic: 'محمد علي',
  hebrew: 'דוד לוי',
  greek: 'Γιώργος Παπαδόπουλος',
  japanese: '山田 さくら',
  korean: '김민준',
  hindi: 'अनन्या',
  thai: 'สมชาย ใจดี',
};

async function certificatePdf(file: string, learner: string, achievement = 'Data Science 101', issuer = 'Example University'): Promise<string> {
  const credential = { id: 'https://issuer.test/credentials/abc', issuer: { id: 'did:key:z6Mk', name: issuer }, validFrom: '2026-03-05T10:00:00Z', credentialSubject: { name: learner, achievement: { name: achievement } } };
  const bytes = await renderCertificatePdf({ certificate: certificateFromCredential(credential, [{ name: 'Олег Петров', title: 'Ректор' }]), theme, locale: 'en', credential });
  const target = path.join(dir, file);
  writeFileSync(target, bytes);
  return target;
}

// poppler wraps right-to-left text in bidi embedding marks; the letters between them are what count.
const text = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
const fonts = (file: string) => execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);

/** Dark pixels in the band where the learner's name is drawn (baseline 420 pt, 32 pt type), at 72 dpi. */
function nameInk(file: string): { dark: number; inkedColumns: number; span: number; errors: string } {
  // poppler quietly substitutes a system font for a broken embedded one, but says so on stderr.
  const errors = spawnSync('pdftoppm', ['-png', '-r', '72', '-singlefile', file, file.replace(/\.pdf$/, '')], { encoding: 'utf8' }).stderr;
  const png = PNG.sync.read(readFileSync(file.replace(/\.pdf$/, '.png')));
  const columns = new Set<number>();
  let dark = 0;
  for (let y = 140; y < 190; y += 1) for (let x = 40; x < png.width - 40; x += 1) {
    const at = (y * png.width + x) * 4;
    if (png.data[at]! + png.data[at + 1]! + png.data[at + 2]! < 384) { dark += 1; columns.add(x); }
  }
  const span = columns.size ? Math.max(...columns) - Math.min(...columns) + 1 : 0;
  return { dark, inkedColumns: columns.size, span, errors };
}

describe.skipIf(skipWithoutPoppler)('certificate PDF in other scripts', () => {
  beforeAll(requirePoppler);

  it.each(Object.entries(NAMES))('prints a %s name that text extraction gets back exactly', async (script, name) => {
    expect(text(await certificatePdf(`${script}.pdf`, name))).toContain(name);
  });

  it('prints course titles and issuer names in other scripts too', async () => {
    const extracted = text(await certificatePdf('titles.pdf', 'Ada Lovelace', '数据科学导论 · 데이터 과학', 'Київський університет'));
    expect(extracted).toContain('数据科学导论 · 데이터 과학');
    expect(extracted).toContain('Issued by Київський університет');
    expect(extracted).toContain('Олег Петров');
  });

  it('embeds subset Noto fonts only where needed', async () => {
    const latin1 = await certificatePdf('latin1.pdf', 'Zoë Pérez');
    // Signatory "Олег Петров" needs Noto Sans; the Latin-1 name stays in the standard Times (not embedded).
    expect(fonts(latin1).filter((line) => !/^Times-/.test(line)).map((line) => line.split(/\s+/)[0])).toEqual(['LAURAB+NotoSans-Bold', 'LAURAR+NotoSans-Regular']);

    // The name and title are bold, the issuer regular, so both weights of the CJK faces are embedded.
    // (A name this long wraps to two lines at 20 pt and ends in "…": the Thai at its end is not drawn.)
    const everything = await certificatePdf('all.pdf', Object.values(NAMES).join(' '), '数据科学导论 · 데이터 과학', '北京大学 · 서울대학교');
    const embedded = fonts(everything).filter((line) => !/^Times-/.test(line));
    expect(embedded.map((line) => line.split(/\s+/)[0]).sort()).toEqual(['LAURAB+NotoSans-Bold', 'LAURAR+NotoSans-Regular', 'LAURBB+NotoNaskhArabic-Bold', 'LAURCB+NotoSansHebrew-Bold', 'LAURDB+NotoSansHans-Bold', 'LAURDR+NotoSansHans-Regular', 'LAUREB+NotoSansKR-Bold', 'LAURER+NotoSansKR-Regular']);
    // pdffonts columns: emb sub uni, all "yes".
    for (const line of embedded) expect(line).toMatch(/\syes\s+yes\s+yes\s/);
    // The font files are 0.6 MB (Noto Sans) to 8.6 MB (Noto Sans Hans Bold) each, 30 MB for these
    // eight; subsets of the ~70 glyphs drawn measure about 0.16 MB, so 0.5 MB fails any face embedded whole.
    expect(readFileSync(everything).length).toBeLessThan(500_000);
  });

  it.each(['chinese', 'arabic', 'korean', 'russian', 'thai'] as const)('draws the %s name as visible glyphs, not blanks', async (script) => {
    const ink = nameInk(await certificatePdf(`ink-${script}.pdf`, NAMES[script]));
    expect(ink.errors).toBe('');
    expect(ink.dark).toBeGreaterThan(300);
    // A subset with lost glyphs (the failure of the @pdf-lib/fontkit fork) leaves wide gaps inside the name.
    expect(ink.inkedColumns / ink.span).toBeGreaterThan(0.6);
  });
});

describe.skipIf(skipWithoutPoppler)('certificate PDF layout', () => {
  beforeAll(requirePoppler);
  it('wraps a long course title onto lines at a readable size instead of shrinking it to one line', async () => {
    const title = 'Introduction to Distributed Systems Engineering: Consensus, Replication and Fault Tolerance in Practice';
    const file = await certificatePdf('long-title.pdf', 'Ada Lovelace', title);
    // Word boxes (points): a title word's box is about as tall as its font size.
    const words = [...execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' }).matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</g)]
      .map(([, yMin, yMax, word]) => ({ word, height: Number(yMax) - Number(yMin), top: Number(yMin) }));
    const titleWords = words.filter(({ word }) => ['Introduction', 'Consensus,', 'Practice'].includes(word!));
    expect(titleWords).toHaveLength(3);
    for (const { height } of titleWords) expect(height).toBeGreaterThanOrEqual(16);
    expect(new Set(titleWords.map(({ top }) => Math.round(top))).size).toBeGreaterThan(1); // more than one line
    expect(text(file).replace(/\s+/g, ' ')).toContain(title);
  });
});

describe('PDF fonts', () => {
  it('refuses bytes that are not a font with a typed error', () => {
    expect(() => fontkitForPdfLib.create(new Uint8Array([1, 2, 3, 4]))).toThrow(expect.objectContaining({ code: 'FONT_UNREADABLE' }));
    expect(() => fontkitForPdfLib.create(new Uint8Array([1, 2, 3, 4]))).toThrow(PdfFontError);
  });
});
