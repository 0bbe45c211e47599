import { AFRelationship, PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { CertificateData } from './certificate-data.js';
import { formatDate, messages, type Locale } from './i18n.js';
import { qrMatrix } from './qr.js';
import type { Theme } from './theme.js';

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

/**
 * The standard PDF fonts only cover WinAnsi (Latin-1 and a few more). A name
 * outside it loses its accents first and becomes "?" only as a last resort,
 * rather than failing the whole PDF. (Embedding a Unicode font would lift this.)
 */
// Letters with no decomposition to a base letter, common in names.
const PLAIN_LETTERS: Record<string, string> = { Ł: 'L', ł: 'l', Ø: 'O', ø: 'o', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŧ: 'T', ŧ: 't' };

function encodable(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet());
  return [...text]
    .map((char) => {
      if (supported.has(char.codePointAt(0)!)) return char;
      const plain = PLAIN_LETTERS[char] ?? char.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      return [...plain].every((part) => supported.has(part.codePointAt(0)!)) ? plain : '?';
    })
    .join('');
}

interface Writer {
  centred(text: string, y: number, size: number, options?: { bold?: boolean; colour?: string; maxWidth?: number }): void;
  at(text: string, x: number, y: number, size: number, options?: { bold?: boolean; colour?: string; maxWidth?: number }): void;
}

function writer(page: PDFPage, regular: PDFFont, bold: PDFFont, theme: Theme): Writer {
  const fit = (font: PDFFont, text: string, size: number, maxWidth: number) => {
    let fitted = size;
    while (fitted > 6 && font.widthOfTextAtSize(text, fitted) > maxWidth) fitted -= 0.5;
    return fitted;
  };
  const draw: Writer['at'] = (raw, x, y, size, options = {}) => {
    const font = options.bold ? bold : regular;
    const text = encodable(font, raw);
    page.drawText(text, { x, y, size: fit(font, text, size, options.maxWidth ?? WIDTH - 2 * x), font, color: color(options.colour ?? theme.textColor) });
  };
  return {
    at: draw,
    centred(raw, y, size, options = {}) {
      const font = options.bold ? bold : regular;
      const text = encodable(font, raw);
      const fitted = fit(font, text, size, options.maxWidth ?? WIDTH - 160);
      page.drawText(text, { x: (WIDTH - font.widthOfTextAtSize(text, fitted)) / 2, y, size: fitted, font, color: color(options.colour ?? theme.textColor) });
    },
  };
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
 * attached as an embedded file. Pure pdf-lib: no browser, a few milliseconds.
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

  const serif = theme.font === 'serif';
  const regular = await pdf.embedFont(serif ? StandardFonts.TimesRoman : StandardFonts.Helvetica);
  const bold = await pdf.embedFont(serif ? StandardFonts.TimesRomanBold : StandardFonts.HelveticaBold);
  const page = pdf.addPage([WIDTH, HEIGHT]);
  page.drawRectangle({ x: 0, y: 0, width: WIDTH, height: HEIGHT, color: color(theme.backgroundColor) });
  page.drawRectangle({ x: 20, y: 20, width: WIDTH - 40, height: HEIGHT - 40, borderColor: color(theme.primaryColor), borderWidth: 4 });
  page.drawRectangle({ x: 30, y: 30, width: WIDTH - 60, height: HEIGHT - 60, borderColor: color(theme.accentColor), borderWidth: 1 });

  const write = writer(page, regular, bold, theme);
  write.centred(t.certificateOf.toUpperCase(), 505, 16, { bold: true, colour: theme.primaryColor });
  write.centred(t.awardedTo, 462, 13);
  write.centred(certificate.learnerName, 420, 32, { bold: true, colour: theme.primaryColor });
  write.centred(t.hasEarned, 385, 13);
  write.centred(certificate.achievementName, 345, 26, { bold: true });
  if (certificate.tier) write.centred(`${t.tier}: ${certificate.tier}`, 318, 13);
  const facts = [`${t.issuedBy} ${certificate.issuerName}`, `${t.issuedOn} ${formatDate(certificate.issuedOn, locale)}`, ...(certificate.grade ? [`${t.grade}: ${certificate.grade}%`] : [])];
  write.centred(facts.join('   ·   '), 282, 12);

  const signatories = certificate.signatories.slice(0, 4);
  signatories.forEach((signatory, index) => {
    const centre = (WIDTH / (signatories.length + 1)) * (index + 1);
    page.drawLine({ start: { x: centre - 80, y: 225 }, end: { x: centre + 80, y: 225 }, thickness: 0.8, color: color(theme.textColor) });
    const line = (text: string, y: number, size: number, isBold = false) => {
      const font = isBold ? bold : regular;
      const safe = encodable(font, text);
      write.at(safe, centre - Math.min(font.widthOfTextAtSize(safe, size), 200) / 2, y, size, { bold: isBold, maxWidth: 200 });
    };
    line(signatory.name, 210, 11, true);
    if (signatory.title) line(signatory.title, 196, 9);
    if (signatory.organization) line(signatory.organization, 184, 9);
  });

  drawQr(page, certificate.credentialId, 56, 50, 110);
  write.at(`${t.verifyAt}:`, 180, 125, 10, { bold: true });
  write.at(certificate.credentialId, 180, 110, 10, { maxWidth: WIDTH - 240 });
  write.at(`${t.credentialId}: ${certificate.credentialId.split('/').pop() ?? ''}`, 180, 92, 9);

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
