/**
 * The last N bytes a terminal printed, replayed to a browser that (re)attaches so a reconnect
 * shows what was on screen instead of a blank terminal.
 */
export class Scrollback {
  readonly #capacity: number;
  #chunks: Buffer[] = [];
  #size = 0;

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

  /** A copy of what is held, starting at a UTF-8 character boundary. */
  snapshot(): Buffer {
    const all = Buffer.concat(this.#chunks, this.#size);
    let start = 0;
    // Dropping the oldest bytes may have cut a multi-byte character: skip its continuation bytes.
    while (start < all.length && start < 4 && ((all[start] as number) & 0xc0) === 0x80) start++;
    return all.subarray(start);
  }
}
