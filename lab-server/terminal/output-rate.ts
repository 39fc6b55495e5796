/**
 * A terminal's output budget: a token bucket over the bytes a shell prints. A browser renders a
 * few MB/s at best, so relaying a flood (`yes`, `cat` of a big file) faster serves nobody and costs
 * the machine: every byte passes the sandbox's TTY, the engine's shim, the engine and this server,
 * all outside the sandbox's CPU limit. Past the budget the terminal pauses the shell's output,
 * which fills the TTY's buffer and blocks the flooding program in its own sandbox instead.
 */

/** Bytes per second a terminal may print, sustained. */
export const OUTPUT_BYTES_PER_SECOND = 1024 * 1024;
/** Bytes a terminal may print at once, before the sustained rate applies. */
export const OUTPUT_BURST_BYTES = 256 * 1024;

/** A token bucket: `take` says how long output must wait once the budget is spent. */
export class OutputRate {
  readonly #perMs: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #at: number;

  constructor(bytesPerSecond = OUTPUT_BYTES_PER_SECOND, burstBytes = OUTPUT_BURST_BYTES, now: () => number = Date.now) {
    this.#perMs = bytesPerSecond / 1000;
    this.#burst = burstBytes;
    this.#now = now;
    this.#tokens = burstBytes;
    this.#at = now();
  }

  /** Counts `bytes` as printed; returns how many ms to pause before more (0 while within budget). */
  take(bytes: number): number {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#at) * this.#perMs);
    this.#at = now;
    this.#tokens -= bytes;
    return this.#tokens >= 0 ? 0 : Math.ceil(-this.#tokens / this.#perMs);
  }
}
