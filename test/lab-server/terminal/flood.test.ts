/**
 * A flooding program (`yes`) in a learner's terminal: its output reaches the browser no faster
 * than the output budget, and Ctrl-C brings the prompt back without the browser first receiving
 * the flood's backlog, also when the browser reads slowly. How fast, in ms, is the benchmark's
 * business (`npm run bench`); these tests hold the behaviour.
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { LabServer } from "../../../lab-server/http/server.ts";
import { DELIVERY_WINDOW_BYTES } from "../../../lab-server/terminal/delivery.ts";
import { OUTPUT_BURST_BYTES, OUTPUT_BYTES_PER_SECOND } from "../../../lab-server/terminal/output-rate.ts";
import { createSession, startTestServer } from "../../helpers/server.ts";
import { slowLink } from "../../helpers/slow-link.ts";
import { TerminalClient } from "../../helpers/terminal-client.ts";

const FLOOD = "yes 'flood flood flood flood flood flood flood flood'\r";

let server: LabServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** A learner's terminal, reached through `via` (the server itself, or a slow link to it). */
async function openTerminal(via: { url: string } = server) {
  const session = await createSession(server);
  // The page the browser shows comes from the address it connects to: the link, when there is one.
  const term = await TerminalClient.open(via, session, { origin: via.url });
  await term.ready();
  const terminal = server.sessions
    .list()
    .find((s) => s.id === session.id)
    ?.terminal("host1");
  if (!terminal) throw new Error("no terminal");
  return { term, terminal };
}

async function floodingTerminal() {
  const { term, terminal } = await openTerminal();
  const start = term.output.length;
  term.type(FLOOD);
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
  // A browser that reads 64 KiB/s: far slower than the output budget, so it falls behind.
  const link = await slowLink(server.url, 64 * 1024);
  try {
    const { term, terminal } = await openTerminal(link);
    term.type(FLOOD);
    await vi.waitFor(() => expect(terminal.held).toBe(true), { timeout: 30_000, interval: 50 });
    const from = term.output.length;
    term.type("\x03");
    term.type('echo back-at-""the-prompt\r');
    await term.until((c) => c.output.indexOf("back-at-the-prompt", from) >= 0, "the prompt after Ctrl-C", 60_000);
    const after = term.output.slice(from);
    expect(after).toMatch(/\[\d+ KiB of output skipped after Ctrl-C\]/);
    // Before the note the browser reads only what was already on its way: the delivery window
    // (plus one ping's worth and the link's own queue), not the flood's backlog.
    expect(after.indexOf("skipped after Ctrl-C")).toBeLessThan(DELIVERY_WINDOW_BYTES + 64 * 1024);
    expect(await term.run("echo still-usable", 30_000)).toContain("still-usable");
    await term.close();
  } finally {
    await link.close();
  }
});
