import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDocumentLoader, type DocumentLoader } from '@laurel/contexts';
import { repoRoot } from './conformance.js';

export const EXAMPLES_V2_CONTEXT_URL = 'https://www.w3.org/ns/credentials/examples/v2';

/** The W3C examples context: test vectors use it, real credentials must not. */
export const examplesV2Context: unknown = JSON.parse(
  readFileSync(path.join(repoRoot, 'contexts/credentials-examples-v2.jsonld'), 'utf8'),
);

/** Laurel's offline loader plus the examples context and any extra documents a test needs. */
export function testDocumentLoader(extra: Record<string, unknown> = {}): DocumentLoader {
  return createDocumentLoader({
    documents: new Map<string, unknown>([[EXAMPLES_V2_CONTEXT_URL, examplesV2Context], ...Object.entries(extra)]),
  });
}
