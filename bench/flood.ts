/**
 * Floods: one learner's `yes` against another learner's keystroke echo (the noisy neighbour), and
 * how soon Ctrl-C brings a flooding terminal back to a usable prompt, with a browser that reads as
 * fast as it can and with ones that read slowly (through a link of a fixed rate).
 */
import type { LabServer } from "../lab-server/http/server.ts";
import { createSession } from "../test/helpers/server.ts";
import { slowLink } from "../test/helpers/slow-link.ts";
import { TerminalClient } from "../test/helpers/terminal-client.ts";
import { productEcho } from "./echo.ts";
import { quantile, since } from "./stats.ts";

type Record = (metric: string, value: number, unit: string, target: string) => void;

async function openTerminal(server: LabServer, via: { url: string } = server): Promise<{ term: TerminalClient; id: string }> {
  const session = await createSession(server, "user-defined-bridges");
  const term = await TerminalClient.open(via, session, { origin: via.url });
  await term.ready();
  return { term, id: session.id };
}

/** Starts `yes` in `term` and resolves once its output flows. */
async function startFlood(term: TerminalClient): Promise<void> {
  const mark = term.output.length;
  term.type("yes 'a flood of output, line after line'\r");
  // Two seconds' worth at the slowest link: every buffer on the way is full by then.
  await term.until((c) => c.output.length - mark > 128 * 1024, "the flood to start", 30_000);
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

    // The same with browsers that read slowly, through a link of that rate.
    for (const kib of [256, 64]) {
      const link = await slowLink(server.url, kib * 1024);
      const slow = await openTerminal(server, link);
      try {
        await startFlood(slow.term);
        record(
          `Ctrl-C after a flood to a usable prompt, browser reading ${kib} KiB/s`,
          await interruptAndMeasure(slow.term),
          "ms",
          "≤ 1000 ms",
        );
      } finally {
        await slow.term.close();
        await server.sessions.end(slow.id);
        await link.close();
      }
    }
  } finally {
    await flooder.term.close();
    await neighbour.term.close();
    await server.sessions.end(flooder.id);
    await server.sessions.end(neighbour.id);
  }
}
