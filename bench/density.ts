/**
 * `npm run bench:density` (or `BENCH_DENSITY=1 npm run bench`): how many learners one machine
 * holds. Opens many one-host sessions on one lab server, has a few of them type at a human pace
 * while the rest sit at their prompt, and reports memory, echo latency and the server's load.
 * Prints a table and writes bench/results/density.json. Targets are informative, not asserted.
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { LABEL_OWNER } from "../lab-server/docker/engine.ts";
import type { LabServer } from "../lab-server/http/server.ts";
import { removeLeftovers } from "../lab-server/sandbox/sandbox.ts";
import { startTestServer, testInstance } from "../test/helpers/server.ts";
import { productEcho } from "./echo.ts";
import { availableMemory, type OpenSession, openFleet } from "./fleet.ts";
import { Report } from "./report.ts";
import { quantile } from "./stats.ts";

const CONTENT = resolve(import.meta.dirname, "../content/lessons");
const LESSON = "user-defined-bridges";
const MIB = 1024 * 1024;

/** Share of CPU time idle over a 2 s sample that counts as "quiet". */
const SETTLE_IDLE_SHARE = 0.7;
/** Longest wait for the machine to quiet down after provisioning. */
const SETTLE_MAX_MS = 120_000;

/** The scenario's knobs, from BENCH_DENSITY_* variables. */
export interface DensityOptions {
  sessions: number;
  typists: number;
  /** How long the typists type. */
  seconds: number;
  /** Sessions being provisioned at a time. */
  concurrency: number;
  /** No new session is started below this much available machine memory. */
  minAvailableMiB: number;
}

