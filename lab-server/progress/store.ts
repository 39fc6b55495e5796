/**
 * Learners' progress, in the database: per lesson the time spent and the latest activity, per
 * exercise the attempts and the first completion. A learner is the anonymous id of a browser; it
 * is created on first use. Every write is one transaction, announced on `changes` once committed.
 */
import type { z } from "zod";
import { lessonSlug } from "../../common/schemas/names.ts";
import {
  type ExerciseProgress,
  exerciseId,
  type LearnerProgress,
  learnerId,
  displayName as nameSchema,
} from "../../common/schemas/progress.ts";
import type { Database, Queryable } from "../db/database.ts";
import { LabError } from "../errors.ts";
import { ProgressChanges } from "./changes.ts";
import { ensureLearner, setLearnerName } from "./learners.ts";

/** Most seconds one `addLessonTime` call may add; larger reports are ignored as bogus. */
export const MAX_SECONDS_PER_REPORT = 3600;

/** Largest value an `integer` column holds: counters stop there instead of failing. */
const INT_MAX = 2_147_483_647;

/** Longest lesson slug or exercise id stored. */
const MAX_ID_LENGTH = 100;

interface ExerciseRow {
  attempts: number;
  completed_at: Date | string | null;
}

interface ProgressRow {
  display_name: string | null;
  lesson: string | null;
  seconds: number | null;
  last_seen_at: Date | string | null;
  exercise_id: string | null;
  attempts: number | null;
  completed_at: Date | string | null;
}

/** Reads and writes learners' progress. */
export class ProgressStore {
  readonly #db: Database;
  /** Emits `changed` with the learner's id after each write below commits. */
  readonly changes: ProgressChanges;

  constructor(db: Database, changes: ProgressChanges = new ProgressChanges()) {
    this.#db = db;
    this.changes = changes;
  }

  /** Creates the learner `id` if it is new. */
  async ensureLearner(id: string): Promise<void> {
    check(learnerId, id, "learner id");
    await ensureLearner(this.#db, id);
  }

  /**
   * Sets the learner's display name (creating the learner if new), or clears it with null. The
   * name is trimmed and normalized; returns it as stored. Fails with LAB_ERR_BAD_REQUEST, saying
   * why, unless it has 1 to 40 characters and no control characters.
   */
  async setDisplayName(id: string, name: string | null): Promise<string | null> {
    check(learnerId, id, "learner id");
    let stored: string | null = null;
    if (name !== null) {
      const parsed = nameSchema.safeParse(name);
      if (!parsed.success) throw new LabError("LAB_ERR_BAD_REQUEST", parsed.error.issues[0]?.message ?? "That name cannot be used.");
      stored = parsed.data;
    }
    await setLearnerName(this.#db, id, stored);
    this.changes.emit("changed", id);
    return stored;
  }

  /** Counts one attempt at an exercise (whatever its outcome); returns the exercise's progress. */
  async recordAttempt(learner: string, lesson: string, exercise: string, at: Date = new Date()): Promise<ExerciseProgress> {
    checkExercise(learner, lesson, exercise, at);
    const progress = await this.#db.transaction(async (tx) => {
      await touchLesson(tx, learner, lesson, at);
      const [row] = await tx.query<ExerciseRow>(
        `INSERT INTO exercise_progress (learner_id, lesson, exercise_id, attempts, last_attempt_at) VALUES ($1, $2, $3, 1, $4)
         ON CONFLICT (learner_id, lesson, exercise_id) DO UPDATE SET
           attempts = LEAST(exercise_progress.attempts, ${INT_MAX - 1}) + 1,
           last_attempt_at = GREATEST(exercise_progress.last_attempt_at, EXCLUDED.last_attempt_at)
         RETURNING attempts, completed_at`,
        [learner, lesson, exercise, at],
      );
      return exerciseView(row!);
    });
    this.changes.emit("changed", learner);
    return progress;
  }

