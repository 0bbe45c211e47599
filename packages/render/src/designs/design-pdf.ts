import PDFDocument from 'pdfkit';
import { Resvg } from '@resvg/resvg-js';
import type { CertificateData } from '../certificate-data.js';
import { messages, type Locale } from '../i18n.js';
import { CREDENTIAL_ATTACHMENT_NAME } from '../pdf.js';
import { loadFontSet } from '../pdf-fonts.js';
import { qrMatrix } from '../qr.js';
import { designFields, fillPlaceholders } from './design-fields.js';
import { splitRuns, uploadedFace, type DesignFace, type Run } from './design-fonts.js';
import type { Design, ImageElement, TextElement } from './design-format.js';

/** The bytes of the uploaded assets a design places, by id. */
export type DesignAssets = ReadonlyMap<string, { mediaType: string; bytes: Uint8Array }>;

export interface DesignPdfInput {
  design: Design;
  assets: DesignAssets;
  certificate: CertificateData;
  locale: Locale;
  /** The signed credential, attached byte for byte; absent for previews of sample data. */
  credential?: unknown;
  producedAt?: Date;
  /** The Noto set for characters uploaded fonts lack; default: @laurel/pdf-fonts. */
  fonts?: FontSet;
}

type FontSet = Awaited<ReturnType<typeof loadFontSet>>;

type Doc = InstanceType<typeof PDFDocument>;
type StructElement = ReturnType<Doc['struct']>;

/** PNG or JPEG bytes PDFKit can place; SVG is rasterised (resvg) at twice the box size. */
function rasterFor(mediaType: string, bytes: Uint8Array, width: number): Buffer | undefined {
  if (mediaType === 'image/png' || mediaType === 'image/jpeg') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (mediaType === 'image/svg+xml') {
    return Buffer.from(new Resvg(Buffer.from(bytes), { fitTo: { mode: 'width', value: Math.max(32, Math.round(width * 2)) } }).render().asPng());
  }
  return undefined;
}

/** The achievement's own image when it is inline (data: URL); images are never fetched while rendering. */
function inlineImage(url: string | undefined): { mediaType: string; bytes: Uint8Array } | undefined {
  const match = url ? /^data:(image\/(?:png|jpeg|svg\+xml));base64,([a-z0-9+/=\s]+)$/i.exec(url) : null;
  return match ? { mediaType: match[1]!.toLowerCase(), bytes: new Uint8Array(Buffer.from(match[2]!, 'base64')) } : undefined;
}

interface Layout {
  lines: Run[][];
  size: number;
}

/**
 * Wraps words into the box at the largest size from `size` down to
 * `minSize` whose lines fit its height; at `minSize` the last line that fits
 * ends in "…" (the full text stays in the attached credential).
 */
function layoutText(doc: Doc, element: TextElement, text: string, chosen: DesignFace | undefined, registered: Set<string>, fonts: FontSet): Layout {
  const weight = element.bold && !chosen ? 'bold' : 'regular';
  const register = (face: DesignFace) => {
    if (!registered.has(face.key)) {
      doc.registerFont(face.key, Buffer.from(face.bytes.buffer, face.bytes.byteOffset, face.bytes.byteLength));
      registered.add(face.key);
    }
  };
  const widthOf = (runs: Run[], size: number) => runs.reduce((sum, run) => {
    register(run.face);
    return sum + doc.font(run.face.key).fontSize(size).widthOfString(run.text);
  }, 0);
  const wrap = (size: number): Run[][] => {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(' ')) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && widthOf(splitRuns(candidate, chosen, weight, fonts), size) > element.width) {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    if (line) lines.push(line);
    return lines.map((entry) => splitRuns(entry, chosen, weight, fonts));
  };
  const minSize = element.minSize ?? Math.min(element.size, Math.max(6, element.size * 0.6));
  for (let size = element.size; size >= minSize; size -= 0.5) {
    const lines = wrap(size);
    const fitsWidth = lines.every((runs) => widthOf(runs, size) <= element.width + 0.01);
    if (lines.length * size * 1.2 <= element.height + 0.01 && fitsWidth) return { lines, size };
  }
  const maxLines = Math.max(1, Math.floor(element.height / (minSize * 1.2)));
  const lines = wrap(minSize).slice(0, maxLines);
  if (lines.length === maxLines && wrap(minSize).length > maxLines) {
    const last = lines[maxLines - 1]!;
    lines[maxLines - 1] = splitRuns(`${last.map((run) => run.text).join('')} …`, chosen, weight, fonts);
  }
  return { lines, size: minSize };
}

function drawText(doc: Doc, element: TextElement, layout: Layout, colour: string): void {
  const lineHeight = layout.size * 1.2;
  const top = element.y + Math.max(0, (element.height - layout.lines.length * lineHeight) / 2);
  layout.lines.forEach((runs, index) => {
    const width = runs.reduce((sum, run) => sum + doc.font(run.face.key).fontSize(layout.size).widthOfString(run.text), 0);
    let x = element.align === 'left' ? element.x : element.align === 'right' ? element.x + element.width - width : element.x + (element.width - width) / 2;
    // Each line but the last ends in a space, so extracted text keeps words apart.
    const last = runs.length - 1;
    runs.forEach((run, runIndex) => {
      const shown = index < layout.lines.length - 1 && runIndex === last ? `${run.text} ` : run.text;
      doc.font(run.face.key).fontSize(layout.size).fillColor(colour).text(shown, x, top + index * lineHeight, { lineBreak: false });
      x += doc.widthOfString(run.text);
    });
  });
}

