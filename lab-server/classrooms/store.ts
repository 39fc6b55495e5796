/**
 * Instructor classrooms, in the database: instructor accounts and their sign-in sessions, classes
 * with a unique join code, and the learners who joined them. Every read of a class is scoped to
 * its instructor: asking for another instructor's class fails exactly like asking for one that
 * does not exist (LAB_ERR_CLASS_NOT_FOUND).
 */
import { randomBytes, randomInt } from "node:crypto";
import {
  type ClassMember,
  type ClassProgress,
  type ClassView,
  className,
  type InstructorView,
  instructorEmail,
  JOIN_CODE_ALPHABET,
  JOIN_CODE_LENGTH,
  JOIN_NOTICE,
  type JoinClassResponse,
  joinCode,
} from "../../common/schemas/classrooms.ts";
import { displayName as displayNameSchema, type ExerciseProgress, type LessonProgress, learnerId } from "../../common/schemas/progress.ts";
import { type Database, DatabaseError, type Queryable } from "../db/database.ts";
import { LabError } from "../errors.ts";
import type { ProgressChanges } from "../progress/changes.ts";
import { setLearnerName } from "../progress/learners.ts";

/** How long a sign-in lasts. */
export const INSTRUCTOR_SESSION_MS = 7 * 24 * 60 * 60 * 1000;

