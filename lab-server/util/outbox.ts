/**
 * Delivery to one slow receiver of a value that changes: values go out one at a time, in order,
 * and while one is under way only the newest waits (a receiver that falls behind skips to the
 * latest instead of queueing every intermediate one).
 */
export class Outbox<T> {
  readonly #send: (value: T) => Promise<void>;
  readonly #onError: (err: unknown) => void;
  #waiting: { value: T } | undefined;
  #sending = false;

  /** `send` delivers one value; `onError` hears of a failed delivery (later values are still tried). */
  constructor(send: (value: T) => Promise<void>, onError: (err: unknown) => void) {
    this.#send = send;
    this.#onError = onError;
  }

  /** Delivers `value` after the delivery under way, replacing any value still waiting. */
  post(value: T): void {
    this.#waiting = { value };
    if (!this.#sending) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#sending = true;
    while (this.#waiting) {
      const { value } = this.#waiting;
      this.#waiting = undefined;
      try {
        await this.#send(value);
      } catch (err) {
        this.#onError(err);
      }
    }
    this.#sending = false;
  }
}
