/**
 * Records what a learner does in one lab session as lasting progress: an attempt each time they
 * run a command while working on an exercise, the first time each exercise passes, and the time
 * they are active in the lesson. The store's failures are logged, never passed on: a database
 * hiccup must not break a lab.
 */
import type { ExerciseResult } from "../../common/schemas/checks.ts";
import type { Logger } from "../log.ts";
import type { ProgressStore } from "../progress/store.ts";

/** A gap longer than this between two actions is a pause, not time spent on the lesson. */
const IDLE_GAP_MS = 5 * 60_000;
/** Accumulated time is written at least this often while the learner is active. */
const FLUSH_MS = 30_000;

/** Tracks one session's progress for one learner and lesson. */
export class ProgressTracker {
  readonly #store: ProgressStore;
  readonly #learner: string;
  readonly #lesson: string;
  readonly #log: Logger;
  readonly #passed = new Set<string>();
  #current: string | undefined;
  #lastActivity: number | undefined;
  #unflushedMs = 0;
  #lastFlush = Date.now();

  constructor(store: ProgressStore, learner: string, lesson: string, log: Logger) {
    this.#store = store;
    this.#learner = learner;
    this.#lesson = lesson;
    this.#log = log;
  }

  /** New check results: record first passes, and note which exercise the learner is on. */
  results(results: readonly ExerciseResult[]): void {
    for (const r of results) {
      if (r.status === "passed" && !this.#passed.has(r.id)) {
        this.#passed.add(r.id);
        this.#write(this.#store.recordCompletion(this.#learner, this.#lesson, r.id));
      }
    }
    this.#current = results.find((r) => r.status === "failed")?.id;
  }

  /** The learner ran a command: an attempt at the exercise they are on, and activity. */
  command(now = Date.now()): void {
    if (this.#current) this.#write(this.#store.recordAttempt(this.#learner, this.#lesson, this.#current));
    this.activity(now);
  }

  /** The learner did something (typed, connected): counts toward time on the lesson. */
  activity(now = Date.now()): void {
    if (this.#lastActivity !== undefined) {
      const gap = now - this.#lastActivity;
      if (gap > 0 && gap <= IDLE_GAP_MS) this.#unflushedMs += gap;
    }
    this.#lastActivity = now;
    if (now - this.#lastFlush >= FLUSH_MS) this.flush(now);
  }

  /** Writes the accumulated time. */
  flush(now = Date.now()): void {
    this.#lastFlush = now;
    const seconds = Math.floor(this.#unflushedMs / 1000);
    if (seconds < 1) return;
    this.#unflushedMs -= seconds * 1000;
    this.#write(this.#store.addLessonTime(this.#learner, this.#lesson, seconds));
  }

  #write(pending: Promise<unknown>): void {
    pending.catch((err: unknown) => this.#log.warn(`progress of ${this.#lesson} not saved`, err));
  }
}
