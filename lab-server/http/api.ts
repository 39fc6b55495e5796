/**
 * The JSON API under /api: lessons, lab sessions (create, read, end) and the learner's own
 * progress and name. Every state-changing route passes the write guard (`write-guard.ts`) first.
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono } from "hono";
import { createSessionRequest, SESSION_TOKEN_HEADER } from "../../common/schemas/api.ts";
import { setDisplayNameRequest } from "../../common/schemas/progress.ts";
import type { Config } from "../config.ts";
import type { Engine } from "../docker/engine.ts";
import { LabError } from "../errors.ts";
import type { LessonCatalog } from "../lessons/catalog.ts";
import type { ProgressStore } from "../progress/store.ts";
import type { SessionManager } from "../sessions/manager.ts";
import { clientIdOf } from "./client-id.ts";
import { RateLimiter } from "./rate-limit.ts";
import { jsonBody, rateLimit, sameOrigin } from "./write-guard.ts";

/** Retry-After of a request refused by the per-browser lab quota: a lab ends when its learner closes it, any moment. */
const QUOTA_RETRY_AFTER_S = 30;

/** What the API needs. */
export interface ApiDeps {
  config: Config;
  engine: Engine;
  lessons: LessonCatalog;
  sessions: SessionManager;
  progress: ProgressStore;
}

/** The /api routes. */
export function apiRoutes(deps: ApiDeps): Hono {
  const api = new Hono();
  const { config, sessions } = deps;
  const limiter = new RateLimiter(config.sessionRatePerMinute, 60_000);
  const ownPages = sameOrigin(config.allowedOrigins);

  api.get("/health", async (c) => {
    await deps.engine.ping();
    return c.json({ ok: true, engine: await deps.engine.version(), sessions: sessions.list().length });
  });

  api.get("/lessons", (c) => c.json({ lessons: deps.lessons.all() }));

  api.post(
    "/sessions",
    ownPages,
    jsonBody(createSessionRequest, '{"lesson": "<lesson-slug>"}'),
    rateLimit(limiter, (c) => [`client:${clientIdOf(c)}`, `addr:${getConnInfo(c).remote.address ?? "unknown"}`], "labs started"),
    async (c) => {
      let session: ReturnType<typeof sessions.create>;
      try {
        session = sessions.create(c.var.body.lesson, clientIdOf(c));
      } catch (err) {
        // A place frees as soon as one of the browser's labs ends; a client told to retry is told when.
        if (err instanceof LabError && err.code === "LAB_ERR_TOO_MANY_SESSIONS") c.header("Retry-After", String(QUOTA_RETRY_AFTER_S));
        throw err;
      }
      return c.json(session.view(true, config.idleTimeoutMs), 201);
    },
  );

  api.get("/progress", async (c) => c.json(await deps.progress.progressFor(clientIdOf(c))));

  api.put("/me", ownPages, jsonBody(setDisplayNameRequest, '{"displayName": "Ada"} (or {"displayName": null} to clear it)'), async (c) => {
    const displayName = await deps.progress.setDisplayName(clientIdOf(c), c.var.body.displayName);
    return c.json({ displayName });
  });

  api.get("/sessions/:id", (c) => {
    const session = sessions.authorize(c.req.param("id"), c.req.header(SESSION_TOKEN_HEADER));
    session.touch();
    return c.json(session.view(false, config.idleTimeoutMs));
  });

  api.delete("/sessions/:id", ownPages, async (c) => {
    const session = sessions.authorize(c.req.param("id"), c.req.header(SESSION_TOKEN_HEADER));
    await sessions.end(session.id);
    return c.body(null, 204);
  });

  api.all("*", () => {
    throw new LabError("LAB_ERR_NOT_FOUND", "There is no such API endpoint.");
  });
  return api;
}
