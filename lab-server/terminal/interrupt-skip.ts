/**
 * What a terminal does with a flood's backlog when the learner presses Ctrl-C. The interrupt stops
 * the program at once, but everything it printed before is still on its way: in the TTY, the
 * engine's pipes and sockets, this server's queue. Relayed at the output budget, or to a browser
 * that reads slowly, that backlog could keep the prompt away for many seconds. So after an
 * interrupt during a flood the terminal reads the backlog as fast as it comes and drops it,
 * keeping only its tail: once output has paused (the program is gone and the shell has printed
 * its prompt) or a time limit passes (the program ignored the interrupt), it shows a note and
 * the tail, which ends with the prompt.
 */

/** Output quiet for this long means the backlog is drained. */
export const SKIP_QUIET_MS = 80;
/** The longest a skip lasts, for a program that ignores the interrupt. */
export const SKIP_MAX_MS = 700;
/** Bytes of the dropped output kept and shown after the note. */
export const SKIP_TAIL_BYTES = 2048;

/** Collects a backlog being dropped; `finish` returns what to show instead of it. */
export class SkippedBacklog {
  #tail: Buffer = Buffer.alloc(0);
  #dropped = 0;

  /** Drops `chunk`, keeping the last few KiB. */
  push(chunk: Buffer): void {
    this.#dropped += chunk.length;
    const joined = Buffer.concat([this.#tail, chunk]);
    this.#tail = joined.subarray(Math.max(0, joined.length - SKIP_TAIL_BYTES));
  }

  /** Bytes dropped so far. */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * A dim note saying how much was skipped, then the tail from its first line break on (so that it
   * starts at the beginning of a line, not in the middle of an escape sequence), or nothing when
   * nothing was dropped.
   */
  finish(): Buffer {
    if (this.#dropped === 0) return Buffer.alloc(0);
    const skipped = this.#dropped - this.#tail.length;
    const newline = this.#tail.indexOf(10);
    const tail = skipped > 0 && newline >= 0 ? this.#tail.subarray(newline + 1) : this.#tail;
    const kib = Math.max(1, Math.round((this.#dropped - tail.length) / 1024));
    const note = Buffer.from(`\r\n\x1b[2m[${kib} KiB of output skipped after Ctrl-C]\x1b[0m\r\n`);
    return Buffer.concat([note, tail]);
  }
}
