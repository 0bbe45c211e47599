import PDFDocument from 'pdfkit';
import type { FontSet } from '@laurel/pdf-fonts';
import type { CertificateData } from './certificate-data.js';
import { formatDate, formatPercent, messages, tierLabel, type Locale } from './i18n.js';
import { qrMatrix } from './qr.js';
import type { Theme } from './theme.js';
import { Typesetter, type Run } from './pdf-text.js';
import { inlineImage, fitInto, type PdfImage } from './pdf-images.js';
import { criteriaSentences } from './criteria-sentences.js';
import { StructureTree, withActualText } from './pdf-tags.js';
import { loadFontSet } from './pdf-fonts.js';

export const CREDENTIAL_ATTACHMENT_NAME = 'credential.json';

export interface CertificatePdfInput {
  certificate: CertificateData;
  theme: Theme;
  locale: Locale;
  /** The signed credential, attached byte for byte so the PDF carries its own proof. */
  credential: unknown;
  /** Fixed dates make the output reproducible in tests; defaults to the issue date. */
  producedAt?: Date;
  /** The fonts to draw with; by default @laurel/pdf-fonts, imported on first use (PdfFontError FONT_UNAVAILABLE without it). */
  fonts?: FontSet;
}

// A4 landscape, in points. Layout below counts y up from the bottom edge (baselines), as PDF does; PDFKit counts down from the top.
const WIDTH = 841.89;
const HEIGHT = 595.28;
const top = (y: number) => HEIGHT - y;

/**
 * Any `features` value makes PDFKit shape a run whole; without it PDFKit lays
 * out word by word, which puts right-to-left words in the wrong order. The
 * script's own features (Arabic joining, Indic conjuncts, kerning, ligatures)
 * apply either way.
 */
export const WHOLE_RUN: PDFKit.Mixins.OpenTypeFeatures[] = [];

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
  centred(text: string, y: number, size: number, options?: TextOptions): void;
  centredAt(text: string, centre: number, y: number, size: number, options?: TextOptions): void;
  at(text: string, x: number, y: number, size: number, options?: TextOptions): void;
  /**
   * Words wrapped into at most `maxLines` lines of `maxWidth`, at the largest
   * size from `size` down to `minSize` that fits; at `minSize` the last line
   * ends in "…" (the full text stays in the attached credential).
   */
  wrap(text: string, size: number, options: { minSize: number; maxLines: number; maxWidth: number; bold?: boolean }): Block;
}

