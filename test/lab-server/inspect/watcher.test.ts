import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../../lab-server/docker/engine.ts";
import { hostImageRef, recipeHash } from "../../../lab-server/images/recipes.ts";
import { SandboxWatcher } from "../../../lab-server/inspect/watcher.ts";
import { createLogger } from "../../../lab-server/log.ts";
import { provisionSandbox, removeLeftovers, type Sandbox } from "../../../lab-server/sandbox/sandbox.ts";
import { SubnetAllocator } from "../../../lab-server/sandbox/subnets.ts";
import { testConfig, testInstance } from "../../helpers/server.ts";

const engine = new Engine({ dockerHost: process.env["DOCKER_HOST"] });
const instance = testInstance();
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await provisionSandbox(engine, new SubnetAllocator("10.214.0.0/16"), {
    sessionId: "watchertest1",
    instance,
    hostNames: ["host1"],
    image: hostImageRef(recipeHash()),
    limits: testConfig().sandbox,
  });
});
afterAll(async () => {
  await removeLeftovers(engine, instance);
});

/** Runs a docker command inside the sandbox host, as a learner's terminal would. */
async function inHost(...args: string[]): Promise<void> {
  const res = await engine.execCapture(sandbox.hosts[0]!.containerId, ["docker", ...args], { timeoutMs: 20_000 });
  expect(res.exitCode, res.stderr).toBe(0);
}

describe("the sandbox watcher", () => {
  it("sees a change made between its creation and its events stream subscribing", { timeout: 30_000 }, async () => {
    const watcher = new SandboxWatcher(engine, sandbox, createLogger("error"));
    try {
      // The learner's first command can land before the events stream has subscribed: made here
      // before the stream even starts, it must still count.
      await inHost("network", "create", "made-early");
      const changed = once(watcher, "change");
      await watcher.start();
      await changed;
      expect(watcher.generation).toBeGreaterThan(0);
    } finally {
      watcher.stop();
    }
  });
});
