/**
 * Instructor classrooms, as the lab server's API accepts and returns them: instructor accounts and
 * sign-in, classes with a join code, learners joining a class, and a class's progress for its
 * instructor. Every request body is validated with these schemas; the site can parse responses
 * with them.
 */
import { z } from "zod";
import { displayName, lessonProgress } from "./progress.ts";

/** Shortest instructor password, in characters. */
export const PASSWORD_MIN = 10;
/** Longest instructor password, in characters (scrypt takes any length; this bounds the work). */
export const PASSWORD_MAX = 200;
/** Longest class name, in characters. */
export const CLASS_NAME_MAX = 80;
/** Characters of a join code: upper-case letters and digits without the look-alikes I, O, 0 and 1. */
export const JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/** Length of a join code. */
export const JOIN_CODE_LENGTH = 8;

/** Control characters, line separators and bidirectional overrides: never part of a name. */
const FORBIDDEN_IN_NAMES = /[\p{Cc}\u2028\u2029\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/u;

/** An instructor's email address: trimmed and lower-cased, as stored. */
export const instructorEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Use an email address of at most 254 characters.")
  .pipe(z.email("Enter a valid email address, e.g. ada@example.org."));

/** An instructor's password as typed: 10 to 200 characters, used as given (not trimmed). */
export const instructorPassword = z
  .string()
  .min(PASSWORD_MIN, `Use a password of at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Use a password of at most ${PASSWORD_MAX} characters.`);

/** `POST /api/instructors` (sign up) and `POST /api/instructors/session` (sign in). */
export const credentialsRequest = z.object({
  /** The instructor's email address (case does not matter). */
  email: instructorEmail,
  /** At least 10 characters. */
  password: instructorPassword,
});

/** An instructor as the API shows them (to themselves). */
export const instructorView = z.object({
  /** The instructor's id. */
  id: z.string(),
  /** Their email address, lower-cased. */
  email: z.string(),
});
/** An instructor as the API shows them. */
export type InstructorView = z.infer<typeof instructorView>;

/** Answer of sign-up, sign-in and `GET /api/instructors/me`. */
export const instructorResponse = z.object({ instructor: instructorView });
/** Answer of sign-up, sign-in and `GET /api/instructors/me`. */
export type InstructorResponse = z.infer<typeof instructorResponse>;

/** A class's name: trimmed and normalized (NFC), 1 to 80 characters, no control characters. */
export const className = z
  .string()
  .trim()
  .normalize("NFC")
  .refine((s) => s.length > 0, "Give the class a name: it cannot be empty or only spaces.")
  .refine((s) => [...s].length <= CLASS_NAME_MAX, `Use at most ${CLASS_NAME_MAX} characters for the class name.`)
  .refine((s) => !FORBIDDEN_IN_NAMES.test(s), "Use only visible characters and spaces in the class name.");

/** `POST /api/classes`: create a class. */
export const createClassRequest = z.object({
  /** The class's name, e.g. "Networking 101, spring". */
  name: className,
});

/**
 * A join code as a learner types it: spaces and dashes are ignored, case does not matter; parsing
 * returns the 8 upper-case characters stored.
 */
export const joinCode = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, "").toUpperCase())
  .pipe(
    z
      .string()
      .regex(
        new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`),
        `A join code is ${JOIN_CODE_LENGTH} letters and digits, e.g. K7QX3MPA; ask your instructor for it.`,
      ),
  );

/** A class as its instructor sees it. */
export const classView = z.object({
  /** The class's id (for `/api/classes/:id…`). */
  id: z.string(),
  /** Its name. */
  name: z.string(),
  /** The code learners type to join, 8 characters. */
  code: z.string(),
  /** The path of the join page to share, `/join/<code>`. */
  joinPath: z.string(),
  /** When the class was created (ISO time). */
  createdAt: z.iso.datetime(),
  /** How many learners have joined. */
  memberCount: z.number().int().min(0),
});
/** A class as its instructor sees it. */
export type ClassView = z.infer<typeof classView>;

/** `GET /api/classes`: the signed-in instructor's classes, newest first. */
export const classList = z.object({ classes: z.array(classView) });
/** The signed-in instructor's classes. */
export type ClassList = z.infer<typeof classList>;

/** `POST /api/classes/join`: a learner joins a class. */
export const joinClassRequest = z.object({
  /** The class's join code. */
  code: joinCode,
  /** The name the instructor will see; also becomes the learner's display name. */
  displayName,
});

/** Answer of a join. */
export const joinClassResponse = z.object({
  /** The class joined (no code or members: the learner sees only its name). */
  class: z.object({ id: z.string(), name: z.string() }),
  /** The learner's display name, as stored. */
  displayName: z.string(),
  /** When the learner joined (the first time, when joining again). */
  joinedAt: z.iso.datetime(),
  /** False when the learner was already a member (joining again only updates the name). */
  newMember: z.boolean(),
  /** What joining means, in plain words, to show the learner. */
  notice: z.string(),
});
/** Answer of a join. */
export type JoinClassResponse = z.infer<typeof joinClassResponse>;

/** One member of a class, with their progress, as the class's instructor sees them. */
export const classMember = z.object({
  /** The membership's id (not the learner's browser id, which stays secret). */
  memberId: z.string(),
  /** The learner's current display name, or null if they cleared it since joining. */
  displayName: z.string().nullable(),
  /** When they joined the class (ISO time). */
  joinedAt: z.iso.datetime(),
  /** Their latest activity in any lesson (ISO time), or null if none yet. */
  lastActivityAt: z.iso.datetime().nullable(),
  /** Their progress by lesson slug, as in `GET /api/progress`. */
  lessons: z.record(z.string(), lessonProgress),
});
/** One member of a class, with their progress. */
export type ClassMember = z.infer<typeof classMember>;

/** `GET /api/classes/:id/progress`: the class and its members' progress, in joining order. */
export const classProgress = z.object({
  class: classView,
  members: z.array(classMember),
});
/** A class's progress. */
export type ClassProgress = z.infer<typeof classProgress>;

/** The columns of `GET /api/classes/:id/progress.csv`, in order. */
export const CLASS_CSV_COLUMNS = [
  "member_id",
  "display_name",
  "joined_at",
  "last_activity_at",
  "lesson",
  "exercise",
  "attempts",
  "completed_at",
] as const;

const SHARED_WITH_INSTRUCTOR =
  "can see your name and your progress in every lesson: exercises attempted and completed, time spent, and when you were last active. While you have a lab open, they can also watch your terminal live (they cannot type in it); the lab shows a note whenever they do.";

/** What a learner is told when they join a class. */
export const JOIN_NOTICE = `You joined this class. Its instructor ${SHARED_WITH_INSTRUCTOR}`;

/** What a learner is told before they join a class. */
export const JOIN_PREVIEW = `If you join, the class's instructor ${SHARED_WITH_INSTRUCTOR}`;