function drawQr(doc: Doc, url: string, x: number, y: number, size: number): void {
  const matrix = qrMatrix(url);
  const module = size / (matrix.length + 8);
  doc.rect(x, y, size, size).fill('#ffffff');
  matrix.forEach((row, rowIndex) => row.forEach((dark, column) => {
    if (dark) doc.rect(x + (column + 4) * module, y + (rowIndex + 4) * module, module, module).fill('#000000');
  }));
}

function drawImage(doc: Doc, element: ImageElement, image: { mediaType: string; bytes: Uint8Array }): void {
  const raster = rasterFor(image.mediaType, image.bytes, element.width);
  if (raster) doc.image(raster, element.x, element.y, { fit: [element.width, element.height], align: 'center', valign: 'center' });
}

/**
 * A certificate drawn from a laurel-design/1 document with PDFKit: every
 * page and box as designed, uploaded fonts embedded as subsets (the Noto
 * chain for characters they lack), a tagged structure in reading order
 * (the order of the boxes) with alt text for images and the QR code, and
 * the signed credential attached as credential.json.
 */
export async function renderDesignPdf(input: DesignPdfInput): Promise<Uint8Array> {
  const { design, certificate, locale } = input;
  const t = messages(locale);
  const fields = designFields(certificate, locale);
  const produced = input.producedAt ?? (Number.isNaN(Date.parse(certificate.issuedOn)) ? new Date(0) : new Date(certificate.issuedOn));
  const doc = new PDFDocument({
    size: [design.size.width, design.size.height],
    margin: 0,
    autoFirstPage: false,
    tagged: true,
    lang: locale,
    displayTitle: true,
    pdfVersion: '1.7',
    info: { Title: `${certificate.achievementName} — ${certificate.learnerName}`, Author: certificate.issuerName, Subject: `${t.verifyAt} ${certificate.credentialId}`, Creator: 'Laurel', Producer: 'Laurel (PDFKit)', CreationDate: produced, ModDate: produced },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const fontSet = input.fonts ?? (await loadFontSet());
  const faces = new Map<string, DesignFace>();
  for (const [name, font] of Object.entries(design.fonts)) {
    const asset = input.assets.get(font.asset);
    if (asset) faces.set(name, uploadedFace(`upload-${font.asset.slice(0, 16)}`, asset.bytes));
  }
  const registered = new Set<string>();
  const root: StructElement = doc.struct('Document');
  doc.addStructure(root);

  for (const page of design.pages) {
    doc.addPage({ size: [design.size.width, design.size.height], margin: 0 });
    if (page.background) {
      doc.markContent('Artifact', { type: 'Layout' });
      doc.rect(0, 0, design.size.width, design.size.height).fill(page.background);
      doc.endMarkedContent();
    }
    for (const element of page.elements) {
      if (element.type === 'rect') {
        doc.markContent('Artifact', { type: 'Layout' });
        doc.rect(element.x, element.y, element.width, element.height);
        if (element.fill && element.stroke) doc.lineWidth(element.strokeWidth).fillAndStroke(element.fill, element.stroke);
        else if (element.fill) doc.fill(element.fill);
        else doc.lineWidth(element.strokeWidth).stroke(element.stroke ?? design.textColour);
        doc.endMarkedContent();
      } else if (element.type === 'text') {
        const text = fillPlaceholders(element.text, fields);
        if (!text) continue;
        const layout = layoutText(doc, element, text, element.font === 'sans' ? undefined : faces.get(element.font), registered, fontSet);
        root.add(doc.struct(element.role === 'heading' ? 'H1' : 'P', {}, () => drawText(doc, element, layout, element.colour ?? design.textColour)));
      } else if (element.type === 'image') {
        const image = element.asset ? input.assets.get(element.asset) : inlineImage(certificate.imageUrl);
        if (!image) continue;
        const alt = element.alt ? fillPlaceholders(element.alt, fields) : '';
        if (alt) root.add(doc.struct('Figure', { alt }, () => drawImage(doc, element, image)));
        else {
          doc.markContent('Artifact', { type: 'Layout' });
          drawImage(doc, element, image);
          doc.endMarkedContent();
        }
      } else {
        root.add(doc.struct('Figure', { alt: `${t.verifyAt} ${certificate.credentialId}` }, () => drawQr(doc, certificate.credentialId, element.x, element.y, element.size)));
      }
    }
  }
  root.end();
  if (input.credential !== undefined) {
    // As the built-in PDF does (pdf.ts): "Source", the page is a rendering of this file. The typings lack `relationship`.
    const attachment = { name: CREDENTIAL_ATTACHMENT_NAME, type: 'application/ld+json', relationship: 'Source', description: 'The signed Open Badges 3.0 credential; verify it with any Verifiable Credentials verifier.', creationDate: produced, modifiedDate: produced };
    doc.file(Buffer.from(JSON.stringify(input.credential, null, 2), 'utf8'), attachment as Parameters<Doc['file']>[1]);
  }
  doc.end();
  await finished;
  return new Uint8Array(Buffer.concat(chunks));
}
