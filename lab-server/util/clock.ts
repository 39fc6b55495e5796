/**
 * Time and one-shot timers behind one interface, so that code which waits for a moment (a class
 * dashboard waiting for someone's "stuck" flag to turn) can be driven by a test's own clock.
 */

/** The current time and timers. */
export interface Clock {
  /** Milliseconds since the epoch, as `Date.now()`. */
  now(): number;
  /** Runs `run` once, `delayMs` from now; returns what cancels it (harmless after it ran). */
  schedule(run: () => void, delayMs: number): () => void;
}

/** The process's own clock and timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  schedule: (run, delayMs) => {
    const timer = setTimeout(run, delayMs);
    return () => clearTimeout(timer);
  },
};
