/**
 * An instructor's live view of a class: every member's lasting progress plus what they are doing
 * right now. The lab server pushes a whole {@link ClassDashboard} on `GET /api/classes/:id/live`
 * (Server-Sent Events, event name `dashboard`) when it connects and whenever something changes.
 */
import { z } from "zod";
import { classMember, classView } from "./classrooms.ts";
import { hostName, lessonSlug } from "./names.ts";

/** The event name of a dashboard snapshot on the live stream. */
export const DASHBOARD_EVENT = "dashboard";

/** What a member is doing in the lab they have open. */
export const memberLive = z.object({
  /** The lesson of the open lab. */
  lesson: lessonSlug,
  /** False until the lab's exercises have been checked once (just after it starts); `exercise` is null until then. */
  checked: z.boolean(),
  /** The exercise they are on (the first one not passing), or null when every exercise passes or the lesson has none. */
  exercise: z.string().nullable(),
  /** Since when they have been on that exercise, in this lab (ISO time). */
  exerciseSince: z.iso.datetime(),
  /** Their latest command or connection in this lab (ISO time). */
  lastActivityAt: z.iso.datetime(),
  /** The latest command they ran while the exercise was failing (ISO time), or null. */
  lastFailedRunAt: z.iso.datetime().nullable(),
  /** Terminals of the lab that the instructor can watch, by host name. */
  hosts: z.array(hostName),
  /**
   * True when they have been on the exercise for the class's stuck time without passing it while
   * still running commands that leave it failing.
   */
  stuck: z.boolean(),
});
/** What a member is doing in the lab they have open. */
export type MemberLive = z.infer<typeof memberLive>;

/** A member as the dashboard shows them: progress, and the open lab if any. */
export const dashboardMember = classMember.extend({
  /** Their open lab, or null when they have none. */
  live: memberLive.nullable(),
});
/** A member as the dashboard shows them. */
export type DashboardMember = z.infer<typeof dashboardMember>;

/** One snapshot of a class's dashboard. */
export const classDashboard = z.object({
  class: classView,
  /** Members in joining order. */
  members: z.array(dashboardMember),
  /** Seconds on one exercise, with failing commands, after which a member counts as stuck. */
  stuckAfterS: z.number().int().min(1),
  /** When the snapshot was taken (ISO time); times on the page count from here. */
  at: z.iso.datetime(),
});
/** One snapshot of a class's dashboard. */
export type ClassDashboard = z.infer<typeof classDashboard>;

/** The state that decides whether a member is stuck (epoch milliseconds). */
export interface StuckInput {
  exercise: string | null;
  exerciseSince: number;
  lastFailedRunAt: number | undefined;
}

/**
 * True when the member is on an exercise, has been for at least `stuckAfterMs`, and ran a command
 * that left it failing within the last `stuckAfterMs` (a member who stopped typing is away, not stuck).
 */
export function isStuck(state: StuckInput, now: number, stuckAfterMs: number): boolean {
  if (state.exercise === null || state.lastFailedRunAt === undefined) return false;
  return now - state.exerciseSince >= stuckAfterMs && now - state.lastFailedRunAt < stuckAfterMs;
}

/**
 * The first moment after `now` at which {@link isStuck} would answer differently for this same
 * state, or undefined when it never will (only a change of state can then change it): a member
 * turns stuck at `exerciseSince + stuckAfterMs` and stops at `lastFailedRunAt + stuckAfterMs`.
 */
export function nextStuckFlip(state: StuckInput, now: number, stuckAfterMs: number): number | undefined {
  if (state.exercise === null || state.lastFailedRunAt === undefined) return undefined;
  const from = state.exerciseSince + stuckAfterMs;
  const until = state.lastFailedRunAt + stuckAfterMs;
  // The last failing run came too soon after the exercise began: stuck for no moment at all.
  if (from >= until) return undefined;
  if (now < from) return from;
  if (now < until) return until;
  return undefined;
}
