import { createDocumentLoader, type DocumentLoader } from '@laurel/contexts';

/** Laurel's offline loader (which bundles the W3C examples context) plus any extra documents a test needs. */
export function testDocumentLoader(extra: Record<string, unknown> = {}): DocumentLoader {
  return createDocumentLoader({ documents: new Map<string, unknown>(Object.entries(extra)) });
}
