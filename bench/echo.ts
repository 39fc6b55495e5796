/**
 * Keystroke echo round trips: through the product (WebSocket → lab server → exec → shell → back)
 * and, as the floor, through a bare exec attach to the same shell without the server.
 */
import type { Duplex } from "node:stream";
import type { Engine } from "../lab-server/docker/engine.ts";
import type { TerminalClient } from "../test/helpers/terminal-client.ts";
import { since } from "./stats.ts";

/** How keystrokes are spaced: back to back unless `gapMs` says how long from one keystroke to the next. */
export interface Pace {
  gapMs?: () => number;
  /** Told of each sample: when its keystroke was sent (performance.now()) and its round trip (ms). */
  onSample?: (sentAt: number, ms: number) => void;
  /** Waited for once `dd` is running and before the first keystroke, e.g. until every typist is ready. */
  ready?: () => Promise<void>;
}

/** Echo samples (ms) for `count` keystrokes typed through the product. */
export async function productEcho(term: TerminalClient, count: number, pace: Pace = {}): Promise<number[]> {
  // With the TTY's echo off and no line buffering, `dd` sends back each keystroke as it comes,
  // just as the bare attach below does, and ends by itself after `count` of them.
  const mark = term.output.length;
  term.type(`stty -icanon -echo; dd bs=1 count=${count} status=none; stty sane; echo; echo __echo""done__\r`);
  const started = new RegExp(`__\r\n(${String.fromCharCode(27)}\\[\\?2004l\r?)?$`);
  await term.until((c) => started.test(c.output.slice(mark)), "dd to start");
  await pace.ready?.();
  const samples: number[] = [];
  let next = performance.now();
  for (let i = 0; i < count; i++) {
    // Gaps run from one keystroke to the next, not from the echo, so slow echoes do not slow a paced
    // typist down (unless one takes longer than the gap).
    const wait = next - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const ch = String.fromCharCode(97 + (i % 26));
    const before = term.output.length;
    const start = performance.now();
    next = start + (pace.gapMs?.() ?? 0);
    term.type(ch);
    await term.until((c) => c.output.length > before && c.output.slice(before).includes(ch), "the echo", 5_000);
    const ms = since(start);
    samples.push(ms);
    pace.onSample?.(start, ms);
  }
  await term.until((c) => c.output.indexOf("__echodone__", mark) >= 0, "dd to finish");
  return samples;
}

/** Echo samples (ms) through a bare TTY exec attach on the same host, without the lab server. */
export async function bareEcho(engine: Engine, containerId: string, count: number): Promise<number[]> {
  const exec = await engine.execTty(containerId, { cmd: ["sh", "-c", "stty -icanon -echo; exec cat"], cols: 80, rows: 24 });
  const stream: Duplex = exec.stream;
  let received = "";
  let wake: (() => void) | undefined;
  stream.on("data", (chunk: Buffer) => {
    received += chunk.toString("utf8");
    wake?.();
  });
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const ch = String.fromCharCode(97 + (i % 26));
    const before = received.length;
    const start = performance.now();
    stream.write(ch);
    while (!(received.length > before && received.slice(before).includes(ch))) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    samples.push(since(start));
  }
  stream.destroy();
  return samples;
}
