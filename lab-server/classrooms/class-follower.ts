/**
 * One class followed for all of its open dashboards. Its stored progress (members, names,
 * attempts, completions, time) is read from the database when following starts and again only
 * when a write changed it: a member's progress or name (`ProgressChanges`), someone joining or
 * leaving (`ClassEvents`). What each member's open lab is doing comes from the session manager's
 * memory, recomputed when a member acts. "Stuck" turns with time alone, so one timer waits for the
 * earliest moment a member's flag would flip, and only while some member has a lab open. Nothing
 * else runs while nobody acts.
 */
import type { EventEmitter } from "node:events";
import type { ClassProgress } from "../../common/schemas/classrooms.ts";
import { type ClassDashboard, isStuck, type MemberLive, nextStuckFlip } from "../../common/schemas/dashboard.ts";
import type { Logger } from "../log.ts";
import type { ProgressEvents } from "../progress/changes.ts";
import type { LiveLab } from "../sessions/manager.ts";
import type { Clock } from "../util/clock.ts";
import { Outbox } from "../util/outbox.ts";
import { SerialRunner } from "../util/serial.ts";
import type { ClassroomStore } from "./store.ts";

/** Changes to a class's membership that the class routes announce, by class id. */
export interface ClassEvents {
  /** Someone joined the class (or joined again with a new name), or was removed from it. */
  members: [classId: string];
}

/** What a follower reads of the session manager: members' open labs, and word when one changes. */
export interface LiveLabs {
  liveLab(clientId: string): LiveLab | undefined;
  on(event: "activity", listener: (clientId: string) => void): unknown;
  off(event: "activity", listener: (clientId: string) => void): unknown;
}

/** What a follower reads from and listens to. */
export interface FollowerDeps {
  store: Pick<ClassroomStore, "classProgress" | "memberLearners">;
  sessions: LiveLabs;
  classEvents: EventEmitter<ClassEvents>;
  progressChanges: EventEmitter<ProgressEvents>;
  stuckAfterMs: number;
  log: Logger;
  clock: Clock;
}

/** Coalesces a burst of activity (a command, its checks, its completion) into one snapshot. */
export const SETTLE_MS = 200;

/** The class as last read from the database, and which learner (browser id) each member is. */
interface Stored {
  progress: ClassProgress;
  learnerOf: Map<string, string>;
}

/** Follows one instructor's class; see the file's comment. */
export class ClassFollower {
  readonly #deps: FollowerDeps;
  readonly #instructorId: string;
  readonly #classId: string;
  readonly #reader: SerialRunner<void>;
  readonly #dashboards = new Set<Outbox<ClassDashboard>>();
  readonly #firstRead: Promise<void>;
  #stored: Stored | undefined;
  #learners = new Set<string>();
  #sentKey: string | undefined;
  #cancelSettle: (() => void) | undefined;
  #rereadDue = false;
  #stuckTimer: { at: number; cancel: () => void } | undefined;
  #closed = false;

  readonly #onActivity = (clientId: string) => {
    if (this.#learners.has(clientId)) this.#soon(false);
  };
  readonly #onProgress = (learnerId: string) => {
    if (this.#learners.has(learnerId)) this.#soon(true);
  };
  readonly #onMembers = (classId: string) => {
    if (classId === this.#classId) this.#soon(true);
  };

