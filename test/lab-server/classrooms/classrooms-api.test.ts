/**
 * The classroom API through a real lab server: who may call which endpoint (anonymous, learners
 * in and out of a class, the owning instructor, another instructor), CSRF refusals, sign-in and
 * sign-out, the CSV download, rate limits, and classes surviving a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  classList,
  classProgress,
  classView,
  instructorResponse,
  JOIN_NOTICE,
  joinClassResponse,
} from "../../../common/schemas/classrooms.ts";
import { learnerProgress } from "../../../common/schemas/progress.ts";
import type { Config } from "../../../lab-server/config.ts";
import type { LabServer } from "../../../lab-server/http/server.ts";
import { type Browser, browser } from "../../helpers/http-browser.ts";
import { startTestServer, testConfig } from "../../helpers/server.ts";

const servers: LabServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close().catch(() => undefined);
});

async function start(config: Partial<Config> = {}): Promise<LabServer> {
  const server = await startTestServer(config);
  servers.push(server);
  return server;
}

let counter = 0;
const email = () => `instructor${++counter}.${process.pid}.${Date.now()}@example.org`;
const PASSWORD = "a long enough password";

async function signUp(b: Browser, address = email()): Promise<string> {
  const res = await b.fetch("/api/instructors", { json: { email: address, password: PASSWORD } });
  expect(res.status, await res.clone().text()).toBe(201);
  return address;
}

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

describe("classroom API", () => {
  let server: LabServer;
  let owner: Browser;
  let other: Browser;
  let member: Browser;
  let outsider: Browser;
  let anonymous: Browser;
  let classId: string;
  let code: string;

  beforeAll(async () => {
    server = await start();
    owner = browser(server);
    other = browser(server);
    member = browser(server);
    outsider = browser(server);
    anonymous = browser(server);
    await signUp(owner);
    await signUp(other);
    const created = await owner.fetch("/api/classes", { json: { name: "Networking 101" } });
    expect(created.status).toBe(201);
    const cls = classView.parse(await created.json());
    classId = cls.id;
    code = cls.code;
    expect(cls.joinPath).toBe(`/join/${code}`);
    // The outsider is a learner with progress of their own, in no class.
    expect((await outsider.fetch("/api/me", { method: "PUT", json: { displayName: "Outsider" } })).status).toBe(200);
    const joined = await member.fetch("/api/classes/join", { json: { code, displayName: "  Grace  " } });
    expect(joined.status).toBe(201);
    const body = joinClassResponse.parse(await joined.json());
    expect(body).toMatchObject({
      class: { id: classId, name: "Networking 101" },
      displayName: "Grace",
      newMember: true,
      notice: JOIN_NOTICE,
    });
  });

  it("answers each endpoint by who asks (authorization matrix)", async () => {
    type Who = "anonymous" | "outsider" | "member" | "owner" | "other";
    const who = (): Record<Who, Browser> => ({ anonymous, outsider, member, owner, other });
    const matrix: { name: string; call: (b: Browser) => Promise<Response>; expect: Record<Who, number> }[] = [
      {
        name: "GET /api/instructors/me",
        call: (b) => b.fetch("/api/instructors/me"),
        expect: { anonymous: 401, outsider: 401, member: 401, owner: 200, other: 200 },
      },
      {
        name: "GET /api/classes",
        call: (b) => b.fetch("/api/classes"),
        expect: { anonymous: 401, outsider: 401, member: 401, owner: 200, other: 200 },
      },
      {
        name: "POST /api/classes",
        call: (b) => b.fetch("/api/classes", { json: { name: "Another" } }),
        expect: { anonymous: 401, outsider: 401, member: 401, owner: 201, other: 201 },
      },
      {
        name: "GET /api/classes/:id",
        call: (b) => b.fetch(`/api/classes/${classId}`),
        expect: { anonymous: 401, outsider: 401, member: 401, owner: 200, other: 404 },
      },
      {
        name: "GET /api/classes/:id/progress",
        call: (b) => b.fetch(`/api/classes/${classId}/progress`),
        expect: { anonymous: 401, outsider: 401, member: 401, owner: 200, other: 404 },
      },
      {
        name: "GET /api/classes/:id/progress.csv",
        call: (b) => b.fetch(`/api/classes/${classId}/progress.csv`),
        expect: { anonymous: 401, outsider: 401, member: 401, owner: 200, other: 404 },
      },
      {
        name: "POST /api/classes/join with a wrong code",
        call: (b) => b.fetch("/api/classes/join", { json: { code: code === "AAAAAAAA" ? "BBBBBBBB" : "AAAAAAAA", displayName: "X" } }),
        expect: { anonymous: 404, outsider: 404, member: 404, owner: 404, other: 404 },
      },
      {
        name: "GET /api/progress (own progress only)",
        call: (b) => b.fetch("/api/progress"),
        expect: { anonymous: 200, outsider: 200, member: 200, owner: 200, other: 200 },
      },
    ];
    const got: Record<string, Record<string, number>> = {};
    const want: Record<string, Record<string, number>> = {};
    for (const row of matrix) {
      got[row.name] = {};
      want[row.name] = row.expect;
      for (const [name, b] of Object.entries(who())) got[row.name]![name] = (await row.call(b)).status;
    }
    expect(got).toEqual(want);
    const denied = await member.fetch(`/api/classes/${classId}/progress`);
    expect(await errorCode(denied)).toBe("LAB_ERR_NOT_SIGNED_IN");
    expect(await errorCode(await other.fetch(`/api/classes/${classId}/progress`))).toBe("LAB_ERR_CLASS_NOT_FOUND");
    // Each instructor lists only their own classes.
    const mine = classList.parse(await (await owner.fetch("/api/classes")).json());
    const theirs = classList.parse(await (await other.fetch("/api/classes")).json());
    expect(mine.classes.map((c) => c.id)).toContain(classId);
    expect(theirs.classes.map((c) => c.id)).not.toContain(classId);
    // A learner's own progress is theirs alone: the member's progress call names the member.
    const own = learnerProgress.parse(await (await member.fetch("/api/progress")).json());
    expect(own.learner.displayName).toBe("Grace");
    expect(learnerProgress.parse(await (await outsider.fetch("/api/progress")).json()).learner.displayName).toBe("Outsider");
  });

  it("shows the owner the class's members and lets a learner join several classes", async () => {
    const progress = classProgress.parse(await (await owner.fetch(`/api/classes/${classId}/progress`)).json());
    expect(progress.class.id).toBe(classId);
    expect(progress.members).toEqual([
      { memberId: expect.any(String), displayName: "Grace", joinedAt: expect.any(String), lastActivityAt: null, lessons: {} },
    ]);
    expect(JSON.stringify(progress)).not.toContain(member.jar.get("sy_client")!);
    const second = classView.parse(await (await other.fetch("/api/classes", { json: { name: "Second" } })).json());
    const joined = await member.fetch("/api/classes/join", { json: { code: second.code.toLowerCase(), displayName: "Grace" } });
    expect(joined.status).toBe(201);
    const again = await member.fetch("/api/classes/join", { json: { code: second.code, displayName: "Grace" } });
    expect(again.status).toBe(200);
    expect(joinClassResponse.parse(await again.json()).newMember).toBe(false);
    const otherView = classProgress.parse(await (await other.fetch(`/api/classes/${second.id}/progress`)).json());
    expect(otherView.members.map((m) => m.displayName)).toEqual(["Grace"]);
  });

  it("downloads the class's progress as a CSV attachment", async () => {
    const res = await owner.fetch(`/api/classes/${classId}/progress.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="Networking-101-progress.csv"');
    const lines = (await res.text()).split("\r\n");
    expect(lines[0]).toBe("member_id,display_name,joined_at,last_activity_at,lesson,exercise,attempts,completed_at");
    // Grace has no progress: one row per fixture exercise, none attempted.
    const rows = lines.slice(1).filter((l) => l !== "");
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/^[A-Za-z0-9_-]+,Grace,\d{4}-[^,]+,,[a-z0-9-]+,[a-z0-9-]+,0,$/);
  });

  it("refuses writes from another origin or without one (CSRF), and writes that are not JSON", async () => {
    const attacker = "http://evil.example";
    // A browser sends the attacking page's Origin with a cross-site form post.
    const cases: [string, Response][] = [
      [
        "form post",
        await owner.fetch("/api/classes", {
          method: "POST",
          body: "name=x",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          origin: attacker,
        }),
      ],
      [
        "text/plain",
        await owner.fetch("/api/classes", {
          method: "POST",
          body: '{"name":"x"}',
          headers: { "content-type": "text/plain" },
          origin: attacker,
        }),
      ],
      ["foreign origin", await owner.fetch("/api/classes", { json: { name: "x" }, origin: attacker })],
      ["no origin", await owner.fetch("/api/classes", { json: { name: "x" }, origin: null })],
      ["join, foreign origin", await member.fetch("/api/classes/join", { json: { code, displayName: "Grace" }, origin: attacker })],
      [
        "sign-in, foreign origin",
        await anonymous.fetch("/api/instructors/session", { json: { email: "a@b.org", password: PASSWORD }, origin: attacker }),
      ],
      [
        "sign-up, form",
        await anonymous.fetch("/api/instructors", {
          method: "POST",
          body: "email=a@b.org",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          origin: attacker,
        }),
      ],
      ["sign-out, foreign origin", await owner.fetch("/api/instructors/session", { method: "DELETE", origin: attacker })],
      ["sign-out, no origin", await owner.fetch("/api/instructors/session", { method: "DELETE", origin: null })],
      ["remove member, no origin", await owner.fetch(`/api/classes/${classId}/members/nobody`, { method: "DELETE", origin: null })],
    ];
    for (const [name, res] of cases) {
      expect([name, res.status]).toEqual([name, 403]);
      expect([name, await errorCode(res)]).toEqual([name, "LAB_ERR_CROSS_SITE"]);
    }
    // From the server's own page, a body that is not JSON is a bad request that says what to send.
    for (const [name, res] of [
      [
        "form post",
        await owner.fetch("/api/classes", {
          method: "POST",
          body: "name=x",
          headers: { "content-type": "application/x-www-form-urlencoded" },
        }),
      ],
      [
        "text/plain",
        await owner.fetch("/api/classes", { method: "POST", body: '{"name":"x"}', headers: { "content-type": "text/plain" } }),
      ],
    ] as const) {
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect([name, res.status, body.error.code]).toEqual([name, 400, "LAB_ERR_BAD_REQUEST"]);
      expect(body.error.message).toContain('{"name": "Networking 101"}');
    }
    // Still signed in (the refused sign-out did nothing), and no class "x" was made.
    const list = classList.parse(await (await owner.fetch("/api/classes")).json());
    expect(list.classes.map((c) => c.name)).not.toContain("x");
  });

  it("says what to send when a request body is wrong", async () => {
    const short = await anonymous.fetch("/api/instructors", { json: { email: email(), password: "short" } });
    expect(short.status).toBe(400);
    expect(((await short.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: "LAB_ERR_BAD_REQUEST",
      message: expect.stringMatching(/password: Use a password of at least 10 characters/),
    });
    const badEmail = await anonymous.fetch("/api/instructors", { json: { email: "nope", password: PASSWORD } });
    expect(await errorCode(badEmail)).toBe("LAB_ERR_BAD_REQUEST");
    const noName = await owner.fetch("/api/classes", { json: {} });
    expect(noName.status).toBe(400);
    const badCode = await member.fetch("/api/classes/join", { json: { code: "12", displayName: "G" } });
    expect(((await badCode.json()) as { error: { message: string } }).error.message).toMatch(/join code is 8 letters and digits/);
    const badName = await member.fetch("/api/classes/join", { json: { code, displayName: "" } });
    expect(badName.status).toBe(400);
    const notJson = await owner.fetch("/api/classes", { method: "POST", body: "{", headers: { "content-type": "application/json" } });
    expect(await errorCode(notJson)).toBe("LAB_ERR_BAD_REQUEST");
    const huge = await owner.fetch("/api/classes", { json: { name: "x".repeat(20_000) } });
    expect(((await huge.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: "LAB_ERR_BAD_REQUEST",
      message: expect.stringMatching(/over 16 KiB\. Send \{"name": "Networking 101"\}/),
    });
  });

  it("signs in and out with an HttpOnly, SameSite=Lax cookie; rejects a wrong password or a taken email", async () => {
    const address = await signUp(browser(server));
    const taken = await anonymous.fetch("/api/instructors", { json: { email: address.toUpperCase(), password: PASSWORD } });
    expect([taken.status, await errorCode(taken)]).toEqual([409, "LAB_ERR_EMAIL_TAKEN"]);

    const b = browser(server);
    const wrong = await b.fetch("/api/instructors/session", { json: { email: address, password: "not the password" } });
    expect([wrong.status, await errorCode(wrong)]).toEqual([401, "LAB_ERR_SIGN_IN_FAILED"]);
    const unknown = await b.fetch("/api/instructors/session", { json: { email: `x${address}`, password: PASSWORD } });
    expect([unknown.status, await errorCode(unknown)]).toEqual([401, "LAB_ERR_SIGN_IN_FAILED"]);

    const ok = await b.fetch("/api/instructors/session", { json: { email: address.toUpperCase(), password: PASSWORD } });
    expect(ok.status).toBe(200);
    expect(instructorResponse.parse(await ok.json()).instructor.email).toBe(address);
    const cookie = ok.headers.getSetCookie().find((c) => c.startsWith("sy_instructor="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    const token = b.jar.get("sy_instructor")!;
    expect((await b.fetch("/api/instructors/me")).status).toBe(200);

    const out = await b.fetch("/api/instructors/session", { method: "DELETE" });
    expect(out.status).toBe(204);
    expect(b.jar.has("sy_instructor")).toBe(false);
    // The token itself no longer works, even if a copy was kept.
    const replay = await fetch(`${server.url}/api/instructors/me`, { headers: { cookie: `sy_instructor=${token}` } });
    expect([replay.status, await errorCode(replay)]).toEqual([401, "LAB_ERR_NOT_SIGNED_IN"]);
  });

  it("rate-limits sign-in attempts per email address", async () => {
    const address = await signUp(browser(server));
    const b = browser(server);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await b.fetch("/api/instructors/session", { json: { email: address, password: "wrong password!" } })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    const right = await b.fetch("/api/instructors/session", { json: { email: address, password: PASSWORD } });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await errorCode(right)).toBe("LAB_ERR_RATE_LIMITED");
  });

  it("rate-limits sign-in attempts per address, whatever the email", async () => {
    // This address has made a few sign-ins already; 30 per 15 minutes are allowed.
    const b = browser(server);
    let status = 0;
    for (let i = 0; i < 31 && status !== 429; i++) {
      status = (await b.fetch("/api/instructors/session", { json: { email: `nobody${i}@example.org`, password: PASSWORD } })).status;
    }
    expect(status).toBe(429);
  });
});

describe("classrooms across a restart", () => {
  it("keeps instructors, sign-ins, classes and memberships on the same storage", async () => {
    const shared = testConfig();
    const first = await start({ dataDir: shared.dataDir, databaseUrl: shared.databaseUrl });
    const teacher = browser(first);
    const address = await signUp(teacher);
    const cls = classView.parse(await (await teacher.fetch("/api/classes", { json: { name: "Lasting class" } })).json());
    const learner = browser(first);
    expect((await learner.fetch("/api/classes/join", { json: { code: cls.code, displayName: "Lin" } })).status).toBe(201);
    await first.close();

    const second = await start({ dataDir: shared.dataDir, databaseUrl: shared.databaseUrl });
    const cookies = [...teacher.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    // The sign-in cookie still works on the new process.
    const list = classList.parse(await (await fetch(`${second.url}/api/classes`, { headers: { cookie: cookies } })).json());
    expect(list.classes).toEqual([{ ...cls, memberCount: 1 }]);
    const progress = classProgress.parse(
      await (await fetch(`${second.url}/api/classes/${cls.id}/progress`, { headers: { cookie: cookies } })).json(),
    );
    expect(progress.members.map((m) => m.displayName)).toEqual(["Lin"]);
    // And the password still signs in.
    const again = browser(second);
    expect((await again.fetch("/api/instructors/session", { json: { email: address, password: PASSWORD } })).status).toBe(200);
    // Joining again on the new server finds the same membership.
    const rejoin = await fetch(`${second.url}/api/classes/join`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: second.url,
        cookie: [...learner.jar].map(([k, v]) => `${k}=${v}`).join("; "),
      },
      body: JSON.stringify({ code: cls.code, displayName: "Lin" }),
    });
    expect(rejoin.status).toBe(200);
    expect(joinClassResponse.parse(await rejoin.json()).newMember).toBe(false);
  });
});
