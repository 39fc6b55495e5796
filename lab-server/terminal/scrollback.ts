/**
 * The last N bytes a terminal printed, replayed to a browser that (re)attaches so a reconnect
 * shows what was on screen instead of a blank terminal.
 *
 * Raw bytes, not a rendered screen: a server-side terminal emulator (@xterm/headless with its
 * serialize addon) would restore a full-screen program exactly, but measured at about 3 MiB of
 * memory per terminal with a 1000-line scrollback, 30 ms of blocked event loop per serialization,
 * and 17 MiB/s of parsing per core, where every terminal may print 1 MiB/s. So the replay instead
 * starts where nothing can have been cut: after a line break, with attributes reset.
 */
export class Scrollback {
  readonly #capacity: number;
  #chunks: Buffer[] = [];
  #size = 0;
  /** True once the oldest bytes have been dropped: the held bytes may start mid-sequence. */
  #cut = false;

  constructor(capacityBytes: number) {
    this.#capacity = capacityBytes;
  }

  /** Appends output, dropping the oldest bytes past capacity. */
  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    while (this.#size > this.#capacity && this.#chunks.length > 0) {
      const first = this.#chunks[0] as Buffer;
      const excess = this.#size - this.#capacity;
      this.#cut = true;
      if (first.length <= excess) {
        this.#chunks.shift();
        this.#size -= first.length;
      } else {
        this.#chunks[0] = first.subarray(excess);
        this.#size -= excess;
      }
    }
  }

  /** Bytes held. */
  get size(): number {
    return this.#size;
  }

  /**
   * A copy of what is held. Once the oldest bytes were dropped, it starts after the first line
   * break in the first 4 KiB (an escape sequence or a character cut in two ends before one), with
   * colours and attributes reset; without a line break there, at a UTF-8 character boundary.
   */
  snapshot(): Buffer {
    const all = Buffer.concat(this.#chunks, this.#size);
    if (!this.#cut) return all;
    const newline = all.subarray(0, LINE_SEARCH_BYTES).indexOf(0x0a);
    if (newline >= 0) return Buffer.concat([RESET_ATTRIBUTES, all.subarray(newline + 1)]);
    let start = 0;
    // Dropping the oldest bytes may have cut a multi-byte character: skip its continuation bytes.
    while (start < all.length && start < 4 && ((all[start] as number) & 0xc0) === 0x80) start++;
    return all.subarray(start);
  }
}

/** How far into a cut replay a line break is looked for. */
const LINE_SEARCH_BYTES = 4096;
/** SGR 0: whatever colour was set in the dropped bytes does not leak into the replay. */
const RESET_ATTRIBUTES = Buffer.from("\x1b[0m");
