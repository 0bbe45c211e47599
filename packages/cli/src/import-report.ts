import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { ImportRowReport, ImportSummary } from '@laurel/issuance';
import { UsageError, type CliIo } from './io.js';

export interface ReportWriter {
  entry(entry: ImportRowReport): Promise<void>;
  /** Closes the document with the summary's counts. */
  end(summary: ImportSummary): Promise<void>;
  /** Releases the file; after a failure (no end), removes it. */
  close(): Promise<void>;
}

/**
 * The import report as one JSON document ({ report: [...], rows, issued, … }),
 * written entry by entry to a file or standard output, so a 100,000-row import
 * never holds its report in memory. The same shape `importAwardsCsv` returns.
 */
export async function openReportWriter(io: CliIo, path: string | undefined): Promise<ReportWriter> {
  let stream: WriteStream | undefined;
  if (path && path !== '-') {
    stream = createWriteStream(path);
    try {
      await once(stream, 'open');
    } catch (error) {
      throw new UsageError(`Cannot write ${path}: ${(error as Error).message}`);
    }
  }
  const write = async (text: string) => {
    if (!stream) return void io.stdout(text);
    if (!stream.write(text)) await once(stream, 'drain');
  };
  let entries = 0;
  let ended = false;
  return {
    async entry(entry) {
      await write(`${entries === 0 ? '{\n  "report": [\n' : ',\n'}    ${JSON.stringify(entry)}`);
      entries += 1;
    },
    async end(summary) {
      await write(`${entries === 0 ? '{\n  "report": [' : '\n  '}],\n${JSON.stringify(summary, null, 2).slice(2)}\n`);
      ended = true;
    },
    async close() {
      if (!stream || stream.closed) return;
      stream.end();
      await once(stream, 'close');
      // An import that failed as a whole (a bad file, the database gone) leaves no half-written report;
      // the rows it committed are reported again, as imported before, when the file is imported again.
      if (!ended && path) await rm(path, { force: true });
    },
  };
}
