/**
 * Near misses must not pass and equivalent solutions must, for the checks that read engine state
 * (network, container, attached).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type TestSandbox } from "../../helpers/sandbox.ts";

let box: TestSandbox;
beforeAll(async () => {
  box = await startSandbox();
});
afterAll(async () => {
  await box?.destroy();
});

describe("network checks", () => {
  it("fails for a missing network, passes once created, and fails again once removed", async () => {
    expect((await box.check({ kind: "network", name: "netA" })).ok).toBe(false);
    await box.sh("docker network create netA");
    expect(await box.check({ kind: "network", name: "netA", driver: "bridge" })).toMatchObject({ ok: true });
    await box.sh("docker network rm netA");
    const gone = await box.check({ kind: "network", name: "netA" });
    expect(gone.ok).toBe(false);
    expect(gone.message).toContain("no network called `netA`");
  });

  it("rejects the wrong driver and the wrong subnet, and accepts any subnet when none is asked", async () => {
    await box.sh("docker network create --subnet 10.50.0.0/24 --gateway 10.50.0.254 netB");
    const driver = await box.check({ kind: "network", name: "netB", driver: "macvlan" });
    expect(driver.ok).toBe(false);
    expect(driver.message).toContain("driver is `bridge`");
    const subnet = await box.check({ kind: "network", name: "netB", subnet: "10.60.0.0/24" });
    expect(subnet.ok).toBe(false);
    expect(subnet.message).toContain("10.50.0.0/24");
    expect((await box.check({ kind: "network", name: "netB", gateway: "10.50.0.254", subnet: "10.50.0.0/24" })).ok).toBe(true);
    expect((await box.check({ kind: "network", name: "netB", internal: true })).ok).toBe(false);
    expect((await box.check({ kind: "network", name: "netB" })).ok).toBe(true);
  });

  it("checks absence when asked to", async () => {
    expect((await box.check({ kind: "network", name: "never-made", exists: false })).ok).toBe(true);
    expect((await box.check({ kind: "network", name: "bridge", exists: false })).ok).toBe(false);
  });
});

describe("container checks", () => {
  it("rejects a container named differently, stopped, or from another image", async () => {
    await box.sh("docker run -d --name webby web");
    const named = await box.check({ kind: "container", name: "web1" });
    expect(named.ok).toBe(false);
    expect(named.message).toContain("no container called `web1`");
    expect((await box.check({ kind: "container", name: "webby", image: "tools" })).ok).toBe(false);
    expect((await box.check({ kind: "container", name: "webby", image: "web", running: true })).ok).toBe(true);
    await box.sh("docker stop -t 1 webby");
    const stopped = await box.check({ kind: "container", name: "webby", running: true });
    expect(stopped.ok).toBe(false);
    expect(stopped.message).toContain("not running");
  });

  it("reads network mode and restart policy, by network name even when the learner used an id", async () => {
    await box.sh(
      "docker network create netC && docker run -d --name byid --restart unless-stopped --network $(docker network inspect -f '{{.Id}}' netC) tools sleep infinity",
    );
    expect((await box.check({ kind: "container", name: "byid", networkMode: "netC", restart: "unless-stopped" })).ok).toBe(true);
    expect((await box.check({ kind: "container", name: "byid", restart: "always" })).ok).toBe(false);
    await box.sh("docker run -d --name lonely --network none tools sleep infinity");
    expect((await box.check({ kind: "container", name: "lonely", networkMode: "none" })).ok).toBe(true);
    const mode = await box.check({ kind: "container", name: "lonely", networkMode: "bridge" });
    expect(mode.ok).toBe(false);
    expect(mode.message).toContain("--network none");
  });

  it("reads `--network container:X` by the container's name, whether X was given by name or by id", async () => {
    await box.sh("docker run -d --name owner tools sleep infinity && docker run -d --name stranger tools sleep infinity");
    await box.sh("docker run -d --name sidecar --network container:owner tools sleep infinity");
    await box.sh("docker run -d --name sidecar2 --network container:$(docker inspect -f '{{.Id}}' owner) tools sleep infinity");
    expect((await box.check({ kind: "container", name: "sidecar", networkMode: "container:owner" })).ok).toBe(true);
    expect((await box.check({ kind: "container", name: "sidecar2", networkMode: "container:owner" })).ok).toBe(true);
    const wrong = await box.check({ kind: "container", name: "sidecar", networkMode: "container:stranger" });
    expect(wrong.ok).toBe(false);
    expect(wrong.message).toContain("--network container:owner");
  });
});

describe("attached checks", () => {
  it("passes for `run --network` and for `network connect` alike, and fails on the wrong network", async () => {
    await box.sh("docker network create netD && docker network create netE");
    await box.sh("docker run -d --name viarun --network netD tools sleep infinity");
    await box.sh("docker run -d --name viaconnect tools sleep infinity && docker network connect netD viaconnect");
    expect((await box.check({ kind: "attached", container: "viarun", network: "netD" })).ok).toBe(true);
    expect((await box.check({ kind: "attached", container: "viaconnect", network: "netD", interfaces: 2 })).ok).toBe(true);
    const wrong = await box.check({ kind: "attached", container: "viarun", network: "netE" });
    expect(wrong.ok).toBe(false);
    expect(wrong.message).toBe("`viarun` is not connected to `netE`.");
  });

  it("goes back to failing after the container is disconnected", async () => {
    await box.sh("docker network create netF && docker run -d --name flip --network netF tools sleep infinity");
    expect((await box.check({ kind: "attached", container: "flip", network: "netF" })).ok).toBe(true);
    await box.sh("docker network disconnect netF flip");
    expect((await box.check({ kind: "attached", container: "flip", network: "netF" })).ok).toBe(false);
    expect((await box.check({ kind: "attached", container: "flip", network: "netF", attached: false })).ok).toBe(true);
  });

  it("checks aliases and fixed addresses, accepting ids for names", async () => {
    await box.sh(
      "docker network create --subnet 10.70.0.0/24 netG && docker run -d --name pinned --network netG --ip 10.70.0.50 --network-alias db tools sleep infinity",
    );
    const id = (await box.sh("docker inspect -f '{{.Id}}' pinned")).trim().slice(0, 12);
    expect((await box.check({ kind: "attached", container: id, network: "netG", ipv4: "10.70.0.50", alias: "db" })).ok).toBe(true);
    const ip = await box.check({ kind: "attached", container: "pinned", network: "netG", ipv4: "10.70.0.51" });
    expect(ip.ok).toBe(false);
    expect(ip.message).toContain("10.70.0.50");
    expect((await box.check({ kind: "attached", container: "pinned", network: "netG", alias: "cache" })).ok).toBe(false);
  });
});
