/**
 * The map's data model for real sandbox states: one host with several networks and published
 * ports, and a swarm overlay spanning two hosts.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { NetworkMap } from "../../../common/schemas/map.ts";
import { oneOffReader } from "../../../lab-server/inspect/reader.ts";
import { mapSandbox } from "../../../lab-server/map/publisher.ts";
import { startSandbox, type TestSandbox } from "../../helpers/sandbox.ts";

const boxes: TestSandbox[] = [];
afterAll(async () => {
  await Promise.all(boxes.map((b) => b.destroy()));
});

const net = (map: NetworkMap, name: string) => map.networks.find((n) => n.name === name);
const ctr = (map: NetworkMap, name: string) => map.containers.find((c) => c.name === name);

describe("network map on one host", () => {
  it("shows networks, containers with one address and interface per network, and published ports", async () => {
    const box = await startSandbox();
    boxes.push(box);
    const empty = await mapSandbox(oneOffReader(box.engine), box.sandbox);
    expect(empty.hosts).toEqual([{ name: "host1", address: box.sandbox.hosts[0]?.address }]);
    expect(empty.containers).toEqual([]);
    expect(net(empty, "bridge")).toMatchObject({ driver: "bridge", builtin: true, hosts: ["host1"] });

    await box.sh(
      [
        "docker network create --subnet 10.80.0.0/24 front",
        "docker network create --internal back",
        "docker run -d --name hub --network front -p 127.0.0.1:8080:80 web",
        "docker network connect --alias api back hub",
        "docker run -d --name loner --network none tools sleep infinity",
      ].join(" && "),
    );
    const map = await mapSandbox(oneOffReader(box.engine), box.sandbox);
    expect(net(map, "front")).toMatchObject({ driver: "bridge", subnets: ["10.80.0.0/24"], internal: false, builtin: false });
    expect(net(map, "back")?.internal).toBe(true);
    const hub = ctr(map, "hub");
    expect(hub).toMatchObject({ host: "host1", image: "web", state: "running" });
    expect(hub?.endpoints).toHaveLength(2);
    const onFront = hub?.endpoints.find((e) => e.network === net(map, "front")?.id);
    const onBack = hub?.endpoints.find((e) => e.network === net(map, "back")?.id);
    expect(onFront).toMatchObject({ interface: "eth0" });
    expect(onFront?.ipv4).toMatch(/^10\.80\.0\.\d+$/);
    expect(onBack).toMatchObject({ interface: "eth1", aliases: ["api"] });
    expect(hub?.ports).toEqual([{ hostIp: "127.0.0.1", hostPort: 8080, containerPort: 80, protocol: "tcp" }]);
    expect(ctr(map, "loner")).toMatchObject({ special: "none", endpoints: [] });

    await box.sh("docker network disconnect back hub && docker rm -f loner");
    const after = await mapSandbox(oneOffReader(box.engine), box.sandbox);
    expect(ctr(after, "hub")?.endpoints).toHaveLength(1);
    expect(ctr(after, "loner")).toBeUndefined();
  });
});

describe("network map across hosts", () => {
  it("merges a swarm overlay into one network spanning both hosts", async () => {
    const box = await startSandbox(["host1", "host2"]);
    boxes.push(box);
    const [h1, h2] = box.sandbox.hosts;
    await box.sh(`docker swarm init --advertise-addr ${h1?.address} >/dev/null`, "host1");
    const token = (await box.sh("docker swarm join-token -q worker", "host1")).trim();
    await box.sh(`docker swarm join --token ${token} ${h1?.address}:2377`, "host2");
    await box.sh(
      "docker network create -d overlay --attachable span && docker run -d --name left --network span tools sleep infinity",
      "host1",
    );
    await box.sh("docker run -d --name right --network span tools sleep infinity", "host2");
    const map = await mapSandbox(oneOffReader(box.engine), box.sandbox);
    expect(map.hosts.map((h) => h.swarm)).toEqual(["manager", "worker"]);
    const span = map.networks.filter((n) => n.name === "span");
    expect(span).toHaveLength(1);
    expect(span[0]).toMatchObject({ driver: "overlay", scope: "swarm" });
    expect([...(span[0]?.hosts ?? [])].sort()).toEqual(["host1", "host2"]);
    expect(ctr(map, "left")?.host).toBe("host1");
    expect(ctr(map, "right")?.host).toBe("host2");
    expect(ctr(map, "right")?.endpoints.some((e) => e.network === span[0]?.id)).toBe(true);
    // Each host's own default bridge stays its own network.
    expect(map.networks.filter((n) => n.name === "bridge").map((n) => n.hosts)).toEqual([["host1"], ["host2"]]);
    expect(h2?.address).toBeDefined();
  });
});
