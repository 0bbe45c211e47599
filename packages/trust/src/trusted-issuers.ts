import { readFile } from 'node:fs/promises';
import { z } from 'zod';

export interface KnownIssuer {
  id: string;
  name: string;
  url?: string;
}

const registrySchema = z.array(z.object({ id: z.string().min(1), name: z.string().min(1), url: z.url().optional() }));

/** A registry of issuers the operator knows. Being absent from it is a warning, never a failure. */
export type TrustedIssuers = ReadonlyMap<string, KnownIssuer>;

export async function loadTrustedIssuers(file: string | undefined): Promise<TrustedIssuers> {
  if (!file) return new Map();
  const entries = registrySchema.parse(JSON.parse(await readFile(file, 'utf8')));
  return new Map(entries.map((entry) => [entry.id, entry]));
}

export function issuerWarning(issuerId: string | undefined, registry: TrustedIssuers): { known: KnownIssuer | undefined; warning?: string } {
  if (registry.size === 0 || !issuerId) return { known: undefined };
  const known = registry.get(issuerId);
  if (known) return { known };
  return { known: undefined, warning: `The issuer ${issuerId} is not in this verifier's list of known issuers.` };
}
