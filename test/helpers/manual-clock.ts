/**
 * A clock that moves only when a test moves it, for code that takes a `Clock`: timers run in order
 * of their moment as `advance` passes it, and a test can see how many are waiting.
 */
import type { Clock } from "../../lab-server/util/clock.ts";

interface Timer {
  at: number;
  seq: number;
  run: () => void;
}

/** A test's clock. */
export class ManualClock implements Clock {
  #now: number;
  #timers: Timer[] = [];
  #seq = 0;
  /** Timers ever scheduled. */
  scheduled = 0;
  /** Timers that have run. */
  fired = 0;

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  schedule(run: () => void, delayMs: number): () => void {
    const timer = { at: this.#now + Math.max(0, delayMs), seq: this.#seq++, run };
    this.#timers.push(timer);
    this.scheduled += 1;
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  /** Timers waiting now. */
  get pending(): number {
    return this.#timers.length;
  }

  /** When the next timer runs, or undefined when none waits. */
  get next(): number | undefined {
    return this.#timers.reduce<number | undefined>((min, t) => (min === undefined || t.at < min ? t.at : min), undefined);
  }

  /** Moves time on by `ms`, running each timer due on the way at its own moment. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const due = this.#timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = due.at;
      this.fired += 1;
      due.run();
    }
    this.#now = end;
  }
}
