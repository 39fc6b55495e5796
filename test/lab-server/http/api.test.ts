import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LABEL_OWNER } from "../../../lab-server/docker/engine.ts";
import type { LabServer } from "../../../lab-server/http/server.ts";
import { createSession, startTestServer, testInstance } from "../../helpers/server.ts";
import { TerminalClient } from "../../helpers/terminal-client.ts";

let server: LabServer;
beforeAll(async () => {
  server = await startTestServer({ maxSessionsPerClient: 2 });
});
afterAll(async () => {
  await server?.close();
});

/** POST /api/sessions as the server's own page would send it, unless `headers` say otherwise (`origin: ""` leaves it out). */
async function post(body: unknown, headers: Record<string, string> = {}) {
  const all: Record<string, string> = { "content-type": "application/json", origin: server.url, ...headers };
  if (all["origin"] === "") delete all["origin"];
  const res = await fetch(`${server.url}/api/sessions`, {
    method: "POST",
    headers: all,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as { error?: { code: string; message: string } },
    cookie: res.headers.get("set-cookie"),
    retryAfter: res.headers.get("retry-after"),
  };
}

/** Sends a raw upgrade request and returns the HTTP status the server answered with. */
function upgradeStatus(path: string, origin: string | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, {
      headers: {
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        ...(origin ? { origin } : {}),
      },
    });
    req.on("upgrade", (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: "" });
    });
    req.on("response", (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("HTTP API errors", () => {
  it("lists the lessons", async () => {
    const res = await fetch(`${server.url}/api/lessons`);
    const { lessons } = (await res.json()) as { lessons: { slug: string }[] };
    expect(lessons.map((l) => l.slug)).toEqual(["fixture-terminal", "fixture-two-hosts", "fixture-checks"]);
  });

  it("answers an unknown lesson with 404 and a stable code", async () => {
    const res = await post({ lesson: "no-such-lesson" });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: "LAB_ERR_UNKNOWN_LESSON" });
    expect(res.body.error?.message).toContain("no-such-lesson");
  });

  it("rejects malformed bodies with 400 and says what to send", async () => {
    const hint = '{"lesson": "<lesson-slug>"}';
    const cases = {
      "invalid JSON": await post("{not json"),
      "bad slug": await post({ lesson: "Bad Slug!" }),
      "unknown field": await post({ lesson: "fixture-terminal", extra: 1 }),
      "no lesson": await post({}),
      "form post": await post("lesson=fixture-terminal", { "content-type": "application/x-www-form-urlencoded" }),
      "text/plain": await post('{"lesson":"fixture-terminal"}', { "content-type": "text/plain" }),
      oversized: await post({ lesson: "x".repeat(20_000) }),
    };
    for (const [name, res] of Object.entries(cases)) {
      expect([name, res.status, res.body.error?.code]).toEqual([name, 400, "LAB_ERR_BAD_REQUEST"]);
      expect([name, res.body.error?.message]).toEqual([name, expect.stringContaining(hint)]);
    }
    expect(cases["form post"].body.error?.message).toContain("Content-Type: application/json");
    expect(cases["invalid JSON"].body.error?.message).toContain("not valid JSON");
    expect(cases.oversized.body.error?.message).toContain("over 16 KiB");
    // A schema failure names the field and what is wrong with it.
    expect(cases["no lesson"].body.error?.message).toMatch(/lesson: /);
    expect(server.sessions.list()).toEqual([]);
  });

  it("refuses state changes from other sites, or without an Origin, before doing anything", async () => {
    const cases = {
      "foreign origin": await post({ lesson: "fixture-terminal" }, { origin: "http://evil.example" }),
      "no origin": await post({ lesson: "fixture-terminal" }, { origin: "" }),
      "opaque origin": await post({ lesson: "fixture-terminal" }, { origin: "null" }),
      // The Origin check comes first: a cross-site form post learns nothing about what to send.
      "foreign form post": await post("lesson=x", { origin: "http://evil.example", "content-type": "application/x-www-form-urlencoded" }),
    };
    for (const [name, res] of Object.entries(cases)) {
      expect([name, res.status, res.body.error?.code]).toEqual([name, 403, "LAB_ERR_CROSS_SITE"]);
      expect(res.body.error?.message).toContain("Origin");
    }
    expect(server.sessions.list()).toEqual([]);

    const session = await createSession(server);
    const end = (origin?: string) =>
      fetch(`${server.url}/api/sessions/${session.id}`, {
        method: "DELETE",
        headers: { "x-session-token": session.token, ...(origin ? { origin } : {}) },
      });
    for (const res of [await end(), await end("http://evil.example")]) {
      expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([403, "LAB_ERR_CROSS_SITE"]);
    }
    expect(server.sessions.list().map((s) => s.id)).toEqual([session.id]);
    expect((await end(server.url)).status).toBe(204);

    const rename = (origin?: string) =>
      fetch(`${server.url}/api/me`, {
        method: "PUT",
        headers: { "content-type": "application/json", ...(origin ? { origin } : {}) },
        body: '{"displayName":"Mallory"}',
      });
    expect((await rename()).status).toBe(403);
    expect((await rename("http://evil.example")).status).toBe(403);
    expect((await rename(server.url)).status).toBe(200);
  });

  it("validates PUT /api/me with its schema and says what to send", async () => {
    const put = (body: string, contentType = "application/json") =>
      fetch(`${server.url}/api/me`, { method: "PUT", headers: { "content-type": contentType, origin: server.url }, body });
    const hint = '{"displayName": "Ada"}';
    for (const [name, res] of [
      ["empty name", await put('{"displayName":""}')],
      ["number", await put('{"displayName":42}')],
      ["missing", await put("{}")],
      ["not JSON", await put("displayName=Ada", "application/x-www-form-urlencoded")],
      ["invalid JSON", await put("{")],
    ] as const) {
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect([name, res.status, body.error.code]).toEqual([name, 400, "LAB_ERR_BAD_REQUEST"]);
      expect([name, body.error.message]).toEqual([name, expect.stringContaining(hint)]);
    }
    expect(await (await put('{"displayName":"  Ada  "}')).json()).toEqual({ displayName: "Ada" });
    expect(await (await put('{"displayName":null}')).json()).toEqual({ displayName: null });
  });

  it("answers unknown API paths and sessions with JSON 404s", async () => {
    const res = await fetch(`${server.url}/api/nothing-here`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("LAB_ERR_NOT_FOUND");
    const gone = await fetch(`${server.url}/api/sessions/abc123`, { headers: { "x-session-token": "x" } });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe("LAB_ERR_SESSION_NOT_FOUND");
  });

  it("limits open sessions per browser", async () => {
    const first = await post({ lesson: "fixture-terminal" });
    const cookie = first.cookie?.split(";")[0] ?? "";
    expect(cookie).toMatch(/^sy_client=/);
    const headers = { "content-type": "application/json", cookie };
    expect((await post({ lesson: "fixture-terminal" }, headers)).status).toBe(201);
    const third = await post({ lesson: "fixture-terminal" }, headers);
    expect(third.status).toBe(429);
    expect(third.body.error?.code).toBe("LAB_ERR_TOO_MANY_SESSIONS");
    // A browser (or script) told when to try again, as the rate limit tells it.
    expect(Number(third.retryAfter)).toBeGreaterThan(0);
    for (const s of server.sessions.list()) await server.sessions.end(s.id);
  });
});

describe("session creation rate", () => {
  it("refuses a burst of lab starts from one address with 429 and Retry-After", async () => {
    const limited = await startTestServer({ sessionRatePerMinute: 2, maxSessionsPerClient: 10 });
    try {
      const start = () =>
        fetch(`${limited.url}/api/sessions`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: limited.url },
          body: '{"lesson":"fixture-terminal"}',
        });
      expect((await start()).status).toBe(201);
      expect((await start()).status).toBe(201);
      const third = await start();
      expect(third.status).toBe(429);
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await third.json()) as { error: { code: string } }).error.code).toBe("LAB_ERR_RATE_LIMITED");
    } finally {
      await limited.close();
    }
  });

  it("leaves nothing behind when labs end, and the server closes, while their sandboxes are still being made", async () => {
    const instance = testInstance();
    const closing = await startTestServer({ instance, maxSessionsPerClient: 10 });
    const a = await createSession(closing);
    const b = await createSession(closing);
    // Ended once their hosts are being started: provisioning goes on and must clean up after itself.
    await Promise.all(
      closing.sessions.list().map(
        (session) =>
          new Promise<void>((resolve) => {
            const check = (detail: string) => {
              if (!/^starting host1/.test(detail)) return;
              session.off("provisioning", check);
              resolve();
            };
            session.on("provisioning", check);
            check(session.provisioningDetail);
          }),
      ),
    );
    await closing.sessions.end(a.id);
    await closing.sessions.end(b.id);
    await closing.close();
    const left = await closing.engine.listByLabel(`${LABEL_OWNER}=${instance}`);
    expect([...left.containers, ...left.networks, ...left.volumes]).toEqual([]);
  });
});

describe("terminal upgrade checks happen before upgrading", () => {
  it("refuses a wrong token (401), a foreign Origin (403), an unknown session (404) and an unknown host (400)", async () => {
    const session = await createSession(server);
    const base = `/api/sessions/${session.id}/terminal`;
    expect((await upgradeStatus(`${base}?token=wrong`, server.url)).status).toBe(401);
    expect((await upgradeStatus(`${base}`, server.url)).status).toBe(401);
    const foreign = await upgradeStatus(`${base}?token=${session.token}`, "http://evil.example");
    expect(foreign.status).toBe(403);
    expect(foreign.body).toContain("LAB_ERR_FORBIDDEN_ORIGIN");
    expect((await upgradeStatus(`${base}?token=${session.token}`, undefined)).status).toBe(403);
    expect((await upgradeStatus(`/api/sessions/nope/terminal?token=x`, server.url)).status).toBe(404);
    expect((await upgradeStatus(`${base}?token=${session.token}&host=host9`, server.url)).status).toBe(400);
    // The right token and origin are accepted.
    const term = await TerminalClient.open(server, session);
    expect(term.messages[0]).toMatchObject({ type: "hello" });
    await term.close();
    await server.sessions.end(session.id);
  });
});
