/**
 * Restarts the machine's Docker Engine the way it was started: same program, arguments and
 * environment, read from the running dockerd. Only for an engine this machine runs as root with
 * live restore (as `./switchyard setup` starts it); otherwise says why it cannot.
 */
import { spawn } from "node:child_process";
import { existsSync, openSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Engine } from "../../lab-server/docker/engine.ts";

const PID_FILE = "/var/run/docker.pid";
const LOG = resolve(import.meta.dirname, "../../.data/logs/dockerd.log");

/** Why the engine cannot be restarted by a test, or undefined when it can. */
export async function cannotRestartEngine(engine: Engine): Promise<string | undefined> {
  if (process.env["DOCKER_HOST"] && !process.env["DOCKER_HOST"].startsWith("unix:")) return "the engine is remote (DOCKER_HOST)";
  if (process.getuid?.() !== 0) return "restarting dockerd needs root";
  if (!existsSync(PID_FILE)) return `no ${PID_FILE}`;
  if (!(await engine.liveRestore())) return "the engine runs without --live-restore (start it with ./switchyard setup)";
  const pid = Number(readFileSync(PID_FILE, "utf8").trim());
  if (!existsSync(`/proc/${pid}/cmdline`)) return `dockerd (pid ${pid}) is not visible here`;
  return undefined;
}

/** Stops dockerd with SIGTERM, starts it again with the same command line, and waits until it answers. */
export async function restartEngine(engine: Engine, timeoutMs = 60_000): Promise<void> {
  const pid = Number(readFileSync(PID_FILE, "utf8").trim());
  const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  const env = Object.fromEntries(
    readFileSync(`/proc/${pid}/environ`, "utf8")
      .split("\0")
      .filter((kv) => kv.includes("="))
      .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
  );
  const deadline = Date.now() + timeoutMs;
  process.kill(pid, "SIGTERM");
  // A stopped dockerd is seen as its /proc entry going away; checked each 100 ms.
  while (existsSync(`/proc/${pid}`)) {
    if (Date.now() > deadline) throw new Error(`dockerd (pid ${pid}) did not stop`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const log = openSync(LOG, "a");
  const child = spawn(argv[0]!, argv.slice(1), { env, detached: true, stdio: ["ignore", log, log] });
  child.unref();
  for (;;) {
    try {
      await engine.ping();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`dockerd did not answer again within ${timeoutMs} ms; see ${LOG}`);
      if (child.exitCode !== null) throw new Error(`dockerd exited with ${child.exitCode} at start; see ${LOG}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
