import { describe, expect, it } from "vitest";
import type { HostSnapshot } from "../../../../lab-server/inspect/snapshot.ts";
import { SnapshotCache } from "../../../../lab-server/inspect/snapshot-cache.ts";

const snapshot = (eth0: string): HostSnapshot => ({
  networks: [],
  containers: [],
  swarm: { LocalNodeState: "inactive", ControlAvailable: false, Nodes: 0, Managers: 0 },
  eth0,
});

describe("SnapshotCache", () => {
  it("reuses a host's snapshot until the engine reports a change or it grows old", async () => {
    let generation = 0;
    let taken = 0;
    const cache = new SnapshotCache(() => generation);
    const take = async () => snapshot(`10.0.0.${++taken}`);

    expect((await cache.get("host1", take, 1000)).eth0).toBe("10.0.0.1");
    expect((await cache.get("host1", take, 2000)).eth0).toBe("10.0.0.1");
    // Hosts are cached apart.
    expect((await cache.get("host2", take, 2000)).eth0).toBe("10.0.0.2");

    generation += 1;
    expect((await cache.get("host1", take, 3000)).eth0).toBe("10.0.0.3");
    expect((await cache.get("host1", take, 3000 + 10_000)).eth0).toBe("10.0.0.4");
  });

  it("never keeps a snapshot that failed", async () => {
    const cache = new SnapshotCache(() => 0);
    await expect(cache.get("host1", () => Promise.reject(new Error("engine away")), 1000)).rejects.toThrow("engine away");
    expect((await cache.get("host1", async () => snapshot("10.0.0.9"), 1001)).eth0).toBe("10.0.0.9");
  });
});
