import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Engine, LABEL_OWNER, LABEL_SESSION } from "../../../lab-server/docker/engine.ts";
import type { LabServer } from "../../../lab-server/http/server.ts";
import { hostImageRef, recipeHash } from "../../../lab-server/images/recipes.ts";
import { provisionSandbox, removeLeftovers } from "../../../lab-server/sandbox/sandbox.ts";
import { SubnetAllocator } from "../../../lab-server/sandbox/subnets.ts";
import { createSession, startTestServer, testConfig, testInstance } from "../../helpers/server.ts";
import { TerminalClient } from "../../helpers/terminal-client.ts";

const engine = new Engine({ dockerHost: process.env["DOCKER_HOST"] });
const count = async (instance: string) => {
  const found = await engine.listByLabel(`${LABEL_OWNER}=${instance}`);
  return found.containers.length + found.networks.length + found.volumes.length;
};

describe("session lifecycle on the real engine", () => {
  let server: LabServer;
  const instance = testInstance();
  beforeAll(async () => {
    server = await startTestServer({ instance, idleTimeoutMs: 3_000 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("ends an idle session and removes its sandbox", async () => {
    const session = await createSession(server);
    const term = await TerminalClient.open(server, session);
    await term.ready();
    expect(await count(instance)).toBeGreaterThan(0);
    await term.close();
    // The reaper runs every few seconds; the session ends once nobody is attached for the timeout.
    await vi.waitFor(async () => expect(await count(instance)).toBe(0), { timeout: 30_000, interval: 250 });
    const res = await fetch(`${server.url}/api/sessions/${session.id}`, { headers: { "x-session-token": session.token } });
    expect(res.status).toBe(404);
  });

  it("removes every sandbox on close, and leftovers of a crashed run at the next start", async () => {
    const crashed = await startTestServer({ instance: testInstance() });
    const s = await createSession(crashed);
    const t = await TerminalClient.open(crashed, s);
    await t.ready();
    const orphanInstance = crashed.sessions.list()[0]?.sandbox
      ? (await engine.listByLabel(`switchyard.session=${s.id}`)).containers[0]?.labels[LABEL_OWNER]
      : undefined;
    expect(orphanInstance).toBeDefined();
    // Simulate a crash: forget the server without ending its sessions.
    t.ws.terminate();
    expect(await count(orphanInstance!)).toBe(2); // the host container and its lab network
    // Without a record of the session (a database of its own), everything it left is removed.
    const restarted = await startTestServer({ instance: orphanInstance!, databaseUrl: undefined });
    expect(await count(orphanInstance!)).toBe(0);
    await restarted.close();
    await crashed.close();
  });

  it("removes, while it runs, a sandbox that no session or pool owns, and nothing else", async () => {
    const own = testInstance();
    const running = await startTestServer({ instance: own, poolSize: 1 });
    let closed = false;
    try {
      const session = await createSession(running);
      const term = await TerminalClient.open(running, session);
      await term.ready();
      await vi.waitFor(() => expect(running.sessions.warm).toBe(1), { timeout: 60_000, interval: 100 });
      // A sandbox with this server's label whose session it never had: a teardown that failed, say.
      const orphan = await provisionSandbox(engine, new SubnetAllocator("10.213.0.0/16"), {
        sessionId: "orphan0123456789",
        instance: own,
        hostNames: ["host1"],
        image: hostImageRef(recipeHash()),
        limits: testConfig().sandbox,
      });
      const sessionsOnEngine = async () => {
        const found = await engine.listByLabel(`${LABEL_OWNER}=${own}`);
        return new Set([...found.containers, ...found.networks].map((o) => o.labels[LABEL_SESSION]));
      };
      expect((await sessionsOnEngine()).size).toBe(3); // the session's, the pool's and the orphan

      expect(await running.sessions.sweepOrphans()).toBe(2); // the orphan's host and lab network
      const left = await sessionsOnEngine();
      expect(left.has(orphan.sessionId)).toBe(false);
      expect(left.size).toBe(2);
      // The learner's lab goes on.
      expect(await term.run("docker network create still-here >/dev/null && echo made-$((1+1))")).toContain("made-2");
      await term.close();
      await running.close();
      closed = true;
      expect(await count(own)).toBe(0);
    } finally {
      // Whatever happened above, nothing of this test outlives it.
      if (!closed) await running.close();
      await removeLeftovers(engine, own);
    }
  });
});
