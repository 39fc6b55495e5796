/**
 * The live side of an instructor's dashboard: a class's stored progress joined with what each
 * member is doing in their open lab, re-sent whenever a member's activity changes (and checked
 * every few seconds, since "stuck" turns on with time alone).
 */
import type { EventEmitter } from "node:events";
import { type ClassDashboard, isStuck, type MemberLive } from "../../common/schemas/dashboard.ts";
import type { Logger } from "../log.ts";
import type { LiveLab, SessionManager } from "../sessions/manager.ts";
import { LiveValue } from "../util/live-value.ts";
import type { ClassroomStore } from "./store.ts";

/** Changes that did not come through the session manager, by class id. */
export interface ClassEvents {
  /** Someone joined the class (or joined again with a new name). */
  members: [classId: string];
}

/** What a dashboard feed reads from. */
export interface FeedDeps {
  store: ClassroomStore;
  sessions: SessionManager;
  classEvents: EventEmitter<ClassEvents>;
  stuckAfterMs: number;
  log: Logger;
}

/** Coalesces a burst of activity (a command, its checks, its completion) into one snapshot. */
const SETTLE_MS = 200;
/** How often the dashboard is recomputed without any activity (for "stuck" and new names). */
export const REFRESH_MS = 10_000;

/** One snapshot of the class, for its instructor; `learners` are the members' browser ids. */
export async function buildDashboard(
  deps: FeedDeps,
  instructorId: string,
  classId: string,
  now = Date.now(),
): Promise<{ dashboard: ClassDashboard; learners: Set<string> }> {
  const progress = await deps.store.classProgress(instructorId, classId);
  const learnerOf = await deps.store.memberLearners(classId);
  const members = progress.members.map((m) => {
    const learner = learnerOf.get(m.memberId);
    const lab = learner === undefined ? undefined : deps.sessions.liveLab(learner);
    return { ...m, live: lab ? liveView(lab, now, deps.stuckAfterMs) : null };
  });
  return {
    dashboard: { class: progress.class, members, stuckAfterS: Math.round(deps.stuckAfterMs / 1000), at: new Date(now).toISOString() },
    learners: new Set(learnerOf.values()),
  };
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

/**
 * Follows one class for one dashboard connection: `send` gets a snapshot at start and then each
 * time the snapshot differs from the last one sent. At most one snapshot is built at a time.
 */
export class DashboardFeed {
  readonly #deps: FeedDeps;
  readonly #instructorId: string;
  readonly #classId: string;
  #learners = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #interval: NodeJS.Timeout | undefined;
  #stopped = false;
  readonly #dashboard: LiveValue<ClassDashboard>;

  readonly #onActivity = (clientId: string) => {
    if (this.#learners.has(clientId)) this.#schedule(SETTLE_MS);
  };
  readonly #onMembers = (classId: string) => {
    if (classId === this.#classId) this.#schedule(SETTLE_MS);
  };

  constructor(deps: FeedDeps, instructorId: string, classId: string, send: (dashboard: ClassDashboard) => Promise<void>) {
    this.#deps = deps;
    this.#instructorId = instructorId;
    this.#classId = classId;
    this.#dashboard = new LiveValue({
      compute: async () => {
        const { dashboard, learners } = await buildDashboard(this.#deps, this.#instructorId, this.#classId);
        this.#learners = learners;
        return dashboard;
      },
      publish: send,
      // Compared without its time stamp: an unchanged class is not re-sent.
      key: (dashboard) => JSON.stringify({ ...dashboard, at: "" }),
    });
  }

  /** Sends the first snapshot (throws if the class is not the instructor's) and starts following. */
  async start(): Promise<void> {
    await this.#dashboard.refresh();
    if (this.#stopped) return;
    this.#deps.sessions.on("activity", this.#onActivity);
    this.#deps.classEvents.on("members", this.#onMembers);
    this.#interval = setInterval(() => this.#schedule(0), REFRESH_MS);
  }

  /** Stops following. */
  stop(): void {
    this.#stopped = true;
    this.#dashboard.stop();
    clearTimeout(this.#timer);
    clearInterval(this.#interval);
    this.#deps.sessions.off("activity", this.#onActivity);
    this.#deps.classEvents.off("members", this.#onMembers);
  }

  #schedule(delayMs: number): void {
    if (this.#stopped || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#dashboard.refresh().catch((err: unknown) => this.#deps.log.warn(`dashboard of class ${this.#classId} not refreshed`, err));
    }, delayMs);
  }
}