function writer(doc: PDFKit.PDFDocument, type: Typesetter, theme: Theme): Writer {
  const runsOf = (text: string, bold: boolean | undefined): Run[] => type.runs(text, bold ? 'bold' : 'regular');
  const measure = (text: string, bold: boolean | undefined, size: number) => type.width(runsOf(text, bold), size);
  // One line never runs off the page: a single word too wide shrinks (down to 6 pt); x is chosen once the final width is known.
  const draw = (text: string, left: (width: number) => number, y: number, size: number, options: TextOptions, maxWidth: number) => {
    const runs = runsOf(text, options.bold);
    const perPoint = type.width(runs, 1);
    let fitted = size;
    while (fitted > 6 && perPoint * fitted > maxWidth) fitted -= 0.5;
    let x = left(perPoint * fitted);
    for (const run of runs) {
      withActualText(doc, run.text, () => {
        doc.font(run.font).fontSize(fitted).fillColor(options.colour ?? theme.textColor).text(run.text, x, top(y), { lineBreak: false, baseline: 'alphabetic', features: WHOLE_RUN });
      });
      x += type.width([run], fitted);
    }
  };
  const wrapAt = (words: string[], size: number, maxWidth: number, bold?: boolean): string[] => {
    const lines: string[] = [];
    let line = '';
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && measure(candidate, bold, size) > maxWidth) {
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
    wrap(text, size, { minSize, maxLines, maxWidth, bold }) {
      const words = text.split(/\s+/).filter(Boolean);
      for (let fitted = size; fitted >= minSize; fitted -= 1) {
        const lines = wrapAt(words, fitted, maxWidth, bold);
        if (lines.length <= maxLines) return { lines, size: fitted };
      }
      const lines = wrapAt(words, minSize, maxWidth, bold);
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

/** The QR code, its bottom-left corner at (x, y). */
function drawQr(doc: PDFKit.PDFDocument, url: string, x: number, y: number, size: number): void {
  const matrix = qrMatrix(url);
  const module = size / (matrix.length + 8);
  doc.rect(x, top(y + size), size, size).fill('#ffffff');
  matrix.forEach((row, rowIndex) => row.forEach((dark, column) => {
    if (dark) doc.rect(x + (column + 4) * module, top(y + size) + (rowIndex + 4) * module, module, module);
  }));
  doc.fill('#000000');
}

/** An image with its bottom-left corner at (x, y). */
function drawImage(doc: PDFKit.PDFDocument, image: PdfImage, x: number, y: number, box: { width: number; height: number }): void {
  doc.image(image.bytes, x, top(y + box.height), box);
}

function finished(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
}

/**
 * One landscape page drawn from the same data as the HTML certificate, with
 * the QR code and verification URL printed and the signed credential JSON
 * attached as an embedded file. PDFKit, no browser. Text is set in Noto faces
 * from @laurel/pdf-fonts (subset to the glyphs drawn), chosen per run of
 * characters, so any script a name is written in prints. The file is tagged
 * (language, structure tree in reading order, alternate text for the logo,
 * badge, signatures and QR code, title shown as the window title).
 */
export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Uint8Array> {
  const { certificate, theme, locale } = input;
  const fonts = input.fonts ?? (await loadFontSet());
  const t = messages(locale);
  const produced = input.producedAt ?? (Number.isNaN(Date.parse(certificate.issuedOn)) ? new Date(0) : new Date(certificate.issuedOn));
  const doc = new PDFDocument({
    size: [WIDTH, HEIGHT],
    margin: 0,
    pdfVersion: '1.7',
    tagged: true,
    // Declares PDF/UA-1 in the XMP metadata (PDFKit 0.20 supports it; its type declarations list only PDF/A).
    subset: 'PDF/UA' as PDFKit.Mixins.PDFSubsets,
    lang: locale,
    displayTitle: true,
    info: {
      Title: `${certificate.achievementName} — ${certificate.learnerName}`,
      Author: certificate.issuerName,
      Subject: `${t.verifyAt} ${certificate.credentialId}`,
      Creator: 'Laurel',
      Producer: 'Laurel (PDFKit)',
      CreationDate: produced,
      ModDate: produced,
    },
  });
  const output = finished(doc);

  const type = new Typesetter(doc, fonts, theme.font === 'serif' ? 'serif' : 'sans');
  // Drawing order is reading order: each block is tagged as it is drawn.
  const tags = new StructureTree(doc, locale);
  tags.artifact(() => {
    doc.rect(0, 0, WIDTH, HEIGHT).fill(theme.backgroundColor);
    doc.lineWidth(4).rect(20, 20, WIDTH - 40, HEIGHT - 40).stroke(theme.primaryColor);
    doc.lineWidth(1).rect(30, 30, WIDTH - 60, HEIGHT - 60).stroke(theme.accentColor);
  });

  const write = writer(doc, type, theme);
  const logo = inlineImage(doc, theme.logoUrl);
  if (logo) tags.tagged('Figure', () => drawImage(doc, logo, 56, 480, fitInto(logo, 150, 60)), `${t.logoAlt} ${certificate.issuerName}`);
  const image = inlineImage(doc, certificate.imageUrl);
  if (image) {
    const box = fitInto(image, 80, 80);
    tags.tagged('Figure', () => drawImage(doc, image, WIDTH - 56 - box.width, 540 - box.height, box), `${t.badgeAlt} ${certificate.achievementName}`);
  }

  // The text flows down from the top; the signatories and the QR code keep a fixed band at the bottom.
  let y = 518;
  tags.tagged('P', () => write.centred(t.certificateOf.toUpperCase(), y, 16, { bold: true, colour: theme.primaryColor }));
  tags.tagged('P', () => write.centred(t.awardedTo, (y -= 32), 13));
  const learner = write.wrap(certificate.learnerName, 32, { minSize: 20, maxLines: 2, maxWidth: WIDTH - 320, bold: true });
  y -= 8;
  tags.tagged('P', () => {
    for (const line of spaced(learner.lines)) write.centred(line, (y -= learner.size * 1.15), learner.size, { bold: true, colour: theme.primaryColor });
  });
  tags.tagged('P', () => write.centred(t.hasEarned, (y -= 28), 13));
  const achievement = write.wrap(certificate.achievementName, 26, { minSize: 16, maxLines: 3, maxWidth: WIDTH - 200, bold: true });
  y -= 4;
  tags.tagged('H1', () => {
    for (const line of spaced(achievement.lines)) write.centred(line, (y -= achievement.size * 1.2), achievement.size, { bold: true });
  });
  const tier = certificate.tier;
  if (tier) tags.tagged('P', () => write.centred(`${t.tier}: ${tierLabel(tier, t)}`, (y -= 20), 13, { bold: true, colour: theme.primaryColor }));
  const facts = [`${t.issuedBy} ${certificate.issuerName}`, `${t.issuedOn} ${formatDate(certificate.issuedOn, locale)}`, ...(certificate.grade ? [`${t.grade}: ${formatPercent(certificate.grade, locale)}`] : [])];
  tags.tagged('P', () => write.centred(facts.join('   ·   '), (y -= 22), 12));
  const bandTop = certificate.signatories.length > 0 ? 245 : 165;
  if (certificate.criteria && y - bandTop > 22) {
    const maxLines = Math.min(4, Math.floor((y - 10 - bandTop) / 11));
    const criteria = write.wrap(criteriaSentences(certificate.criteria).join(' '), 10, { minSize: 8, maxLines, maxWidth: WIDTH - 200 });
    y -= 6;
    tags.tagged('P', () => {
      for (const line of spaced(criteria.lines)) write.centred(line, (y -= criteria.size * 1.3), criteria.size);
    });
  }

  const signatories = certificate.signatories.slice(0, 4);
  for (const [index, signatory] of signatories.entries()) {
    const centre = (WIDTH / (signatories.length + 1)) * (index + 1);
    const signature = inlineImage(doc, signatory.signatureImageUrl);
    if (signature) {
      const box = fitInto(signature, 150, 36);
      tags.tagged('Figure', () => drawImage(doc, signature, centre - box.width / 2, 204, box), `${t.signatureOf} ${signatory.name}`);
    }
    tags.artifact(() => {
      doc.lineWidth(0.8).moveTo(centre - 80, top(200)).lineTo(centre + 80, top(200)).stroke(theme.textColor);
    });
    tags.tagged('P', () => {
      write.centredAt(`${signatory.name}${signatory.title || signatory.organization ? ' ' : ''}`, centre, 186, 11, { bold: true, maxWidth: 200 });
      if (signatory.title) write.centredAt(`${signatory.title}${signatory.organization ? ' ' : ''}`, centre, 174, 9, { maxWidth: 200 });
      if (signatory.organization) write.centredAt(signatory.organization, centre, 164, 9, { maxWidth: 200 });
    });
  }

  tags.tagged('Figure', () => drawQr(doc, certificate.credentialId, 56, 50, 100), `${t.qrLabel}: ${certificate.credentialId}`);
  tags.tagged('P', () => {
    write.at(`${t.verifyAt}: `, 180, 125, 10, { bold: true });
    write.at(certificate.credentialId, 180, 110, 10, { maxWidth: WIDTH - 240 });
  });
  tags.tagged('P', () => write.at(`${t.credentialId}: ${certificate.credentialId.split('/').pop() ?? ''}`, 180, 92, 9));
  tags.finish();

  const json = JSON.stringify(input.credential, null, 2);
  // PDFKit writes the relationship as a name; its type declarations do not list the option yet.
  const attachment: PDFKit.Mixins.PDFAttachmentOptions & { relationship: string } = {
    name: CREDENTIAL_ATTACHMENT_NAME,
    type: 'application/ld+json',
    description: 'The signed Open Badges 3.0 credential; verify it with any Verifiable Credentials verifier.',
    creationDate: produced,
    modifiedDate: produced,
    // "Source": the page is a rendering of this file, which is the authoritative form.
    relationship: 'Source',
  };
  doc.file(Buffer.from(json, 'utf8'), attachment);
  doc.end();
  return output;
}
