/**
 * Opens many sessions on one lab server, a few at a time, each through the real HTTP API and its
 * terminal socket, as learners pressing Start lab would. A failed session is noted, not fatal.
 */
import { readFileSync } from "node:fs";
import { freemem } from "node:os";
import type { LabServer } from "../lab-server/http/server.ts";
import { createSession } from "../test/helpers/server.ts";
import { TerminalClient } from "../test/helpers/terminal-client.ts";
import { since } from "./stats.ts";

/** A session at its prompt, with its terminal socket open. */
export interface OpenSession {
  id: string;
  term: TerminalClient;
  /** From the POST to the first prompt. */
  ms: number;
}

/** What opening the fleet gave. */
export interface Fleet {
  ready: OpenSession[];
  failures: string[];
  /** Why it stopped before opening every session it was asked for, if it did. */
  stoppedBecause: string | undefined;
  /** From the first POST to the last session settled. */
  wallMs: number;
}

/** How to open the fleet. */
export interface FleetOptions {
  lesson: string;
  count: number;
  /** Sessions being opened at a time. */
  concurrency: number;
  /** No new session is started while the machine has less memory available than this. */
  minAvailableBytes: number;
  /** Checked before each new session; true stops the fleet (e.g. on Ctrl-C). */
  stopped: () => boolean;
  onProgress: (done: number, failed: number) => void;
}

/** This many failures in a row means the engine or the machine is refusing: stop asking. */
const FAILURES_IN_A_ROW = 3;

/** Memory the machine can still give without swapping (MemAvailable), in bytes. */
export function availableMemory(): number {
  const match = /^MemAvailable:\s+(\d+) kB$/m.exec(readFileSync("/proc/meminfo", "utf8"));
  return match ? Number(match[1]) * 1024 : freemem();
}

/** Opens up to `count` sessions; resolves once each has reached its prompt or failed. */
export async function openFleet(server: LabServer, options: FleetOptions): Promise<Fleet> {
  const fleet: Fleet = { ready: [], failures: [], stoppedBecause: undefined, wallMs: 0 };
  const start = performance.now();
  let next = 0;
  let inARow = 0;
  const worker = async () => {
    while (next < options.count && !fleet.stoppedBecause && !options.stopped()) {
      const free = availableMemory();
      if (free < options.minAvailableBytes) {
        fleet.stoppedBecause = `the machine had only ${(free / 2 ** 30).toFixed(1)} GiB of memory available`;
        break;
      }
      next++;
      const opened = await openOne(server, options.lesson);
      if (typeof opened === "string") {
        fleet.failures.push(opened);
        inARow++;
        if (inARow >= FAILURES_IN_A_ROW) fleet.stoppedBecause = `${inARow} sessions in a row failed (last: ${opened})`;
      } else {
        fleet.ready.push(opened);
        inARow = 0;
      }
      options.onProgress(fleet.ready.length + fleet.failures.length, fleet.failures.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  fleet.wallMs = since(start);
  return fleet;
}

/** One session to its prompt, or why it did not get there (its session is then ended). */
async function openOne(server: LabServer, lesson: string): Promise<OpenSession | string> {
  const start = performance.now();
  let id: string | undefined;
  let term: TerminalClient | undefined;
  try {
    const session = await createSession(server, lesson);
    id = session.id;
    term = await TerminalClient.open(server, session);
    await term.ready();
    return { id, term, ms: since(start) };
  } catch (err) {
    // The server's own reason says more than a client's timeout.
    const reason = id ? server.sessions.list().find((s) => s.id === id)?.error?.message : undefined;
    // Free what it holds at once, so one stuck session does not weigh on the others.
    await term?.close().catch(() => undefined);
    if (id) await server.sessions.end(id).catch(() => undefined);
    return reason ?? (err instanceof Error ? (err.message.split("\n")[0] ?? err.message) : String(err));
  }
}
