/**
 * A flooding program (`yes`) in a learner's terminal: its output reaches the browser no faster
 * than the output budget, and Ctrl-C brings the prompt back without the browser first receiving
 * the flood's backlog, also when the browser reads slowly. How fast, in ms, is the benchmark's
 * business (`npm run bench`); these tests hold the behaviour.
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { LabServer } from "../../../lab-server/http/server.ts";
import { OUTPUT_BURST_BYTES, OUTPUT_BYTES_PER_SECOND } from "../../../lab-server/terminal/output-rate.ts";
import { createSession, startTestServer } from "../../helpers/server.ts";
import { TerminalClient } from "../../helpers/terminal-client.ts";

let server: LabServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function floodingTerminal() {
  const session = await createSession(server);
  const term = await TerminalClient.open(server, session);
  await term.ready();
  const terminal = server.sessions
    .list()
    .find((s) => s.id === session.id)
    ?.terminal("host1");
  if (!terminal) throw new Error("no terminal");
  const start = term.output.length;
  term.type("yes 'flood flood flood flood flood flood flood flood'\r");
  await term.until((c) => c.output.length - start > OUTPUT_BURST_BYTES, "the flood to start");
  return { term, terminal };
}

it("relays a flood no faster than the output budget", async () => {
  const { term } = await floodingTerminal();
  const from = term.output.length;
  const started = performance.now();
  await term.until((c) => c.output.length - from > 2 * OUTPUT_BYTES_PER_SECOND, "two budgets of output", 60_000);
  const seconds = (performance.now() - started) / 1000;
  // `yes` prints hundreds of MB/s; what arrives is the budget's rate, plus at most one burst.
  expect(term.output.length - from).toBeLessThanOrEqual(OUTPUT_BYTES_PER_SECOND * seconds + OUTPUT_BURST_BYTES + 64 * 1024);
  term.type("\x03");
  expect(await term.run("echo after-flood", 60_000)).toContain("after-flood");
  await term.close();
});

it("after Ctrl-C, skips the flood's backlog to a slow browser and shows the prompt", async () => {
  const { term, terminal } = await floodingTerminal();
  // The browser reads only every 100 ms, as one busy rendering would; it falls behind.
  const raw = (term.ws as unknown as { _socket: import("node:net").Socket })._socket;
  let reading = true;
  raw.pause();
  const reader = setInterval(() => {
    raw.resume();
    setImmediate(() => reading && raw.pause());
  }, 100);
  try {
    await vi.waitFor(() => expect(terminal.held).toBe(true), { timeout: 30_000, interval: 50 });
    const from = term.output.length;
    term.type("\x03");
    term.type('echo back-at-""the-prompt\r');
    await term.until((c) => c.output.indexOf("back-at-the-prompt", from) >= 0, "the prompt after Ctrl-C", 60_000);
    const after = term.output.slice(from);
    expect(after).toMatch(/\[\d+ KiB of output skipped after Ctrl-C\]/);
    // What the browser still had on its way is bounded by the delivery window, not the flood.
    expect(after.indexOf("skipped after Ctrl-C")).toBeLessThan(1024 * 1024);
  } finally {
    reading = false;
    clearInterval(reader);
    raw.resume();
  }
  expect(await term.run("echo still-usable", 30_000)).toContain("still-usable");
  await term.close();
});
