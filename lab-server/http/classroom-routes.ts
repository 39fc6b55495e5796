/**
 * The classroom API, mounted under /api: instructor sign-up, sign-in and sign-out
 * (`/api/instructors…`), classes and their progress (`/api/classes…`), and learners joining a
 * class (`POST /api/classes/join`). Instructors are known by the `sy_instructor` cookie (a random
 * token whose SHA-256 is stored); learners by the anonymous `sy_client` cookie. Every
 * state-changing route passes the write guard (`write-guard.ts`) first.
 */
import { EventEmitter } from "node:events";
import { getConnInfo } from "@hono/node-server/conninfo";
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { streamSSE } from "hono/streaming";
import {
  type ClassList,
  createClassRequest,
  credentialsRequest,
  type InstructorResponse,
  type InstructorView,
  joinClassRequest,
} from "../../common/schemas/classrooms.ts";
import { DASHBOARD_EVENT } from "../../common/schemas/dashboard.ts";
import { classProgressCsv } from "../classrooms/csv.ts";
import { type ClassEvents, ClassFeeds } from "../classrooms/live-feed.ts";
import { decoyHash, hashPassword, hashSessionToken, newSessionToken, verifyPassword } from "../classrooms/passwords.ts";
import { INSTRUCTOR_COOKIE, instructorForToken } from "../classrooms/sign-in.ts";
import { ClassroomStore, INSTRUCTOR_SESSION_MS } from "../classrooms/store.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { LabError } from "../errors.ts";
import type { LessonCatalog } from "../lessons/catalog.ts";
import type { Logger } from "../log.ts";
import type { ProgressChanges } from "../progress/changes.ts";
import type { SessionManager } from "../sessions/manager.ts";
import { systemClock } from "../util/clock.ts";
import { clientIdOf } from "./client-id.ts";
import { RateLimiter } from "./rate-limit.ts";
import { type JsonEnv, jsonBody, rateLimit, sameOrigin } from "./write-guard.ts";

export { INSTRUCTOR_COOKIE } from "../classrooms/sign-in.ts";

/** Rate limits of the classroom API: attempts per window. */
export interface ClassroomLimits {
  /** Sign-in attempts per email address per 15 minutes (default 10). */
  signInPerEmail: number;
  /** Sign-in attempts per client address per 15 minutes (default 30). */
  signInPerAddress: number;
  /** Sign-ups per client address per hour (default 10). */
  signUpPerAddress: number;
  /** Join attempts per client address per minute (default 30). */
  joinPerAddress: number;
}

/** The default rate limits. */
export const DEFAULT_CLASSROOM_LIMITS: ClassroomLimits = {
  signInPerEmail: 10,
  signInPerAddress: 30,
  signUpPerAddress: 10,
  joinPerAddress: 30,
};

/** What the classroom API needs. */
export interface ClassroomDeps {
  config: Config;
  db: Database;
  lessons: LessonCatalog;
  /** Live sessions, for the dashboard's view of what members do now. */
  sessions: SessionManager;
  /** Writes of learners' progress and names, which dashboards follow (the progress store's `changes`). */
  progressChanges: ProgressChanges;
  log: Logger;
  limits?: Partial<ClassroomLimits>;
}

/** How often an idle live dashboard stream sends a comment, so proxies keep it open. */
const KEEP_ALIVE_MS = 25_000;

