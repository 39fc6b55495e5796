/**
 * The cost of open class dashboards, on real databases (embedded PGlite always, PostgreSQL when
 * TEST_DATABASE_URL is set), with a test clock and a stand-in for the session manager's open labs:
 * a 200-learner class with five dashboards open runs no SQL, no timer and no recomputation while
 * nobody acts; one timer waits for a member's "stuck" flag to turn; a member's progress write
 * costs one re-read of the class, however many dashboards show it, and reaches all of them.
 */
import { EventEmitter } from "node:events";
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import type { ClassDashboard } from "../../../common/schemas/dashboard.ts";
import { type ClassEvents, ClassFeeds, SETTLE_MS } from "../../../lab-server/classrooms/live-feed.ts";
import { ClassroomStore } from "../../../lab-server/classrooms/store.ts";
import type { Database } from "../../../lab-server/db/database.ts";
import { openDatabase } from "../../../lab-server/db/open.ts";
import { ProgressChanges } from "../../../lab-server/progress/changes.ts";
import { ProgressStore } from "../../../lab-server/progress/store.ts";
import type { LiveLab, ManagerEvents } from "../../../lab-server/sessions/manager.ts";
import type { LabSession } from "../../../lab-server/sessions/session.ts";
import { countingDatabase } from "../../helpers/counting-database.ts";
import { ManualClock } from "../../helpers/manual-clock.ts";
import { backends, newLearnerId, recordingLogger } from "../db/backends.ts";

const MEMBERS = 200;
const DASHBOARDS = 5;
const MIN = 60_000;
const STUCK_AFTER_MS = 10 * MIN;
const T0 = Date.parse("2025-03-01T10:00:00.000Z");

/** Open labs as the session manager would report them, counting every look-up. */
class FakeLabs extends EventEmitter<ManagerEvents> {
  readonly labs = new Map<string, LiveLab>();
  lookups = 0;

  liveLab(clientId: string): LiveLab | undefined {
    this.lookups += 1;
    return this.labs.get(clientId);
  }

  open(clientId: string, live: Omit<LiveLab, "session">): void {
    this.labs.set(clientId, { ...live, session: { lesson: "fixture-checks", hostNames: ["host1"] } as unknown as LabSession });
    this.emit("activity", clientId);
  }
}

