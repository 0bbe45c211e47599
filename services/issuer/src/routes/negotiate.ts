/**
 * Which representation a client asked for. A credential's id must keep
 * dereferencing to the credential for machines, so JSON wins unless the
 * client prefers HTML (browsers do: text/html first, * / * at q=0.8).
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const weights = new Map<string, number>();
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.map((param) => /^\s*q=([\d.]+)$/.exec(param)?.[1]).find(Boolean) ?? 1);
    weights.set(type.trim(), Math.max(weights.get(type.trim()) ?? 0, Number.isNaN(q) ? 0 : q));
  }
  const html = Math.max(weights.get('text/html') ?? 0, weights.get('application/xhtml+xml') ?? 0);
  const json = Math.max(weights.get('application/ld+json') ?? 0, weights.get('application/json') ?? 0);
  return html > 0 && html >= json;
}

/**
 * Pages carry no scripts; the app's securityHeaders middleware gives every page its policy
 * (CSP, frame-ancestors, nosniff, HSTS).
 */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  // Never leak a page URL (share tokens are in them) to other sites; same-origin keeps forms' Origin header.
  'referrer-policy': 'same-origin',
} as const;
