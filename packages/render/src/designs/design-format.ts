import { formatPath, InvalidInputError, type ValidationIssue } from '@laurel/models';
import { z } from 'zod';
import { PLACEHOLDERS } from './design-fields.js';

/**
 * laurel-design/1: a certificate design as data. Pages of positioned boxes —
 * text with {{placeholders}}, images and fonts by uploaded asset id, the QR
 * code, rectangles — and colours. No expressions, conditions, loops, markup
 * or URLs: a design can only place the credential's own data, so any issuer
 * may upload one and every renderer (HTML, PDF) draws the same thing.
 * Lengths are PDF points (1/72 in) from the page's top-left corner.
 */
export const DESIGN_FORMAT = 'laurel-design/1';

const ASSET_ID = z.string().regex(/^[0-9a-f]{64}$/, 'must be an uploaded asset id (64 hex digits)');
const COLOUR = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1a2b3c');
const LENGTH = z.number().finite().min(0).max(5000);
const FONT_NAME = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be a font name of lower-case letters, digits and dashes');
const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;

const box = { x: LENGTH, y: LENGTH, width: LENGTH.min(1), height: LENGTH.min(1) };

const textElement = z.strictObject({
  type: z.literal('text'),
  ...box,
  /** Literal text with {{placeholders}}; nothing else is interpreted. */
  text: z.string().min(1).max(2000),
  /** A font declared in `fonts`, or 'sans' (the built-in Noto Sans chain). */
  font: z.union([z.literal('sans'), FONT_NAME]).default('sans'),
  size: z.number().min(4).max(200).default(14),
  /** The text shrinks down to this size to fit its box; then it is cut with "…". */
  minSize: z.number().min(4).max(200).optional(),
  bold: z.boolean().default(false),
  colour: COLOUR.optional(),
  align: z.enum(['left', 'center', 'right']).default('center'),
  /** 'heading' tags it as the document's heading (PDF structure, HTML h1). */
  role: z.enum(['heading', 'text']).default('text'),
});

const imageElement = z.strictObject({
  type: z.literal('image'),
  ...box,
  /** An uploaded image, or one the credential names. */
  asset: ASSET_ID.optional(),
  source: z.enum(['achievement.image']).optional(),
  /** Read aloud; placeholders allowed. Decorative images leave it out. */
  alt: z.string().max(300).optional(),
});

const qrElement = z.strictObject({
  type: z.literal('qr'),
  x: LENGTH,
  y: LENGTH,
  size: LENGTH.min(36),
});

const rectElement = z.strictObject({
  type: z.literal('rect'),
  ...box,
  fill: COLOUR.optional(),
  stroke: COLOUR.optional(),
  strokeWidth: z.number().min(0).max(50).default(1),
});

const element = z.discriminatedUnion('type', [textElement, imageElement, qrElement, rectElement]);

const page = z.strictObject({
  background: COLOUR.optional(),
  elements: z.array(element).max(200),
});

export const designSchema = z.strictObject({
  format: z.literal(DESIGN_FORMAT),
  size: z.strictObject({ width: LENGTH.min(72), height: LENGTH.min(72) }).default({ width: 841.89, height: 595.28 }),
  /** Uploaded fonts, by the name text boxes use. The bold flag of a text box is ignored for uploaded fonts (upload the bold face as its own font). */
  fonts: z.record(FONT_NAME, z.strictObject({ asset: ASSET_ID })).default({}),
  /** Text colour where a box names none. */
  textColour: COLOUR.default('#1f2933'),
  pages: z.array(page).min(1).max(20),
});

export type Design = z.infer<typeof designSchema>;
export type DesignElement = z.infer<typeof element>;
export type TextElement = z.infer<typeof textElement>;
export type ImageElement = z.infer<typeof imageElement>;

/** Checks that need the whole document: boxes inside the page, fonts declared, placeholders known, image sources. */
function crossCheck(design: Design): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { width, height } = design.size;
  design.pages.forEach((page, pageIndex) => {
    page.elements.forEach((element, index) => {
      const at = ['pages', pageIndex, 'elements', index];
      const w = element.type === 'qr' ? element.size : element.width;
      const h = element.type === 'qr' ? element.size : element.height;
      if (element.x + w > width + 0.01) issues.push({ path: formatPath([...at, 'width']), message: `runs past the page's right edge (x + width > ${width})` });
      if (element.y + h > height + 0.01) issues.push({ path: formatPath([...at, 'height']), message: `runs past the page's bottom edge (y + height > ${height})` });
      if (element.type === 'text') {
        if (element.font !== 'sans' && !(element.font in design.fonts)) issues.push({ path: formatPath([...at, 'font']), message: `names font "${element.font}", which "fonts" does not declare` });
        if (element.minSize !== undefined && element.minSize > element.size) issues.push({ path: formatPath([...at, 'minSize']), message: 'must not be larger than size' });
        for (const [path, text] of [[[...at, 'text'], element.text]] as const) {
          for (const match of text.matchAll(PLACEHOLDER)) {
            if (!PLACEHOLDERS.includes(match[1] as (typeof PLACEHOLDERS)[number])) issues.push({ path: formatPath(path), message: `unknown placeholder {{${match[1]}}}; known: ${PLACEHOLDERS.join(', ')}` });
          }
        }
      }
      if (element.type === 'image') {
        if ((element.asset === undefined) === (element.source === undefined)) issues.push({ path: formatPath([...at, 'asset']), message: 'give exactly one of asset and source' });
        for (const match of (element.alt ?? '').matchAll(PLACEHOLDER)) {
          if (!PLACEHOLDERS.includes(match[1] as (typeof PLACEHOLDERS)[number])) issues.push({ path: formatPath([...at, 'alt']), message: `unknown placeholder {{${match[1]}}}` });
        }
      }
    });
  });
  return issues;
}

/** A validated design, or INVALID_INPUT whose issues name each failing field (e.g. pages[0].elements[2].font). */
export function parseDesign(input: unknown): Design {
  const parsed = designSchema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidInputError(parsed.error.issues.map((issue) => ({ path: formatPath(issue.path as (string | number)[]), message: issue.message })), 'design');
  }
  const issues = crossCheck(parsed.data);
  if (issues.length > 0) throw new InvalidInputError(issues, 'design');
  return parsed.data;
}

/** Every uploaded asset a design places, with the kind it must be. */
export function designAssets(design: Design): { id: string; kind: 'image' | 'font'; path: string }[] {
  const fonts = Object.entries(design.fonts).map(([name, font]) => ({ id: font.asset, kind: 'font' as const, path: formatPath(['fonts', name, 'asset']) }));
  const images = design.pages.flatMap((page, pageIndex) =>
    page.elements.flatMap((element, index) => (element.type === 'image' && element.asset ? [{ id: element.asset, kind: 'image' as const, path: formatPath(['pages', pageIndex, 'elements', index, 'asset']) }] : [])),
  );
  return [...fonts, ...images];
}
