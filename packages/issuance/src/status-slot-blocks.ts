import type { Store, StatusSlot, TakeStatusSlotOptions } from '@laurel/store';

/**
 * Status list slots a process reserves ahead, a block at a time
 * (STATUS_SLOT_BLOCK). Without blocks every credential increments its list's
 * counter row; on a multi-primary cluster (Galera) the processes on different
 * nodes then conflict on that one row at every commit. With blocks each
 * process takes `size` consecutive slots in one short transaction of its own
 * and hands them out from memory, so the row is written once per block.
 *
 * Each slot is still handed out at most once: a block is a counter range the
 * database gave this process alone. What changes is that a slot whose
 * issuance rolls back, and the rest of a block when the process stops, are
 * never used (their bits stay 0): the list's counter counts reserved slots,
 * not allocations.
 *
 * Refills run in their own transaction in the background, never inside the
 * caller's (which would hold one pooled connection while waiting for
 * another); until a refill lands, allocation takes single slots in the
 * caller's transaction as without blocks.
 */
export class StatusSlotBlocks {
  readonly #store: Store;
  readonly #size: number;
  /** Per (issuer, purpose, format): reserved slots not yet handed out, oldest block first. */
  readonly #blocks = new Map<string, Array<{ slot: StatusSlot; next: number }>>();
  readonly #refills = new Map<string, Promise<void>>();

  constructor(store: Store, size: number) {
    if (!Number.isSafeInteger(size) || size < 2) throw new RangeError(`A status slot block holds at least 2 slots, not ${size}.`);
    this.#store = store;
    this.#size = size;
  }

  /** A reserved slot (count 1), or undefined when none is left; starts a refill when the reserve runs low. */
  take(options: TakeStatusSlotOptions): StatusSlot | undefined {
    const key = `${options.issuerId}\u0000${options.purpose}\u0000${options.format}`;
    const blocks = this.#blocks.get(key) ?? [];
    this.#blocks.set(key, blocks);
    let slot: StatusSlot | undefined;
    while (blocks.length > 0 && slot === undefined) {
      const block = blocks[0]!;
      if (block.next < block.slot.counter + block.slot.count) {
        slot = { ...block.slot, counter: block.next, count: 1 };
        block.next += 1;
      } else {
        blocks.shift();
      }
    }
    const left = blocks.reduce((sum, block) => sum + block.slot.counter + block.slot.count - block.next, 0);
    if (left * 2 < this.#size && !this.#refills.has(key)) this.#refill(key, options, blocks);
    return slot;
  }

  /** Resolves when no refill is in flight (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.#refills.size > 0) await Promise.all(this.#refills.values());
  }

  #refill(key: string, options: TakeStatusSlotOptions, blocks: Array<{ slot: StatusSlot; next: number }>): void {
    const refill = this.#store.statusLists
      .takeSlot({ ...options, count: this.#size })
      .then((slot) => void blocks.push({ slot, next: slot.counter }))
      // A failed refill costs nothing but speed: allocation falls back to single slots, and the next take tries again.
      .catch(() => undefined)
      .finally(() => this.#refills.delete(key));
    this.#refills.set(key, refill);
  }
}
