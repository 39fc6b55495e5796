/**
 * The instructor's live view through a real lab server and engine: the dashboard stream follows a
 * member's real lab as checks pass, the owning instructor watches the member's terminal read-only,
 * the learner is told they are watched, and everyone else is refused before anything opens; removing
 * a member ends the owner's watch at once.
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { classView } from "../../../common/schemas/classrooms.ts";
import { type ClassDashboard, classDashboard, DASHBOARD_EVENT } from "../../../common/schemas/dashboard.ts";
import { learnerProgress } from "../../../common/schemas/progress.ts";
import type { LabServer } from "../../../lab-server/http/server.ts";
import { EventStream } from "../../helpers/event-stream.ts";
import { type Browser, browser } from "../../helpers/http-browser.ts";
import { startTestServer } from "../../helpers/server.ts";
import { TerminalClient } from "../../helpers/terminal-client.ts";

let server: LabServer;
afterAll(async () => {
  await server?.close();
});

const PASSWORD = "a long enough password";
let counter = 0;

async function instructor(): Promise<Browser> {
  const b = browser(server);
  const res = await b.fetch("/api/instructors", {
    json: { email: `live${++counter}.${process.pid}.${Date.now()}@example.org`, password: PASSWORD },
  });
  expect(res.status).toBe(201);
  return b;
}

/** The upgrade's HTTP status when it is refused (or 101 when it is accepted). */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, "ws"), { headers });
    ws.once("open", () => {
      ws.close();
      resolve(101);
    });
    ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.once("error", reject);
  });
}

const dashboards = (stream: EventStream): ClassDashboard[] =>
  stream.events.filter((e) => e.event === DASHBOARD_EVENT).map((e) => classDashboard.parse(JSON.parse(e.data)));

