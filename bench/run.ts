/**
 * `npm run bench`: measures what learners feel, on this machine, against the real engine.
 * Prints a table and writes bench/results/latest.json. Targets are informative, not asserted.
 */
import { resolve } from "node:path";
import { evaluateExercises } from "../lab-server/checks/evaluate.ts";
import type { LabServer } from "../lab-server/http/server.ts";
import { oneOffReader } from "../lab-server/inspect/reader.ts";
import { LessonCatalog } from "../lab-server/lessons/catalog.ts";
import { createSession, startTestServer } from "../test/helpers/server.ts";
import { TerminalClient } from "../test/helpers/terminal-client.ts";
import { runDensity } from "./density.ts";
import { bareEcho, productEcho } from "./echo.ts";
import { runFloods } from "./flood.ts";
import { Report } from "./report.ts";
import { quantile, since } from "./stats.ts";

const CONTENT = resolve(import.meta.dirname, "../content/lessons");
const COLD_STARTS = Number(process.env["BENCH_COLD_STARTS"] ?? 5);
const ECHOES = Number(process.env["BENCH_ECHOES"] ?? 300);

const report = new Report();
const record = report.record.bind(report);

/** Start-to-prompt times with a warm pool of one, waiting for it to refill between starts. */
async function warmStarts(count: number): Promise<number[]> {
  const pooled = await startTestServer({ contentDir: CONTENT, maxSessionsPerClient: 100, poolSize: 1 });
  const samples: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      while (pooled.sessions.warm < 1) await new Promise((resolve) => setTimeout(resolve, 50));
      const start = performance.now();
      const session = await createSession(pooled, "user-defined-bridges");
      const t = await TerminalClient.open(pooled, session);
      await t.ready();
      samples.push(since(start));
      await t.close();
      await pooled.sessions.end(session.id);
    }
  } finally {
    await pooled.close();
  }
  return samples;
}

/** Click-to-prompt times of a lab with several hosts: until every host's terminal shows a prompt. */
async function coldStarts(server: LabServer, lesson: string, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const session = await createSession(server, lesson);
    const terms = await Promise.all(session.hosts.map((host) => TerminalClient.open(server, session, { host })));
    await Promise.all(terms.map((t) => t.ready()));
    samples.push(since(start));
    await Promise.all(terms.map((t) => t.close()));
    await server.sessions.end(session.id);
  }
  return samples;
}

const server = await startTestServer({ contentDir: CONTENT, maxSessionsPerClient: 100 });
console.log(`Switchyard benchmark (engine ${await server.engine.version()})\n`);
try {
  // Cold start: click (POST) to a usable prompt, one-host lab, no warm pool.
  const cold: number[] = [];
  let term: TerminalClient | undefined;
  let sessionId = "";
  for (let i = 0; i < COLD_STARTS; i++) {
    const start = performance.now();
    const session = await createSession(server, "user-defined-bridges");
    const t = await TerminalClient.open(server, session);
    await t.ready();
    cold.push(since(start));
    if (i === COLD_STARTS - 1) {
      term = t;
      sessionId = session.id;
    } else {
      await t.close();
      await server.sessions.end(session.id);
    }
  }
  record("cold start to prompt, one host (p50)", quantile(cold, 0.5), "ms", "≤ 2000 ms");
  record("cold start to prompt, one host (max)", Math.max(...cold), "ms", "");
  record("warm start to prompt, one host (p50)", quantile(await warmStarts(COLD_STARTS), 0.5), "ms", "≤ 150 ms");
  const swarm = await coldStarts(server, "overlay-networks", Math.min(COLD_STARTS, 3));
  record("cold start to every prompt, three-host swarm lab (p50)", quantile(swarm, 0.5), "ms", "≤ 5000 ms");

  const session = server.sessions.list().find((s) => s.id === sessionId);
  const host = session?.sandbox?.hosts[0];
  if (!term || !session?.sandbox || !host) throw new Error("no session to measure");
  // The last cold-started host has sat at its prompt through the warm and swarm starts: idle, settled.
  const idleMemory = await server.engine.memoryUsage(host.containerId);

  const product = await productEcho(term, ECHOES);
  const bare = await bareEcho(server.engine, host.containerId, ECHOES);
  record("keystroke echo via product (p50)", quantile(product, 0.5), "ms", "");
  record("keystroke echo via product (p99)", quantile(product, 0.99), "ms", "");
  record("keystroke echo via bare exec attach (p50)", quantile(bare, 0.5), "ms", "floor");
  record("keystroke echo via bare exec attach (p99)", quantile(bare, 0.99), "ms", "floor");
  record("product overhead over the floor (p99)", quantile(product, 0.99) - quantile(bare, 0.99), "ms", "≤ 2 ms");

  // Check evaluation for a lesson, after its reference solutions.
  const lesson = LessonCatalog.load(CONTENT).get("user-defined-bridges");
  for (const ex of lesson?.exercises ?? []) {
    for (const step of ex.solution) await term.run(typeof step === "string" ? step : step.command, 60_000);
  }
  const evals: number[] = [];
  const fresh: number[] = [];
  for (let i = 0; i < 10; i++) {
    // Through the session's live runner, as after a learner's Enter: engine state is re-read only
    // when the sandbox reported a change since the last evaluation.
    let start = performance.now();
    await session.checks?.evaluate();
    evals.push(since(start));
    start = performance.now();
    await evaluateExercises(lesson?.exercises ?? [], oneOffReader(server.engine), session.sandbox);
    fresh.push(since(start));
  }
  record("check evaluation, user-defined-bridges (p50)", quantile(evals, 0.5), "ms", "≤ 200 ms");
  record("  … re-reading the engine state too (p50)", quantile(fresh, 0.5), "ms", "");

  // Output throughput through the terminal path, counted straight off the socket: held to the
  // output budget (lab-server/terminal/output-rate.ts), which no browser outruns anyway.
  const bytes = 8 * 1024 * 1024;
  const counted = new Promise<number>((resolve) => {
    let total = 0;
    let tail = "";
    const onMessage = (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return;
      total += data.length;
      tail = (tail + data.subarray(-64).toString("latin1")).slice(-128);
      if (tail.includes("__throughput__")) {
        term?.ws.off("message", onMessage);
        resolve(total);
      }
    };
    term?.ws.on("message", onMessage);
  });
  const start = performance.now();
  term.type(`head -c ${bytes} /dev/zero | tr '\\0' 'x'; echo; echo __through""put__\r`);
  const total = await counted;
  record("terminal output throughput", total / 1024 / 1024 / (since(start) / 1000), "MB/s", "the output budget, 1 MiB/s");

  record("idle sandbox host memory (fresh, at its prompt)", idleMemory / 1024 / 1024, "MiB", "≤ 60 MiB");
  record(
    "sandbox host memory after the lesson and 8 MB of output",
    (await server.engine.memoryUsage(host.containerId)) / 1024 / 1024,
    "MiB",
    "",
  );
  await term.close();

  await runFloods(server, record, ECHOES);
} finally {
  await server.close();
}

report.write("latest.json");

// The density scenario takes minutes and about 10 GB of memory, so it runs only when asked for.
if (process.env["BENCH_DENSITY"] === "1") {
  await runDensity();
} else {
  console.log("\ndensity scenario (100 sessions, 20 typing) skipped: BENCH_DENSITY=1 npm run bench, or npm run bench:density");
}
