// positionScene (joining a scene with ELK's answer, and refusing a half answer), stretchX,
// widenHosts and spanHosts; and, with the real elkjs layouter, that bars across hosts keep apart.

import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api.js";
import { describe, expect, it } from "vitest";
import { createElkLayouter } from "../../../../../site/scripts/map/elk-layout.ts";
import { toElkGraph } from "../../../../../site/scripts/map/model/elk-graph.ts";
import { OrderMemory } from "../../../../../site/scripts/map/model/order.ts";
import { positionScene, spanHosts, stretchX, widenHosts } from "../../../../../site/scripts/map/model/positioned.ts";
import { buildScene, type Scene } from "../../../../../site/scripts/map/model/scene.ts";
import { estimateWidth } from "../../../../../site/scripts/map/model/text.ts";
import type { PositionedMap } from "../../../../../site/scripts/map/model/types.ts";
import {
  at,
  container,
  endpoint,
  host,
  network,
  networkMap,
  rect,
  sceneContainer,
  sceneEdge,
  sceneHost,
  sceneNetwork,
} from "./fixtures.ts";

function elkEdge(id: string, ...points: { x: number; y: number }[]): ElkExtendedEdge {
  const [startPoint, ...rest] = points;
  const endPoint = rest.pop();
  if (!startPoint || !endPoint) throw new Error("an edge needs two points");
  return { id, sources: [], targets: [], sections: [{ id: `${id}/s`, startPoint, bendPoints: rest, endPoint }] };
}

describe("positionScene", () => {
  const web = sceneContainer("web");
  const db = sceneContainer("db");
  const appnet = sceneNetwork("appnet", "host1");
  const labelled = sceneEdge(web, appnet, ["eth0 10.0.0.2"]);
  const bare = sceneEdge(db, appnet);
  const scene: Scene = { grouped: false, hosts: [], networks: [appnet], containers: [web, db], edges: [labelled, bare] };
  const layout = (): ElkNode => ({
    id: "map",
    width: 380.4,
    height: 200.2,
    children: [
      { id: web.key, x: 16, y: 16, width: 150, height: 50 },
      { id: db.key, x: 200, y: 16, width: 150, height: 50 },
      { id: appnet.key, x: 16, y: 120, width: 150, height: 50 },
    ],
    edges: [
      {
        ...elkEdge(labelled.key, { x: 91, y: 66 }, { x: 91, y: 120 }),
        labels: [{ id: `${labelled.key}#label`, x: 95, y: 80, width: 60, height: 20 }],
      },
      {
        ...elkEdge(bare.key, { x: 275, y: 66 }, { x: 275, y: 90 }, { x: 120, y: 90 }, { x: 120, y: 120 }),
        labels: [{ x: 1, y: 2, width: 3, height: 4 }],
      },
    ],
  });

  it("places every node and routes every edge where ELK put them", () => {
    expect(positionScene(scene, layout())).toEqual({
      width: 381,
      height: 201,
      hosts: [],
      networks: [at(appnet, 16, 120, 150, 50)],
      containers: [at(web, 16, 16, 150, 50), at(db, 200, 16, 150, 50)],
      edges: [
        {
          edge: labelled,
          points: [
            { x: 91, y: 66 },
            { x: 91, y: 120 },
          ],
          label: rect(95, 80, 60, 20),
        },
        {
          edge: bare,
          points: [
            { x: 275, y: 66 },
            { x: 275, y: 90 },
            { x: 120, y: 90 },
            { x: 120, y: 120 },
          ],
          // The scene has no label for it, whatever ELK says.
          label: undefined,
        },
      ],
    });
  });

  it("joins the sections of an edge into one route", () => {
    const answer = layout();
    const edge = answer.edges?.[0];
    if (edge) {
      edge.sections = [
        { id: "a", startPoint: { x: 91, y: 66 }, endPoint: { x: 91, y: 90 } },
        { id: "b", startPoint: { x: 91, y: 90 }, bendPoints: [{ x: 60, y: 90 }], endPoint: { x: 60, y: 120 } },
      ];
    }
    expect(positionScene(scene, answer).edges[0]?.points).toEqual([
      { x: 91, y: 66 },
      { x: 91, y: 90 },
      { x: 91, y: 90 },
      { x: 60, y: 90 },
      { x: 60, y: 120 },
    ]);
  });

  it("refuses an answer that misses a node, a route or a label's place", () => {
    const noDb = layout();
    noDb.children = (noDb.children ?? []).filter((child) => child.id !== db.key);
    expect(() => positionScene(scene, noDb)).toThrow(`the layout did not place ${db.key}`);

    const unsized = layout();
    delete unsized.children?.[2]?.width;
    expect(() => positionScene(scene, unsized)).toThrow(`the layout did not place ${appnet.key}`);

    const unrouted = layout();
    const edge = unrouted.edges?.[1];
    if (edge) edge.sections = [];
    expect(() => positionScene(scene, unrouted)).toThrow(`the layout did not route ${bare.key}`);

    const unlabelled = layout();
    const label = unlabelled.edges?.[0]?.labels?.[0];
    if (label) delete label.x;
    expect(() => positionScene(scene, unlabelled)).toThrow(`the layout did not place ${labelled.key}#label`);
  });

  it("finds edges ELK put inside host groups, widens host groups for their labels and drops edges onto bars", () => {
    const h1 = sceneHost("host1", 250);
    const h2 = sceneHost("host2", 100);
    const api = sceneContainer("api", "host2");
    const web1 = sceneContainer("web", "host1");
    const fabric = sceneNetwork("fabric", undefined, ["host1", "host2"]);
    const fromWeb = sceneEdge(web1, fabric);
    const fromApi = sceneEdge(api, fabric);
    const grouped: Scene = { grouped: true, hosts: [h1, h2], networks: [fabric], containers: [web1, api], edges: [fromWeb, fromApi] };
    const answer: ElkNode = {
      id: "map",
      width: 424,
      height: 216,
      children: [
        {
          id: h1.key,
          x: 16,
          y: 16,
          width: 182,
          height: 100,
          children: [{ id: web1.key, x: 30, y: 52, width: 150, height: 50 }],
          edges: [elkEdge(fromWeb.key, { x: 105, y: 102 }, { x: 105, y: 160 })],
        },
        { id: h2.key, x: 226, y: 16, width: 182, height: 100, children: [{ id: api.key, x: 240, y: 52, width: 150, height: 50 }] },
        { id: fabric.key, x: 150, y: 160, width: 150, height: 40 },
      ],
      edges: [elkEdge(fromApi.key, { x: 315, y: 102 }, { x: 315, y: 130 }, { x: 250, y: 130 }, { x: 250, y: 160 })],
    };
    // host1's label needs 250 px, 68 more than ELK gave it: everything from x = 198 on moves 68 to the right.
    expect(positionScene(grouped, answer)).toEqual({
      width: 492,
      height: 216,
      hosts: [at(h1, 16, 16, 250, 100), at(h2, 294, 16, 182, 100)],
      // From the left of host1 to the right of host2.
      networks: [at(fabric, 16, 160, 460, 40)],
      containers: [at(web1, 30, 52, 150, 50), at(api, 308, 52, 150, 50)],
      edges: [
        {
          edge: fromWeb,
          points: [
            { x: 105, y: 102 },
            { x: 105, y: 160 },
          ],
          label: undefined,
        },
        {
          edge: fromApi,
          points: [
            { x: 383, y: 102 },
            { x: 383, y: 160 },
          ],
          label: undefined,
        },
      ],
    });
  });
});

