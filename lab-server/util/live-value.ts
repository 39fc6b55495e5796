/**
 * A value kept current by recomputing it: the exercise results and the network map are each one.
 * Computations run one at a time (see SerialRunner); a result is published only when it differs
 * from the last one published, and nothing is published once stopped.
 */
import { SerialRunner } from "./serial.ts";

/** How a live value is computed, published and compared. */
export interface LiveValueOptions<T> {
  compute: () => Promise<T>;
  /** Gets each result that differs from the last one published; awaited before the next computation. */
  publish: (value: T) => void | Promise<void>;
  /** What two results are compared by (their JSON unless given). */
  key?: (value: T) => string;
}

/** One live value. */
export class LiveValue<T> {
  readonly #publish: (value: T) => void | Promise<void>;
  readonly #key: (value: T) => string;
  readonly #serial: SerialRunner<T>;
  #latest: T | undefined;
  #latestKey: string | undefined;
  #stopped = false;

  constructor({ compute, publish, key = (value) => JSON.stringify(value) }: LiveValueOptions<T>) {
    this.#publish = publish;
    this.#key = key;
    this.#serial = new SerialRunner(async () => {
      const value = await compute();
      if (this.#stopped) return value;
      this.#latest = value;
      const valueKey = this.#key(value);
      if (valueKey !== this.#latestKey) {
        this.#latestKey = valueKey;
        await this.#publish(value);
      }
      return value;
    });
  }

  /** The last result computed while running, if any. */
  get latest(): T | undefined {
    return this.#latest;
  }

  /** Recomputes after any computation under way (requests meanwhile share one); resolves with its result. */
  refresh(): Promise<T> {
    return this.#serial.request();
  }

  /** Publishes nothing more. */
  stop(): void {
    this.#stopped = true;
  }
}
