import type { VerifierConfig } from './config.js';
import { createIssuerRecognizer, fileIssuerRegistry, loadTrustedIssuers, urlIssuerRegistry, type IssuerRecognizer, type IssuerRegistry } from '@laurel/trust';

type RecognitionConfig = Pick<VerifierConfig, 'TRUSTED_ISSUERS_FILE' | 'ISSUER_REGISTRIES' | 'ISSUER_REGISTRY_REFRESH_MS' | 'ISSUER_DOMAIN_LINKAGE'>;

/**
 * The issuer recognition sources the configuration names, combined. Files are read now (a bad
 * one stops start-up); URL registries are fetched through the guarded fetcher on first use.
 */
export async function loadIssuerRecognizer(config: RecognitionConfig, fetchJson: (url: URL) => Promise<unknown>): Promise<IssuerRecognizer> {
  const registries: IssuerRegistry[] = await Promise.all(
    config.ISSUER_REGISTRIES.map((source) =>
      'file' in source
        ? fileIssuerRegistry(source.name, source.file)
        : Promise.resolve(urlIssuerRegistry(source.name, source.url, { fetchJson, refreshMs: config.ISSUER_REGISTRY_REFRESH_MS })),
    ),
  );
  return createIssuerRecognizer({
    trustedIssuers: await loadTrustedIssuers(config.TRUSTED_ISSUERS_FILE),
    registries,
    ...(config.ISSUER_DOMAIN_LINKAGE ? { domainLinkage: { fetchJson } } : {}),
  });
}
