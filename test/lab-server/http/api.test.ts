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

async function post(body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) {
  const res = await fetch(`${server.url}/api/sessions`, {
    method: "POST",
    headers,
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
    expect((await post("{not json")).body.error?.code).toBe("LAB_ERR_BAD_REQUEST");
    expect((await post({ lesson: "Bad Slug!" })).status).toBe(400);
    expect((await post({ lesson: "fixture-terminal", extra: 1 })).status).toBe(400);
    const form = await post("lesson=fixture-terminal", { "content-type": "application/x-www-form-urlencoded" });
    expect(form.status).toBe(400);
    expect(form.body.error?.message).toContain("JSON");
    const huge = await post({ lesson: "x".repeat(20_000) });
    expect(huge.status).toBe(400);
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
          headers: { "content-type": "application/json" },
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
