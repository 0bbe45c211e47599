import { createHash } from 'node:crypto';

/**
 * An Open Badges IdentityHash: `sha256$` + hex SHA-256 of the value followed
 * by the salt (the Open Badges 2.0 rule, kept by 3.0), so a verifier who knows
 * the learner's email can recompute it without the credential revealing it.
 */
export function identityHash(value: string, salt = ''): string {
  return `sha256$${createHash('sha256').update(value + salt, 'utf8').digest('hex')}`;
}
