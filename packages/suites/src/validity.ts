import { credentialVersion, type JsonObject } from './json.js';
import { invalid, valid, type CheckResult } from './verification-result.js';

// XML Schema dateTimeStamp: a timezone is mandatory, so two verifiers never disagree on an instant.
const DATE_TIME_STAMP = /^\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function instant(credential: JsonObject, property: string): number | CheckResult | undefined {
  const value = credential[property];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !DATE_TIME_STAMP.test(value) || Number.isNaN(Date.parse(value))) {
    return invalid('MALFORMED_DATE', `"${property}" is not a date-time with a timezone: ${JSON.stringify(value)}.`);
  }
  return Date.parse(value);
}

/**
 * Checks the credential's validity period against `now`: validFrom/validUntil
 * for VC 2.0, issuanceDate/expirationDate for VC 1.1. `skewSeconds` tolerates
 * small clock differences between issuer and verifier.
 */
export function checkValidity(credential: JsonObject, now: Date, skewSeconds = 0): CheckResult {
  const version = credentialVersion(credential);
  const [startName, endName] = version === '1.1' ? ['issuanceDate', 'expirationDate'] : ['validFrom', 'validUntil'];
  const start = instant(credential, startName);
  const end = instant(credential, endName);
  if (typeof start === 'object') return start;
  if (typeof end === 'object') return end;
  if (version === '1.1' && start === undefined) return invalid('MALFORMED_DATE', 'A VC 1.1 credential must have "issuanceDate".');
  const skew = skewSeconds * 1000;
  const nowMs = now.getTime();
  if (start !== undefined && end !== undefined && start > end) {
    return invalid('MALFORMED_DATE', `"${startName}" (${String(credential[startName])}) is after "${endName}" (${String(credential[endName])}).`);
  }
  if (start !== undefined && nowMs + skew < start) {
    return invalid('NOT_YET_VALID', `The credential is not valid before ${String(credential[startName])}.`);
  }
  if (end !== undefined && nowMs - skew > end) {
    return invalid('EXPIRED', `The credential expired on ${String(credential[endName])}.`);
  }
  const period = [start !== undefined ? `from ${String(credential[startName])}` : '', end !== undefined ? `until ${String(credential[endName])}` : 'with no end date']
    .filter(Boolean)
    .join(' ');
  return valid(`The credential is valid ${period}.`);
}
