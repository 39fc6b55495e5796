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

/** Where the learner is in this session, for an instructor's live view (epoch milliseconds). */
export interface LiveProgress {
  /** False until the lab's exercises have been checked once: until then `exercise` means nothing yet. */
  checked: boolean;
  /** The exercise they are on (the first one failing), or null when none is failing. */
  exercise: string | null;
  /** When that exercise became the current one in this session. */
  exerciseSince: number;
  /** The latest command run while the current exercise was failing. */
  lastFailedRunAt: number | undefined;
  /** The latest command or connection. */
  lastActivityAt: number;
}

/** Tracks one session's progress for one learner and lesson. */
export class ProgressTracker {
  readonly #store: ProgressStore;
  readonly #learner: string;
  readonly #lesson: string;
  readonly #log: Logger;
  readonly #onChange: () => void;
  readonly #passed = new Set<string>();
  #checked = false;
  /** Commands run before the first results, and when the latest ran: attempts, once it is known at what. */
  #runsBeforeCheck = 0;
  #lastRunBeforeCheck: number | undefined;
  #current: string | undefined;
  #currentSince = Date.now();
  #lastFailedRun: number | undefined;
  #lastActivity: number | undefined;
  #unflushedMs = 0;
  #lastFlush = Date.now();

  /** `onChange` is called when the live state changes or a completion has been saved. */
  constructor(store: ProgressStore, learner: string, lesson: string, log: Logger, onChange: () => void = () => undefined) {
    this.#store = store;
    this.#learner = learner;
    this.#lesson = lesson;
    this.#log = log;
    this.#onChange = onChange;
  }

  /** The learner's place in this session. */
  get live(): LiveProgress {
    return {
      checked: this.#checked,
      exercise: this.#current ?? null,
      exerciseSince: this.#currentSince,
      lastFailedRunAt: this.#lastFailedRun,
      lastActivityAt: this.#lastActivity ?? this.#currentSince,
    };
  }

  /** New check results: record first passes, and note which exercise the learner is on. */
  results(results: readonly ExerciseResult[], now = Date.now()): void {
    for (const r of results) {
      if (r.status === "passed" && !this.#passed.has(r.id)) {
        this.#passed.add(r.id);
        // Reported once saved, so that a dashboard reading the database sees the completion.
        this.#write(this.#store.recordCompletion(this.#learner, this.#lesson, r.id).then(() => this.#onChange()));
      }
    }
    const current = results.find((r) => r.status === "failed")?.id;
    const first = !this.#checked;
    this.#checked = true;
    if (current !== this.#current) {
      this.#current = current;
      this.#currentSince = now;
      this.#lastFailedRun = undefined;
      this.#onChange();
    } else if (first) {
      this.#onChange();
    }
    // The first evaluation starts as the lab opens, so it shows what the learner faced when they ran them.
    if (first && this.#current && this.#runsBeforeCheck > 0) {
      for (let i = 0; i < this.#runsBeforeCheck; i++) this.#recordAttempt(this.#current);
      this.#lastFailedRun = this.#lastRunBeforeCheck;
    }
    if (first) this.#runsBeforeCheck = 0;
  }

  /** The learner ran a command: an attempt at the exercise they are on, and activity. */
  command(now = Date.now()): void {
    if (!this.#checked) {
      this.#runsBeforeCheck++;
      this.#lastRunBeforeCheck = now;
    } else if (this.#current) {
      this.#lastFailedRun = now;
      this.#recordAttempt(this.#current);
    }
    this.activity(now);
    if (!this.#current) this.#onChange();
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

  #recordAttempt(exercise: string): void {
    this.#write(this.#store.recordAttempt(this.#learner, this.#lesson, exercise).then(() => this.#onChange()));
  }

  #write(pending: Promise<unknown>): void {
    pending.catch((err: unknown) => this.#log.warn(`progress of ${this.#lesson} not saved`, err));
  }
}