describe("stretchX", () => {
  it("moves what starts at or after the line, widens what reaches it, and leaves the rest", () => {
    const web = sceneContainer("web");
    const db = sceneContainer("db");
    const appnet = sceneNetwork("appnet", "host1");
    const h1 = sceneHost("host1");
    const edge = sceneEdge(web, appnet);
    const map: PositionedMap = {
      width: 300,
      height: 200,
      hosts: [at(h1, 40, 0, 30, 200)],
      networks: [at(appnet, 100, 150, 80, 30)],
      containers: [at(web, 0, 0, 50, 40), at(db, 60, 0, 40, 40)],
      edges: [
        {
          edge,
          points: [
            { x: 25, y: 40 },
            { x: 25, y: 100 },
            { x: 140, y: 100 },
            { x: 140, y: 150 },
          ],
          label: rect(60, 100, 30, 10),
        },
        { edge, points: [], label: rect(59, 100, 30, 10) },
      ],
    };
    expect(stretchX(map, 60, 20)).toEqual({
      width: 320,
      height: 200,
      hosts: [at(h1, 40, 0, 50, 200)],
      networks: [at(appnet, 120, 150, 80, 30)],
      containers: [at(web, 0, 0, 50, 40), at(db, 80, 0, 40, 40)],
      edges: [
        {
          edge,
          points: [
            { x: 25, y: 40 },
            { x: 25, y: 100 },
            { x: 160, y: 100 },
            { x: 160, y: 150 },
          ],
          label: rect(80, 100, 30, 10),
        },
        { edge, points: [], label: rect(59, 100, 30, 10) },
      ],
    });
  });
});

