import { verifyCredential, invalid, unknown, valid, type CheckResult, type StatusChecker, type VerifyOptions } from '@laurel/suites';
import { findStatusEntries } from './status-entry.js';
import { readStatus } from './read-status.js';
import { isRevocationListEntry, readRevocationList } from './revocation-list.js';
import { StatusListError } from './errors.js';
import type { VerifiedStatusLists } from './verified-status-lists.js';

export interface StatusCheckerOptions extends Omit<VerifyOptions, 'checkStatus'> {
  /**
   * Loads the status list credential at a URL: from the store, a file, or the
   * guarded network fetcher. A throw means "could not check", never "valid".
   */
  loadStatusList: (url: string) => Promise<unknown>;
  /** Verifications of lists already seen, reused while their content is unchanged. */
  verifiedLists?: VerifiedStatusLists;
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
  const now = options.now ?? new Date();
  let verified = options.verifiedLists?.lookup(url, list, now);
  if (!verified) {
    // The list is itself a credential: a tampered, expired or foreign list tells us nothing.
    const { checkStatus: _ignored, verifiedLists: _cache, loadStatusList: _load, ...verifyOptions } = options as StatusCheckerOptions & { checkStatus?: unknown };
    // A shared (frozen) list is verified as a copy: verification is not promised to leave its input alone.
    const listResult = await verifyCredential(Object.isFrozen(list) ? structuredClone(list) : list, verifyOptions);
    for (const name of ['proof', 'validity', 'issuer'] as const) {
      const check = listResult.checks[name];
      if (check.status !== 'valid') {
        const outcome = { ...check, code: `STATUS_LIST_${check.code ?? 'INVALID'}`, reason: `The status list ${url} did not pass its ${name} check: ${check.reason}`, details: { url } };
        return outcome;
      }
    }
    verified = options.verifiedLists?.remember(url, list as Record<string, unknown>, now);
  }
  const memo = verified;
  const listIssuer = issuerId((list as Record<string, unknown>).issuer);
  if (credentialIssuer !== listIssuer) {
    return invalid('STATUS_LIST_ISSUER_MISMATCH', `The status list ${url} was issued by ${String(listIssuer)}, not by the credential's issuer ${String(credentialIssuer)}.`, { url });
  }
  try {
    const reading = await readStatus({ entry, listCredential: list, ...(memo ? { decode: memo.decode } : {}) });
    const where = `${url}, index ${reading.index}`;
    if (reading.purpose === 'refresh') {
      // Bitstring Status List §2.1: refresh "does not invalidate the verifiable credential".
      return valid(reading.set ? `An updated credential is available from the issuer's refresh service (${where}).` : `No refresh is signalled (${where}).`, { ...reading });
    }
    if (reading.purpose === 'message') {
      const value = `0x${reading.status.toString(16)}`;
      const said = reading.message === undefined ? 'no message' : `the message "${reading.message}"`;
      const see = reading.references ? ` The issuer explains its statuses at ${reading.references.join(', ')}.` : '';
      if (reading.valid) return valid(`Status ${value}, ${said} (${where}).${see}`, { ...reading });
      // §3.2 step 13: a value other than 0 is not "valid"; what it means is the issuer's to say, not Laurel's.
      return unknown('STATUS_MESSAGE', `The issuer set status ${value}, ${said} (${where}); Laurel cannot tell what it means for this credential.${see}`, { ...reading });
    }
    const [code, word] = SET_MEANS[reading.purpose];
    if (reading.set) return invalid(code, `The credential has been ${word} (${where}).`, { ...reading });
    return valid(`Not ${word} (${where}).`, { ...reading });
  } catch (error) {
    // A well-formed entry Laurel cannot evaluate is "could not check", not a fault of the credential.
    if (error instanceof StatusListError && error.code === 'UNSUPPORTED_STATUS_ENTRY') return unknown(error.code, `Could not check: ${error.message}`, { url });
    if (error instanceof StatusListError) return invalid(error.code, error.message, { url });
    throw error;
  }
}

