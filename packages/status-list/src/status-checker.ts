import { verifyCredential, invalid, unknown, valid, type CheckResult, type StatusChecker, type VerifyOptions } from '@laurel/suites';
import { findStatusEntries } from './status-entry.js';
import { readStatus } from './read-status.js';
import { StatusListError } from './errors.js';

export interface StatusCheckerOptions extends Omit<VerifyOptions, 'checkStatus'> {
  /**
   * Loads the status list credential at a URL: from the store, a file, or the
   * guarded network fetcher. A throw means "could not check", never "valid".
   */
  loadStatusList: (url: string) => Promise<unknown>;
}

function issuerId(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return undefined;
}

const SET_MEANS = { revocation: ['REVOKED', 'revoked'], suspension: ['SUSPENDED', 'suspended'] } as const;

async function checkEntry(entry: Record<string, unknown>, credentialIssuer: string | undefined, options: StatusCheckerOptions): Promise<CheckResult> {
  const url = typeof entry.statusListCredential === 'string' ? entry.statusListCredential : undefined;
  if (!url) return invalid('INVALID_STATUS_ENTRY', 'A status entry names no status list credential.');
  let list: unknown;
  try {
    list = await options.loadStatusList(url);
  } catch (error) {
    return unknown('STATUS_LIST_UNAVAILABLE', `Could not get the status list ${url}: ${error instanceof Error ? error.message : String(error)}`, { url });
  }
  // The list is itself a credential: a tampered, expired or foreign list tells us nothing.
  const { checkStatus: _ignored, ...verifyOptions } = options as StatusCheckerOptions & { checkStatus?: unknown };
  const listResult = await verifyCredential(list, verifyOptions);
  for (const name of ['proof', 'validity', 'issuer'] as const) {
    const check = listResult.checks[name];
    if (check.status !== 'valid') {
      const outcome = { ...check, code: `STATUS_LIST_${check.code ?? 'INVALID'}`, reason: `The status list ${url} did not pass its ${name} check: ${check.reason}`, details: { url } };
      return outcome;
    }
  }
  const listIssuer = issuerId((list as Record<string, unknown>).issuer);
  if (credentialIssuer !== listIssuer) {
    return invalid('STATUS_LIST_ISSUER_MISMATCH', `The status list ${url} was issued by ${String(listIssuer)}, not by the credential's issuer ${String(credentialIssuer)}.`, { url });
  }
  try {
    const reading = await readStatus({ entry, listCredential: list });
    const [code, word] = SET_MEANS[reading.purpose];
    if (reading.set) return invalid(code, `The credential has been ${word} (${url}, index ${reading.index}).`, { ...reading });
    return valid(`Not ${word} (${url}, index ${reading.index}).`, { ...reading });
  } catch (error) {
    if (error instanceof StatusListError) return invalid(error.code, error.message, { url });
    throw error;
  }
}

/**
 * A StatusChecker for verifyCredential: reads each Bitstring/StatusList2021
 * entry's bit from its list, after verifying the list credential itself.
 * Revocation and suspension are reported separately in `details.entries`.
 */
export function createStatusChecker(options: StatusCheckerOptions): StatusChecker {
  return async (credential) => {
    const entries = findStatusEntries(credential);
    if (entries.length === 0) {
      return unknown('UNSUPPORTED_STATUS', 'The credential has a status entry of a kind Laurel cannot check.');
    }
    const issuer = issuerId(credential.issuer);
    const results = await Promise.all(entries.map((entry) => checkEntry(entry, issuer, options)));
    const details = { entries: results.map((result, i) => ({ purpose: entries[i]?.statusPurpose, ...result })) };
    const worst = results.find((result) => result.status === 'invalid') ?? results.find((result) => result.status === 'unknown');
    if (worst) return { ...worst, details };
    return valid(results.map((result) => result.reason).join(' '), details);
  };
}
