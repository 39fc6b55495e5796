/**
 * The sandbox host image: the engine learners meet is the one the lessons are written for, and a
 * container's own cgroup limits are refused in the user-namespace profile rather than ignored.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSandbox, type TestSandbox } from "../../helpers/sandbox.ts";

let box: TestSandbox;
beforeAll(async () => {
  box = await startSandbox();
});
afterAll(async () => {
  await box?.destroy();
});

it("runs Docker Engine 28 with compose 2.40, and their runtime is reported as runc", async () => {
  const out = await box.sh(
    "docker version --format 'server {{.Server.Version}}'; docker compose version --short | sed 's/^/compose /'; docker info --format 'runtime {{.DefaultRuntime}}'",
  );
  expect(out).toMatch(/^server 28\.\d+\.\d+/m);
  expect(out).toMatch(/^compose 2\.40\./m);
  expect(out).toMatch(/^runtime runc$/m);
});

it("starts nested containers in the host's own cgroup, and refuses a per-container limit with runc's message", async () => {
  const own = await box.sh("awk -F: '$2 == \"pids\" { print $3 }' /proc/self/cgroup");
  const nested = await box.sh("docker run --rm tools awk -F: '$2 == \"pids\" { print $3 }' /proc/self/cgroup");
  expect(nested.trim()).toBe(own.trim());
  const limited = await box.engine.execCapture(
    box.sandbox.hosts[0]!.containerId,
    ["sh", "-c", "docker run --rm --memory 64m tools true 2>&1; echo exit=$?"],
    {
      timeoutMs: 60_000,
    },
  );
  expect(limited.stdout).toContain("container could not join or create cgroup");
  expect(limited.stdout).toMatch(/exit=12[5-7]/);
});

it("runs a container in another container's network namespace (--network container:NAME)", async () => {
  await box.sh("docker run -d --name netowner tools sleep infinity >/dev/null");
  const owner = await box.sh("docker exec netowner ip -4 -o addr show eth0");
  const joined = await box.sh("docker run --rm --network container:netowner tools ip -4 -o addr show eth0");
  expect(joined.trim()).not.toBe("");
  expect(joined.split(/\s+/)[3]).toBe(owner.split(/\s+/)[3]);
});
