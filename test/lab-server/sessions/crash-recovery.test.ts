/**
 * kill -9 of the lab server mid-session: the next start of the same instance removes every
 * sandbox object the dead process left behind.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, expect, it } from "vitest";
import { Engine, LABEL_OWNER } from "../../../lab-server/docker/engine.ts";
import { FIXTURE_LESSONS, testInstance } from "../../helpers/server.ts";
import { TerminalClient } from "../../helpers/terminal-client.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
const engine = new Engine({ dockerHost: process.env["DOCKER_HOST"] });
const instance = testInstance();
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

it("cleans up after a kill -9 when the server starts again", async () => {
  const first = await startProcess();
  const res = await fetch(`${first.url}/api/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: '{"lesson":"fixture-terminal"}',
  });
  const session = (await res.json()) as { id: string; token: string };
  const term = await TerminalClient.open(first, session);
  await term.ready();
  expect(await owned()).toBe(3);

  const exited = new Promise((r) => first.child.once("exit", r));
  first.child.kill("SIGKILL");
  await exited;
  await term.until((c) => c.closed !== undefined, "the socket to drop");
  expect(await owned()).toBe(3); // a killed process cleans nothing up itself

  const second = await startProcess();
  expect(await owned()).toBe(0);
  const gone = await fetch(`${second.url}/api/sessions/${session.id}`, { headers: { "x-session-token": session.token } });
  expect(gone.status).toBe(404);
  second.child.kill("SIGTERM");
});