/** A dashboard's stream: every snapshot it was sent, and a way to wait for the next ones. */
function dashboardSink() {
  const got: ClassDashboard[] = [];
  const waiters: (() => void)[] = [];
  return {
    got,
    send: async (dashboard: ClassDashboard) => {
      got.push(dashboard);
      for (const wake of waiters.splice(0)) wake();
    },
    async until(count: number): Promise<void> {
      while (got.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}

/** Lets every callback already queued run (promise jobs and I/O callbacks), without waiting for time. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe.each(backends())("class dashboards on $name", (backend) => {
  let raw: Database;
  let sql: ReturnType<typeof countingDatabase>;
  let store: ClassroomStore;
  let progress: ProgressStore;
  let changes: ProgressChanges;
  let classEvents: EventEmitter<ClassEvents>;
  let labs: FakeLabs;
  let clock: ManualClock;
  let feeds: ClassFeeds;
  let instructorId: string;
  let classId: string;
  let joinCode: string;
  const learners: string[] = [];
  let classReads: MockInstance<ClassroomStore["classProgress"]>;
  const reads = () => classReads.mock.calls.length;

  beforeAll(async () => {
    raw = await openDatabase({ ...(await backend.fresh()), log: recordingLogger() });
    sql = countingDatabase(raw);
    changes = new ProgressChanges();
    store = new ClassroomStore(sql.db, changes);
    progress = new ProgressStore(sql.db, changes);
    const instructor = await store.createInstructor(`feed.${Date.now()}@example.org`, "h");
    instructorId = instructor.id;
    const cls = await store.createClass(instructor.id, "Big class");
    classId = cls.id;
    joinCode = cls.code;
    for (let i = 0; i < MEMBERS; i++) {
      const learner = newLearnerId();
      learners.push(learner);
      await store.join(cls.code, learner, `Learner ${i}`, new Date(T0 + i * 1000));
    }
    // Counts the reads of the class (each a few statements) that the feeds ask of the store.
    classReads = vi.spyOn(store, "classProgress");
    labs = new FakeLabs();
    classEvents = new EventEmitter<ClassEvents>();
    clock = new ManualClock(T0 + MEMBERS * 1000);
    feeds = new ClassFeeds({
      store,
      sessions: labs,
      classEvents,
      progressChanges: changes,
      stuckAfterMs: STUCK_AFTER_MS,
      log: recordingLogger(),
      clock,
    });
  }, 120_000);
  afterAll(async () => {
    await raw?.close();
    await backend.cleanup();
  });

  it("serves five dashboards of a 200-learner class from one follower that does nothing while nobody acts", async () => {
    const before = sql.statements;
    const sinks = Array.from({ length: DASHBOARDS }, dashboardSink);
    const closers: (() => void)[] = [];
    for (const sink of sinks) closers.push(await feeds.open(instructorId, classId, sink.send));
    await Promise.all(sinks.map((s) => s.until(1)));
    for (const sink of sinks) {
      expect(sink.got).toHaveLength(1);
      expect(sink.got[0]!.members).toHaveLength(MEMBERS);
      expect(sink.got[0]!.members.every((m) => m.live === null)).toBe(true);
    }
    // One read of the class for all five: the class, its members' progress, which learner each is.
    expect(reads()).toBe(1);
    const perRead = sql.statements - before;
    expect(perRead).toBe(3);
    expect(feeds.following).toBe(1);

    // An hour in which nobody acts: no statement, no timer, no look-up of a lab, nothing sent.
    const idle = () => ({
      statements: sql.statements,
      scheduled: clock.scheduled,
      lookups: labs.lookups,
      sent: sinks.map((s) => s.got.length),
    });
    let quiet = idle();
    expect(clock.pending).toBe(0);
    for (let minute = 0; minute < 60; minute++) {
      clock.advance(MIN);
      await settle();
    }
    expect(idle()).toEqual(quiet);
    // Someone outside the class acting, or writing progress, is no work for this class either.
    const outsider = newLearnerId();
    labs.emit("activity", outsider);
    await progress.recordAttempt(outsider, "fixture-checks", "make-net", new Date(clock.now()));
    quiet = idle();
    clock.advance(MIN);
    await settle();
    expect(idle()).toEqual(quiet);

    // A member opens a lab: their live state is recomputed from memory, once, for every dashboard.
    const start = clock.now();
    const statements = sql.statements;
    labs.lookups = 0;
    labs.open(learners[7]!, {
      checked: true,
      exercise: "make-net",
      exerciseSince: start,
      lastFailedRunAt: undefined,
      lastActivityAt: start,
    });
    expect(clock.pending).toBe(1);
    clock.advance(SETTLE_MS);
    await Promise.all(sinks.map((s) => s.until(2)));
    expect(labs.lookups).toBe(MEMBERS);
    for (const sink of sinks) expect(sink.got[1]!.members[7]!.live).toMatchObject({ exercise: "make-net", stuck: false });
    // Without a failing command they cannot turn stuck: no timer at all.
    expect(clock.pending).toBe(0);
    clock.advance(5 * MIN - SETTLE_MS);
    await settle();
    expect(labs.lookups).toBe(MEMBERS);

    // They run a command that leaves the exercise failing: one timer waits for the moment their
    // stuck flag turns, and nothing else runs meanwhile.
    const failedAt = clock.now();
    labs.open(learners[7]!, {
      checked: true,
      exercise: "make-net",
      exerciseSince: start,
      lastFailedRunAt: failedAt,
      lastActivityAt: failedAt,
    });
    clock.advance(SETTLE_MS);
    await Promise.all(sinks.map((s) => s.until(3)));
    expect([clock.pending, clock.next]).toEqual([1, start + STUCK_AFTER_MS]);
    clock.advance(start + STUCK_AFTER_MS - 1 - clock.now());
    await settle();
    expect(sinks.map((s) => s.got.length)).toEqual(Array(DASHBOARDS).fill(3));
    clock.advance(1);
    await Promise.all(sinks.map((s) => s.until(4)));
    for (const sink of sinks) expect(sink.got[3]!.members[7]!.live?.stuck).toBe(true);
    // Not stuck any more once their last failing command is older than the stuck time (they went away).
    expect([clock.pending, clock.next]).toEqual([1, failedAt + STUCK_AFTER_MS]);
    clock.advance(failedAt + STUCK_AFTER_MS - clock.now());
    await Promise.all(sinks.map((s) => s.until(5)));
    for (const sink of sinks) expect(sink.got[4]!.members[7]!.live?.stuck).toBe(false);
    expect(clock.pending).toBe(0);
    expect(labs.lookups).toBe(4 * MEMBERS);
    expect(sql.statements).toBe(statements);
    quiet = idle();
    clock.advance(60 * MIN);
    await settle();
    expect(idle()).toEqual(quiet);

    // A member's progress write: one re-read of the class (not one per dashboard), and every dashboard gets it.
    await progress.recordAttempt(learners[3]!, "fixture-checks", "make-net", new Date(clock.now()));
    const afterWrite = sql.statements;
    expect(clock.pending).toBe(1);
    clock.advance(SETTLE_MS);
    await Promise.all(sinks.map((s) => s.until(6)));
    expect(reads()).toBe(2);
    expect(sql.statements - afterWrite).toBe(perRead);
    for (const sink of sinks) {
      expect(sink.got).toHaveLength(6);
      expect(sink.got[5]!.members[3]!.lessons["fixture-checks"]?.exercises["make-net"]?.attempts).toBe(1);
    }

    // A burst of writes by many members (a class running the same command) is one re-read too.
    for (const learner of learners.slice(10, 40))
      await progress.recordAttempt(learner, "fixture-checks", "make-net", new Date(clock.now()));
    await progress.setDisplayName(learners[0]!, "Ada");
    clock.advance(SETTLE_MS);
    await Promise.all(sinks.map((s) => s.until(7)));
    expect(reads()).toBe(3);
    for (const sink of sinks) {
      expect(sink.got[6]!.members[0]!.displayName).toBe("Ada");
      expect(sink.got[6]!.members.filter((m) => m.lessons["fixture-checks"]).length).toBe(31);
    }

    // Someone joining, as the class routes announce it: one re-read, and the newcomer on every dashboard.
    await store.join(joinCode, newLearnerId(), "Newcomer", new Date(clock.now()));
    classEvents.emit("members", classId);
    classEvents.emit("members", "another-class");
    clock.advance(SETTLE_MS);
    await Promise.all(sinks.map((s) => s.until(8)));
    expect(reads()).toBe(4);
    for (const sink of sinks) expect(sink.got[7]!.members.at(-1)?.displayName).toBe("Newcomer");

    // The last dashboard to close drops the follower: no listener or timer is left behind.
    for (const close of closers) close();
    expect(feeds.following).toBe(0);
    expect(clock.pending).toBe(0);
    expect([labs.listenerCount("activity"), changes.listenerCount("changed"), classEvents.listenerCount("members")]).toEqual([0, 0, 0]);
  }, 120_000);

  it("refuses a class that is not the instructor's, and keeps nothing for it", async () => {
    const other = await store.createInstructor(`other.${Date.now()}@example.org`, "h");
    await expect(feeds.open(other.id, classId, async () => undefined)).rejects.toMatchObject({ code: "LAB_ERR_CLASS_NOT_FOUND" });
    expect(feeds.following).toBe(0);
    expect(changes.listenerCount("changed")).toBe(0);
  });
});
