import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Engine, LABEL_OWNER } from "../../../lab-server/docker/engine.ts";
import type { LabServer } from "../../../lab-server/http/server.ts";
import { createSession, startTestServer, testInstance } from "../../helpers/server.ts";
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
});
