import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { LabServer } from "../../../lab-server/http/server.ts";
import { createSession, startTestServer } from "../../helpers/server.ts";
import { TerminalClient } from "../../helpers/terminal-client.ts";

let server: LabServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

it("keeps server memory bounded while a learner floods output to a browser that cannot keep up", async () => {
  const session = await createSession(server);
  const term = await TerminalClient.open(server, session);
  await term.ready();
  const start = term.output.length;
  term.type("yes 'flood flood flood flood flood flood flood flood'\r");
  await term.until((c) => c.output.length - start > 1_000_000, "the flood to start");
  // The browser stops reading: its TCP window fills and the server must stop pulling from the shell.
  const raw = (term.ws as unknown as { _socket: import("node:net").Socket })._socket;
  raw.pause();
  const before = process.memoryUsage();
  const terminal = server.sessions
    .list()
    .find((s) => s.id === session.id)
    ?.terminal("host1");
  expect(terminal).toBeDefined();
  await vi.waitFor(() => expect(terminal?.held).toBe(true), { timeout: 30_000, interval: 50 });
  // Measure over a fixed window of flooding: without backpressure the server would buffer the
  // shell's whole output (hundreds of MB per second) in this time.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const after = process.memoryUsage();
  const grown = after.rss + after.arrayBuffers - (before.rss + before.arrayBuffers);
  expect(grown).toBeLessThan(64 * 1024 * 1024);
  expect(terminal?.held).toBe(true);
  raw.resume();
  term.type("\x03"); // Ctrl+C stops `yes`
  const out = await term.run("echo flood-over", 60_000);
  expect(out).toContain("flood-over");
  await term.close();
});
