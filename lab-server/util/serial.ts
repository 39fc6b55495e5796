/**
 * Runs a job one at a time, coalescing requests: while a run is under way, every new request
 * shares one queued run that starts when the current one ends. However fast requests come, at most
 * one runs and one waits, and a request is always answered by a run that started after it.
 */
export class SerialRunner<T> {
  readonly #job: () => Promise<T>;
  #tail: Promise<unknown> = Promise.resolve();
  #queued: Promise<T> | undefined;

  constructor(job: () => Promise<T>) {
    this.#job = job;
  }

  /** Requests a run; resolves with the result of the run that serves this request. */
  request(): Promise<T> {
    if (this.#queued) return this.#queued;
    const next = this.#tail.then(() => {
      this.#queued = undefined;
      return this.#job();
    });
    this.#queued = next;
    this.#tail = next.catch(() => undefined);
    return next;
  }
}
