import { randomInt } from 'node:crypto';

/** A uniform double in [0, 1) from the CSPRNG: status indexes must not be guessable. */
export function secureRandom(): number {
  return randomInt(0, 2 ** 47) / 2 ** 47;
}
