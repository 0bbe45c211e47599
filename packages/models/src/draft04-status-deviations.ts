import { isRecord } from './object-rule.js';
import type { ValidationIssue } from './validation-issue.js';

/**
 * Where a VC 1.1 Open Badges credential's `credentialStatus` leaves 1EdTech's
 * draft-04 AchievementCredential schema, which allows one object with only a
 * string `id` and `type` (`$defs.CredentialStatus`, additionalProperties
 * false). The OB 3.0 and VC 1.1 data models allow status-list entries and
 * arrays, and the VC 1.1 credentials Laurel issued before its 1EdTech
 * revocation lists carry two StatusList2021 entries: such a credential is not
 * wrong, but it cannot be checked against that schema. Empty when it fits.
 */
export function draft04StatusDeviations(credential: unknown): ValidationIssue[] {
  if (!isRecord(credential) || credential.credentialStatus === undefined) return [];
  const status = credential.credentialStatus;
  if (Array.isArray(status)) {
    return [{ path: 'credentialStatus', message: `is an array of ${status.length} entries; 1EdTech's draft-04 schema allows one {id, type} object` }];
  }
  if (!isRecord(status)) return [];
  const extra = Object.keys(status).filter((key) => key !== 'id' && key !== 'type');
  return extra.length > 0 ? [{ path: 'credentialStatus', message: `has ${extra.join(', ')}; 1EdTech's draft-04 schema allows only id and type` }] : [];
}
