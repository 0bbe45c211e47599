import { readFile } from 'node:fs/promises';
import { formatPath } from '@laurel/models';
import { z } from 'zod';

/** What a registry says about one DID: who the registry's maintainers checked it belongs to. */
export interface RegistryEntry {
  name: string;
  url?: string;
  location?: string;
}

/**
 * An issuer registry in the Digital Credentials Consortium format the Learner Credential
 * Wallet reads (`registry.json`): `{ "meta": {…}, "registry": { "<DID>": { "name", "url",
 * "location" } } }`. Older copies key the map `entries`; both are read.
 */
const entrySchema = z.object({ name: z.string().trim().min(1), url: z.string().optional(), location: z.string().optional() });
const registryFileSchema = z
  .object({ meta: z.unknown().optional(), registry: z.record(z.string(), entrySchema).optional(), entries: z.record(z.string(), entrySchema).optional() })
  .refine((file) => file.registry !== undefined || file.entries !== undefined, 'a DCC registry has a "registry" (or older "entries") map from DID to issuer');

export function parseIssuerRegistry(json: unknown, where: string): ReadonlyMap<string, RegistryEntry> {
  const parsed = registryFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${where} is not a DCC issuer registry: ${formatPath(issue?.path ?? []) || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const map = parsed.data.registry ?? parsed.data.entries ?? {};
  return new Map(
    Object.entries(map).map(([did, entry]) => [
      did,
      { name: entry.name, ...(entry.url ? { url: entry.url } : {}), ...(entry.location ? { location: entry.location } : {}) },
    ]),
  );
}

/** One configured registry: its name (as people should read it) and where its entries come from. */
export interface IssuerRegistry {
  readonly name: string;
  /** The entries; throws when they cannot be had (a URL registry never loaded). */
  entries(): Promise<ReadonlyMap<string, RegistryEntry>>;
}

/** A registry read from a file once, at start-up: a malformed file stops the verifier, loudly. */
export async function fileIssuerRegistry(name: string, file: string): Promise<IssuerRegistry> {
  const entries = parseIssuerRegistry(JSON.parse(await readFile(file, 'utf8')), file);
  return { name, entries: async () => entries };
}

export interface UrlRegistryOptions {
  /** The guarded fetcher. */
  fetchJson: (url: URL) => Promise<unknown>;
  /** How long a fetched copy is used before it is fetched again. */
  refreshMs: number;
  now?: () => number;
}

/**
 * A registry fetched from a URL through the guarded fetcher, kept for `refreshMs`. When a
 * refresh fails, the last good copy stays in use (a registry rarely shrinks, and an outage
 * should not turn every known issuer amber); with no copy at all, `entries()` throws.
 * Concurrent verifications share one fetch.
 */
export function urlIssuerRegistry(name: string, url: string, options: UrlRegistryOptions): IssuerRegistry {
  const now = options.now ?? Date.now;
  let copy: { entries: ReadonlyMap<string, RegistryEntry>; fetchedAt: number } | undefined;
  let failedAt: number | undefined;
  let pending: Promise<ReadonlyMap<string, RegistryEntry>> | undefined;

  const refresh = () =>
    (pending ??= options
      .fetchJson(new URL(url))
      .then((json) => {
        const entries = parseIssuerRegistry(json, url);
        copy = { entries, fetchedAt: now() };
        failedAt = undefined;
        return entries;
      })
      .catch((error: unknown) => {
        failedAt = now();
        if (copy) return copy.entries;
        throw new Error(`Could not load the issuer registry "${name}" from ${url}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      })
      .finally(() => {
        pending = undefined;
      }));

  return {
    name,
    async entries() {
      const last = Math.max(copy?.fetchedAt ?? -Infinity, failedAt ?? -Infinity);
      if (copy && now() - last < options.refreshMs) return copy.entries;
      // After a failure with no copy, wait out the refresh period too: a dead registry must not cost a fetch per verification.
      if (!copy && failedAt !== undefined && now() - failedAt < options.refreshMs) {
        throw new Error(`The issuer registry "${name}" at ${url} could not be loaded; retrying later.`);
      }
      return refresh();
    },
  };
}