/** A new join code: 8 characters from the unambiguous alphabet. */
export function newJoinCode(): string {
  let code = "";
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

function newId(): string {
  return randomBytes(12).toString("base64url");
}

interface ClassRow {
  id: string;
  name: string;
  join_code: string;
  created_at: Date | string;
  member_count: number;
}

interface MemberProgressRow {
  member_id: string;
  display_name: string | null;
  joined_at: Date | string;
  lesson: string | null;
  seconds: number | null;
  last_seen_at: Date | string | null;
  exercise_id: string | null;
  attempts: number | null;
  completed_at: Date | string | null;
}

const CLASS_COLUMNS = `c.id, c.name, c.join_code, c.created_at,
  (SELECT count(*)::int FROM class_members m WHERE m.class_id = c.id) AS member_count`;

/** Reads and writes instructors, their sessions, classes and memberships. */
export class ClassroomStore {
  readonly #db: Database;
  readonly #changes: ProgressChanges | undefined;

  /** `changes`, when given, hears of the display names that joining sets. */
  constructor(db: Database, changes?: ProgressChanges) {
    this.#db = db;
    this.#changes = changes;
  }

  /** Creates an instructor with an already hashed password; fails with LAB_ERR_EMAIL_TAKEN if the email is in use. */
  async createInstructor(email: string, passwordHash: string): Promise<InstructorView> {
    const stored = instructorEmail.parse(email);
    const id = newId();
    try {
      await this.#db.query("INSERT INTO instructors (id, email, password_hash) VALUES ($1, $2, $3)", [id, stored, passwordHash]);
    } catch (err) {
      if (err instanceof DatabaseError && err.sqlState === "23505") throw new LabError("LAB_ERR_EMAIL_TAKEN");
      throw err;
    }
    return { id, email: stored };
  }

  /** The instructor with this email (any case) and their password hash, or undefined. */
  async instructorByEmail(email: string): Promise<(InstructorView & { passwordHash: string }) | undefined> {
    const parsed = instructorEmail.safeParse(email);
    if (!parsed.success) return undefined;
    const [row] = await this.#db.query<{ id: string; email: string; password_hash: string }>(
      "SELECT id, email, password_hash FROM instructors WHERE email = $1",
      [parsed.data],
    );
    return row && { id: row.id, email: row.email, passwordHash: row.password_hash };
  }

  /** Records a sign-in: the token's hash, valid until `expiresAt`. */
  async createSession(instructorId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.#db.transaction(async (tx) => {
      // Expired sessions of anyone are removed on the way: the table never grows without bound.
      await tx.query("DELETE FROM instructor_sessions WHERE expires_at < now()");
      await tx.query("INSERT INTO instructor_sessions (token_hash, instructor_id, expires_at) VALUES ($1, $2, $3)", [
        tokenHash,
        instructorId,
        expiresAt,
      ]);
    });
  }

  /** The instructor signed in with this token hash, unless it is unknown or expired at `now`. */
  async instructorForSession(tokenHash: string, now: Date = new Date()): Promise<InstructorView | undefined> {
    const [row] = await this.#db.query<InstructorView>(
      `SELECT i.id, i.email FROM instructor_sessions s JOIN instructors i ON i.id = s.instructor_id
       WHERE s.token_hash = $1 AND s.expires_at > $2`,
      [tokenHash, now],
    );
    return row;
  }

  /** Ends a sign-in (idempotent). */
  async deleteSession(tokenHash: string): Promise<void> {
    await this.#db.query("DELETE FROM instructor_sessions WHERE token_hash = $1", [tokenHash]);
  }

  /** Creates a class for the instructor, with a fresh unique join code. */
  async createClass(instructorId: string, name: string): Promise<ClassView> {
    const parsed = className.safeParse(name);
    if (!parsed.success) throw new LabError("LAB_ERR_BAD_REQUEST", parsed.error.issues[0]?.message);
    const id = newId();
    for (let attempt = 0; ; attempt++) {
      const code = newJoinCode();
      try {
        const [row] = await this.#db.query<{ created_at: Date | string }>(
          "INSERT INTO classes (id, instructor_id, name, join_code) VALUES ($1, $2, $3, $4) RETURNING created_at",
          [id, instructorId, parsed.data, code],
        );
        return classView({ id, name: parsed.data, join_code: code, created_at: row!.created_at, member_count: 0 });
      } catch (err) {
        // A join code already taken (one chance in about 10^12 per class): draw another.
        if (err instanceof DatabaseError && err.sqlState === "23505" && attempt < 5) continue;
        throw err;
      }
    }
  }

  /** The instructor's classes, newest first. */
  async listClasses(instructorId: string): Promise<ClassView[]> {
    const rows = await this.#db.query<ClassRow>(
      `SELECT ${CLASS_COLUMNS} FROM classes c WHERE c.instructor_id = $1 ORDER BY c.created_at DESC, c.id`,
      [instructorId],
    );
    return rows.map(classView);
  }

  /** One of the instructor's classes; LAB_ERR_CLASS_NOT_FOUND if it does not exist or is someone else's. */
  async classFor(instructorId: string, classId: string): Promise<ClassView> {
    return classView(await classRow(this.#db, instructorId, classId));
  }

  /**
   * Adds the learner to the class with this join code (again: only the name changes), and sets
   * the learner's display name (announced as a progress change: other classes show it too).
   * LAB_ERR_CLASS_NOT_FOUND when no class has the code.
   */
  async join(code: string, learner: string, name: string, at: Date = new Date()): Promise<JoinClassResponse> {
    const parsedCode = joinCode.safeParse(code);
    if (!parsedCode.success) throw new LabError("LAB_ERR_BAD_REQUEST", parsedCode.error.issues[0]?.message);
    const parsedName = displayNameSchema.safeParse(name);
    if (!parsedName.success) throw new LabError("LAB_ERR_BAD_REQUEST", parsedName.error.issues[0]?.message);
    if (!learnerId.safeParse(learner).success) throw new LabError("LAB_ERR_BAD_REQUEST", "Invalid learner id.");
    const joined = await this.#db.transaction(async (tx): Promise<JoinClassResponse> => {
      const [cls] = await tx.query<{ id: string; name: string }>("SELECT id, name FROM classes WHERE join_code = $1", [parsedCode.data]);
      if (!cls) throw new LabError("LAB_ERR_CLASS_NOT_FOUND", "No class has this join code. Check it with your instructor.");
      await setLearnerName(tx, learner, parsedName.data);
      const inserted = await tx.query<{ joined_at: Date | string }>(
        `INSERT INTO class_members (class_id, learner_id, member_id, joined_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (class_id, learner_id) DO NOTHING RETURNING joined_at`,
        [cls.id, learner, newId(), at],
      );
      const joinedAt =
        inserted[0]?.joined_at ??
        (
          await tx.query<{ joined_at: Date | string }>("SELECT joined_at FROM class_members WHERE class_id = $1 AND learner_id = $2", [
            cls.id,
            learner,
          ])
        )[0]!.joined_at;
      return {
        class: { id: cls.id, name: cls.name },
        displayName: parsedName.data,
        joinedAt: iso(joinedAt),
        newMember: inserted.length > 0,
        notice: JOIN_NOTICE,
      };
    });
    this.#changes?.emit("changed", learner);
    return joined;
  }

  /** The classes a learner is in (ids and names), oldest membership first. */
  async classesOfLearner(learner: string): Promise<{ id: string; name: string; joinedAt: string }[]> {
    const rows = await this.#db.query<{ id: string; name: string; joined_at: Date | string }>(
      `SELECT c.id, c.name, m.joined_at FROM class_members m JOIN classes c ON c.id = m.class_id
       WHERE m.learner_id = $1 ORDER BY m.joined_at, c.id`,
      [learner],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, joinedAt: iso(r.joined_at) }));
  }

  /** Which learner (browser id) each member of the class is, by member id. Server-side only. */
  async memberLearners(classId: string): Promise<Map<string, string>> {
    const rows = await this.#db.query<{ member_id: string; learner_id: string }>(
      "SELECT member_id, learner_id FROM class_members WHERE class_id = $1",
      [classId],
    );
    return new Map(rows.map((r) => [r.member_id, r.learner_id]));
  }

  /**
   * The learner (browser id) behind a member of one of the instructor's classes.
   * LAB_ERR_CLASS_NOT_FOUND when the class is not theirs or the member is not in it.
   */
  async learnerOfMember(instructorId: string, classId: string, memberId: string): Promise<string> {
    const [row] = await this.#db.query<{ learner_id: string }>(
      `SELECT m.learner_id FROM class_members m JOIN classes c ON c.id = m.class_id
       WHERE c.id = $1 AND c.instructor_id = $2 AND m.member_id = $3`,
      [classId, instructorId, memberId],
    );
    if (!row) throw new LabError("LAB_ERR_CLASS_NOT_FOUND", "There is no such learner in your classes.");
    return row.learner_id;
  }

  /**
   * Removes a member from one of the instructor's classes and returns which learner (browser id) it
   * was. Their progress stays: it is the learner's own, and a learner who joins again reappears
   * with it. LAB_ERR_CLASS_NOT_FOUND when the class is not theirs or the member is not in it.
   */
  async removeMember(instructorId: string, classId: string, memberId: string): Promise<string> {
    const [row] = await this.#db.query<{ learner_id: string }>(
      `DELETE FROM class_members m USING classes c
       WHERE m.class_id = c.id AND c.id = $1 AND c.instructor_id = $2 AND m.member_id = $3
       RETURNING m.learner_id`,
      [classId, instructorId, memberId],
    );
    if (!row) throw new LabError("LAB_ERR_CLASS_NOT_FOUND", "There is no such learner in this class. Reload the class page.");
    return row.learner_id;
  }

  /** The class's members and their progress, for its instructor; in joining order. */
  async classProgress(instructorId: string, classId: string): Promise<ClassProgress> {
    const cls = await classRow(this.#db, instructorId, classId);
    const rows = await this.#db.query<MemberProgressRow>(
      `SELECT m.member_id, l.display_name, m.joined_at, p.lesson, p.seconds, p.last_seen_at, e.exercise_id, e.attempts, e.completed_at
       FROM class_members m
       JOIN learners l ON l.id = m.learner_id
       LEFT JOIN lesson_progress p ON p.learner_id = m.learner_id
       LEFT JOIN exercise_progress e ON e.learner_id = p.learner_id AND e.lesson = p.lesson
       WHERE m.class_id = $1
       ORDER BY m.joined_at, m.member_id, p.lesson, e.exercise_id`,
      [cls.id],
    );
    // Maps while building: a lesson slug such as `constructor` must not meet Object.prototype.
    const members = new Map<
      string,
      {
        base: Omit<ClassMember, "lessons">;
        lessons: Map<string, Omit<LessonProgress, "exercises"> & { ex: Map<string, ExerciseProgress> }>;
      }
    >();
    for (const row of rows) {
      let member = members.get(row.member_id);
      if (!member) {
        member = {
          base: { memberId: row.member_id, displayName: row.display_name, joinedAt: iso(row.joined_at), lastActivityAt: null },
          lessons: new Map(),
        };
        members.set(row.member_id, member);
      }
      if (row.lesson === null) continue;
      let lesson = member.lessons.get(row.lesson);
      if (!lesson) {
        const lastSeenAt = iso(row.last_seen_at ?? new Date(0));
        lesson = { seconds: Number(row.seconds ?? 0), lastSeenAt, ex: new Map() };
        member.lessons.set(row.lesson, lesson);
        if (member.base.lastActivityAt === null || lastSeenAt > member.base.lastActivityAt) member.base.lastActivityAt = lastSeenAt;
      }
      if (row.exercise_id !== null) {
        lesson.ex.set(row.exercise_id, {
          attempts: Number(row.attempts ?? 0),
          completedAt: row.completed_at === null ? null : iso(row.completed_at),
        });
      }
    }
    return {
      class: classView(cls),
      members: [...members.values()].map((m) => ({
        ...m.base,
        lessons: Object.fromEntries(
          [...m.lessons].map(([slug, l]) => [slug, { seconds: l.seconds, lastSeenAt: l.lastSeenAt, exercises: Object.fromEntries(l.ex) }]),
        ),
      })),
    };
  }
}

async function classRow(db: Queryable, instructorId: string, classId: string): Promise<ClassRow> {
  const [row] = await db.query<ClassRow>(`SELECT ${CLASS_COLUMNS} FROM classes c WHERE c.id = $1 AND c.instructor_id = $2`, [
    classId,
    instructorId,
  ]);
  if (!row) throw new LabError("LAB_ERR_CLASS_NOT_FOUND", "There is no such class among yours.");
  return row;
}

function classView(row: ClassRow): ClassView {
  return {
    id: row.id,
    name: row.name,
    code: row.join_code,
    joinPath: `/join/${row.join_code}`,
    createdAt: iso(row.created_at),
    memberCount: Number(row.member_count),
  };
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}