/** The classroom routes; mount with `app.route("/api", classroomRoutes(…))` before the rest of /api. */
export function classroomRoutes(deps: ClassroomDeps): Hono {
  const store = new ClassroomStore(deps.db, deps.progressChanges);
  const classEvents = new EventEmitter<ClassEvents>();
  // Each followed class listens; many open classes are normal, not a leak.
  classEvents.setMaxListeners(0);
  const feeds = new ClassFeeds({
    store,
    sessions: deps.sessions,
    classEvents,
    progressChanges: deps.progressChanges,
    stuckAfterMs: deps.config.stuckAfterMs,
    log: deps.log,
    clock: systemClock,
  });
  const limits = { ...DEFAULT_CLASSROOM_LIMITS, ...deps.limits };
  const signInByEmail = new RateLimiter(limits.signInPerEmail, 15 * 60_000);
  const signInByAddress = new RateLimiter(limits.signInPerAddress, 15 * 60_000);
  const signUpByAddress = new RateLimiter(limits.signUpPerAddress, 60 * 60_000);
  const joinByAddress = new RateLimiter(limits.joinPerAddress, 60_000);
  const ownPages = sameOrigin(deps.config.allowedOrigins);
  const r = new Hono();

  const address = (c: Context): string => getConnInfo(c).remote.address ?? "unknown";

  const signIn = async (c: Context, instructor: InstructorView): Promise<void> => {
    const token = newSessionToken();
    await store.createSession(instructor.id, hashSessionToken(token), new Date(Date.now() + INSTRUCTOR_SESSION_MS));
    setCookie(c, INSTRUCTOR_COOKIE, token, {
      httpOnly: true,
      sameSite: "Lax",
      path: "/",
      secure: new URL(c.req.url).protocol === "https:",
      maxAge: INSTRUCTOR_SESSION_MS / 1000,
    });
  };

  /** The signed-in instructor, or LAB_ERR_NOT_SIGNED_IN. */
  const instructorOf = async (c: Context): Promise<InstructorView> => {
    const instructor = await instructorForToken(store, getCookie(c, INSTRUCTOR_COOKIE));
    if (!instructor) throw new LabError("LAB_ERR_NOT_SIGNED_IN");
    return instructor;
  };

  const credentials = jsonBody(credentialsRequest, '{"email": "you@example.org", "password": "at least 10 characters"}');
  const byAddress = (limiter: RateLimiter, what: string) => rateLimit(limiter, (c) => [`addr:${address(c)}`], what);

  r.post("/instructors", ownPages, credentials, byAddress(signUpByAddress, "sign-ups"), async (c) => {
    const { email, password } = c.var.body;
    const instructor = await store.createInstructor(email, await hashPassword(password));
    await signIn(c, instructor);
    return c.json({ instructor } satisfies InstructorResponse, 201);
  });

  r.post(
    "/instructors/session",
    ownPages,
    credentials,
    rateLimit(
      signInByEmail,
      (c: Context<JsonEnv<typeof credentialsRequest>>) => [`email:${c.var.body.email}`],
      "sign-in attempts for this account",
    ),
    byAddress(signInByAddress, "sign-in attempts"),
    async (c) => {
      const { email, password } = c.var.body;
      const found = await store.instructorByEmail(email);
      // An unknown email costs the same work as a wrong password, and gets the same answer.
      const ok = await verifyPassword(password, found?.passwordHash ?? (await decoyHash()));
      if (!found || !ok) throw new LabError("LAB_ERR_SIGN_IN_FAILED");
      const instructor = { id: found.id, email: found.email };
      await signIn(c, instructor);
      return c.json({ instructor } satisfies InstructorResponse);
    },
  );

  r.delete("/instructors/session", ownPages, async (c) => {
    const token = getCookie(c, INSTRUCTOR_COOKIE);
    if (token) await store.deleteSession(hashSessionToken(token));
    deleteCookie(c, INSTRUCTOR_COOKIE, { path: "/" });
    return c.body(null, 204);
  });

  r.get("/instructors/me", async (c) => c.json({ instructor: await instructorOf(c) } satisfies InstructorResponse));

  r.post(
    "/classes/join",
    ownPages,
    jsonBody(joinClassRequest, '{"code": "K7QX3MPA", "displayName": "Ada"}'),
    byAddress(joinByAddress, "join attempts"),
    async (c) => {
      const { code, displayName } = c.var.body;
      const joined = await store.join(code, clientIdOf(c), displayName);
      classEvents.emit("members", joined.class.id);
      return c.json(joined, joined.newMember ? 201 : 200);
    },
  );

  r.post("/classes", ownPages, jsonBody(createClassRequest, '{"name": "Networking 101"}'), async (c) => {
    const instructor = await instructorOf(c);
    return c.json(await store.createClass(instructor.id, c.var.body.name), 201);
  });
  r.get("/classes", async (c) => {
    const instructor = await instructorOf(c);
    return c.json({ classes: await store.listClasses(instructor.id) } satisfies ClassList);
  });

  r.get("/classes/:id/progress.csv", async (c) => {
    const instructor = await instructorOf(c);
    const progress = await store.classProgress(instructor.id, c.req.param("id"));
    const file = `${progress.class.name.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || "class"}-progress.csv`;
    c.header("Content-Type", "text/csv; charset=utf-8");
    c.header("Content-Disposition", `attachment; filename="${file}"`);
    c.header("Cache-Control", "no-store");
    return c.body(classProgressCsv(progress, deps.lessons.all()));
  });

  r.get("/classes/:id/progress", async (c) => {
    const instructor = await instructorOf(c);
    c.header("Cache-Control", "no-store");
    return c.json(await store.classProgress(instructor.id, c.req.param("id")));
  });

  r.get("/classes/:id/live", async (c) => {
    const instructor = await instructorOf(c);
    const classId = c.req.param("id");
    // Checked before the stream starts, so that a foreign class is a plain 404.
    await store.classFor(instructor.id, classId);
    c.header("Cache-Control", "no-store");
    return streamSSE(c, async (stream) => {
      const keepAlive = setInterval(() => void stream.write(": keep-alive\n\n").catch(() => undefined), KEEP_ALIVE_MS);
      const closed = new Promise<void>((resolve) => stream.onAbort(resolve));
      let close: (() => void) | undefined;
      try {
        close = await feeds.open(instructor.id, classId, (dashboard) =>
          stream.writeSSE({ event: DASHBOARD_EVENT, data: JSON.stringify(dashboard) }),
        );
        await closed;
      } finally {
        clearInterval(keepAlive);
        close?.();
      }
    });
  });

  r.delete("/classes/:id/members/:member", ownPages, async (c) => {
    const instructor = await instructorOf(c);
    const classId = c.req.param("id");
    const learner = await store.removeMember(instructor.id, classId, c.req.param("member"));
    // Watching was allowed through this membership: end any watch now rather than at the next reconnect.
    deps.sessions.liveLab(learner)?.session.emit("unwatch", instructor.id, "This learner is no longer in your class.");
    classEvents.emit("members", classId);
    return c.body(null, 204);
  });

  r.get("/classes/:id", async (c) => {
    const instructor = await instructorOf(c);
    return c.json(await store.classFor(instructor.id, c.req.param("id")));
  });

  return r;
}