/** Options from the environment, with the issue's scenario (100 sessions, 20 typing) as default. */
export function densityOptions(env: NodeJS.ProcessEnv = process.env): DensityOptions {
  const num = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0, got ${env[name]}`);
    return value;
  };
  return {
    sessions: num("BENCH_DENSITY_SESSIONS", 100),
    typists: num("BENCH_DENSITY_TYPISTS", 20),
    seconds: num("BENCH_DENSITY_SECONDS", 30),
    concurrency: num("BENCH_DENSITY_CONCURRENCY", 5),
    minAvailableMiB: num("BENCH_DENSITY_MIN_AVAILABLE_MIB", 2048),
  };
}

/** Runs the scenario and writes its results; every session is ended at the end, on failure and on Ctrl-C too. */
export async function runDensity(options: DensityOptions = densityOptions()): Promise<void> {
  const instance = testInstance();
  const server = await startTestServer({ contentDir: CONTENT, poolSize: 0, maxSessionsPerClient: 10_000, instance });
  console.log(
    `\nSwitchyard density: ${options.sessions} one-host sessions, ${options.typists} typing for ${options.seconds} s ` +
      `(instance ${instance}, engine ${await server.engine.version()})\n`,
  );
  let closing: Promise<void> | undefined;
  const cleanUp = () => {
    closing ??= closeAndSweep(server, instance);
    return closing;
  };
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) {
      console.error(`\nforced exit: leftovers carry the label ${LABEL_OWNER}=${instance}`);
      process.exit(130);
    }
    interrupted = true;
    console.log("\ninterrupted: ending every session (Ctrl-C again to exit at once)");
    void cleanUp().finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    await measure(server, options, () => interrupted);
  } finally {
    await cleanUp();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

async function measure(server: LabServer, options: DensityOptions, stopped: () => boolean): Promise<void> {
  const report = new Report();
  const availableBefore = availableMemory();
  const tty = process.stdout.isTTY;
  const fleet = await openFleet(server, {
    lesson: LESSON,
    count: options.sessions,
    concurrency: options.concurrency,
    minAvailableBytes: options.minAvailableMiB * MIB,
    stopped,
    onProgress: (done, failed) => {
      const line = `provisioning ${done}/${options.sessions}${failed ? ` (${failed} failed)` : ""}`;
      // On a terminal the line updates in place; in a log, every tenth is enough.
      if (tty) process.stdout.write(`\r${line}`);
      else if (done % 10 === 0 || done === options.sessions) console.log(line);
    },
  });
  if (tty) process.stdout.write("\n");
  if (stopped()) return;
  if (fleet.stoppedBecause) console.log(`stopped provisioning early: ${fleet.stoppedBecause}`);
  const failures = new Map<string, number>();
  for (const f of fleet.failures) failures.set(f, (failures.get(f) ?? 0) + 1);
  for (const [message, count] of failures) console.log(`  failed ×${count}: ${message}`);

  // The last sandboxes are still booting: typing starts once the machine has quieted down, so that
  // echo is measured against idle sessions, not against provisioning.
  const settle = await untilQuiet(SETTLE_IDLE_SHARE, SETTLE_MAX_MS);
  console.log(
    `machine ${settle.quiet ? "quiet" : "still busy"} after ${(settle.ms / 1000).toFixed(1)} s (CPU idle ${(settle.idle * 100).toFixed(0)}%)`,
  );

  // Idle memory of every host, with all sessions connected and nobody typing yet.
  const memory = await sampleMemory(server, fleet.ready);
  const availableAfter = availableMemory();
  const loadIdle = loadavg()[0] ?? Number.NaN;

  const typists = fleet.ready.slice(0, options.typists);
  console.log(`\n${fleet.ready.length} sessions at their prompt; ${typists.length} typing for ${options.seconds} s…`);
  const typing = await type(typists, options.seconds);

  const times = fleet.ready.map((s) => s.ms);
  const echoes = typing.samples;
  console.log("");
  report.record("sessions requested", options.sessions, "", "");
  report.record("sessions ready (connected at once)", fleet.ready.length, "", `${options.sessions}`);
  report.record("sessions failed", fleet.failures.length, "", "0");
  report.record("sessions still connected after typing", fleet.ready.filter((s) => !s.term.closed).length, "", `${fleet.ready.length}`);
  report.record("provisioning to prompt (p50)", quantile(times, 0.5), "ms", "");
  report.record("provisioning to prompt (p95)", quantile(times, 0.95), "ms", "");
  report.record("provisioning to prompt (max)", Math.max(...times), "ms", "");
  report.record(`provisioning, all ${fleet.ready.length} (wall time)`, fleet.wallMs / 1000, "s", "");
  report.record("idle sandbox host memory (mean)", mean(memory) / MIB, "MiB", "≤ 60 MiB");
  report.record("idle sandbox host memory (max)", Math.max(...memory) / MIB, "MiB", "≤ 60 MiB");
  report.record(`sandbox host memory, all ${memory.length}`, sum(memory) / MIB, "MiB", "");
  report.record("machine memory available before", availableBefore / MIB, "MiB", "");
  report.record("machine memory available with all sessions", availableAfter / MIB, "MiB", "");
  report.record("typists", typists.length, "", `${options.typists}`);
  report.record("typists failed", typing.failures.length, "", "0");
  report.record("keystrokes echoed", echoes.length, "", "");
  report.record("keystroke echo under load (p50)", quantile(echoes, 0.5), "ms", "");
  report.record("keystroke echo under load (p99)", quantile(echoes, 0.99), "ms", "≤ 25 ms");
  report.record("keystroke echo under load (max)", echoes.length ? Math.max(...echoes) : Number.NaN, "ms", "");
  report.record("lab server process RSS while typing (max)", typing.rssMax / MIB, "MiB", "");
  report.record("event loop delay while typing (p99)", typing.loopP99Ms, "ms", "");
  report.record("event loop delay while typing (max)", typing.loopMaxMs, "ms", "");
  report.record("load average, 1 min, all idle", loadIdle, "", "");
  report.record("load average, 1 min, end of typing", typing.load, "", "");
  report.record(
    "CPU idle before typing (2 s sample)",
    settle.idle * 100,
    "%",
    `waited ${(settle.ms / 1000).toFixed(0)} s for ≥ ${SETTLE_IDLE_SHARE * 100}%`,
  );
  for (const f of typing.failures) console.log(`  typist failed: ${f}`);
  // When the slow echoes came says more about their cause than their share does.
  console.log(`\nechoes slower than ${SLOW_MS} ms, by ${WINDOW_S} s of typing:`);
  for (const w of typing.timeline) {
    console.log(
      `  ${String(w.fromS).padStart(3)} s  ${String(w.slow).padStart(4)} of ${String(w.count).padStart(4)}  max ${w.maxMs.toFixed(0)} ms`,
    );
  }
  report.write("density.json");
}

/** Each session's host memory (bytes), a few `docker stats` at a time (each takes about a second). */
async function sampleMemory(server: LabServer, sessions: readonly OpenSession[]): Promise<number[]> {
  const ids = sessions.flatMap(
    (s) =>
      server.sessions
        .list()
        .find((l) => l.id === s.id)
        ?.sandbox?.hosts.map((h) => h.containerId) ?? [],
  );
  const samples: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      // A host that cannot be measured is left out of the mean rather than failing the run.
      const bytes = await server.engine.memoryUsage(id).catch((err: unknown) => console.log(`  memory of ${id.slice(0, 12)}: ${err}`));
      if (typeof bytes === "number") samples.push(bytes);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return samples;
}

interface Typing {
  samples: number[];
  /** Per window of typing time: keystrokes, slow ones among them, and the slowest. */
  timeline: Window[];
  failures: string[];
  rssMax: number;
  loopP99Ms: number;
  loopMaxMs: number;
  load: number;
}

/** Width of one window of the typing timeline. */
const WINDOW_S = 2;
/** An echo slower than this is the kind the p99 target is about. */
const SLOW_MS = 25;

/** One window of the typing timeline. */
interface Window {
  fromS: number;
  count: number;
  slow: number;
  maxMs: number;
}

/** Has each typist type for `seconds`, a keystroke every 100–200 ms, watching this process meanwhile. */
async function type(typists: readonly OpenSession[], seconds: number): Promise<Typing> {
  const gapMs = () => 100 + Math.random() * 100;
  // Enough keystrokes to fill the time at the mean gap; dd then ends by itself.
  const count = Math.max(1, Math.round((seconds * 1000) / 150));
  const loop = monitorEventLoopDelay({ resolution: 5 });
  let t0 = performance.now();
  const timeline: Window[] = [];
  const onSample = (sentAt: number, ms: number) => {
    const i = Math.max(0, Math.floor((sentAt - t0) / (WINDOW_S * 1000)));
    for (let w = timeline.length; w <= i; w++) timeline.push({ fromS: w * WINDOW_S, count: 0, slow: 0, maxMs: 0 });
    const win = timeline[i] as Window;
    win.count++;
    if (ms > SLOW_MS) win.slow++;
    win.maxMs = Math.max(win.maxMs, ms);
  };
  let rssMax = process.memoryUsage().rss;
  const rssTimer = setInterval(() => {
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
  }, 500);
  // Each typist first starts `dd` (stty, dd and a prompt: the measuring harness, not typing), and
  // typing starts once all have: twenty harnesses launched in the same instant are a burst of
  // process starts no class makes. The check evaluations that their Enter sets off 0.7 s later
  // still run, around the start of the typing, as a learner's Enter would set them off.
  let waiting = typists.length;
  const allReady = Promise.withResolvers<void>();
  const arrive = () => {
    if (--waiting > 0) return;
    t0 = performance.now();
    allReady.resolve();
  };
  loop.enable();
  const settled = await Promise.allSettled(
    typists.map(async (s) => {
      let arrived = false;
      const ready = async () => {
        arrived = true;
        arrive();
        await allReady.promise;
        // Typists start out of step, as people do.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 200));
      };
      try {
        return await productEcho(s.term, count, { gapMs, onSample, ready });
      } finally {
        // One that failed before it was ready must not hold the others back.
        if (!arrived) arrive();
      }
    }),
  );
  loop.disable();
  clearInterval(rssTimer);
  const samples: number[] = [];
  const failures: string[] = [];
  for (const r of settled) {
    if (r.status === "fulfilled") samples.push(...r.value);
    else failures.push(r.reason instanceof Error ? (r.reason.message.split("\n")[0] ?? "") : String(r.reason));
  }
  return {
    samples,
    timeline,
    failures,
    rssMax,
    loopP99Ms: loop.percentile(99) / 1e6,
    loopMaxMs: loop.max / 1e6,
    load: loadavg()[0] ?? Number.NaN,
  };
}

/** Ends every session, then waits for sandboxes still booting when their session ended to be gone. */
async function closeAndSweep(server: LabServer, instance: string): Promise<void> {
  console.log("ending every session…");
  await server.close().catch((err: unknown) => console.error("closing the lab server failed", err));
  // A sandbox whose session ended while it booted removes itself once booted (up to a minute).
  const deadline = Date.now() + 90_000;
  for (;;) {
    const left = await server.engine.listByLabel(`${LABEL_OWNER}=${instance}`);
    const count = left.containers.length + left.networks.length + left.volumes.length;
    if (count === 0) return;
    if (Date.now() > deadline) {
      console.log(`removing ${count} leftover objects of ${instance}`);
      await removeLeftovers(server.engine, instance);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: readonly number[]) => (xs.length ? sum(xs) / xs.length : Number.NaN);

if (import.meta.main) await runDensity();

/** Idle share of all CPUs over `ms`, from /proc/stat. */
async function idleShare(ms: number): Promise<number> {
  const read = () => {
    const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { idle, total: fields.reduce((a, b) => a + b, 0) };
  };
  const a = read();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const b = read();
  return b.total > a.total ? (b.idle - a.idle) / (b.total - a.total) : 0;
}

/** Waits until CPU idle reaches `share` over a 2 s sample, or `maxMs` passed. */
async function untilQuiet(share: number, maxMs: number): Promise<{ quiet: boolean; ms: number; idle: number }> {
  const start = performance.now();
  for (;;) {
    const idle = await idleShare(2000);
    const ms = performance.now() - start;
    if (idle >= share || ms >= maxMs) return { quiet: idle >= share, ms, idle };
  }
}
