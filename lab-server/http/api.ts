/**
 * The JSON API under /api: lessons, and lab sessions (create, read, end).
 */
import { randomBytes } from "node:crypto";
import { getConnInfo } from "@hono/node-server/conninfo";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie, setCookie } from "hono/cookie";
import { createSessionRequest, SESSION_TOKEN_HEADER } from "../../common/schemas/api.ts";
import type { Config } from "../config.ts";
import type { Engine } from "../docker/engine.ts";
import { LabError } from "../errors.ts";
import type { LessonCatalog } from "../lessons/catalog.ts";
import type { ProgressStore } from "../progress/store.ts";
import type { SessionManager } from "../sessions/manager.ts";
import { RateLimiter } from "./rate-limit.ts";

/** Retry-After of a request refused by the per-browser lab quota: a lab ends when its learner closes it, any moment. */
const QUOTA_RETRY_AFTER_S = 30;

/** Cookie that identifies a browser (for per-browser session quotas). */
export const CLIENT_COOKIE = "sy_client";

/** The browser's anonymous id from its cookie, set on first use. */
export function clientIdOf(c: Context): string {
  const existing = getCookie(c, CLIENT_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{16,64}$/.test(existing)) return existing;
  const id = randomBytes(16).toString("base64url");
  setCookie(c, CLIENT_COOKIE, id, { httpOnly: true, sameSite: "Lax", path: "/", maxAge: 60 * 60 * 24 * 365 });
  return id;
}

/** A JSON request body. Requiring JSON keeps other sites from writing with a plain form post. */
async function jsonBody(c: Context): Promise<unknown> {
  if (!c.req.header("content-type")?.startsWith("application/json")) {
    throw new LabError("LAB_ERR_BAD_REQUEST", "Send the request as JSON (Content-Type: application/json).");
  }
  return c.req.json().catch(() => {
    throw new LabError("LAB_ERR_BAD_REQUEST", "The request body is not valid JSON.");
  });
}

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

  api.use(
    bodyLimit({
      maxSize: 16 * 1024,
      onError: () => {
        throw new LabError("LAB_ERR_BAD_REQUEST", "The request body is too large.");
      },
    }),
  );

  api.get("/health", async (c) => {
    await deps.engine.ping();
    return c.json({ ok: true, engine: await deps.engine.version(), sessions: sessions.list().length });
  });

  api.get("/lessons", (c) => c.json({ lessons: deps.lessons.all() }));

  api.post("/sessions", async (c) => {
    // Requiring JSON keeps other sites from creating sessions with a plain form post.
    if (!c.req.header("content-type")?.startsWith("application/json")) {
      throw new LabError("LAB_ERR_BAD_REQUEST", 'Send the request as JSON: {"lesson": "<lesson-slug>"}.');
    }
    const body = await c.req.json().catch(() => {
      throw new LabError("LAB_ERR_BAD_REQUEST", "The request body is not valid JSON.");
    });
    const parsed = createSessionRequest.safeParse(body);
    if (!parsed.success) {
      throw new LabError(
        "LAB_ERR_BAD_REQUEST",
        `Give the lesson to start as {"lesson": "<lesson-slug>"} (${parsed.error.issues[0]?.message}).`,
      );
    }
    const clientId = clientIdOf(c);
    const address = getConnInfo(c).remote.address ?? "unknown";
    const wait = limiter.take([`client:${clientId}`, `addr:${address}`]);
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      throw new LabError("LAB_ERR_RATE_LIMITED", `Labs are being started too quickly from here. Try again in ${wait} s.`);
    }
    let session: ReturnType<typeof sessions.create>;
    try {
      session = sessions.create(parsed.data.lesson, clientId);
    } catch (err) {
      // A place frees as soon as one of the browser's labs ends; a client told to retry is told when.
      if (err instanceof LabError && err.code === "LAB_ERR_TOO_MANY_SESSIONS") c.header("Retry-After", String(QUOTA_RETRY_AFTER_S));
      throw err;
    }
    return c.json(session.view(true, config.idleTimeoutMs), 201);
  });

  api.get("/progress", async (c) => c.json(await deps.progress.progressFor(clientIdOf(c))));

  api.put("/me", async (c) => {
    const body = (await jsonBody(c)) as { displayName?: unknown };
    if (
      !body ||
      typeof body !== "object" ||
      !("displayName" in body) ||
      (body.displayName !== null && typeof body.displayName !== "string")
    ) {
      throw new LabError("LAB_ERR_BAD_REQUEST", 'Send your name as {"displayName": "Ada"} (or null to clear it).');
    }
    const displayName = await deps.progress.setDisplayName(clientIdOf(c), body.displayName as string | null);
    return c.json({ displayName });
  });

  api.get("/sessions/:id", (c) => {
    const session = sessions.authorize(c.req.param("id"), c.req.header(SESSION_TOKEN_HEADER));
    session.touch();
    return c.json(session.view(false, config.idleTimeoutMs));
  });

  api.delete("/sessions/:id", async (c) => {
    const session = sessions.authorize(c.req.param("id"), c.req.header(SESSION_TOKEN_HEADER));
    await sessions.end(session.id);
    return c.body(null, 204);
  });

  api.all("*", () => {
    throw new LabError("LAB_ERR_NOT_FOUND", "There is no such API endpoint.");
  });
  return api;
}
