/**
 * Floods: one learner's `yes` against another learner's keystroke echo (the noisy neighbour), and
 * how soon Ctrl-C brings a flooding terminal back to a usable prompt, with a browser that reads as
 * fast as it can and with one that reads slowly.
 */
import type { LabServer } from "../lab-server/http/server.ts";
import { createSession } from "../test/helpers/server.ts";
import { TerminalClient } from "../test/helpers/terminal-client.ts";
import { productEcho } from "./echo.ts";
import { quantile, since } from "./stats.ts";

type Record = (metric: string, value: number, unit: string, target: string) => void;

async function openTerminal(server: LabServer): Promise<{ term: TerminalClient; id: string }> {
  const session = await createSession(server, "user-defined-bridges");
  const term = await TerminalClient.open(server, session);
  await term.ready();
  return { term, id: session.id };
}

/** Starts `yes` in `term` and resolves once its output flows. */
async function startFlood(term: TerminalClient): Promise<void> {
  const mark = term.output.length;
  term.type("yes 'a flood of output, line after line'\r");
  await term.until((c) => c.output.length - mark > 256 * 1024, "the flood to start", 30_000);
}

/** Presses Ctrl-C and types a command; resolves with the ms until that command's output shows. */
async function interruptAndMeasure(term: TerminalClient): Promise<number> {
  const marker = `__back_${Math.random().toString(36).slice(2, 8)}__`;
  let from = term.output.length;
  const start = performance.now();
  term.type("\x03");
  term.type(`echo ${marker.slice(0, 4)}""${marker.slice(4)}\r`);
  await term.until(
    (c) => {
      const found = c.output.indexOf(marker, from) >= 0;
      // Search only what is new (less the marker's length) each time: the flood makes the output long.
      from = Math.max(from, c.output.length - marker.length);
      return found;
    },
    "the prompt after Ctrl-C",
    60_000,
  );
  return since(start);
}

/** A reader that takes what has arrived once every `everyMs`, as a browser busy rendering would. */
function readSlowly(term: TerminalClient, everyMs: number): () => void {
  const raw = (term.ws as unknown as { _socket: import("node:net").Socket })._socket;
  let reading = true;
  raw.pause();
  const timer = setInterval(() => {
    raw.resume();
    setImmediate(() => reading && raw.pause());
  }, everyMs);
  return () => {
    reading = false;
    clearInterval(timer);
    raw.resume();
  };
}

/** Runs the flood scenarios on `server` and records their figures. */
export async function runFloods(server: LabServer, record: Record, echoes: number): Promise<void> {
  const flooder = await openTerminal(server);
  const neighbour = await openTerminal(server);
  try {
    // The noisy neighbour: the flood's browser reads as fast as it can.
    await startFlood(flooder.term);
    const floodStart = flooder.term.output.length;
    const started = performance.now();
    const samples = await productEcho(neighbour.term, echoes, { gapMs: () => 20 });
    const relayed = (flooder.term.output.length - floodStart) / 1024 / 1024 / (since(started) / 1000);
    record("neighbour's keystroke echo while another learner floods (p99)", quantile(samples, 0.99), "ms", "≤ 25 ms");
    record("neighbour's keystroke echo while another learner floods (max)", Math.max(...samples), "ms", "");
    record("flood relayed to a browser that reads as fast as it can", relayed, "MB/s", "the output budget, 1 MiB/s");
    record("Ctrl-C after a flood to a usable prompt, fast browser", await interruptAndMeasure(flooder.term), "ms", "≤ 1000 ms");

    // The same with a browser that reads only every 100 ms.
    await startFlood(flooder.term);
    const stop = readSlowly(flooder.term, 100);
    // Long enough for every buffer on the way to fill.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const took = interruptAndMeasure(flooder.term);
    // The slow reader keeps reading slowly until the prompt shows.
    const ms = await took;
    stop();
    record("Ctrl-C after a flood to a usable prompt, slow browser", ms, "ms", "≤ 1000 ms");
  } finally {
    await flooder.term.close();
    await neighbour.term.close();
    await server.sessions.end(flooder.id);
    await server.sessions.end(neighbour.id);
  }
}