describe("widenHosts", () => {
  const empty: PositionedMap = { width: 500, height: 200, hosts: [], networks: [], containers: [], edges: [] };

  it("widens each host group too narrow for its label, moving the groups right of it", () => {
    const h1 = sceneHost("host1", 160);
    const h2 = sceneHost("host2", 130);
    const api = sceneContainer("api", "host2");
    const map = { ...empty, hosts: [at(h1, 0, 0, 100, 100), at(h2, 120, 0, 100, 100)], containers: [at(api, 130, 20, 80, 40)] };
    expect(widenHosts(map)).toEqual({
      ...map,
      width: 590,
      hosts: [at(h1, 0, 0, 160, 100), at(h2, 180, 0, 130, 100)],
      containers: [at(api, 190, 20, 80, 40)],
    });
  });

  it("leaves groups wide enough alone", () => {
    const map = { ...empty, hosts: [at(sceneHost("host1", 100), 0, 0, 100, 100)] };
    expect(widenHosts(map)).toEqual(map);
  });
});

describe("spanHosts", () => {
  const h1 = at(sceneHost("host1"), 20, 0, 200, 200);
  const h2 = at(sceneHost("host2"), 260, 0, 200, 200);
  const h3 = at(sceneHost("host3"), 500, 0, 200, 200);
  const across = (name: string, hosts: string[], x: number, y = 300) => at(sceneNetwork(name, undefined, hosts), x, y, 100, 40);

  it("widens a network across the groups of the hosts it is on", () => {
    const fabric = across("fabric", ["host1", "host2"], 150);
    expect(spanHosts([fabric], [h1, h2, h3])).toEqual([{ ...fabric, x: 20, width: 440 }]);
  });

  it("leaves local networks and networks on fewer than two drawn hosts alone", () => {
    const local = at(sceneNetwork("appnet", "host1"), 150, 300, 100, 40);
    const lone = across("lone", ["host1", "host9"], 150);
    expect(spanHosts([local, lone], [h1, h2])).toEqual([local, lone]);
  });

  it("stops short of a neighbour in the same row, not of one in another row", () => {
    const fabric = across("fabric", ["host1", "host2"], 150);
    const beside = across("beside", ["host3"], 400);
    const below = across("below", ["host3"], 400, 360);
    const [wide] = spanHosts([fabric, beside, below], [h1, h2, h3]);
    expect(wide).toEqual({ ...fabric, x: 20, width: 364 });
    const [free] = spanHosts([fabric, below], [h1, h2, h3]);
    expect(free).toEqual({ ...fabric, x: 20, width: 440 });
  });

  it("keeps two networks that both widen apart, by the same gap", () => {
    const front = across("front", ["host1", "host2"], 150);
    const back = across("back", ["host1", "host2"], 300);
    const [left, right] = spanHosts([front, back], [h1, h2]);
    expect(left).toEqual({ ...front, x: 20, width: 264 });
    expect(right).toEqual({ ...back, x: 300, width: 160 });
    // Whichever order they come in.
    expect(spanHosts([back, front], [h1, h2])).toEqual([right, left]);
  });
});

describe("positionScene with elkjs", () => {
  it("lays out two networks across the same hosts side by side, apart", async () => {
    const overlay = (name: string, subnet: string) => network(name, { scope: "swarm", hosts: ["host1", "host2"], subnets: [subnet] });
    const frontend = overlay("frontend", "10.0.1.0/24");
    const backend = overlay("backend", "10.0.2.0/24");
    const map = networkMap({
      hosts: [host("host1", { address: "10.99.0.2", swarm: "manager" }), host("host2", { address: "10.99.0.3", swarm: "worker" })],
      networks: [frontend, backend],
      containers: [
        container("web", { endpoints: [endpoint(frontend.id, { interface: "eth0", ipv4: "10.0.1.3" })] }),
        container("api", { host: "host2", endpoints: [endpoint(frontend.id), endpoint(backend.id)] }),
        container("db", { host: "host2", endpoints: [endpoint(backend.id, { interface: "eth0", ipv4: "10.0.2.4" })] }),
      ],
    });
    const scene = buildScene(map, new OrderMemory(), estimateWidth);
    const layouter = createElkLayouter();
    const placed = positionScene(scene, await layouter.layout(toElkGraph(scene)));
    layouter.dispose();

    const [first, second] = [...placed.networks].sort((a, b) => a.x - b.x);
    expect(first && second).toBeTruthy();
    if (!first || !second) return;
    expect(first.y).toBe(second.y);
    expect(second.x - (first.x + first.width)).toBeGreaterThanOrEqual(16);
    for (const host of placed.hosts) expect(host.width).toBeGreaterThanOrEqual(host.item.width);
    // Every edge ends on the top side of its network.
    for (const edge of placed.edges) {
      const target = placed.networks.find((n) => n.item.key === edge.edge.target);
      const end = edge.points.at(-1);
      expect(end?.y).toBe(target?.y);
      expect(end?.x).toBeGreaterThanOrEqual(target?.x ?? Infinity);
      expect(end?.x).toBeLessThanOrEqual((target?.x ?? 0) + (target?.width ?? 0));
    }
  });
});
