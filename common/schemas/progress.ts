/**
 * A learner's progress as the lab server stores it and the API returns it: time spent per lesson,
 * and attempts and completion per exercise. The site reads it with `learnerProgress`.
 */
import { z } from "zod";
import { exercise } from "./checks.ts";
import { lessonSlug } from "./names.ts";

/** A learner's id: the anonymous id of their browser (its cookie), 16–64 URL-safe characters. */
export const learnerId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "a learner id is 16 to 64 letters, digits, `_` or `-`");

/** An exercise's id, unique in its lesson (as in the lesson's frontmatter). */
export const exerciseId = exercise.shape.id;

/** Longest display name, in characters. */
export const DISPLAY_NAME_MAX = 40;

/** Control characters, line separators and bidirectional overrides: never part of a name. */
const FORBIDDEN_IN_NAMES = /[\p{Cc}\u2028\u2029\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/u;

/**
 * A display name as a learner types it: trimmed and normalized (NFC), then 1 to 40 characters
 * with no control characters. Parsing returns the name as it is stored.
 */
export const displayName = z
  .string()
  .trim()
  .normalize("NFC")
  .refine((s) => s.length > 0, "Enter a name: it cannot be empty or only spaces.")
  .refine((s) => [...s].length <= DISPLAY_NAME_MAX, `Use at most ${DISPLAY_NAME_MAX} characters for your name.`)
  .refine(
    (s) => !FORBIDDEN_IN_NAMES.test(s),
    "Use only visible characters and spaces in your name (no line breaks, tabs or control characters).",
  );

/** `PUT /api/me`: the learner's display name, or null to clear it. */
export const setDisplayNameRequest = z.object({
  /** The name to show (trimmed, 1 to 40 characters), or null to have none. */
  displayName: displayName.nullable(),
});

/** One exercise's progress. */
export const exerciseProgress = z.object({
  /** How many times the learner tried it (check runs recorded as attempts). */
  attempts: z.number().int().min(0),
  /** When it was first completed (ISO time), or null while never completed. A later failure does not clear it. */
  completedAt: z.iso.datetime().nullable(),
});
/** One exercise's progress. */
export type ExerciseProgress = z.infer<typeof exerciseProgress>;

/** One lesson's progress. */
export const lessonProgress = z.object({
  /** Time spent on the lesson, in seconds, accumulated over visits. */
  seconds: z.number().int().min(0),
  /** The learner's latest activity in the lesson (ISO time): time reported, an attempt or a completion. */
  lastSeenAt: z.iso.datetime(),
  /** Exercises attempted or completed, by exercise id; exercises never tried are absent. */
  exercises: z.record(exerciseId, exerciseProgress),
});
/** One lesson's progress. */
export type LessonProgress = z.infer<typeof lessonProgress>;

/** Everything stored about one learner: `GET`-able by the learner's own browser. */
export const learnerProgress = z.object({
  learner: z.object({
    /** The learner's (browser's) id. */
    id: learnerId,
    /** The name the learner chose, or null. */
    displayName: z.string().nullable(),
  }),
  /** Lessons the learner has been active in, by lesson slug; lessons never visited are absent. */
  lessons: z.record(lessonSlug, lessonProgress),
});
/** Everything stored about one learner. */
export type LearnerProgress = z.infer<typeof learnerProgress>;
