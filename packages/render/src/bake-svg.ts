/** The namespace Open Badges 3.0 bakes under (OB 3.0 §"Baking", SVG). */
export const SVG_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';

const ROOT = /<svg\b[^>]*>/;
const ELEMENT = /<openbadges:credential\b([^>]*?)(?:\/>|>([\s\S]*?)<\/openbadges:credential>)/;

export class SvgFormatError extends Error {
  readonly code = 'INVALID_SVG';
}

/** JSON in a CDATA section; a "]]>" inside the JSON is split across two sections. */
function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/**
 * Bakes a credential into an SVG: the openbadges namespace on the root and,
 * directly after it, one <openbadges:credential> holding the JSON (embedded
 * proof) or a `verify` attribute (a compact JWS). An existing one is replaced.
 */
export function bakeSvg(svg: string, credential: unknown): string {
  const withoutOld = svg.replace(ELEMENT, '');
  const root = ROOT.exec(withoutOld);
  if (!root) throw new SvgFormatError('Not an SVG image: no <svg> element.');
  const tag = root[0].includes('xmlns:openbadges=') ? root[0] : root[0].replace(/^<svg\b/, `<svg xmlns:openbadges="${SVG_NAMESPACE}"`);
  const element =
    typeof credential === 'string'
      ? `<openbadges:credential verify="${credential.replace(/[&<>"]/g, '')}"></openbadges:credential>`
      : `<openbadges:credential>${cdata(JSON.stringify(credential))}</openbadges:credential>`;
  return withoutOld.slice(0, root.index) + tag + element + withoutOld.slice(root.index + root[0].length);
}

function decodeXmlText(text: string): string {
  let out = '';
  const sections = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
  let last = 0;
  for (let match = sections.exec(text); match; match = sections.exec(text)) {
    out += unescapeXml(text.slice(last, match.index)) + match[1];
    last = match.index + match[0].length;
  }
  return (out + unescapeXml(text.slice(last))).trim();
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name]!);
}

/** The credential text baked into an SVG (JSON or a compact JWS), or undefined when there is none. */
export function unbakeSvgText(svg: string): string | undefined {
  const match = ELEMENT.exec(svg);
  if (!match) return undefined;
  const verify = /\bverify\s*=\s*"([^"]*)"/.exec(match[1] ?? '')?.[1];
  if (verify) return verify;
  return decodeXmlText(match[2] ?? '');
}
