/**
 * A criteria narrative as sentences. Ours are written one sentence each
 * ending in a full stop; another issuer's may be a paragraph or have line
 * breaks: each line is split after sentence-ending punctuation (CJK full
 * stops need no space after them).
 */
export function criteriaSentences(narrative: string): string[] {
  return narrative
    .split(/\r?\n+|(?<=[.!?।])\s+|(?<=[。！？])\s*/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '');
}
