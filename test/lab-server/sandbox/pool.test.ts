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

const hostContainers = async () => (await server.engine.listByLabel(`${LABEL_OWNER}=${instance}`)).containers.map((c) => c.id);

it("hands a learner a sandbox from the warm pool with its shell already running, refills it, and removes everything at the end", async () => {
  await vi.waitFor(() => expect(server.sessions.warm).toBe(1), { timeout: 60_000, interval: 100 });
  const [warmId] = await hostContainers();
  const session = await createSession(server);
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
