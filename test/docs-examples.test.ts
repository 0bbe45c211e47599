// Runs every ```ts example in docs/packages.md, so the documentation cannot rot.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/conformance.js';

const markdown = readFileSync(path.join(repoRoot, 'docs/packages.md'), 'utf8');
const examples = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match, index) => ({
  index,
  heading: [...markdown.slice(0, match.index).matchAll(/^## (.+)$/gm)].at(-1)?.[1] ?? 'top',
  code: match[1]!,
}));
const folder = path.join(repoRoot, 'test/.doc-examples');

describe('docs/packages.md examples', () => {
  it('has examples for every package section', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples)('example $index ($heading) runs', async ({ index, code }) => {
    mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `example-${index}.ts`);
    writeFileSync(file, `${code}\nexport {};\n`);
    await import(pathToFileURL(file).href);
  });
});
