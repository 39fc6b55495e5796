import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLOSE_SESSION_ENDED } from "../../../common/schemas/protocol.ts";
import type { LabServer } from "../../../lab-server/http/server.ts";
import { createSession, startTestServer } from "../../helpers/server.ts";
import { TerminalClient } from "../../helpers/terminal-client.ts";

let server: LabServer;

beforeAll(async () => {
  server = await startTestServer({ maxSessionsPerClient: 10 });
});
afterAll(async () => {
  await server?.close();
});

describe("terminal over the real WebSocket into a real sandbox", () => {
  it("runs docker commands in the learner's own engine", async () => {
    const session = await createSession(server);
    const term = await TerminalClient.open(server, session);
    expect(term.messages[0]).toMatchObject({ type: "hello", sessionId: session.id, host: "host1", resumed: false });
    await term.ready();
    const out = await term.run("docker network create x >/dev/null && docker network ls --format '{{.Name}}'");
    expect(out.split(/\r?\n/).map((l) => l.trim())).toContain("x");
    await term.close();
  });

  it("keeps two learners' sandboxes apart", async () => {
    const [s1, s2] = await Promise.all([createSession(server), createSession(server)]);
    const [t1, t2] = await Promise.all([TerminalClient.open(server, s1), TerminalClient.open(server, s2)]);
    await Promise.all([t1.ready(), t2.ready()]);
    await t1.run("docker network create only-in-one >/dev/null");
    const seenByTwo = await t2.run("docker network ls --format '{{.Name}}'");
    expect(seenByTwo).toContain("bridge");
    expect(seenByTwo).not.toContain("only-in-one");
    await Promise.all([t1.close(), t2.close()]);
  });

  it("reconnects a dropped socket to the same sandbox and replays the screen", async () => {
    const session = await createSession(server);
    const first = await TerminalClient.open(server, session);
    await first.ready();
    await first.run("docker network create survives-reconnect >/dev/null; echo before-drop");
    first.ws.terminate(); // a dropped connection, not a clean close
    const second = await TerminalClient.open(server, session);
    expect(second.messages[0]).toMatchObject({ type: "hello", resumed: true });
    await second.until((c) => c.output.includes("before-drop"), "the replayed screen");
    const out = await second.run("docker network ls --format '{{.Name}}'");
    expect(out).toContain("survives-reconnect");
    await second.close();
  });

  it("starts a fresh shell in the same sandbox when the shell exits", async () => {
    const session = await createSession(server);
    const term = await TerminalClient.open(server, session);
    await term.ready();
    await term.run("docker network create kept-after-exit >/dev/null");
    term.type("exit\r");
    await term.until((c) => c.messages.some((m) => m.type === "status" && m.phase === "shell-restarted"), "the shell to restart");
    const out = await term.run("docker network ls --format '{{.Name}}'");
    expect(out).toContain("kept-after-exit");
    await term.close();
  });

  it("ignores malformed control messages with an error and keeps working", async () => {
    const session = await createSession(server);
    const term = await TerminalClient.open(server, session);
    await term.ready();
    term.ws.send("this is not json");
    term.send({ type: "resize", cols: "wide" });
    term.send({ type: "launch-missiles" });
    await term.until((c) => c.messages.filter((m) => m.type === "error").length >= 3, "three error replies");
    expect(
      term.messages.filter((m) => m.type === "error").every((m) => m.type === "error" && m.code === "LAB_ERR_BAD_MESSAGE" && !m.fatal),
    ).toBe(true);
    term.send({ type: "resize", cols: 120, rows: 40 });
    expect(await term.run("stty size")).toContain("40 120");
    term.send({ type: "ping", t: 42 });
    await term.until((c) => c.messages.some((m) => m.type === "pong" && m.t === 42), "a pong");
    await term.close();
  });

  it("closes an oversized message with 1009 and lets the browser reconnect to the same shell", async () => {
    const session = await createSession(server);
    const term = await TerminalClient.open(server, session);
    await term.ready();
    term.ws.send(Buffer.alloc(200 * 1024, 0x61));
    await term.until((c) => c.closed !== undefined, "the server to close the socket");
    expect(term.closed?.code).toBe(1009);
    const again = await TerminalClient.open(server, session);
    await again.until((c) => c.messages.some((m) => m.type === "status" && m.phase === "ready"), "ready after reconnect");
    // Nothing of the oversized frame reached the shell.
    expect(await again.run("echo still-here")).toContain("still-here");
    await again.close();
  });

  it("passes UTF-8 through intact in both directions", async () => {
    const session = await createSession(server);
    const term = await TerminalClient.open(server, session);
    await term.ready();
    const out = await term.run("printf 'r\\xc3\\xa9seau \\xe2\\x86\\x92 \\xf0\\x9f\\x90\\xb3\\n'; echo 'typed: ünïcødé'");
    expect(out).toContain("réseau → 🐳");
    expect(out).toContain("typed: ünïcødé");
    await term.close();
  });

  it("tells the browser when the session ends", async () => {
    const session = await createSession(server);
    const term = await TerminalClient.open(server, session);
    await term.ready();
    const res = await fetch(`${server.url}/api/sessions/${session.id}`, {
      method: "DELETE",
      headers: { "x-session-token": session.token, origin: server.url },
    });
    expect(res.status).toBe(204);
    await term.until((c) => c.closed !== undefined, "the socket to close");
    expect(term.closed?.code).toBe(CLOSE_SESSION_ENDED);
    expect(term.messages).toContainEqual(expect.objectContaining({ type: "status", phase: "ended" }));
  });
});