  /** Starts following: reads the class once (see `ready`) and listens for changes. */
  constructor(deps: FollowerDeps, instructorId: string, classId: string) {
    this.#deps = deps;
    this.#instructorId = instructorId;
    this.#classId = classId;
    this.#reader = new SerialRunner(() => this.#read());
    // Listening before the first read ends: a change during it is not lost.
    deps.sessions.on("activity", this.#onActivity);
    deps.progressChanges.on("changed", this.#onProgress);
    deps.classEvents.on("members", this.#onMembers);
    this.#firstRead = this.#reader.request();
    // Whoever adds a dashboard hears of a failure; until then it must not count as unhandled.
    this.#firstRead.catch(() => undefined);
  }

  /**
   * Adds a dashboard: `send` gets a snapshot at once (after the first read; rejects with
   * LAB_ERR_CLASS_NOT_FOUND when the class is not the instructor's) and then every change, one at
   * a time, the newest when it falls behind. Returns what removes it.
   */
  async add(send: (dashboard: ClassDashboard) => Promise<void>): Promise<() => void> {
    await this.#firstRead;
    // A send fails once the dashboard's stream has closed; the route removes it then.
    const outbox = new Outbox(send, () => undefined);
    this.#dashboards.add(outbox);
    // Built afresh rather than the last one sent: its time stamp must be now, as the page counts from it.
    if (this.#stored) outbox.post(this.#build(this.#deps.clock.now()));
    return () => this.#dashboards.delete(outbox);
  }

  /** Stops following: no more reads, timers or snapshots. */
  close(): void {
    this.#closed = true;
    this.#cancelSettle?.();
    this.#stuckTimer?.cancel();
    this.#stuckTimer = undefined;
    this.#dashboards.clear();
    this.#deps.sessions.off("activity", this.#onActivity);
    this.#deps.progressChanges.off("changed", this.#onProgress);
    this.#deps.classEvents.off("members", this.#onMembers);
  }

  /** After SETTLE_MS: a new snapshot, re-reading the database first if `reread`. */
  #soon(reread: boolean): void {
    if (this.#closed) return;
    if (reread) this.#rereadDue = true;
    if (this.#cancelSettle) return;
    this.#cancelSettle = this.#deps.clock.schedule(() => {
      this.#cancelSettle = undefined;
      if (!this.#rereadDue) return this.#publish(this.#deps.clock.now());
      this.#rereadDue = false;
      this.#reader.request().catch((err: unknown) => this.#deps.log.warn(`dashboard of class ${this.#classId} not refreshed`, err));
    }, SETTLE_MS);
  }

  async #read(): Promise<void> {
    const { store } = this.#deps;
    const progress = await store.classProgress(this.#instructorId, this.#classId);
    const learnerOf = await store.memberLearners(this.#classId);
    if (this.#closed) return;
    this.#stored = { progress, learnerOf };
    this.#learners = new Set(learnerOf.values());
    this.#publish(this.#deps.clock.now());
  }

  /** Sends a snapshot at `now` to every dashboard, unless it is the same as the last one sent. */
  #publish(now: number): void {
    if (this.#closed || !this.#stored) return;
    const dashboard = this.#build(now);
    // Compared without its time stamp: an unchanged class is not re-sent.
    const key = JSON.stringify({ ...dashboard, at: "" });
    if (key === this.#sentKey) return;
    this.#sentKey = key;
    for (const outbox of this.#dashboards) outbox.post(dashboard);
  }

  /** The snapshot at `now`, from what was read and the members' open labs; sets the stuck timer. */
  #build(now: number): ClassDashboard {
    const { sessions, stuckAfterMs } = this.#deps;
    const { progress, learnerOf } = this.#stored as Stored;
    let nextFlip: number | undefined;
    const members = progress.members.map((m) => {
      const learner = learnerOf.get(m.memberId);
      const lab = learner === undefined ? undefined : sessions.liveLab(learner);
      if (!lab) return { ...m, live: null };
      const flip = nextStuckFlip(lab, now, stuckAfterMs);
      if (flip !== undefined && (nextFlip === undefined || flip < nextFlip)) nextFlip = flip;
      return { ...m, live: liveView(lab, now, stuckAfterMs) };
    });
    this.#armStuckTimer(nextFlip, now);
    return { class: progress.class, members, stuckAfterS: Math.round(stuckAfterMs / 1000), at: new Date(now).toISOString() };
  }

  /** Waits for `at`, the earliest moment a member's stuck flag flips (none when undefined). */
  #armStuckTimer(at: number | undefined, now: number): void {
    if (this.#stuckTimer?.at === at) return;
    this.#stuckTimer?.cancel();
    this.#stuckTimer = undefined;
    if (at === undefined || this.#closed) return;
    const cancel = this.#deps.clock.schedule(
      () => {
        this.#stuckTimer = undefined;
        // A timer may fire a hair before its moment by the wall clock: judge at the moment itself.
        this.#publish(Math.max(this.#deps.clock.now(), at));
      },
      Math.max(0, at - now),
    );
    this.#stuckTimer = { at, cancel };
  }
}

function liveView(lab: LiveLab, now: number, stuckAfterMs: number): MemberLive {
  return {
    lesson: lab.session.lesson,
    checked: lab.checked,
    exercise: lab.exercise,
    exerciseSince: new Date(lab.exerciseSince).toISOString(),
    lastActivityAt: new Date(lab.lastActivityAt).toISOString(),
    lastFailedRunAt: lab.lastFailedRunAt === undefined ? null : new Date(lab.lastFailedRunAt).toISOString(),
    hosts: [...lab.session.hostNames],
    stuck: isStuck(lab, now, stuckAfterMs),
  };
}
