/**
 * The progress store on real databases (embedded PGlite always, PostgreSQL when TEST_DATABASE_URL
 * is set): attempts, completion, time, display names, the API shape, and a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { learnerProgress } from "../../../common/schemas/progress.ts";
import type { Database } from "../../../lab-server/db/database.ts";
import { openDatabase } from "../../../lab-server/db/open.ts";
import { LabError } from "../../../lab-server/errors.ts";
import { ProgressStore } from "../../../lab-server/progress/store.ts";
import { backends, newLearnerId, recordingLogger } from "../db/backends.ts";

const T0 = new Date("2025-03-01T10:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** Expects `promise` to fail with LAB_ERR_BAD_REQUEST and a message matching `message`. */
async function expectBadRequest(promise: Promise<unknown>, message: RegExp): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LabError);
  expect((err as LabError).code).toBe("LAB_ERR_BAD_REQUEST");
  expect((err as LabError).status).toBe(400);
  expect((err as LabError).message).toMatch(message);
}

describe.each(backends())("progress store on $name", (backend) => {
  let db: Database;
  let store: ProgressStore;
  beforeAll(async () => {
    db = await openDatabase({ ...(await backend.fresh()), log: recordingLogger() });
    store = new ProgressStore(db);
  });
  afterAll(async () => {
    await db?.close();
    await backend.cleanup();
  });

  it("knows nothing about a learner it has never seen, and writes nothing when asked", async () => {
    const id = newLearnerId();
    expect(await store.progressFor(id)).toEqual({ learner: { id, displayName: null }, lessons: {} });
    expect(await db.query("SELECT id FROM learners WHERE id = $1", [id])).toEqual([]);
  });

  it("creates a learner once", async () => {
    const id = newLearnerId();
    await store.ensureLearner(id);
    await store.ensureLearner(id);
    expect(await db.query("SELECT count(*)::int AS n FROM learners WHERE id = $1", [id])).toEqual([{ n: 1 }]);
    const [row] = await db.query<{ created_at: Date }>("SELECT created_at FROM learners WHERE id = $1", [id]);
    expect(Math.abs(row!.created_at.getTime() - Date.now())).toBeLessThan(60_000);
    expect(await store.progressFor(id)).toEqual({ learner: { id, displayName: null }, lessons: {} });
  });

  it("counts every attempt and keeps the latest attempt time", async () => {
    const id = newLearnerId();
    expect(await store.recordAttempt(id, "bridges", "make-net", at(10))).toEqual({ attempts: 1, completedAt: null });
    expect(await store.recordAttempt(id, "bridges", "make-net", at(30))).toEqual({ attempts: 2, completedAt: null });
    // An attempt reported late (older time) still counts, but does not move the times back.
    expect(await store.recordAttempt(id, "bridges", "make-net", at(20))).toEqual({ attempts: 3, completedAt: null });
    await store.recordAttempt(id, "bridges", "run-web", at(25));
    const [row] = await db.query<{ last_attempt_at: Date }>(
      "SELECT last_attempt_at FROM exercise_progress WHERE learner_id = $1 AND exercise_id = 'make-net'",
      [id],
    );
    expect(row!.last_attempt_at).toEqual(at(30));
    expect(await store.progressFor(id)).toEqual({
      learner: { id, displayName: null },
      lessons: {
        bridges: {
          seconds: 0,
          lastSeenAt: at(30).toISOString(),
          exercises: { "make-net": { attempts: 3, completedAt: null }, "run-web": { attempts: 1, completedAt: null } },
        },
      },
    });
  });

  it("keeps the first completion: completing again, or failing later, changes nothing", async () => {
    const id = newLearnerId();
    await store.recordAttempt(id, "bridges", "make-net", at(5));
    expect(await store.recordCompletion(id, "bridges", "make-net", at(10))).toEqual({ attempts: 1, completedAt: at(10).toISOString() });
    expect(await store.recordCompletion(id, "bridges", "make-net", at(50))).toEqual({ attempts: 1, completedAt: at(10).toISOString() });
    expect(await store.recordAttempt(id, "bridges", "make-net", at(60))).toEqual({ attempts: 2, completedAt: at(10).toISOString() });
    const progress = await store.progressFor(id);
    expect(progress.lessons["bridges"]?.exercises["make-net"]).toEqual({ attempts: 2, completedAt: at(10).toISOString() });
    expect(progress.lessons["bridges"]?.lastSeenAt).toBe(at(60).toISOString());
  });

  it("records a completion without an attempt as completed with no attempts", async () => {
    const id = newLearnerId();
    expect(await store.recordCompletion(id, "ports", "publish", at(1))).toEqual({ attempts: 0, completedAt: at(1).toISOString() });
  });

  it("accumulates lesson time in whole seconds, and ignores negative, absurd or non-numeric reports", async () => {
    const id = newLearnerId();
    expect(await store.addLessonTime(id, "dns", 30, at(30))).toBe(true);
    expect(await store.addLessonTime(id, "dns", 15.6, at(46))).toBe(true);
    expect(await store.addLessonTime(id, "dns", 0, at(50))).toBe(true);
    expect(await store.addLessonTime(id, "dns", 3600, at(3650))).toBe(true);
    for (const bad of [-1, -0.5, 3600.5, 3601, 86_400, Number.NaN, Number.POSITIVE_INFINITY, "60" as unknown as number]) {
      expect(await store.addLessonTime(id, "dns", bad, at(9999))).toBe(false);
    }
    const progress = await store.progressFor(id);
    expect(progress.lessons["dns"]).toEqual({ seconds: 30 + 16 + 0 + 3600, lastSeenAt: at(3650).toISOString(), exercises: {} });
  });

  it("never moves a lesson's last activity back", async () => {
    const id = newLearnerId();
    await store.addLessonTime(id, "dns", 10, at(100));
    await store.addLessonTime(id, "dns", 10, at(50));
    await store.recordAttempt(id, "dns", "resolve", at(70));
    expect((await store.progressFor(id)).lessons["dns"]?.lastSeenAt).toBe(at(100).toISOString());
    await store.recordCompletion(id, "dns", "resolve", at(200));
    expect((await store.progressFor(id)).lessons["dns"]?.lastSeenAt).toBe(at(200).toISOString());
  });

  it("counts simultaneous attempts at the same exercise", async () => {
    const id = newLearnerId();
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.recordAttempt(id, "bridges", "make-net", at(i))));
    await Promise.all(Array.from({ length: 10 }, () => store.addLessonTime(id, "bridges", 6, at(1))));
    const lesson = (await store.progressFor(id)).lessons["bridges"];
    expect(lesson?.exercises["make-net"]?.attempts).toBe(20);
    expect(lesson?.seconds).toBe(60);
  });

  it("keeps learners apart", async () => {
    const ada = newLearnerId();
    const bob = newLearnerId();
    await store.setDisplayName(ada, "Ada");
    await store.recordCompletion(ada, "bridges", "make-net", at(1));
    await store.addLessonTime(bob, "ports", 42, at(2));
    expect(await store.progressFor(bob)).toEqual({
      learner: { id: bob, displayName: null },
      lessons: { ports: { seconds: 42, lastSeenAt: at(2).toISOString(), exercises: {} } },
    });
    expect(Object.keys((await store.progressFor(ada)).lessons)).toEqual(["bridges"]);
  });

  it("sets, trims, changes and clears a display name", async () => {
    const id = newLearnerId();
    expect(await store.setDisplayName(id, "  Ada Lovelace \t")).toBe("Ada Lovelace");
    expect((await store.progressFor(id)).learner).toEqual({ id, displayName: "Ada Lovelace" });
    expect(await store.setDisplayName(id, "Grace")).toBe("Grace");
    expect((await store.progressFor(id)).learner.displayName).toBe("Grace");
    // 40 characters, whatever their size in bytes or UTF-16 units.
    const whales = "🐳".repeat(40);
    expect(await store.setDisplayName(id, whales)).toBe(whales);
    expect((await store.progressFor(id)).learner.displayName).toBe(whales);
    expect(await store.setDisplayName(id, "Zoë")).toBe("Zoë");
    expect(await store.setDisplayName(id, null)).toBeNull();
    expect((await store.progressFor(id)).learner.displayName).toBeNull();
  });

  it("refuses display names that are empty, too long or hold control characters, saying why", async () => {
    const id = newLearnerId();
    await store.setDisplayName(id, "Kept");
    await expectBadRequest(store.setDisplayName(id, ""), /cannot be empty/);
    await expectBadRequest(store.setDisplayName(id, "   \t "), /cannot be empty/);
    await expectBadRequest(store.setDisplayName(id, "x".repeat(41)), /at most 40 characters/);
    await expectBadRequest(store.setDisplayName(id, "🐳".repeat(41)), /at most 40 characters/);
    for (const bad of ["two\nlines", "bell\u0007", "tab\there", "nul\u0000", "del\u007f", "rtl\u202eevil", "sep\u2028x"]) {
      await expectBadRequest(store.setDisplayName(id, bad), /control characters/);
    }
    expect(await store.setDisplayName(id, "x".repeat(40))).toBe("x".repeat(40));
    await store.setDisplayName(id, "Kept");
    expect((await store.progressFor(id)).learner.displayName).toBe("Kept");
  });

  it("announces each committed write with the learner's id, and nothing for a refused or ignored one", async () => {
    const id = newLearnerId();
    const heard: string[] = [];
    const listener = (learner: string) => {
      heard.push(learner);
    };
    store.changes.on("changed", listener);
    try {
      await store.ensureLearner(id);
      expect(heard).toEqual([]);
      const attempt = store.recordAttempt(id, "bridges", "make-net", at(1));
      // Announced once committed, never before: a dashboard re-reading then sees the write.
      expect(heard).toEqual([]);
      await attempt;
      await store.recordCompletion(id, "bridges", "make-net", at(2));
      await store.addLessonTime(id, "bridges", 30, at(3));
      await store.setDisplayName(id, "Ada");
      expect(heard).toEqual([id, id, id, id]);
      expect(await store.addLessonTime(id, "bridges", -5, at(4))).toBe(false);
      await expectBadRequest(store.setDisplayName(id, ""), /Enter a name/);
      await expectBadRequest(store.recordAttempt(id, "Not A Slug", "make-net"), /lesson/);
      expect(heard).toHaveLength(4);
    } finally {
      store.changes.off("changed", listener);
    }
  });

  it("refuses malformed learner ids, lesson slugs and exercise ids", async () => {
    const id = newLearnerId();
    await expectBadRequest(store.recordAttempt("short", "bridges", "make-net"), /learner id/);
    await expectBadRequest(store.progressFor("has spaces in it 1234"), /learner id/);
    await expectBadRequest(store.recordAttempt(id, "Not A Slug", "make-net"), /lesson/);
    await expectBadRequest(store.recordCompletion(id, "bridges", "make net"), /exercise id/);
    await expectBadRequest(store.addLessonTime(id, "x".repeat(101), 5), /lesson/);
    await expectBadRequest(store.recordAttempt(id, "bridges", "make-net", new Date(Number.NaN)), /time/);
    expect(await db.query("SELECT id FROM learners WHERE id = $1", [id])).toEqual([]);
  });

  it("returns exactly the shape the API schema describes, even for slugs named like object members", async () => {
    const id = newLearnerId();
    await store.setDisplayName(id, "Ada");
    await store.recordAttempt(id, "constructor", "to-string", at(1));
    await store.recordCompletion(id, "constructor", "to-string", at(2));
    await store.addLessonTime(id, "proto", 12, at(3));
    const progress = await store.progressFor(id);
    expect(learnerProgress.parse(progress)).toEqual(progress);
    expect(Object.keys(progress.lessons)).toEqual(["constructor", "proto"]);
    expect(progress.lessons["constructor"]).toEqual({
      seconds: 0,
      lastSeenAt: at(2).toISOString(),
      exercises: { "to-string": { attempts: 1, completedAt: at(2).toISOString() } },
    });
  });
});