describe("live class dashboard and watching", () => {
  let owner: Browser;
  let learner: Browser;
  let cls: { id: string; code: string };

  beforeAll(async () => {
    server = await startTestServer();
    owner = await instructor();
    const created = await owner.fetch("/api/classes", { json: { name: "Live class" } });
    cls = classView.parse(await created.json());
    learner = browser(server);
    expect((await learner.fetch("/api/classes/join", { json: { code: cls.code, displayName: "Grace" } })).status).toBe(201);
  }, 60_000);

  it("pushes a member's lab and completions, and lets the owner watch read-only", async () => {
    const stream = await EventStream.open(`${server.url}/api/classes/${cls.id}/live`, { cookie: owner.cookie });
    const first = await stream.until((e) => e.event === DASHBOARD_EVENT, "the first snapshot");
    const initial = classDashboard.parse(JSON.parse(first.data));
    expect(initial.members.map((m) => [m.displayName, m.live])).toEqual([["Grace", null]]);
    const memberId = initial.members[0]!.memberId;

    // Watching before the learner opens a lab: nothing to watch yet.
    const watchUrl = `${server.url}/api/classes/${cls.id}/members/${memberId}/terminal`;
    expect(await upgradeStatus(watchUrl, { origin: server.url, cookie: owner.cookie })).toBe(409);

    const created = await learner.fetch("/api/sessions", { json: { lesson: "fixture-checks" } });
    expect(created.status).toBe(201);
    const session = (await created.json()) as { id: string; token: string };
    const term = await TerminalClient.open(server, session);
    await term.ready();
    term.send({ type: "resize", cols: 101, rows: 31 });

    await stream.until(
      () => dashboards(stream).some((d) => d.members[0]?.live?.lesson === "fixture-checks" && d.members[0].live.exercise === "make-net"),
      "the member's open lab on the dashboard",
    );

    const watcher = await TerminalClient.watch(server, { classId: cls.id, memberId }, owner.cookie);
    await watcher.until((c) => c.messages.some((m) => m.type === "size" && m.cols === 101 && m.rows === 31), "the learner's terminal size");
    await term.until((c) => c.messages.some((m) => m.type === "watchers" && m.count === 1), "the learner to be told of the watcher");

    await term.run("echo watched-$((6*7))");
    await watcher.until((c) => c.output.includes("watched-42"), "the learner's output on the watching socket");

    // Keys from a watcher never reach the learner's shell.
    watcher.type("touch /tmp/from-watcher\r");
    watcher.send({ type: "input", data: "touch /tmp/from-watcher\r" });
    await watcher.until(
      (c) => c.messages.some((m) => m.type === "error" && m.code === "LAB_ERR_READ_ONLY" && !m.fatal),
      "the read-only refusal",
    );
    expect(await term.run("test -e /tmp/from-watcher && echo present || echo absent-$((1+1))")).toContain("absent-2");

    await term.run("docker network create fixnet >/dev/null");
    const done = await stream.until((e) => {
      if (e.event !== DASHBOARD_EVENT) return false;
      const m = classDashboard.parse(JSON.parse(e.data)).members[0];
      return Boolean(m?.lessons["fixture-checks"]?.exercises["make-net"]?.completedAt) && m?.live?.exercise === "run-web";
    }, "the completion on the dashboard");
    const member = classDashboard.parse(JSON.parse(done.data)).members[0]!;
    expect(member.live?.stuck).toBe(false);
    expect(member.live?.hosts).toEqual(["host1"]);

    await watcher.close();
    await term.until((c) => c.messages.some((m) => m.type === "watchers" && m.count === 0), "the watcher to be gone");

    // When the learner ends the lab, a watcher is told and the dashboard shows no open lab.
    const again = await TerminalClient.watch(server, { classId: cls.id, memberId }, owner.cookie);
    await again.until((c) => c.messages.some((m) => m.type === "status" && m.phase === "ready"), "watching again");
    expect(
      (await learner.fetch(`/api/sessions/${session.id}`, { method: "DELETE", headers: { "x-session-token": session.token } })).status,
    ).toBeLessThan(300);
    await again.until((c) => c.closed?.code === 4000, "the watcher to be closed when the lab ends");
    await stream.until(() => dashboards(stream).at(-1)?.members[0]?.live === null, "the ended lab to leave the dashboard");
    await term.close();
    stream.close();
  }, 180_000);

  it("refuses the stream and watching to anyone but the owning instructor", async () => {
    const other = await instructor();
    const anonymous = browser(server);
    const live = `/api/classes/${cls.id}/live`;
    expect((await anonymous.fetch(live)).status).toBe(401);
    expect((await learner.fetch(live)).status).toBe(401);
    expect((await other.fetch(live)).status).toBe(404);
    expect((await owner.fetch("/api/classes/nosuchclass/live")).status).toBe(404);

    const members = classDashboard.shape.members.parse(
      ((await (await owner.fetch(`/api/classes/${cls.id}/progress`)).json()) as { members: unknown[] }).members.map((m) => ({
        ...(m as object),
        live: null,
      })),
    );
    const watchUrl = `${server.url}/api/classes/${cls.id}/members/${members[0]!.memberId}/terminal`;
    expect(await upgradeStatus(watchUrl, { origin: server.url })).toBe(401);
    expect(await upgradeStatus(watchUrl, { origin: server.url, cookie: learner.cookie })).toBe(401);
    expect(await upgradeStatus(watchUrl, { origin: server.url, cookie: other.cookie })).toBe(404);
    expect(await upgradeStatus(watchUrl, { origin: "http://evil.example", cookie: owner.cookie })).toBe(403);
    expect(
      await upgradeStatus(`${server.url}/api/classes/${cls.id}/members/nosuchmember/terminal`, {
        origin: server.url,
        cookie: owner.cookie,
      }),
    ).toBe(404);
  }, 60_000);

  it("removes a member for the owner only: their watch ends, they leave the dashboard, their progress stays", async () => {
    const other = await instructor();
    const hopper = browser(server);
    expect((await hopper.fetch("/api/classes/join", { json: { code: cls.code, displayName: "Hopper" } })).status).toBe(201);
    const created = await hopper.fetch("/api/sessions", { json: { lesson: "fixture-checks" } });
    const session = (await created.json()) as { id: string; token: string };
    const term = await TerminalClient.open(server, session);
    await term.ready();
    await term.run("docker network create fixnet >/dev/null");

    const stream = await EventStream.open(`${server.url}/api/classes/${cls.id}/live`, { cookie: owner.cookie });
    const withHopper = await stream.until(
      (e) =>
        e.event === DASHBOARD_EVENT &&
        classDashboard
          .parse(JSON.parse(e.data))
          .members.some(
            (m) => m.displayName === "Hopper" && m.live !== null && m.lessons["fixture-checks"]?.exercises["make-net"]?.completedAt,
          ),
      "Hopper's open lab and completion on the dashboard",
    );
    const memberId = classDashboard.parse(JSON.parse(withHopper.data)).members.find((m) => m.displayName === "Hopper")!.memberId;
    const watcher = await TerminalClient.watch(server, { classId: cls.id, memberId }, owner.cookie);
    await watcher.until((c) => c.messages.some((m) => m.type === "status" && m.phase === "ready"), "watching Hopper");

    const path = `/api/classes/${cls.id}/members/${memberId}`;
    expect((await browser(server).fetch(path, { method: "DELETE" })).status).toBe(401);
    expect((await hopper.fetch(path, { method: "DELETE" })).status).toBe(401);
    expect((await other.fetch(path, { method: "DELETE" })).status).toBe(404);
    expect((await owner.fetch(path, { method: "DELETE", origin: "http://evil.example" })).status).toBe(403);
    expect(watcher.closed).toBeUndefined();

    expect((await owner.fetch(path, { method: "DELETE" })).status).toBe(204);
    await watcher.until((c) => c.closed?.code === 4000, "the watch to end with the membership");
    expect(watcher.messages).toContainEqual(expect.objectContaining({ type: "error", code: "LAB_ERR_CLASS_NOT_FOUND", fatal: true }));
    await stream.until(
      () =>
        dashboards(stream)
          .at(-1)
          ?.members.every((m) => m.memberId !== memberId) === true,
      "Hopper to leave the dashboard",
    );
    const watchUrl = `${server.url}/api/classes/${cls.id}/members/${memberId}/terminal`;
    expect(await upgradeStatus(watchUrl, { origin: server.url, cookie: owner.cookie })).toBe(404);
    expect((await owner.fetch(path, { method: "DELETE" })).status).toBe(404);

    // The learner's own progress is untouched, and the class code lets them back in with it.
    const progress = learnerProgress.parse(await (await hopper.fetch("/api/progress")).json());
    expect(progress.lessons["fixture-checks"]?.exercises["make-net"]?.completedAt).toBeTruthy();
    expect((await hopper.fetch("/api/classes/join", { json: { code: cls.code, displayName: "Hopper" } })).status).toBe(201);
    await term.close();
    stream.close();
  }, 120_000);
});