/**
 * A 1EdTechRevocationList entry: the list at the entry's id names revoked
 * credentials by id. The list is plain JSON, not a signed credential: what
 * vouches for it is the issuer's https origin, so the reason says where it came from.
 */
async function checkRevocationListEntry(entry: Record<string, unknown>, credential: Record<string, unknown>, options: StatusCheckerOptions): Promise<CheckResult> {
  const url = typeof entry.id === 'string' ? entry.id : undefined;
  if (!url) return invalid('INVALID_STATUS_ENTRY', 'A 1EdTechRevocationList entry names no list (its id).');
  let list: unknown;
  try {
    list = await options.loadStatusList(url);
  } catch (error) {
    return unknown('STATUS_LIST_UNAVAILABLE', `Could not get the revocation list ${url}: ${error instanceof Error ? error.message : String(error)}`, { url });
  }
  try {
    const reading = readRevocationList({ entry, list, credential });
    if (reading.revoked) return invalid('REVOKED', `The credential has been revoked (on the issuer's 1EdTech revocation list ${url}${reading.reason ? `: ${reading.reason}` : ''}).`, { ...reading });
    return valid(`Not revoked (not on the issuer's 1EdTech revocation list ${url}).`, { ...reading });
  } catch (error) {
    if (error instanceof StatusListError && error.code === 'UNSUPPORTED_STATUS_ENTRY') return unknown(error.code, `Could not check: ${error.message}`, { url });
    if (error instanceof StatusListError) return invalid(error.code, error.message, { url });
    throw error;
  }
}

/** "Could not check" for the entries no list of ours can answer, naming their types. */
function uncheckedEntries(credential: Record<string, unknown>, checked: readonly Record<string, unknown>[]): CheckResult | undefined {
  const others = ([] as unknown[]).concat(credential.credentialStatus ?? []).filter((entry) => !checked.includes(entry as Record<string, unknown>));
  if (others.length === 0) return undefined;
  const described = others.map((entry) => {
    const type = ([] as unknown[]).concat((entry as { type?: unknown } | null)?.type ?? []).find((value): value is string => typeof value === 'string');
    return type === undefined ? 'an entry without a type' : `${type}: a status type Laurel does not know`;
  });
  return unknown('STATUS_TYPE_NOT_CHECKED', `Could not check the credential's status: ${described.join('; ')}.`, { types: described });
}

/**
 * A StatusChecker for verifyCredential: reads each Bitstring/StatusList2021
 * entry's bit from its list, after verifying the list credential itself, and
 * looks the credential up on each 1EdTechRevocationList it names.
 * Revocation and suspension are reported separately in `details.entries`.
 */
export function createStatusChecker(options: StatusCheckerOptions): StatusChecker {
  return async (credential) => {
    const bitstring = findStatusEntries(credential);
    const revocationLists = ([] as unknown[]).concat(credential.credentialStatus ?? []).filter(isRevocationListEntry);
    const entries = [...bitstring, ...revocationLists];
    const unchecked = uncheckedEntries(credential, entries);
    if (entries.length === 0) return unchecked ?? unknown('STATUS_TYPE_NOT_CHECKED', 'Could not check the credential\'s status.');
    const issuer = issuerId(credential.issuer);
    const results = [
      ...(await Promise.all(bitstring.map((entry) => checkEntry(entry, issuer, options)))),
      ...(await Promise.all(revocationLists.map((entry) => checkRevocationListEntry(entry, credential, options)))),
      ...(unchecked ? [unchecked] : []),
    ];
    const details = { entries: results.map((result, i) => ({ purpose: entries[i] === undefined ? undefined : (entries[i]?.statusPurpose ?? 'revocation'), ...result })) };
    const worst = results.find((result) => result.status === 'invalid') ?? results.find((result) => result.status === 'unknown');
    if (worst) return { ...worst, details };
    return valid(results.map((result) => result.reason).join(' '), details);
  };
}