  /**
   * Marks an exercise completed at `at`. Idempotent: once completed, the first completion time is
   * kept, and neither a later completion nor a later failed attempt changes it. Does not count
   * an attempt (record the attempt too when a check run passes). Returns the exercise's progress.
   */
  async recordCompletion(learner: string, lesson: string, exercise: string, at: Date = new Date()): Promise<ExerciseProgress> {
    checkExercise(learner, lesson, exercise, at);
    const progress = await this.#db.transaction(async (tx) => {
      await touchLesson(tx, learner, lesson, at);
      const [row] = await tx.query<ExerciseRow>(
        `INSERT INTO exercise_progress (learner_id, lesson, exercise_id, completed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (learner_id, lesson, exercise_id) DO UPDATE SET
           completed_at = COALESCE(exercise_progress.completed_at, EXCLUDED.completed_at)
         RETURNING attempts, completed_at`,
        [learner, lesson, exercise, at],
      );
      return exerciseView(row!);
    });
    this.changes.emit("changed", learner);
    return progress;
  }

  /**
   * Adds time spent on a lesson (rounded to whole seconds) and marks the learner seen there at
   * `at`. A report that is not a number from 0 to 3600 is ignored (returns false): one call
   * stands for one page's heartbeat, never hours.
   */
  async addLessonTime(learner: string, lesson: string, seconds: number, at: Date = new Date()): Promise<boolean> {
    check(learnerId, learner, "learner id");
    checkLesson(lesson);
    checkTime(at);
    if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_SECONDS_PER_REPORT) return false;
    await this.#db.transaction(async (tx) => {
      await ensureLearner(tx, learner);
      await tx.query(
        `INSERT INTO lesson_progress (learner_id, lesson, seconds, last_seen_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (learner_id, lesson) DO UPDATE SET
           seconds = LEAST(lesson_progress.seconds::bigint + EXCLUDED.seconds, ${INT_MAX})::integer,
           last_seen_at = GREATEST(lesson_progress.last_seen_at, EXCLUDED.last_seen_at)`,
        [learner, lesson, Math.round(seconds), at],
      );
    });
    this.changes.emit("changed", learner);
    return true;
  }

  /** Everything stored about a learner; an unknown learner has no name and no lessons. */
  async progressFor(learner: string): Promise<LearnerProgress> {
    check(learnerId, learner, "learner id");
    const rows = await this.#db.query<ProgressRow>(
      `SELECT l.display_name, p.lesson, p.seconds, p.last_seen_at, e.exercise_id, e.attempts, e.completed_at
       FROM learners l
       LEFT JOIN lesson_progress p ON p.learner_id = l.id
       LEFT JOIN exercise_progress e ON e.learner_id = p.learner_id AND e.lesson = p.lesson
       WHERE l.id = $1
       ORDER BY p.lesson, e.exercise_id`,
      [learner],
    );
    // Maps, not objects, while building: a slug such as `constructor` must not meet Object.prototype.
    const lessons = new Map<string, { seconds: number; lastSeenAt: string; exercises: Map<string, ExerciseProgress> }>();
    for (const row of rows) {
      if (row.lesson === null) continue;
      let lesson = lessons.get(row.lesson);
      if (!lesson) {
        lesson = {
          seconds: Number(row.seconds ?? 0),
          lastSeenAt: iso(row.last_seen_at) ?? new Date(0).toISOString(),
          exercises: new Map(),
        };
        lessons.set(row.lesson, lesson);
      }
      if (row.exercise_id !== null) {
        lesson.exercises.set(row.exercise_id, { attempts: Number(row.attempts ?? 0), completedAt: iso(row.completed_at) });
      }
    }
    return {
      learner: { id: learner, displayName: rows[0]?.display_name ?? null },
      lessons: Object.fromEntries(
        [...lessons].map(([slug, l]) => [
          slug,
          { seconds: l.seconds, lastSeenAt: l.lastSeenAt, exercises: Object.fromEntries(l.exercises) },
        ]),
      ),
    };
  }
}

/** Creates the learner and their lesson row if new, and moves the lesson's last activity to `at` (never back). */
async function touchLesson(tx: Queryable, learner: string, lesson: string, at: Date): Promise<void> {
  await ensureLearner(tx, learner);
  await tx.query(
    `INSERT INTO lesson_progress (learner_id, lesson, last_seen_at) VALUES ($1, $2, $3)
     ON CONFLICT (learner_id, lesson) DO UPDATE SET last_seen_at = GREATEST(lesson_progress.last_seen_at, EXCLUDED.last_seen_at)`,
    [learner, lesson, at],
  );
}

function exerciseView(row: ExerciseRow): ExerciseProgress {
  return { attempts: Number(row.attempts), completedAt: iso(row.completed_at) };
}

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

function check(schema: z.ZodType, value: unknown, what: string): void {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new LabError("LAB_ERR_BAD_REQUEST", `Invalid ${what}: ${parsed.error.issues[0]?.message ?? "not accepted"}.`);
}

function checkLesson(lesson: string): void {
  check(lessonSlug.max(MAX_ID_LENGTH), lesson, "lesson");
}

function checkTime(at: Date): void {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new LabError("LAB_ERR_BAD_REQUEST", "Invalid time: not a valid date.");
}

function checkExercise(learner: string, lesson: string, exercise: string, at: Date): void {
  check(learnerId, learner, "learner id");
  checkLesson(lesson);
  check(exerciseId.max(MAX_ID_LENGTH), exercise, "exercise id");
  checkTime(at);
}
