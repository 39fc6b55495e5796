import { describe, expect, it } from "vitest";
import type { HttpReply } from "../../../../lab-server/inspect/http-replies.ts";
import { readSnapshot } from "../../../../lab-server/inspect/snapshot.ts";

const reply = (status: number, body: unknown): HttpReply => ({
  status,
  headers: new Map(),
  body: Buffer.from(typeof body === "string" ? body : JSON.stringify(body)),
});

describe("snapshot from the engine's replies", () => {
  it("keeps what has the shape the checks read, skips the rest, and takes eth0 from the host's address", () => {
    const container = { Id: "c1", Name: "/web", State: { Running: true, Status: "running", Pid: 7 } };
    const snap = readSnapshot({
      address: "10.1.2.3",
      networks: reply(200, [{ Name: "bridge" }, "not a network"]),
      containers: [reply(200, container), reply(404, { message: "gone" }), reply(200, "not json")],
      info: undefined,
    });
    expect(snap.eth0).toBe("10.1.2.3");
    expect(snap.networks.map((n) => n.Name)).toEqual(["bridge"]);
    expect(snap.containers.map((c) => c.Name)).toEqual(["/web"]);
    expect(snap.swarm.LocalNodeState).toBe("inactive");
  });

  it("reads a missing reply (the engine is down) as empty, and the swarm from /info when asked", () => {
    const down = readSnapshot({ address: "10.1.2.3", networks: undefined, containers: [], info: undefined });
    expect(down).toMatchObject({ networks: [], containers: [], swarm: { LocalNodeState: "inactive" } });
    const swarm = readSnapshot({
      address: "10.1.2.3",
      networks: reply(200, []),
      containers: [],
      info: reply(200, { Swarm: { LocalNodeState: "active", Nodes: 3 } }),
    });
    expect(swarm.swarm).toMatchObject({ LocalNodeState: "active", Nodes: 3, Managers: 0 });
  });
});
