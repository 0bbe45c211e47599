import { AFRelationship, PDFDocument, rgb, type PDFPage } from 'pdf-lib';
import type { CertificateData } from './certificate-data.js';
import { formatDate, formatPercent, messages, tierLabel, type Locale } from './i18n.js';
import { qrMatrix } from './qr.js';
import type { Theme } from './theme.js';
import { Typesetter, widthOf } from './pdf-text.js';
import { embedInlineImage, fitInto } from './pdf-images.js';
import { criteriaSentences } from './criteria-sentences.js';
import { StructureTree, withActualText } from './pdf-tags.js';

export const CREDENTIAL_ATTACHMENT_NAME = 'credential.json';

export interface CertificatePdfInput {
  certificate: CertificateData;
  theme: Theme;
  locale: Locale;
  /** The signed credential, attached byte for byte so the PDF carries its own proof. */
  credential: unknown;
  /** Fixed dates make the output reproducible in tests; defaults to the issue date. */
  producedAt?: Date;
}

// A4 landscape, in points.
const WIDTH = 841.89;
const HEIGHT = 595.28;

function color(hex: string) {
  const value = Number.parseInt(hex.slice(1), 16);
  return rgb(((value >> 16) & 255) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255);
}

interface TextOptions {
  bold?: boolean;
  colour?: string;
  maxWidth?: number;
}

interface Block {
  /** Wrapped lines, each set at `size`. */
  lines: string[];
  size: number;
}

interface Writer {
  centred(text: string, y: number, size: number, options?: TextOptions): Promise<void>;
  centredAt(text: string, centre: number, y: number, size: number, options?: TextOptions): Promise<void>;
  at(text: string, x: number, y: number, size: number, options?: TextOptions): Promise<void>;
  /**
   * Words wrapped into at most `maxLines` lines of `maxWidth`, at the largest
   * size from `size` down to `minSize` that fits; at `minSize` the last line
   * ends in "…" (the full text stays in the attached credential).
   */
  wrap(text: string, size: number, options: { minSize: number; maxLines: number; maxWidth: number; bold?: boolean }): Promise<Block>;
}

function writer(page: PDFPage, type: Typesetter, theme: Theme): Writer {
  const measure = async (text: string, bold: boolean | undefined, size: number) => widthOf(await type.runs(text, bold ? 'bold' : 'regular'), size);
  // One line never runs off the page: a single word too wide shrinks (down to 6 pt); x is chosen once the final width is known.
  const draw = async (text: string, left: (width: number) => number, y: number, size: number, options: TextOptions, maxWidth: number) => {
    const runs = await type.runs(text, options.bold ? 'bold' : 'regular');
    const perPoint = widthOf(runs, 1);
    let fitted = size;
    while (fitted > 6 && perPoint * fitted > maxWidth) fitted -= 0.5;
    let x = left(perPoint * fitted);
    for (const run of runs) {
      withActualText(page, run.text, () => page.drawText(run.text, { x, y, size: fitted, font: run.font, color: color(options.colour ?? theme.textColor) }));
      x += run.font.widthOfTextAtSize(run.text, fitted);
    }
  };
  const wrapAt = async (words: string[], size: number, maxWidth: number, bold?: boolean): Promise<string[]> => {
    const lines: string[] = [];
    let line = '';
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && (await measure(candidate, bold, size)) > maxWidth) {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    return line ? [...lines, line] : lines;
  };
  return {
    at: (text, x, y, size, options = {}) => draw(text, () => x, y, size, options, options.maxWidth ?? WIDTH - 2 * x),
    centredAt: (text, centre, y, size, options = {}) => draw(text, (width) => centre - width / 2, y, size, options, options.maxWidth ?? WIDTH - 160),
    centred: (text, y, size, options = {}) => draw(text, (width) => (WIDTH - width) / 2, y, size, options, options.maxWidth ?? WIDTH - 160),
    async wrap(text, size, { minSize, maxLines, maxWidth, bold }) {
      const words = text.split(/\s+/).filter(Boolean);
      for (let fitted = size; fitted >= minSize; fitted -= 1) {
        const lines = await wrapAt(words, fitted, maxWidth, bold);
        if (lines.length <= maxLines) return { lines, size: fitted };
      }
      const lines = await wrapAt(words, minSize, maxWidth, bold);
      return { lines: [...lines.slice(0, maxLines - 1), `${lines[maxLines - 1]!} …`], size: minSize };
    },
  };
}

