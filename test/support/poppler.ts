// PDF tests read certificates the way a reader does, through poppler-utils.
// Locally, without poppler, those tests are reported as skipped (never cut
// short and counted as passed); under CI=true poppler is part of the contract
// and its absence fails them with the reason.
import { spawnSync } from 'node:child_process';

const TOOLS = ['pdftotext', 'pdftoppm', 'pdffonts'];
const missing = TOOLS.filter((tool) => (spawnSync(tool, ['-v']).error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT');

/** For it.skipIf / describe.skipIf: true only when poppler is missing and CI does not require it. */
export const skipWithoutPoppler = missing.length > 0 && process.env.CI !== 'true';

/** First line of a poppler test: under CI=true without poppler, fails saying what to install. */
export function requirePoppler(): void {
  if (missing.length > 0) throw new Error(`poppler-utils is required under CI=true (missing: ${missing.join(', ')}); apt-get install poppler-utils`);
}
