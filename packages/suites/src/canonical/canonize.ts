import { canonize as rdfCanonize } from 'rdf-canonize';
import type { DocumentLoader } from '@laurel/contexts';
import { Refusal } from './refusal.js';
import { toDataset } from './to-dataset.js';

/**
 * RDFC-1.0 canonical N-Quads of a JSON-LD document through the compiled
 * path, or undefined when the path refuses the document (the caller then uses
 * the stock library, which is also the reference the tests compare against).
 */
export async function fastCanonize(document: unknown, documentLoader: DocumentLoader): Promise<string | undefined> {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return undefined;
  try {
    const dataset = await toDataset(document as Record<string, unknown>, documentLoader);
    const canonical = await rdfCanonize(dataset, { algorithm: 'RDFC-1.0', format: 'application/n-quads' });
    counts.answered += 1;
    return canonical;
  } catch (error) {
    counts.refused += 1;
    if (error instanceof Refusal) {
      lastRefusal = error.message;
      return undefined;
    }
    // Anything else (a loader failure, a canonicalization limit) is for the stock path to report in its own words.
    lastRefusal = error instanceof Error ? error.message : String(error);
    return undefined;
  }
}

let lastRefusal: string | undefined;
const counts = { answered: 0, refused: 0 };

/**
 * How many documents the compiled path has answered and refused in this
 * process. For observation only (tests that the credentials Laurel issues take
 * the fast path, diagnostics); nothing decides anything on it.
 */
export function canonicalPathCounts(): { answered: number; refused: number } {
  return { ...counts };
}

/** Why the most recent document was refused; for tests and diagnostics only. */
export function lastRefusalReason(): string | undefined {
  return lastRefusal;
}
