import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AssetError } from './errors.js';

/**
 * Drawing elements only: no <script>, <foreignObject> (HTML inside SVG),
 * <style> (can @import and url() anything), animation (can rewrite href),
 * or <a> (navigation). Anything else is refused rather than stripped, so what
 * is stored is byte for byte what the issuer uploaded.
 */
const ALLOWED_ELEMENTS = new Set([
  'svg', 'g', 'defs', 'title', 'desc', 'metadata', 'symbol', 'use', 'switch',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'textPath',
  'linearGradient', 'radialGradient', 'stop', 'pattern', 'clipPath', 'mask', 'marker',
  'filter', 'feGaussianBlur', 'feOffset', 'feBlend', 'feColorMatrix', 'feFlood', 'feComposite', 'feMerge', 'feMergeNode', 'feDropShadow',
  'image',
]);

// Only same-document references (#id) and, for <image>, inline PNG or JPEG.
const LOCAL_REFERENCE = /^#[\w.:-]*$/;
const INLINE_RASTER = /^data:image\/(png|jpeg);base64,[a-z0-9+/=\s]*$/i;
// url(#id) is a gradient or clip reference; url(anything else) loads from outside.
const OUTSIDE_URL = /url\(\s*(?!['"]?#)/i;

interface Node {
  [name: string]: Node[] | Record<string, string> | string | undefined;
}

function refuse(reason: string, where: string): never {
  throw new AssetError('ASSET_UNSAFE', `The SVG was refused: ${reason} (${where}).`, { field: 'body', reason });
}

function checkAttributes(element: string, attributes: Record<string, string>, where: string): void {
  for (const [name, value] of Object.entries(attributes)) {
    const local = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
    if (/^on/i.test(local)) refuse(`event handler attribute ${name}`, where);
    if (local === 'href' || local === 'src') {
      const ok = LOCAL_REFERENCE.test(value.trim()) || (element === 'image' && INLINE_RASTER.test(value.trim()));
      if (!ok) refuse(`reference ${name}="${value.slice(0, 60)}" outside the file`, where);
    }
    if (OUTSIDE_URL.test(value) || /@import|expression\s*\(|javascript:/i.test(value)) refuse(`attribute ${name} loads or runs something`, where);
  }
}

function walk(nodes: Node[], path: string): void {
  for (const node of nodes) {
    const attributes = (node[':@'] ?? {}) as Record<string, string>;
    for (const [name, children] of Object.entries(node)) {
      if (name === ':@' || name === '#text' || name === '#comment') continue;
      if (name === '?xml') continue;
      if (name.startsWith('?')) refuse(`processing instruction <${name}>`, path);
      if (name === '__cdata') continue;
      const where = `${path}/${name}`;
      // Namespaced elements (sodipodi:namedview, ...) are editor metadata; refuse them too: nothing renders them safely.
      if (!ALLOWED_ELEMENTS.has(name)) refuse(`element <${name}> is not allowed`, where);
      checkAttributes(name, attributes, where);
      if (Array.isArray(children)) walk(children as Node[], where);
    }
  }
}

/** Throws ASSET_UNSAFE unless the SVG only draws: well-formed, no DTD, no scripts, handlers or outside references. */
export function assertSafeSvg(bytes: Uint8Array): void {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    refuse('not UTF-8 text', 'file');
  }
  // A DTD can declare entities (billion laughs, external files): never parsed.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) refuse('a DOCTYPE or ENTITY declaration', 'file');
  const valid = XMLValidator.validate(text);
  if (valid !== true) refuse(`not well-formed XML: ${valid.err.msg}`, `line ${valid.err.line}`);
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', processEntities: false, allowBooleanAttributes: true, cdataPropName: '__cdata' });
  const nodes = parser.parse(text) as Node[];
  const roots = nodes.flatMap((node) => Object.keys(node).filter((name) => !name.startsWith('?') && !name.startsWith('#') && name !== ':@'));
  if (roots.length !== 1 || roots[0] !== 'svg') refuse('the root element is not <svg>', 'file');
  walk(nodes, '');
}
