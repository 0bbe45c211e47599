import { createHmac, randomBytes, randomInt } from 'node:crypto';

/** 256 random bits, URL-safe: claim tokens, access tokens, challenges, nonces. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Everything a claim link offers is derived from its one token, so the claim
 * page can show the exchange URL, the LCW challenge and the pre-authorized
 * code again while the store keeps only their hashes.
 */
export function deriveSecret(token: string, purpose: 'exchange-id' | 'pre-authorized-code'): string {
  return createHmac('sha256', token).update(`laurel-wallet:${purpose}`).digest('base64url');
}

/**
 * The Learner Credential Wallet's direct deep link carries a challenge the
 * wallet signs without asking first; it is derived from the exchange id so
 * the exchange can recognise it.
 */
export function deepLinkChallenge(exchangeId: string): string {
  return createHmac('sha256', exchangeId).update('laurel-wallet:lcw-challenge').digest('base64url');
}

/** A six-digit transaction code (PIN) the caller sends the learner on another channel. */
export function newTxCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}
