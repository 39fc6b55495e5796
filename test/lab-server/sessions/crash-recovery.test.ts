/**
 * kill -9 of the lab server mid-session: the next start of the same instance picks up the open
 * session, sandbox and all, for the same browser; and removes whatever else the dead process left.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, it } from "vitest";
import { Engine, LABEL_OWNER, LABEL_SESSION } from "../../../lab-server/docker/engine.ts";
import { FIXTURE_LESSONS, testInstance } from "../../helpers/server.ts";
import { TerminalClient } from "../../helpers/terminal-client.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
const engine = new Engine({ dockerHost: process.env["DOCKER_HOST"] });
const instance = testInstance();
// Both processes share one data folder (or the test PostgreSQL): the second reads what the first recorded.
const dataDir = mkdtempSync(join(tmpdir(), "switchyard-crash-"));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

/** Starts `npm start`'s entry point as its own process and resolves with its URL. */
function startProcess(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["lab-server/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: "0",
      SWITCHYARD_INSTANCE: instance,
      SWITCHYARD_DATA_DIR: dataDir,
      ...(process.env["TEST_DATABASE_URL"] ? { DATABASE_URL: process.env["TEST_DATABASE_URL"] } : {}),
      SWITCHYARD_CONTENT_DIR: FIXTURE_LESSONS,
      SWITCHYARD_POOL_SIZE: "0",
      SWITCHYARD_LOG: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolvePromise, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const url = /running at (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolvePromise({ child, url });
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

const owned = async () => {
  const found = await engine.listByLabel(`${LABEL_OWNER}=${instance}`);
  return found.containers.length + found.networks.length + found.volumes.length;
};

const createLab = async (url: string) => {
  const res = await fetch(`${url}/api/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: '{"lesson":"fixture-terminal"}',
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; token: string };
};

it("picks up an open lab after a kill -9, and removes what no session owns", async () => {
  const first = await startProcess();
  const session = await createLab(first.url);
  const term = await TerminalClient.open(first, session);
  await term.ready();
  await term.run("docker network create before-crash >/dev/null");
  const kept = await owned();
  expect(kept).toBeGreaterThan(0);
  // A sandbox no session record points at (as a half-made or pooled one would be).
  const strayLabel = `stray${Date.now()}`;
  const strayNet = await engine.createNetwork({
    name: `sy-${instance}-${strayLabel}`,
    subnet: "10.213.0.0/24", // .0 is never handed out to a lab
    gateway: "10.213.0.1",
    labels: { [LABEL_OWNER]: instance, [LABEL_SESSION]: strayLabel },
    internal: true,
  });
  expect(strayNet).toBeTruthy();

  const exited = new Promise((r) => first.child.once("exit", r));
  first.child.kill("SIGKILL");
  await exited;
  await term.until((c) => c.closed !== undefined, "the socket to drop");
  expect(await owned()).toBe(kept + 1); // a killed process cleans nothing up itself

  const second = await startProcess();
  expect(await owned()).toBe(kept);
  const view = await fetch(`${second.url}/api/sessions/${session.id}`, { headers: { "x-session-token": session.token } });
  expect(view.status).toBe(200);
  expect(((await view.json()) as { state: string }).state).toBe("ready");
  const wrong = await fetch(`${second.url}/api/sessions/${session.id}`, { headers: { "x-session-token": "not-the-token" } });
  expect(wrong.status).toBe(401);

  // The browser reconnects with what it already holds, to a fresh shell in the same sandbox.
  const again = await TerminalClient.open(second, session);
  await again.ready();
  expect(again.output).toContain("the lab server restarted");
  expect(await again.run("docker network ls --format '{{.Name}}'")).toContain("before-crash");
  await again.close();

  // Ending it now removes everything, as for any session.
  const ended = await fetch(`${second.url}/api/sessions/${session.id}`, {
    method: "DELETE",
    headers: { "x-session-token": session.token, origin: second.url },
  });
  expect(ended.status).toBe(204);
  expect(await owned()).toBe(0);
  const stopped = new Promise((r) => second.child.once("exit", r));
  second.child.kill("SIGTERM");
  await stopped;

  // A third start finds nothing to pick up.
  const third = await startProcess();
  const gone = await fetch(`${third.url}/api/sessions/${session.id}`, { headers: { "x-session-token": session.token } });
  expect(gone.status).toBe(404);
  third.child.kill("SIGTERM");
});
