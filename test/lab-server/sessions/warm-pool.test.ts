import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { LABEL_OWNER } from "../../../lab-server/docker/engine.ts";
import type { LabServer } from "../../../lab-server/http/server.ts";
import { createSession, startTestServer, testInstance } from "../../helpers/server.ts";
import { TerminalClient } from "../../helpers/terminal-client.ts";

const instance = testInstance();
let server: LabServer;
beforeAll(async () => {
  server = await startTestServer({ instance, poolSize: 1 });
});
afterAll(async () => {
  await server?.close();
});

/** Waits until the session's sandbox is handed over (so the first hello says whether a shell already ran). */
async function untilReady(server: LabServer, session: { id: string; token: string }): Promise<void> {
  await vi.waitFor(
    async () => {
      const res = await fetch(`${server.url}/api/sessions/${session.id}`, { headers: { "x-session-token": session.token } });
      expect(((await res.json()) as { state: string }).state).toBe("ready");
    },
    { timeout: 30_000, interval: 50 },
  );
}

const hostContainers = async () => (await server.engine.listByLabel(`${LABEL_OWNER}=${instance}`)).containers.map((c) => c.id);

it("hands a learner a sandbox from the warm pool with its shell already running, refills it, and removes everything at the end", async () => {
  await vi.waitFor(() => expect(server.sessions.warm).toBe(1), { timeout: 60_000, interval: 100 });
  const [warmId] = await hostContainers();
  const session = await createSession(server);
  await untilReady(server, session);
  const term = await TerminalClient.open(server, session);
  await term.ready();
  const claimed = server.sessions.list().find((s) => s.id === session.id)?.sandbox?.hosts[0]?.containerId;
  expect(claimed).toBe(warmId);
  // Its shell was started while it waited: the prompt is replayed, yet this is the learner's first visit.
  expect(term.messages.find((m) => m.type === "hello")).toMatchObject({ resumed: true });
  expect(term.messages.find((m) => m.type === "status" && m.phase === "ready")).toMatchObject({ detail: "connected" });
  expect(await term.run("hostname")).toContain("host1");
  // The pool makes a new one for the next learner.
  await vi.waitFor(() => expect(server.sessions.warm).toBe(1), { timeout: 60_000, interval: 100 });
  expect((await hostContainers()).length).toBe(2);
  await term.close();
  await server.sessions.end(session.id);
  expect(await hostContainers()).not.toContain(warmId);
  await server.close();
  expect(await hostContainers()).toEqual([]);
});

it("keeps a warm sandbox per multi-host lab shape, with every host's shell running", async () => {
  const multiInstance = testInstance();
  const multi = await startTestServer({ instance: multiInstance, poolSize: 0, poolMultiSize: 1 });
  try {
    await vi.waitFor(() => expect(multi.sessions.warmFor(["host1", "host2"])).toBe(1), { timeout: 90_000, interval: 100 });
    // One-host labs have no pool here: only the two-host shape was asked for.
    expect(multi.sessions.warmFor(["host1"])).toBe(0);
    const pooled = (await multi.engine.listByLabel(`${LABEL_OWNER}=${multiInstance}`)).containers.map((c) => c.id);
    const session = await createSession(multi, "fixture-two-hosts");
    await untilReady(multi, session);
    for (const host of ["host1", "host2"]) {
      const term = await TerminalClient.open(multi, session, { host });
      await term.ready();
      expect(term.messages.find((m) => m.type === "hello")).toMatchObject({ resumed: true });
      expect(await term.run("hostname")).toContain(host);
      await term.close();
    }
    const claimed =
      multi.sessions
        .list()
        .find((s) => s.id === session.id)
        ?.sandbox?.hosts.map((h) => h.containerId) ?? [];
    expect(claimed.sort()).toEqual(pooled.sort());
  } finally {
    await multi.close();
  }
  expect((await multi.engine.listByLabel(`${LABEL_OWNER}=${multiInstance}`)).containers).toEqual([]);
});
