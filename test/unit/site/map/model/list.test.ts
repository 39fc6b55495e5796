// The map as text: mapListModel's sections (per host, then networks across hosts) in the
// drawing's order with per-container details, and mapSummary's one-sentence description.
import { describe, expect, it } from "vitest";
import { mapListModel, mapSummary } from "../../../../../site/scripts/map/model/list.ts";
import { OrderMemory } from "../../../../../site/scripts/map/model/order.ts";
import { buildScene } from "../../../../../site/scripts/map/model/scene.ts";
import { container, endpoint, host, measure, network, networkMap, port } from "./fixtures.ts";

describe("mapListModel", () => {
  const bridge = network("bridge", { builtin: true });
  const appnet = network("appnet", { subnets: ["10.10.0.0/24"] });
  const backend = network("backend", { internal: true });
  const web = container("web", {
    endpoints: [
      endpoint(appnet.id, { interface: "eth0", ipv4: "10.10.0.2", aliases: ["www", "site"] }),
      endpoint(backend.id, { interface: "eth1", ipv4: "10.20.0.2", aliases: ["api"] }),
      endpoint("host1/gone-id"),
    ],
    ports: [port(80, 8080)],
  });
  const lonely = container("lonely", { special: "none" });
  const idle = container("idle", { state: "created" });

  it("lists one host's shown networks and its containers with their details, in the drawing's order", () => {
    const order = new OrderMemory();
    buildScene(networkMap({ networks: [backend], containers: [web] }), order, measure);
    const map = networkMap({
      hosts: [host("host1", { address: "10.99.0.2" })],
      networks: [bridge, appnet, backend],
      containers: [idle, lonely, web],
    });
    const scene = buildScene(map, order, measure);
    expect(mapListModel(map, scene)).toEqual([
      {
        key: undefined,
        heading: "host1 · 10.99.0.2",
        networks: [
          { key: "n:host1/backend-id", text: "backend: bridge · internal network, no subnet", details: [] },
          { key: "n:host1/appnet-id", text: "appnet: bridge network, subnet 10.10.0.0/24", details: [] },
        ],
        containers: [
          {
            key: "c:host1:web",
            text: "web: running, image alpine",
            details: [
              { text: "on appnet: eth0, 10.10.0.2, aliases www, site", key: "e:c:host1:web>n:host1/appnet-id" },
              { text: "on backend: eth1, 10.20.0.2, alias api", key: "e:c:host1:web>n:host1/backend-id" },
              { text: "on host1/gone-id", key: "e:c:host1:web>n:host1/gone-id" },
              { text: "publishes 0.0.0.0:8080 → 80/tcp", key: "c:host1:web|port:80" },
            ],
          },
          { key: "c:host1:idle", text: "idle: created, image alpine", details: [{ text: "not on any network", key: undefined }] },
          {
            key: "c:host1:lonely",
            text: "lonely: running, image alpine",
            details: [{ text: "no network (--network none)", key: undefined }],
          },
        ],
      },
    ]);
  });

  it("gives each host its section and puts networks spanning hosts in one of their own", () => {
    const local = network("appnet");
    const fabric = network("fabric", { scope: "swarm", hosts: ["host1", "host2"], subnets: ["10.0.9.0/24"] });
    const map = networkMap({
      hosts: [host("host1"), host("host2")],
      networks: [fabric, local],
      containers: [container("web", { endpoints: [endpoint(fabric.id)] }), container("api", { host: "host2" })],
    });
    const sections = mapListModel(map, buildScene(map, new OrderMemory(), measure));
    expect(sections.map((section) => [section.key, section.heading])).toEqual([
      ["h:host1", "host1 · 10.99.0.1"],
      ["h:host2", "host2 · 10.99.0.2"],
      [undefined, "Across hosts"],
    ]);
    const [first, second, across] = sections;
    expect(first?.networks.map((n) => n.text)).toEqual(["appnet: bridge network, no subnet"]);
    expect(first?.containers?.map((c) => c.details.map((d) => d.text))).toEqual([["on fabric"]]);
    expect(second?.networks).toEqual([]);
    expect(second?.containers?.map((c) => c.key)).toEqual(["c:host2:api"]);
    expect(across).toEqual({
      key: undefined,
      heading: "Across hosts",
      networks: [{ key: "n:fabric-id", text: "fabric: overlay network, subnet 10.0.9.0/24, on host1, host2", details: [] }],
      containers: undefined,
    });
  });

  it("adds no section for networks across hosts when there are none", () => {
    const map = networkMap({ hosts: [host("host1"), host("host2")], networks: [network("appnet")] });
    expect(mapListModel(map, buildScene(map, new OrderMemory(), measure)).map((section) => section.heading)).toEqual([
      "host1 · 10.99.0.1",
      "host2 · 10.99.0.2",
    ]);
  });
});

describe("mapSummary", () => {
  const summary = (map: ReturnType<typeof networkMap>) => mapSummary(map, buildScene(map, new OrderMemory(), measure));

  it("counts and names networks, containers and connections", () => {
    const appnet = network("appnet");
    const map = networkMap({
      networks: [appnet, network("backend")],
      containers: [container("web", { endpoints: [endpoint(appnet.id)] }), container("db", { endpoints: [endpoint(appnet.id)] })],
    });
    expect(summary(map)).toBe(
      "Network map on host1: 2 networks (appnet, backend), 2 containers (db, web), 2 connections. The same facts follow as a list.",
    );
  });

  it("uses the singular for one and leaves out the names of nothing", () => {
    const appnet = network("appnet");
    expect(summary(networkMap({ networks: [appnet], containers: [container("web", { endpoints: [endpoint(appnet.id)] })] }))).toBe(
      "Network map on host1: 1 network (appnet), 1 container (web), 1 connection. The same facts follow as a list.",
    );
    expect(summary(networkMap({ hosts: [host("host1"), host("host2")] }))).toBe(
      "Network map across 2 hosts: 0 networks, 0 containers, 0 connections. The same facts follow as a list.",
    );
  });

  it("names at most six of each, then says how many more", () => {
    const containers = ["a", "b", "c", "d", "e", "f", "g", "h"].map((name) => container(name));
    expect(summary(networkMap({ containers }))).toContain("8 containers (a, b, c, d, e, f and 2 more)");
    expect(summary(networkMap({ containers: containers.slice(0, 6) }))).toContain("6 containers (a, b, c, d, e, f),");
  });
});
