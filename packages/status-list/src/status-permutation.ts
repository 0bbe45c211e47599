import { createHmac } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { StatusListError, StatusListFullError } from './errors.js';
import { MAX_STATUS_LIST_LENGTH } from './status-list.js';

/**
 * Feistel rounds. NIST's FF1 uses 10 for small domains; a round costs one
 * HMAC (a few µs), so one index costs well under a millisecond.
 */
const ROUNDS = 10;

/** The key is a per-list secret; fewer than 128 bits would be guessable. */
const MIN_KEY_BYTES = 16;

/**
 * A keyed bijection of [0, length): the store hands out counters 0, 1, 2, …
 * and the index of counter c is `indexAt(c)`. Every index is handed out
 * exactly once per list, each in O(1), and without the key the order says
 * nothing about which index comes next or when a credential was issued (the
 * spec asks that indexes not reveal issuance order).
 */
export interface StatusPermutation {
  readonly length: number;
  /** The index of the `counter`-th credential of the list; StatusListFullError when counter ≥ length. */
  indexAt(counter: number): number;
  /** The inverse: which counter was given `index`. */
  counterAt(index: number): number;
}

/** The mask of one Feistel half (2^half − 1). */
function halfMask(length: number): number {
  if (!Number.isSafeInteger(length) || length <= 0 || length > MAX_STATUS_LIST_LENGTH) {
    throw new StatusListError('INVALID_ARGUMENT', `length must be an integer from 1 to ${MAX_STATUS_LIST_LENGTH}, not ${length}.`, { length });
  }
  // The smallest power of two with an even number of bits (at least 2) that
  // holds the list: a balanced Feistel network needs two equal halves. It is
  // less than 4 × length, so cycle-walking takes under 4 steps on average.
  let bits = 2;
  while (2 ** bits < length) bits += 2;
  return 2 ** (bits / 2) - 1;
}

function checkKey(key: Uint8Array): Buffer {
  if (!(key instanceof Uint8Array) || key.length < MIN_KEY_BYTES) {
    throw new StatusListError('INVALID_ARGUMENT', `The permutation key must be at least ${MIN_KEY_BYTES} random bytes.`, {});
  }
  return Buffer.from(key);
}

function checkPosition(name: string, value: number, length: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new StatusListError('INVALID_ARGUMENT', `${name} must be a non-negative integer, not ${value}.`, { [name]: value });
  }
  if (value >= length) {
    if (name === 'counter') throw new StatusListFullError(length);
    throw new StatusListError('STATUS_INDEX_OUT_OF_RANGE', `${name} ${value} is outside a list of length ${length}.`, { [name]: value, length });
  }
}

type RoundFunction = (round: number, value: number) => number;

/**
 * HMAC-SHA256(key, round ‖ length ‖ value), truncated to one half. The length
 * is part of the message so that the same key gives unrelated orders for
 * lists of different lengths.
 */
function roundFunction(key: Buffer, length: number, mask: number): RoundFunction {
  const message = Buffer.alloc(9);
  message.writeUInt32BE(length, 1);
  return (round, value) => {
    message.writeUInt8(round, 0);
    message.writeUInt32BE(value, 5);
    return createHmac('sha256', key).update(message).digest().readUInt32BE(0) & mask;
  };
}

/**
 * The round function only ever sees 2^half inputs per round (512 for the
 * spec-minimum list), so a permutation that is used many times remembers
 * them: walking a whole list then costs ROUNDS × 2^half HMACs in all.
 */
function remembered(round: RoundFunction, mask: number): RoundFunction {
  const tables: Int32Array[] = [];
  return (r, value) => {
    const table = (tables[r] ??= new Int32Array(mask + 1).fill(-1));
    let result = table[value]!;
    if (result < 0) table[value] = result = round(r, value);
    return result;
  };
}

function build(key: Uint8Array, length: number, memo: boolean): StatusPermutation {
  const mask = halfMask(length);
  const plain = roundFunction(checkKey(key), length, mask);
  const f = memo ? remembered(plain, mask) : plain;
  const scale = mask + 1;

  const encrypt = (x: number): number => {
    let left = Math.floor(x / scale);
    let right = x & mask;
    for (let r = 0; r < ROUNDS; r += 1) [left, right] = [right, left ^ f(r, right)];
    return left * scale + right;
  };
  const decrypt = (y: number): number => {
    let left = Math.floor(y / scale);
    let right = y & mask;
    for (let r = ROUNDS - 1; r >= 0; r -= 1) [left, right] = [right ^ f(r, left), left];
    return left * scale + right;
  };
  // Cycle-walking: the network permutes [0, 2^(2·half)); applying it until
  // the value falls inside [0, length) restricts it to a permutation of the
  // list (the walk stays on the start's cycle, which holds a value in range:
  // the start itself).
  return {
    length,
    indexAt(counter) {
      checkPosition('counter', counter, length);
      let value = encrypt(counter);
      while (value >= length) value = encrypt(value);
      return value;
    },
    counterAt(index) {
      checkPosition('index', index, length);
      let value = decrypt(index);
      while (value >= length) value = decrypt(value);
      return value;
    },
  };
}

/**
 * A permutation to query many times (tests, tools walking a whole list): it
 * remembers round-function values, up to 10 × 2^14 numbers for the largest list.
 */
export function createStatusPermutation(key: Uint8Array, length: number): StatusPermutation {
  return build(key, length, true);
}

/**
 * Permutations of the lists issuance is filling. Every issuance asks for an
 * index on the same few lists, and a one-off query costs up to 40 HMACs (10
 * rounds, cycle-walking); a remembered permutation answers from its tables
 * after the first few. 16 lists hold at most 16 × 10 × 2^14 numbers (10 MiB)
 * at the largest length, 16 × 20 KiB at the default one.
 */
const recentPermutations = new LRUCache<string, StatusPermutation>({ max: 16 });

/** The index of the `counter`-th credential of a list with this key and length. */
export function statusIndexAt(key: Uint8Array, length: number, counter: number): number {
  const id = `${length}:${Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('base64')}`;
  let permutation = recentPermutations.get(id);
  if (permutation === undefined) {
    // Built (and its arguments checked) before it is remembered: a bad key or length is never cached.
    permutation = build(key, length, true);
    recentPermutations.set(id, permutation);
  }
  return permutation.indexAt(counter);
}

/** One query on a fresh permutation that remembers nothing: the reference the remembered ones are tested against. */
export function statusIndexAtUncached(key: Uint8Array, length: number, counter: number): number {
  return build(key, length, false).indexAt(counter);
}
