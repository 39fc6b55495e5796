// buildScene: which networks show, the stable order of nodes, edges and their labels, node
// content and tooltips, and host groups for multi-host labs; plus the key helpers.
import { describe, expect, it } from "vitest";
import { OrderMemory } from "../../../../../site/scripts/map/model/order.ts";
import { buildScene, containerKey, edgeKey, hostKey, networkKey } from "../../../../../site/scripts/map/model/scene.ts";
import { container, endpoint, host, measure, network, networkMap, port } from "./fixtures.ts";

describe("scene keys", () => {
  it("names nodes, host groups and edges apart", () => {
    expect(containerKey("host1", "web")).toBe("c:host1:web");
    expect(networkKey("host1/abc")).toBe("n:host1/abc");
    expect(hostKey("host2")).toBe("h:host2");
    expect(edgeKey("c:host1:web", "n:host1/abc")).toBe("e:c:host1:web>n:host1/abc");
  });
});

describe("buildScene", () => {
  const bridge = network("bridge", { builtin: true });
  const hostNet = network("host", { builtin: true, driver: "host" });
  const appnet = network("appnet", { subnets: ["10.10.0.0/24"] });
  const backend = network("backend", { internal: true });

  it("hides Docker's own networks until a container uses them", () => {
    const map = networkMap({ networks: [bridge, hostNet, appnet], containers: [container("web", { endpoints: [endpoint(bridge.id)] })] });
    const scene = buildScene(map, new OrderMemory(), measure);
    expect(scene.networks.map((n) => n.name)).toEqual(["bridge", "appnet"]);
  });

  it("puts new built-in networks first, then the rest by name; new containers by name", () => {
    const map = networkMap({
      networks: [backend, appnet, bridge],
      containers: [container("web", { endpoints: [endpoint(bridge.id)] }), container("db"), container("cache")],
    });
    const scene = buildScene(map, new OrderMemory(), measure);
    expect(scene.networks.map((n) => n.name)).toEqual(["bridge", "appnet", "backend"]);
    expect(scene.containers.map((c) => c.name)).toEqual(["cache", "db", "web"]);
  });

  it("keeps earlier nodes in place and adds new ones last", () => {
    const order = new OrderMemory();
    buildScene(networkMap({ networks: [backend], containers: [container("web")] }), order, measure);
    const scene = buildScene(networkMap({ networks: [appnet, backend], containers: [container("api"), container("web")] }), order, measure);
    expect(scene.networks.map((n) => n.name)).toEqual(["backend", "appnet"]);
    expect(scene.containers.map((c) => c.name)).toEqual(["web", "api"]);
  });

  it("does not mistake a new network for a container of the same name, or the other way round", () => {
    const order = new OrderMemory();
    buildScene(networkMap({ networks: [appnet], containers: [container("web")] }), order, measure);
    buildScene(networkMap({ networks: [appnet, backend], containers: [container("web")] }), order, measure);
    const web = network("web");
    const scene = buildScene(
      networkMap({ networks: [appnet, backend, web], containers: [container("web"), container("backend")] }),
      order,
      measure,
    );
    expect(scene.networks.map((n) => n.name)).toEqual(["appnet", "backend", "web"]);
    expect(scene.containers.map((c) => c.name)).toEqual(["web", "backend"]);
  });

  it("draws an edge for each endpoint on a shown network, labelled with its addresses", () => {
    const web = container("web", {
      endpoints: [
        endpoint(appnet.id, { interface: "eth0", ipv4: "10.10.0.2", aliases: ["www"] }),
        endpoint(backend.id),
        endpoint(bridge.id),
        endpoint("host1/gone-id"),
      ],
    });
    const scene = buildScene(networkMap({ networks: [appnet, backend, bridge], containers: [web] }), new OrderMemory(), measure);
    const source = containerKey("host1", "web");
    expect(scene.edges).toEqual([
      {
        key: edgeKey(source, networkKey(appnet.id)),
        source,
        target: networkKey(appnet.id),
        container: "web",
        network: "appnet",
        lines: ["eth0 10.10.0.2", "alias www"],
        // The widest line is 14 characters: 140 px and 8 of padding; two 15 px lines and 4.
        label: { width: 148, height: 34 },
      },
      {
        key: edgeKey(source, networkKey(backend.id)),
        source,
        target: networkKey(backend.id),
        container: "web",
        network: "backend",
        lines: [],
        label: undefined,
      },
      expect.objectContaining({ network: "bridge" }),
    ]);
  });

  it("fills a container's box, aliases and tooltip", () => {
    const web = container("web", {
      endpoints: [endpoint(appnet.id, { aliases: ["www", "site"] }), endpoint(backend.id, { aliases: ["www"] })],
      ports: [port(80, 8080, { hostIp: "127.0.0.1" })],
    });
    const [scene] = buildScene(networkMap({ networks: [appnet, backend], containers: [web] }), new OrderMemory(), measure).containers;
    expect(scene).toMatchObject({
      kind: "container",
      key: "c:host1:web",
      id: "web-cid",
      host: "host1",
      state: "running",
      special: undefined,
      aliases: ["www", "site"],
      tooltip: "Container web (running), image alpine; publishes 127.0.0.1:8080 → 80/tcp",
    });
    expect(scene?.box.rows.map((row) => [row.text, row.style, row.indent])).toEqual([
      ["web", "title", 14],
      ["alpine · running", "body", undefined],
    ]);
    expect(scene?.box.badges.map((badge) => [badge.text, badge.tone, badge.id])).toEqual([["127.0.0.1:8080 → 80/tcp", "port", "port:80"]]);
  });

  it("describes a container without bridge-style networking", () => {
    const lonely = container("lonely", { special: "none", image: "registry.example.com/team/tools:latest", state: "exited" });
    const [scene] = buildScene(networkMap({ containers: [lonely] }), new OrderMemory(), measure).containers;
    expect(scene?.tooltip).toBe("Container lonely (exited), image registry.example.com/team/tools:latest; no network (--network none)");
    expect(scene?.box.rows[1]?.text).toBe("registry.example.co… · exited");
    expect(scene?.box.badges.map((badge) => [badge.text, badge.tone])).toEqual([["no network (--network none)", "special"]]);
  });

  it("shortens long names in boxes but not in tooltips", () => {
    const name = "a-container-with-a-very-long-name";
    const [scene] = buildScene(networkMap({ containers: [container(name)] }), new OrderMemory(), measure).containers;
    expect(scene?.box.rows[0]?.text).toBe("a-container-with-a-very-long-…");
    expect(scene?.name).toBe(name);
    expect(scene?.tooltip).toContain(`Container ${name} `);
  });

  it("fills a network's box with its subnets and tooltip", () => {
    const twoSubnets = network("dual", { subnets: ["10.20.0.0/24", "fd00:20::/64"] });
    const scene = buildScene(networkMap({ networks: [backend, twoSubnets] }), new OrderMemory(), measure);
    const [internal, dual] = scene.networks;
    expect(internal).toMatchObject({ key: networkKey(backend.id), host: "host1", hosts: ["host1"], builtin: false });
    expect(internal?.tooltip).toBe("Network backend: bridge · internal, no subnet, on host1");
    expect(internal?.box.rows.map((row) => row.text)).toEqual(["backend", "bridge · no subnet"]);
    expect(internal?.box.badges.map((badge) => [badge.text, badge.tone])).toEqual([["internal: no way out", "internal"]]);
    expect(dual?.tooltip).toBe("Network dual: bridge, 10.20.0.0/24, fd00:20::/64, on host1");
    expect(dual?.box.rows.map((row) => row.text)).toEqual(["dual", "bridge · 10.20.0.0/24", "fd00:20::/64"]);
    expect(dual?.box.badges).toEqual([]);
  });

  it("draws a single host's lab without host groups", () => {
    const scene = buildScene(networkMap({ networks: [appnet] }), new OrderMemory(), measure);
    expect(scene.grouped).toBe(false);
    expect(scene.hosts).toEqual([]);
  });

  it("groups several hosts, with networks spanning hosts belonging to none", () => {
    const fabric = network("fabric", { scope: "swarm", hosts: ["host1", "host2"], subnets: ["10.0.9.0/24"] });
    const local2 = network("appnet", { hosts: ["host2"] });
    const map = networkMap({
      hosts: [host("host1", { address: "10.99.0.2", swarm: "manager" }), host("host2", { address: "10.99.0.3" })],
      networks: [local2, fabric, appnet],
      containers: [container("web", { host: "host2" }), container("web", { host: "host1" })],
    });
    const scene = buildScene(map, new OrderMemory(), measure);
    expect(scene.grouped).toBe(true);
    // The label "host1 · 10.99.0.2 · swarm manager" is 33 characters: 330 px and 28 of room.
    expect(scene.hosts).toEqual([
      { kind: "host", key: "h:host1", name: "host1", label: "host1 · 10.99.0.2 · swarm manager", width: 358, height: 64 },
      { kind: "host", key: "h:host2", name: "host2", label: "host2 · 10.99.0.3", width: 198, height: 64 },
    ]);
    // Same-named local networks and containers of different hosts are different nodes, kept in input order.
    expect(scene.networks.map((n) => [n.key, n.host])).toEqual([
      ["n:host2/appnet-id", "host2"],
      ["n:host1/appnet-id", "host1"],
      ["n:fabric-id", undefined],
    ]);
    expect(scene.containers.map((c) => c.key)).toEqual(["c:host2:web", "c:host1:web"]);
    const overlay = scene.networks[2];
    expect(overlay?.hosts).toEqual(["host1", "host2"]);
    expect(overlay?.box.rows.map((row) => row.text)).toEqual(["fabric", "overlay · 10.0.9.0/24", "on host1, host2"]);
    expect(overlay?.tooltip).toBe("Network fabric: overlay, 10.0.9.0/24, across host1, host2");
  });
});
