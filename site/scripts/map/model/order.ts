/**
 * Remembers the order in which things first appeared on the map, so that the layout's input
 * keeps the same order from one map to the next: what was there stays put, new things come last.
 */
export class OrderMemory {
  readonly #ranks = new Map<string, number>();
  #next = 0;

  /** Starts from `keys`, in the order they were first seen (as {@link keys} returned them). */
  constructor(keys: readonly string[] = []) {
    for (const key of keys) if (!this.#ranks.has(key)) this.#ranks.set(key, this.#next++);
  }

  /** Every key seen, in the order first seen. */
  get keys(): string[] {
    return [...this.#ranks.keys()];
  }

  /**
   * Returns `items` sorted by when their `key` was first seen. Keys seen for the first time now go
   * after every earlier one, ordered among themselves by `compareNew` (default: by key).
   */
  sort<T>(items: readonly T[], key: (item: T) => string, compareNew: (a: T, b: T) => number = (a, b) => compare(key(a), key(b))): T[] {
    const fresh = items.filter((item) => !this.#ranks.has(key(item))).sort(compareNew);
    for (const item of fresh) {
      if (!this.#ranks.has(key(item))) this.#ranks.set(key(item), this.#next++);
    }
    return [...items].sort((a, b) => (this.#ranks.get(key(a)) ?? 0) - (this.#ranks.get(key(b)) ?? 0));
  }

  /** Forgets everything (the sandbox is gone). */
  clear(): void {
    this.#ranks.clear();
    this.#next = 0;
  }
}

/** Plain string order, independent of the browser's locale. */
export function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
