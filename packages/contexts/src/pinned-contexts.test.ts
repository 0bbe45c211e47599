import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as credentials from '@digitalbazaar/credentials-context';
import { CONTEXT_URLS, offlineDocumentLoader } from './index.js';
import { PINNED_CONTEXTS } from './pinned-contexts.js';

/** VC Data Model 2.0 (W3C Recommendation, 15 May 2025) §B.1 Base Context: the SHA2-256 digest of the base context file. */
const PUBLISHED_BASE_CONTEXT_SHA256 = '59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734';

const digest = (algorithm: string, text: string, encoding: 'hex' | 'base64') => createHash(algorithm).update(Buffer.from(text, 'utf8')).digest(encoding);
const pinned = (url: string) => PINNED_CONTEXTS.find((context) => context.url === url);

describe('contexts held byte for byte', () => {
  it('VC Data Model 2.0 §B.1: the bundled base context is byte-identical to the one W3C publishes (its SHA-256 is the published digest)', async () => {
    const base = pinned(CONTEXT_URLS.VC_V2);
    expect(base).toBeDefined();
    expect(digest('sha256', base!.text, 'hex')).toBe(PUBLISHED_BASE_CONTEXT_SHA256);
    // And it is the copy the loader hands to jsonld.
    expect((await offlineDocumentLoader(CONTEXT_URLS.VC_V2)).document).toEqual(JSON.parse(base!.text));
  });

  it('the published bytes mean what the stock credentials-context package says (no change in meaning for signatures made before)', () => {
    expect(JSON.parse(pinned(CONTEXT_URLS.VC_V2)!.text)).toEqual(credentials.contexts.get(CONTEXT_URLS.VC_V2));
  });

  it.each(PINNED_CONTEXTS.map((context) => [context.url, context] as const))('%s: the generated module matches contexts/ and its digests (npm run contexts:manifest)', async (url, context) => {
    const bytes = readFileSync(new URL(`../../../contexts/${context.file}`, import.meta.url));
    expect(Buffer.from(context.text, 'utf8').equals(bytes)).toBe(true);
    expect(context.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(context.sha384).toBe(createHash('sha384').update(bytes).digest('base64'));
    expect((await offlineDocumentLoader(url)).document).toEqual(JSON.parse(context.text));
  });
});
