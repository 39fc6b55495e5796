import { describe, expect, it } from "vitest";
import { sameCidr } from "../../../lab-server/checks/kinds/network.ts";
import { isAddress, isolated } from "../../../lab-server/checks/kinds/reach.ts";
import type { ContainerState, HostSnapshot } from "../../../lab-server/checks/snapshot.ts";

function container(name: string, networks: Record<string, string>, mode = "bridge"): ContainerState {
  return {
    Id: `${name}0000`,
    Name: `/${name}`,
    Config: { Image: "tools" },
    State: { Running: true, Status: "running", Pid: 1 },
    HostConfig: { NetworkMode: mode, RestartPolicy: { Name: "no" } },
    NetworkSettings: {
      Networks: Object.fromEntries(
        Object.entries(networks).map(([id, ip]) => [id, { NetworkID: id, IPAddress: ip, GlobalIPv6Address: "", Aliases: null }]),
      ),
    },
  };
}

describe("check helpers", () => {
  it("compares IPv6 subnets by value, not spelling", () => {
    expect(sameCidr("fd00:cafe:0::/64", "FD00:CAFE::/64")).toBe(true);
    expect(sameCidr("fd00:cafe::/64", "fd00:cafe::/48")).toBe(false);
    expect(sameCidr("10.1.0.0/24", "10.1.0.0/24")).toBe(true);
    expect(sameCidr(undefined, "10.1.0.0/24")).toBe(false);
  });

  it("tells addresses from container names", () => {
    expect(isAddress("10.0.0.5")).toBe(true);
    expect(isAddress("fd00:cafe::80")).toBe(true);
    expect(isAddress("web1")).toBe(false);
    expect(isAddress("cafe")).toBe(false);
    expect(isAddress("db.example")).toBe(false);
  });

  it("knows when two containers share no network (so a cannot-reach probe may be short)", () => {
    const a = container("a", { front: "10.1.0.2" });
    const b = container("b", { back: "10.2.0.2" });
    const c = container("c", { front: "10.1.0.3", back: "10.2.0.3" });
    const h = container("h", {}, "host");
    const snap: HostSnapshot = { networks: [], containers: [a, b, c, h], swarm: {} as HostSnapshot["swarm"], eth0: "" };
    expect(isolated(snap, a, "b", "b")).toBe(true);
    expect(isolated(snap, a, "10.2.0.2", "10.2.0.2")).toBe(true);
    expect(isolated(snap, a, "c", "c")).toBe(false);
    expect(isolated(snap, b, "c", "c")).toBe(false);
    expect(isolated(snap, a, "h", "h")).toBe(false);
    // An address no container holds (the host, the internet): nothing is known, so no shortcut.
    expect(isolated(snap, a, "10.9.9.9", "10.9.9.9")).toBe(false);
  });
});
