/**
 * Reads a Server-Sent Events stream in a test: keeps every event, and waits for one that
 * satisfies a predicate by watching what arrives, never by sleeping.
 */

/** One received event. */
export interface StreamEvent {
  event: string;
  data: string;
}

/** An open event stream. */
export class EventStream {
  readonly events: StreamEvent[] = [];
  readonly #abort = new AbortController();
  #waiters: (() => void)[] = [];
  #ended = false;

  private constructor() {}

  /** Opens `url` with the given headers; fails unless the answer is a 200 event stream. */
  static async open(url: string, headers: Record<string, string>): Promise<EventStream> {
    const stream = new EventStream();
    const res = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: stream.#abort.signal });
    if (res.status !== 200 || !res.headers.get("content-type")?.startsWith("text/event-stream")) {
      throw new Error(`event stream refused: ${res.status} ${await res.text()}`);
    }
    void stream.#read(res.body!);
    return stream;
  }

  /** Resolves with the first event (oldest first) that `predicate` accepts; rejects after `timeoutMs`. */
  async until(predicate: (e: StreamEvent) => boolean, what: string, timeoutMs = 30_000): Promise<StreamEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      if (this.#ended) throw new Error(`stream ended while waiting for ${what}`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out waiting for ${what}; last event: ${this.events.at(-1)?.data ?? "none"}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Closes the stream. */
  close(): void {
    this.#abort.abort();
  }

  async #read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          this.#parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
        }
      }
    } catch {
      // Aborted by close(), or the server went away: either way the stream has ended.
    }
    this.#ended = true;
    this.#notify();
  }

  #parse(block: string): void {
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
    }
    if (data.length === 0) return;
    this.events.push({ event, data: data.join("\n") });
    this.#notify();
  }

  #notify(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }
}
