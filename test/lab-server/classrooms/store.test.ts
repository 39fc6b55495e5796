/**
 * The classroom store on real databases (embedded PGlite always, PostgreSQL when
 * TEST_DATABASE_URL is set), and the password hashing it relies on: instructors, sign-in
 * sessions, classes scoped to their instructor, joining, class progress, CSV export and a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classProgress, JOIN_CODE_ALPHABET } from "../../../common/schemas/classrooms.ts";
import { classProgressCsv } from "../../../lab-server/classrooms/csv.ts";
import {
  hashPassword,
  hashSessionToken,
  newSessionToken,
  SCRYPT_PARAMS,
  verifyPassword,
} from "../../../lab-server/classrooms/passwords.ts";
import { ClassroomStore } from "../../../lab-server/classrooms/store.ts";
import type { Database } from "../../../lab-server/db/database.ts";
import { openDatabase } from "../../../lab-server/db/open.ts";
import { LabError } from "../../../lab-server/errors.ts";
import { ProgressStore } from "../../../lab-server/progress/store.ts";
import { backends, newLearnerId, recordingLogger } from "../db/backends.ts";

const T0 = new Date("2025-03-01T10:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

async function expectCode(promise: Promise<unknown>, code: string): Promise<LabError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LabError);
  expect((err as LabError).code).toBe(code);
  return err as LabError;
}

let emailCounter = 0;
const newEmail = () => `Teacher${++emailCounter}.${Date.now()}@Example.org`;

describe("password hashing", () => {
  it("accepts the right password and rejects others", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
    expect(await verifyPassword("correct horse battery ", stored)).toBe(false);
  });

  it("stores a self-describing scrypt string with explicit parameters", async () => {
    const stored = await hashPassword("correct horse battery");
    const { N, r, p } = SCRYPT_PARAMS;
    expect(stored).toMatch(new RegExp(`^scrypt\\$${N}\\$${r}\\$${p}\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
    expect(stored).not.toContain("correct");
  });

  it("salts: the same password hashes differently each time, and each hash verifies only itself", async () => {
    const a = await hashPassword("same password 123");
    const b = await hashPassword("same password 123");
    expect(a).not.toBe(b);
    expect(a.split("$")[4]).not.toBe(b.split("$")[4]);
    expect(await verifyPassword("same password 123", a)).toBe(true);
    expect(await verifyPassword("same password 123", b)).toBe(true);
  });

  it("honours the parameters stored with a hash, and rejects malformed ones", async () => {
    const stored = await hashPassword("correct horse battery");
    const [, , , , salt, hash] = stored.split("$");
    // Other parameters than the stored ones give another key.
    expect(await verifyPassword("correct horse battery", `scrypt$16384$8$1$${salt}$${hash}`)).toBe(false);
    for (const bad of [
      "",
      "plain",
      `bcrypt$${SCRYPT_PARAMS.N}$8$1$${salt}$${hash}`,
      `scrypt$1000$8$1$${salt}$${hash}`,
      `scrypt$${2 ** 30}$8$1$${salt}$${hash}`,
    ]) {
      expect(await verifyPassword("correct horse battery", bad)).toBe(false);
    }
  });

  it("makes random session tokens and stores only their SHA-256", () => {
    const a = newSessionToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSessionToken()).not.toBe(a);
    expect(hashSessionToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSessionToken(a)).toBe(hashSessionToken(a));
  });
});

describe.each(backends())("classroom store on $name", (backend) => {
  let db: Database;
  let store: ClassroomStore;
  let progress: ProgressStore;
  let where: { url: string | undefined; dataDir: string };
  beforeAll(async () => {
    where = await backend.fresh();
    db = await openDatabase({ ...where, log: recordingLogger() });
    progress = new ProgressStore(db);
    store = new ClassroomStore(db, progress.changes);
  });
  afterAll(async () => {
    await db?.close();
    await backend.cleanup();
  });

  it("creates instructors with lower-cased unique emails", async () => {
    const email = newEmail();
    const made = await store.createInstructor(email, "scrypt$x");
    expect(made.email).toBe(email.toLowerCase());
    expect((await store.instructorByEmail(email.toUpperCase()))?.id).toBe(made.id);
    expect((await store.instructorByEmail(email))?.passwordHash).toBe("scrypt$x");
    await expectCode(store.createInstructor(email.toLowerCase(), "scrypt$y"), "LAB_ERR_EMAIL_TAKEN");
    expect(await store.instructorByEmail("nobody@example.org")).toBeUndefined();
    expect(await store.instructorByEmail("not an email")).toBeUndefined();
  });

  it("keeps sign-in sessions by token hash until they expire or are deleted", async () => {
    const me = await store.createInstructor(newEmail(), "h");
    const live = hashSessionToken(newSessionToken());
    const old = hashSessionToken(newSessionToken());
    await store.createSession(me.id, live, new Date(Date.now() + 60_000));
    await store.createSession(me.id, old, new Date(Date.now() - 1000));
    expect(await store.instructorForSession(live)).toEqual(me);
    expect(await store.instructorForSession(old)).toBeUndefined();
    expect(await store.instructorForSession(hashSessionToken("unknown"))).toBeUndefined();
    // Only hashes are stored.
    const rows = await db.query<{ token_hash: string }>("SELECT token_hash FROM instructor_sessions WHERE instructor_id = $1", [me.id]);
    expect(rows.map((r) => r.token_hash).sort()).toEqual([live, old].sort());
    // Expired sessions are swept when the next sign-in is recorded.
    const next = hashSessionToken(newSessionToken());
    await store.createSession(me.id, next, new Date(Date.now() + 60_000));
    const after = await db.query<{ token_hash: string }>("SELECT token_hash FROM instructor_sessions WHERE instructor_id = $1", [me.id]);
    expect(after.map((r) => r.token_hash).sort()).toEqual([live, next].sort());
    await store.deleteSession(live);
    expect(await store.instructorForSession(live)).toBeUndefined();
  });

  it("creates classes with unique unambiguous join codes, visible only to their instructor", async () => {
    const ada = await store.createInstructor(newEmail(), "h");
    const bob = await store.createInstructor(newEmail(), "h");
    const first = await store.createClass(ada.id, "  Networking 101  ");
    const second = await store.createClass(ada.id, "Networking 102");
    const bobs = await store.createClass(bob.id, "Bob's class");
    expect(first.name).toBe("Networking 101");
    expect(first.code).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{8}$`));
    expect(first.code).not.toMatch(/[IO01]/);
    expect(first.joinPath).toBe(`/join/${first.code}`);
    expect(first.memberCount).toBe(0);
    expect(new Set([first.code, second.code, bobs.code]).size).toBe(3);
    expect((await store.listClasses(ada.id)).map((c) => c.id).sort()).toEqual([first.id, second.id].sort());
    expect((await store.listClasses(bob.id)).map((c) => c.id)).toEqual([bobs.id]);
    expect(await store.classFor(ada.id, first.id)).toEqual(first);
    await expectCode(store.classFor(bob.id, first.id), "LAB_ERR_CLASS_NOT_FOUND");
    await expectCode(store.classProgress(bob.id, first.id), "LAB_ERR_CLASS_NOT_FOUND");
    await expectCode(store.classFor(ada.id, "no-such-class"), "LAB_ERR_CLASS_NOT_FOUND");
    await expectCode(store.createClass(ada.id, "   "), "LAB_ERR_BAD_REQUEST");
    await expectCode(store.createClass(ada.id, "x".repeat(81)), "LAB_ERR_BAD_REQUEST");
  });

  it("lets a learner join with the right code only, sets their name, and allows several classes", async () => {
    const ada = await store.createInstructor(newEmail(), "h");
    const one = await store.createClass(ada.id, "One");
    const two = await store.createClass(ada.id, "Two");
    const learner = newLearnerId();
    // Joining sets the learner's name: announced as a change of their progress, once committed.
    const heard: string[] = [];
    const listener = (id: string) => {
      if (id === learner) heard.push(id);
    };
    progress.changes.on("changed", listener);
    await expectCode(store.join("AAAAAAAA", learner, "Grace"), "LAB_ERR_CLASS_NOT_FOUND");
    await expectCode(store.join("short", learner, "Grace"), "LAB_ERR_BAD_REQUEST");
    await expectCode(store.join(one.code, learner, "  "), "LAB_ERR_BAD_REQUEST");

    const joined = await store.join(one.code.toLowerCase().replace(/^(....)/, "$1-"), learner, "  Grace  ", at(0));
    expect(joined).toMatchObject({
      class: { id: one.id, name: "One" },
      displayName: "Grace",
      joinedAt: at(0).toISOString(),
      newMember: true,
    });
    expect(joined.notice).toMatch(/instructor can see your name and your progress/);
    expect(joined.notice).toMatch(/see your name and your progress/);
    expect(joined.notice).toMatch(/watch your terminal live \(they cannot type in it\)/);
    expect((await progress.progressFor(learner)).learner.displayName).toBe("Grace");

    const again = await store.join(one.code, learner, "Grace H.", at(100));
    expect(again).toMatchObject({ newMember: false, joinedAt: at(0).toISOString(), displayName: "Grace H." });
    await store.join(two.code, learner, "Grace H.", at(200));
    expect((await store.classesOfLearner(learner)).map((c) => c.id)).toEqual([one.id, two.id]);
    expect((await store.classFor(ada.id, one.id)).memberCount).toBe(1);
    progress.changes.off("changed", listener);
    expect(heard).toEqual([learner, learner, learner]);
  });

  it("reports each member's progress and last activity to the instructor", async () => {
    const ada = await store.createInstructor(newEmail(), "h");
    const cls = await store.createClass(ada.id, "Progress class");
    const [x, y, outsider] = [newLearnerId(), newLearnerId(), newLearnerId()];
    await store.join(cls.code, x, "Ada L", at(0));
    await store.join(cls.code, y, "Bob", at(10));
    await progress.recordAttempt(x, "bridges", "make-net", at(20));
    await progress.recordCompletion(x, "bridges", "make-net", at(20));
    await progress.addLessonTime(x, "ports", 30, at(50));
    await progress.recordAttempt(outsider, "bridges", "make-net", at(60));

    const view = classProgress.parse(await store.classProgress(ada.id, cls.id));
    expect(view.class.memberCount).toBe(2);
    expect(view.members).toEqual([
      {
        memberId: expect.any(String),
        displayName: "Ada L",
        joinedAt: at(0).toISOString(),
        lastActivityAt: at(50).toISOString(),
        lessons: {
          bridges: {
            seconds: 0,
            lastSeenAt: at(20).toISOString(),
            exercises: { "make-net": { attempts: 1, completedAt: at(20).toISOString() } },
          },
          ports: { seconds: 30, lastSeenAt: at(50).toISOString(), exercises: {} },
        },
      },
      { memberId: expect.any(String), displayName: "Bob", joinedAt: at(10).toISOString(), lastActivityAt: null, lessons: {} },
    ]);
    // The learner's id (their cookie) is never shown to the instructor.
    expect(JSON.stringify(view)).not.toContain(x);
    expect(JSON.stringify(view)).not.toContain(y);
  });

  it("exports a small class as CSV, one row per member and exercise, quoted where needed", async () => {
    const ada = await store.createInstructor(newEmail(), "h");
    const cls = await store.createClass(ada.id, "CSV class");
    const [x, y] = [newLearnerId(), newLearnerId()];
    await store.join(cls.code, x, 'Smith, "Ada"', at(0));
    await store.join(cls.code, y, "=HYPERLINK(1)", at(10));
    await progress.recordAttempt(x, "bridges", "make-net", at(20));
    await progress.recordAttempt(x, "bridges", "make-net", at(25));
    await progress.recordCompletion(x, "bridges", "make-net", at(25));
    await progress.recordAttempt(x, "retired", "old-one", at(30));
    const view = await store.classProgress(ada.id, cls.id);
    const [mx, my] = view.members.map((m) => m.memberId);
    const course = [
      { slug: "bridges", exercises: [{ id: "make-net" }, { id: "run-web" }] },
      { slug: "ports", exercises: [{ id: "publish" }] },
    ];
    const csv = classProgressCsv(view, course);
    const t = (s: number) => at(s).toISOString();
    expect(csv).toBe(
      [
        "member_id,display_name,joined_at,last_activity_at,lesson,exercise,attempts,completed_at",
        `${mx},"Smith, ""Ada""",${t(0)},${t(30)},bridges,make-net,2,${t(25)}`,
        `${mx},"Smith, ""Ada""",${t(0)},${t(30)},bridges,run-web,0,`,
        `${mx},"Smith, ""Ada""",${t(0)},${t(30)},ports,publish,0,`,
        `${mx},"Smith, ""Ada""",${t(0)},${t(30)},retired,old-one,1,`,
        `${my},'=HYPERLINK(1),${t(10)},,bridges,make-net,0,`,
        `${my},'=HYPERLINK(1),${t(10)},,bridges,run-web,0,`,
        `${my},'=HYPERLINK(1),${t(10)},,ports,publish,0,`,
        "",
      ].join("\r\n"),
    );
    // With no exercises in the course, a member without progress still has a row.
    expect(
      classProgressCsv(view, [])
        .split("\r\n")
        .filter((l) => l.startsWith(`${my},`)),
    ).toEqual([`${my},'=HYPERLINK(1),${t(10)},,,,,`]);
  });

  it("keeps instructors, classes and memberships across a reopen", async () => {
    const email = newEmail();
    const ada = await store.createInstructor(email, "hash");
    const cls = await store.createClass(ada.id, "Lasting");
    const learner = newLearnerId();
    await store.join(cls.code, learner, "Keeper", at(0));
    await db.close();
    db = await openDatabase({ ...where, log: recordingLogger() });
    expect(db.appliedMigrations).toEqual([]);
    store = new ClassroomStore(db);
    progress = new ProgressStore(db);
    expect((await store.instructorByEmail(email))?.id).toBe(ada.id);
    expect(await store.classFor(ada.id, cls.id)).toEqual({ ...cls, memberCount: 1 });
    expect((await store.classProgress(ada.id, cls.id)).members.map((m) => m.displayName)).toEqual(["Keeper"]);
  });
});