describe.each(backends())("progress on $name across a restart", (backend) => {
  afterAll(() => backend.cleanup());

  it("reads back after close and reopen what was written before", async () => {
    const where = await backend.fresh();
    const id = newLearnerId();
    const first = await openDatabase({ ...where, log: recordingLogger() });
    const before = new ProgressStore(first);
    await before.setDisplayName(id, "Ada");
    await before.recordAttempt(id, "bridges", "make-net", at(1));
    await before.recordCompletion(id, "bridges", "make-net", at(2));
    await before.addLessonTime(id, "bridges", 90, at(3));
    await before.addLessonTime(id, "ports", 5, at(4));
    const written = await before.progressFor(id);
    await first.close();

    const second = await openDatabase({ ...where, log: recordingLogger() });
    try {
      expect(second.appliedMigrations).toEqual([]);
      const after = new ProgressStore(second);
      expect(await after.progressFor(id)).toEqual(written);
      expect(written).toEqual({
        learner: { id, displayName: "Ada" },
        lessons: {
          bridges: {
            seconds: 90,
            lastSeenAt: at(3).toISOString(),
            exercises: { "make-net": { attempts: 1, completedAt: at(2).toISOString() } },
          },
          ports: { seconds: 5, lastSeenAt: at(4).toISOString(), exercises: {} },
        },
      });
      // And it keeps counting where it left off.
      await after.recordAttempt(id, "bridges", "make-net", at(5));
      expect((await after.progressFor(id)).lessons["bridges"]?.exercises["make-net"]).toEqual({
        attempts: 2,
        completedAt: at(2).toISOString(),
      });
    } finally {
      await second.close();
    }
  });
});
