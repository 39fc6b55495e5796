import { afterAll, describe, expect, it } from "vitest";
import { Engine, LABEL_OWNER } from "../../../lab-server/docker/engine.ts";
import { hostImageRef, recipeHash } from "../../../lab-server/images/recipes.ts";
import { destroySandbox, provisionSandbox, removeLeftovers } from "../../../lab-server/sandbox/sandbox.ts";
import { SubnetAllocator } from "../../../lab-server/sandbox/subnets.ts";
import { testConfig, testInstance } from "../../helpers/server.ts";

const engine = new Engine({ dockerHost: process.env["DOCKER_HOST"] });
const image = hostImageRef(recipeHash());
const limits = testConfig().sandbox;
const instance = testInstance();

async function ownedObjects(owner: string) {
  const found = await engine.listByLabel(`${LABEL_OWNER}=${owner}`);
  return found.containers.length + found.networks.length + found.volumes.length;
}

describe("sandbox provisioning on the real engine", () => {
  afterAll(async () => {
    await removeLeftovers(engine, instance);
  });

  it("starts two hosts on one private lab network that reach each other, then leaves nothing behind", async () => {
    const subnets = new SubnetAllocator("10.213.0.0/16");
    const progress: string[] = [];
    const sandbox = await provisionSandbox(engine, subnets, {
      sessionId: "sandboxtest1",
      instance,
      hostNames: ["host1", "host2"],
      image,
      limits,
      onProgress: (d) => progress.push(d),
    });
    expect(sandbox.hosts.map((h) => h.name)).toEqual(["host1", "host2"]);
    expect(progress).toContain("ready");

    const [host1, host2] = sandbox.hosts;
    const ping = await engine.execCapture(host1!.containerId, ["ping", "-c", "1", "-W", "2", host2!.address], { timeoutMs: 10_000 });
    expect(ping.exitCode).toBe(0);
    const name = await engine.execCapture(host2!.containerId, ["hostname"], { timeoutMs: 5_000 });
    expect(name.stdout.trim()).toBe("host2");
    // The lab images are preloaded under their short names.
    const images = await engine.execCapture(host1!.containerId, ["docker", "images", "--format", "{{.Repository}}:{{.Tag}}"], {
      timeoutMs: 10_000,
    });
    expect(images.stdout.split("\n").sort()).toEqual(expect.arrayContaining(["tools:latest", "web:latest"]));

    expect(await ownedObjects(instance)).toBe(3); // 2 containers, 1 network
    await destroySandbox(engine, instance, "sandboxtest1");
    expect(await ownedObjects(instance)).toBe(0);
    expect(await engine.isRunning(host1!.containerId)).toBe(false);
  });

  it("keeps the sandboxes of different sessions apart: one cannot reach the other", async () => {
    const subnets = new SubnetAllocator("10.213.0.0/16");
    const a = await provisionSandbox(engine, subnets, { sessionId: "sandboxtesta", instance, hostNames: ["host1"], image, limits });
    const b = await provisionSandbox(engine, subnets, { sessionId: "sandboxtestb", instance, hostNames: ["host1"], image, limits });
    expect(a.subnet).not.toBe(b.subnet);
    const ping = await engine.execCapture(a.hosts[0]!.containerId, ["ping", "-c", "1", "-W", "1", b.hosts[0]!.address], {
      timeoutMs: 10_000,
    });
    expect(ping.exitCode).not.toBe(0);
    await destroySandbox(engine, instance, "sandboxtesta");
    await destroySandbox(engine, instance, "sandboxtestb");
    expect(await ownedObjects(instance)).toBe(0);
  });

  it("cleans up what it created when a host fails to start", async () => {
    const subnets = new SubnetAllocator("10.213.0.0/16");
    await expect(
      provisionSandbox(engine, subnets, {
        sessionId: "sandboxtestfail",
        instance,
        hostNames: ["host1"],
        image: "switchyard/host:does-not-exist",
        limits,
      }),
    ).rejects.toMatchObject({ code: "LAB_ERR_IMAGE_MISSING" });
    expect(await ownedObjects(instance)).toBe(0);
  });
});
