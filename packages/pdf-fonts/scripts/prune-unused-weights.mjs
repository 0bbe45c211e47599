// Postinstall: Fontsource packages ship every weight (100–900) in WOFF and
// WOFF2, and the CJK families also as ~100 numbered web chunks: 190 MB for
// the families listed here. Certificates use the regular (400) and bold (700)
// WOFF files of one subset file per script, so everything else is removed
// from the installed copies of THIS package's Fontsource dependencies (about
// 20 MB remain). Plain JS: it runs before anything is built.
// LAUREL_KEEP_ALL_FONT_FILES=1 keeps every file.
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

if (process.env.LAUREL_KEEP_ALL_FONT_FILES === '1') process.exit(0);

const here = new URL('../package.json', import.meta.url);
const manifest = JSON.parse(readFileSync(here, 'utf8'));
const require = createRequire(here);
const KEEP = /-(400|700)-normal\.woff$/;
// Fontsource's numbered chunks (`noto-sans-sc-42-400-normal.woff`): the one-file script subsets are used instead.
const CHUNK = /-\d+-\d00-normal\.woff2?$/;

let removed = 0;
let bytes = 0;
for (const name of Object.keys(manifest.dependencies ?? {}).filter((dependency) => dependency.startsWith('@fontsource/'))) {
  let dir;
  try {
    dir = path.join(path.dirname(require.resolve(`${name}/package.json`)), 'files');
  } catch {
    continue; // not installed (an install that omits optional packages)
  }
  let files;
  try {
    files = readdirSync(dir, { withFileTypes: true });
  } catch {
    continue;
  }
  for (const file of files) {
    if (!file.isFile() || (KEEP.test(file.name) && !CHUNK.test(file.name))) continue;
    const target = path.join(dir, file.name);
    try {
      const { size } = statSync(target);
      rmSync(target);
      removed += 1;
      bytes += size;
    } catch {
      // A read-only install keeps its files; the fonts still work.
    }
  }
}
if (removed > 0) process.stdout.write(`@laurel/pdf-fonts: removed ${removed} unused font files (${(bytes / 1048576).toFixed(1)} MB): only the regular and bold WOFF files are used.\n`);
