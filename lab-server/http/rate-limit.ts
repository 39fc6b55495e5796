/**
 * A fixed-window counter per key (browser id, client address): enough to stop a script from
 * creating sandboxes in a loop, without any shared state beyond this process.
 */

/** Limits events per key to `limit` per `windowMs`. */
export class RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(limit: number, windowMs: number) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** Counts one event for each key; returns seconds to wait if any key is over its limit, else 0. */
  take(keys: readonly string[], now = Date.now()): number {
    let wait = 0;
    for (const key of keys) {
      let w = this.#windows.get(key);
      if (!w || now - w.start >= this.#windowMs) {
        w = { start: now, count: 0 };
        this.#windows.set(key, w);
      }
      if (w.count >= this.#limit) wait = Math.max(wait, Math.ceil((w.start + this.#windowMs - now) / 1000));
    }
    if (wait > 0) return wait;
    for (const key of keys) (this.#windows.get(key) as { count: number }).count += 1;
    if (this.#windows.size > 10_000) this.#prune(now);
    return 0;
  }

  #prune(now: number): void {
    for (const [key, w] of this.#windows) if (now - w.start >= this.#windowMs) this.#windows.delete(key);
  }
}