/**
 * Lines of one block, each but the last ending in a space: text extraction and
 * screen readers join a block's lines, and the space keeps words apart.
 */
function spaced(lines: readonly string[]): string[] {
  return lines.map((line, index) => (index < lines.length - 1 ? `${line} ` : line));
}

function drawQr(page: PDFPage, url: string, x: number, y: number, size: number): void {
  const matrix = qrMatrix(url);
  const module = size / (matrix.length + 8);
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
  matrix.forEach((row, rowIndex) => row.forEach((dark, column) => {
    if (dark) page.drawRectangle({ x: x + (column + 4) * module, y: y + size - (rowIndex + 5) * module, width: module, height: module, color: rgb(0, 0, 0) });
  }));
}

/**
 * One landscape page drawn from the same data as the HTML certificate, with
 * the QR code and verification URL printed and the signed credential JSON
 * attached as an embedded file. Pure pdf-lib: no browser. Latin-1 text uses
 * the standard PDF fonts (milliseconds); other scripts embed subset Noto fonts
 * from node_modules (the first CJK certificate in a process reads ~8 MB font
 * files once, and subsetting CJK takes a few hundred milliseconds).
 */
export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Uint8Array> {
  const { certificate, theme, locale } = input;
  const t = messages(locale);
  const produced = input.producedAt ?? (Number.isNaN(Date.parse(certificate.issuedOn)) ? new Date(0) : new Date(certificate.issuedOn));
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${certificate.achievementName} — ${certificate.learnerName}`);
  pdf.setAuthor(certificate.issuerName);
  pdf.setSubject(`${t.verifyAt} ${certificate.credentialId}`);
  pdf.setCreator('Laurel');
  pdf.setProducer('Laurel (pdf-lib)');
  pdf.setCreationDate(produced);
  pdf.setModificationDate(produced);
  pdf.setLanguage(locale);

  const type = await Typesetter.create(pdf, theme.font === 'serif');
  const page = pdf.addPage([WIDTH, HEIGHT]);
  // Drawing order is reading order: each block is tagged as it is drawn.
  const tags = new StructureTree(pdf, page, locale);
  tags.artifact(() => {
    page.drawRectangle({ x: 0, y: 0, width: WIDTH, height: HEIGHT, color: color(theme.backgroundColor) });
    page.drawRectangle({ x: 20, y: 20, width: WIDTH - 40, height: HEIGHT - 40, borderColor: color(theme.primaryColor), borderWidth: 4 });
    page.drawRectangle({ x: 30, y: 30, width: WIDTH - 60, height: HEIGHT - 60, borderColor: color(theme.accentColor), borderWidth: 1 });
  });

  const write = writer(page, type, theme);
  const logo = await embedInlineImage(pdf, theme.logoUrl);
  if (logo) await tags.tagged('Figure', () => page.drawImage(logo, { x: 56, y: 480, ...fitInto(logo, 150, 60) }), `${t.logoAlt} ${certificate.issuerName}`);
  const image = await embedInlineImage(pdf, certificate.imageUrl);
  if (image) {
    const box = fitInto(image, 80, 80);
    await tags.tagged('Figure', () => page.drawImage(image, { x: WIDTH - 56 - box.width, y: 540 - box.height, ...box }), `${t.badgeAlt} ${certificate.achievementName}`);
  }

  // The text flows down from the top; the signatories and the QR code keep a fixed band at the bottom.
  let y = 518;
  await tags.tagged('P', () => write.centred(t.certificateOf.toUpperCase(), y, 16, { bold: true, colour: theme.primaryColor }));
  await tags.tagged('P', () => write.centred(t.awardedTo, (y -= 32), 13));
  const learner = await write.wrap(certificate.learnerName, 32, { minSize: 20, maxLines: 2, maxWidth: WIDTH - 320, bold: true });
  y -= 8;
  await tags.tagged('P', async () => {
    for (const line of spaced(learner.lines)) await write.centred(line, (y -= learner.size * 1.15), learner.size, { bold: true, colour: theme.primaryColor });
  });
  await tags.tagged('P', () => write.centred(t.hasEarned, (y -= 28), 13));
  const achievement = await write.wrap(certificate.achievementName, 26, { minSize: 16, maxLines: 3, maxWidth: WIDTH - 200, bold: true });
  y -= 4;
  await tags.tagged('H1', async () => {
    for (const line of spaced(achievement.lines)) await write.centred(line, (y -= achievement.size * 1.2), achievement.size, { bold: true });
  });
  const tier = certificate.tier;
  if (tier) await tags.tagged('P', () => write.centred(`${t.tier}: ${tierLabel(tier, t)}`, (y -= 20), 13, { bold: true, colour: theme.primaryColor }));
  const facts = [`${t.issuedBy} ${certificate.issuerName}`, `${t.issuedOn} ${formatDate(certificate.issuedOn, locale)}`, ...(certificate.grade ? [`${t.grade}: ${formatPercent(certificate.grade, locale)}`] : [])];
  await tags.tagged('P', () => write.centred(facts.join('   ·   '), (y -= 22), 12));
  const bandTop = certificate.signatories.length > 0 ? 245 : 165;
  if (certificate.criteria && y - bandTop > 22) {
    const maxLines = Math.min(4, Math.floor((y - 10 - bandTop) / 11));
    const criteria = await write.wrap(criteriaSentences(certificate.criteria).join(' '), 10, { minSize: 8, maxLines, maxWidth: WIDTH - 200 });
    y -= 6;
    await tags.tagged('P', async () => {
      for (const line of spaced(criteria.lines)) await write.centred(line, (y -= criteria.size * 1.3), criteria.size);
    });
  }

  const signatories = certificate.signatories.slice(0, 4);
  for (const [index, signatory] of signatories.entries()) {
    const centre = (WIDTH / (signatories.length + 1)) * (index + 1);
    const signature = await embedInlineImage(pdf, signatory.signatureImageUrl);
    if (signature) {
      const box = fitInto(signature, 150, 36);
      await tags.tagged('Figure', () => page.drawImage(signature, { x: centre - box.width / 2, y: 204, ...box }), `${t.signatureOf} ${signatory.name}`);
    }
    tags.artifact(() => page.drawLine({ start: { x: centre - 80, y: 200 }, end: { x: centre + 80, y: 200 }, thickness: 0.8, color: color(theme.textColor) }));
    await tags.tagged('P', async () => {
      await write.centredAt(`${signatory.name}${signatory.title || signatory.organization ? ' ' : ''}`, centre, 186, 11, { bold: true, maxWidth: 200 });
      if (signatory.title) await write.centredAt(`${signatory.title}${signatory.organization ? ' ' : ''}`, centre, 174, 9, { maxWidth: 200 });
      if (signatory.organization) await write.centredAt(signatory.organization, centre, 164, 9, { maxWidth: 200 });
    });
  }

  await tags.tagged('Figure', () => drawQr(page, certificate.credentialId, 56, 50, 100), `${t.qrLabel}: ${certificate.credentialId}`);
  await tags.tagged('P', async () => {
    await write.at(`${t.verifyAt}: `, 180, 125, 10, { bold: true });
    await write.at(certificate.credentialId, 180, 110, 10, { maxWidth: WIDTH - 240 });
  });
  await tags.tagged('P', () => write.at(`${t.credentialId}: ${certificate.credentialId.split('/').pop() ?? ''}`, 180, 92, 9));
  tags.finish();

  const json = JSON.stringify(input.credential, null, 2);
  await pdf.attach(new TextEncoder().encode(json), CREDENTIAL_ATTACHMENT_NAME, {
    mimeType: 'application/ld+json',
    description: 'The signed Open Badges 3.0 credential; verify it with any Verifiable Credentials verifier.',
    creationDate: produced,
    modificationDate: produced,
    // "Source": the page is a rendering of this file, which is the authoritative form.
    afRelationship: AFRelationship.Source,
  });
  return pdf.save();
}
