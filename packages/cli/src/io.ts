import { access, constants, readFile, writeFile } from 'node:fs/promises';
import { LaurelError } from '@laurel/models';

/** Where a command reads and writes; injected so tests run commands in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  /** Standard input as bytes (a badge or PDF piped in); without it, readStdin's text is used. */
  readStdinBytes?: () => Promise<Uint8Array>;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => Buffer.from(await readStdinBytes()).toString('utf8'),
  readStdinBytes,
};

async function readStdinBytes(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** A mistake in how the command was called or what it was given: exit code 2, message in plain words. */
export class UsageError extends LaurelError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

function cannotRead(source: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  return new UsageError(code === 'ENOENT' ? `No such file: ${source}` : `Cannot read ${source}: ${(error as Error).message}`);
}

/** Reads a file, or standard input for "-". */
export async function readInput(io: CliIo, source: string): Promise<string> {
  if (source === '-') return io.readStdin();
  try {
    return await readFile(source, 'utf8');
  } catch (error) {
    throw cannotRead(source, error);
  }
}

/** Refuses a file that is missing or unreadable, for a command that streams it rather than reading it whole. */
export async function requireReadable(file: string): Promise<void> {
  try {
    await access(file, constants.R_OK);
  } catch (error) {
    throw cannotRead(file, error);
  }
}

export async function readJsonInput(io: CliIo, source: string, what: string): Promise<Record<string, unknown>> {
  const text = await readInput(io, source);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`The ${what} in ${source === '-' ? 'standard input' : source} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`The ${what} in ${source === '-' ? 'standard input' : source} must be a JSON object.`);
  }
  return value as Record<string, unknown>;
}

export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Writes a file that may hold a secret: owner-only permissions, and never over an existing file by accident. */
export async function writeSecretFile(path: string, content: string, overwrite: boolean): Promise<void> {
  try {
    await writeFile(path, content, { mode: 0o600, flag: overwrite ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${path} already exists; use --force to replace it.`);
    throw new UsageError(`Cannot write ${path}: ${(error as Error).message}`);
  }
}

export async function writeOutput(io: CliIo, path: string | undefined, content: string): Promise<void> {
  if (!path || path === '-') {
    io.stdout(content);
    return;
  }
  try {
    await writeFile(path, content);
  } catch (error) {
    throw new UsageError(`Cannot write ${path}: ${(error as Error).message}`);
  }
}
