import { importIssuerKey, type IssuerKey } from '@laurel/suites';
import { readJsonInput, UsageError, type CliIo } from './io.js';

/** Loads a key file written by `laurel keys new` (or any Multikey JSON with a secret). */
export async function loadKeyFile(io: CliIo, path: string, options: { needSecret: boolean }): Promise<IssuerKey> {
  const json = await readJsonInput(io, path, 'key');
  let key: IssuerKey;
  try {
    key = await importIssuerKey(json);
  } catch (error) {
    throw new UsageError(`${path} is not a usable key: ${(error as Error).message}`);
  }
  if (options.needSecret && !key.secretKeyMultibase) {
    throw new UsageError(`${path} holds only a public key; signing needs the file made by "laurel keys new".`);
  }
  return key;
}
