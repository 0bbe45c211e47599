import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { reachedOverHttps } from './client-address.js';

export interface SecurityHeaderOptions {
  /** The service's public base URL: https there means every answer carries HSTS. */
  publicUrl: string;
  /** TRUST_PROXY: proxies whose X-Forwarded-Proto is believed. */
  trustedProxies: number;
  /**
   * The inline scripts pages may run, as their exact source text. Declared here,
   * not read from the page: a script injected into a page would be hashed too.
   */
  inlineScripts?: readonly string[];
}

/**
 * The policy of every HTML page. Nothing loads from elsewhere but images
 * (issuer logos on https, QR codes as data: URLs); styles may be inline
 * (the pages' own <style>); scripts run only when inline and declared
 * (by hash); forms post back here; no one frames a page.
 */
const PAGE_POLICY = ["default-src 'none'", "img-src 'self' https: data:", "style-src 'unsafe-inline'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"];

const HSTS = 'max-age=31536000';

/** The CSP source that lets exactly this inline script run. */
export function inlineScriptHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source).digest('base64')}'`;
}

/**
 * The Content-Security-Policy of every HTML page, letting the declared inline scripts run.
 * `frameAncestors`: who may frame the page (an LTI launch page sits in the learning platform's frame); by default no one.
 */
export function pagePolicy(inlineScripts: readonly string[] = [], options: { frameAncestors?: readonly string[] } = {}): string {
  const hashes = [...new Set(inlineScripts.map(inlineScriptHash))];
  const framing = options.frameAncestors && options.frameAncestors.length > 0 ? `frame-ancestors ${options.frameAncestors.join(' ')}` : undefined;
  const policy = framing ? PAGE_POLICY.map((directive) => (directive.startsWith('frame-ancestors') ? framing : directive)) : PAGE_POLICY;
  return [...policy, ...(hashes.length > 0 ? [`script-src ${hashes.join(' ')}`] : [])].join('; ');
}

/**
 * The one place pages get their security headers. Every answer: nosniff,
 * and HSTS when the public URL is https or a trusted proxy says the client
 * came over https. HTML answers: the page policy (CSP), X-Frame-Options for
 * old browsers (unless a route's own policy lets the page be framed), and a Referrer-Policy (a route's own stricter one is kept:
 * claim and record pages carry secrets in their URLs and send no referrer).
 */
export function securityHeaders(options: SecurityHeaderOptions): MiddlewareHandler {
  const httpsPublicUrl = new URL(options.publicUrl).protocol === 'https:';
  const policy = pagePolicy(options.inlineScripts);
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    headers.set('x-content-type-options', 'nosniff');
    if (httpsPublicUrl || reachedOverHttps(c, options.trustedProxies)) headers.set('strict-transport-security', HSTS);
    if (!(headers.get('content-type') ?? '').toLowerCase().startsWith('text/html')) return;
    // A route may have set its own page policy (pagePolicy with frameAncestors, for a page meant to be framed):
    // it is kept, and X-Frame-Options (which cannot name who may frame) is then left out.
    const own = headers.get('content-security-policy');
    if (!own) headers.set('content-security-policy', policy);
    if (!own || own.includes("frame-ancestors 'none'")) headers.set('x-frame-options', 'DENY');
    if (!headers.has('referrer-policy')) headers.set('referrer-policy', 'same-origin');
  };
}
