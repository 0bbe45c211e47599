import { AFRelationship, PDFDocument, rgb, type PDFPage } from 'pdf-lib';
import type { CertificateData } from './certificate-data.js';
import { formatDate, messages, type Locale } from './i18n.js';
import { qrMatrix } from './qr.js';
import type { Theme } from './theme.js';
import { Typesetter, widthOf } from './pdf-text.js';

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

interface Writer {
  centred(text: string, y: number, size: number, options?: TextOptions): Promise<void>;
  centredAt(text: string, centre: number, y: number, size: number, options?: TextOptions): Promise<void>;
  at(text: string, x: number, y: number, size: number, options?: TextOptions): Promise<void>;
}

function writer(page: PDFPage, type: Typesetter, theme: Theme): Writer {
  // Text shrinks (down to 6 pt) rather than running off the page; x is chosen once the final width is known.
  const draw = async (text: string, left: (width: number) => number, y: number, size: number, options: TextOptions, maxWidth: number) => {
    const runs = await type.runs(text, options.bold ? 'bold' : 'regular');
    const perPoint = widthOf(runs, 1);
    let fitted = size;
    while (fitted > 6 && perPoint * fitted > maxWidth) fitted -= 0.5;
    let x = left(perPoint * fitted);
    for (const run of runs) {
      page.drawText(run.text, { x, y, size: fitted, font: run.font, color: color(options.colour ?? theme.textColor) });
      x += run.font.widthOfTextAtSize(run.text, fitted);
    }
  };
  return {
    at: (text, x, y, size, options = {}) => draw(text, () => x, y, size, options, options.maxWidth ?? WIDTH - 2 * x),
    centredAt: (text, centre, y, size, options = {}) => draw(text, (width) => centre - width / 2, y, size, options, options.maxWidth ?? WIDTH - 160),
    centred: (text, y, size, options = {}) => draw(text, (width) => (WIDTH - width) / 2, y, size, options, options.maxWidth ?? WIDTH - 160),
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
  page.drawRectangle({ x: 0, y: 0, width: WIDTH, height: HEIGHT, color: color(theme.backgroundColor) });
  page.drawRectangle({ x: 20, y: 20, width: WIDTH - 40, height: HEIGHT - 40, borderColor: color(theme.primaryColor), borderWidth: 4 });
  page.drawRectangle({ x: 30, y: 30, width: WIDTH - 60, height: HEIGHT - 60, borderColor: color(theme.accentColor), borderWidth: 1 });

  const write = writer(page, type, theme);
  await write.centred(t.certificateOf.toUpperCase(), 505, 16, { bold: true, colour: theme.primaryColor });
  await write.centred(t.awardedTo, 462, 13);
  await write.centred(certificate.learnerName, 420, 32, { bold: true, colour: theme.primaryColor });
  await write.centred(t.hasEarned, 385, 13);
  await write.centred(certificate.achievementName, 345, 26, { bold: true });
  if (certificate.tier) await write.centred(`${t.tier}: ${certificate.tier}`, 318, 13);
  const facts = [`${t.issuedBy} ${certificate.issuerName}`, `${t.issuedOn} ${formatDate(certificate.issuedOn, locale)}`, ...(certificate.grade ? [`${t.grade}: ${certificate.grade}%`] : [])];
  await write.centred(facts.join('   ·   '), 282, 12);

  const signatories = certificate.signatories.slice(0, 4);
  for (const [index, signatory] of signatories.entries()) {
    const centre = (WIDTH / (signatories.length + 1)) * (index + 1);
    page.drawLine({ start: { x: centre - 80, y: 225 }, end: { x: centre + 80, y: 225 }, thickness: 0.8, color: color(theme.textColor) });
    await write.centredAt(signatory.name, centre, 210, 11, { bold: true, maxWidth: 200 });
    if (signatory.title) await write.centredAt(signatory.title, centre, 196, 9, { maxWidth: 200 });
    if (signatory.organization) await write.centredAt(signatory.organization, centre, 184, 9, { maxWidth: 200 });
  }

  drawQr(page, certificate.credentialId, 56, 50, 110);
  await write.at(`${t.verifyAt}:`, 180, 125, 10, { bold: true });
  await write.at(certificate.credentialId, 180, 110, 10, { maxWidth: WIDTH - 240 });
  await write.at(`${t.credentialId}: ${certificate.credentialId.split('/').pop() ?? ''}`, 180, 92, 9);

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
