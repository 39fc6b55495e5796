// dropOntoBars: edges into networks spanning hosts drawn as straight drops onto the bar, with
// their labels beside the drop, unless something is in the way.
import { describe, expect, it } from "vitest";
import { dropOntoBars } from "../../../../../site/scripts/map/model/bus.ts";
import type { PositionedEdge, PositionedMap } from "../../../../../site/scripts/map/model/types.ts";
import { at, rect, sceneContainer, sceneEdge, sceneNetwork } from "./fixtures.ts";

const web = sceneContainer("web", "host1");
const fabric = sceneNetwork("fabric", undefined, ["host1", "host2"]);
const toFabric = sceneEdge(web, fabric, ["eth0 10.0.9.2"]);

// web's bottom is at y = 90, the bar's top at y = 200; ELK routed the edge with two bends.
const elkEdge: PositionedEdge = {
  edge: toFabric,
  points: [
    { x: 95, y: 90 },
    { x: 95, y: 150 },
    { x: 300, y: 150 },
    { x: 300, y: 200 },
  ],
  label: rect(200, 130, 60, 20),
};
const base: PositionedMap = {
  width: 420,
  height: 260,
  hosts: [],
  networks: [at(fabric, 0, 200, 400, 40)],
  containers: [at(web, 20, 40, 150, 50)],
  edges: [elkEdge],
};
const drop = [
  { x: 95, y: 90 },
  { x: 95, y: 200 },
];

describe("dropOntoBars", () => {
  it("leaves a map without networks spanning hosts as it is", () => {
    const appnet = sceneNetwork("appnet", "host1");
    const local: PositionedMap = {
      ...base,
      networks: [at(appnet, 0, 200, 400, 40)],
      edges: [{ ...elkEdge, edge: sceneEdge(web, appnet) }],
    };
    expect(dropOntoBars(local)).toBe(local);
  });

  it("drops an edge straight down onto the bar, its label right of the drop at ELK's height", () => {
    const result = dropOntoBars(base);
    expect(result.edges).toEqual([{ edge: toFabric, points: drop, label: rect(101, 130, 60, 20) }]);
    expect(result).toMatchObject({ width: 420, height: 260, networks: base.networks, containers: base.containers });
  });

  it("keeps the label between the container and the bar", () => {
    const high = dropOntoBars({ ...base, edges: [{ ...elkEdge, label: rect(200, 60, 60, 20) }] });
    expect(high.edges[0]?.label).toEqual(rect(101, 94, 60, 20));
    const low = dropOntoBars({ ...base, edges: [{ ...elkEdge, label: rect(200, 195, 60, 20) }] });
    expect(low.edges[0]?.label).toEqual(rect(101, 176, 60, 20));
  });

  it("drops an edge without a label too", () => {
    const bare = { ...elkEdge, edge: sceneEdge(web, fabric), label: undefined };
    expect(dropOntoBars({ ...base, edges: [bare] }).edges).toEqual([{ edge: bare.edge, points: drop, label: undefined }]);
  });

  it("puts the label left of the drop when something is on the right", () => {
    const blocker = sceneContainer("blocker", "host1");
    const map = { ...base, containers: [...base.containers, at(blocker, 160, 130, 50, 30)] };
    expect(dropOntoBars(map).edges[0]).toEqual({ edge: toFabric, points: drop, label: rect(29, 130, 60, 20) });
  });

  it("counts other edges' labels as in the way", () => {
    const api = sceneContainer("api", "host1");
    const appnet = sceneNetwork("appnet", "host1");
    const other: PositionedEdge = {
      edge: sceneEdge(api, appnet, ["eth0 10.0.0.3"]),
      points: [
        { x: 300, y: 90 },
        { x: 300, y: 120 },
      ],
      label: rect(110, 125, 60, 20),
    };
    const map: PositionedMap = { ...base, networks: [...base.networks, at(appnet, 250, 120, 100, 30)], edges: [elkEdge, other] };
    expect(dropOntoBars(map).edges).toEqual([{ edge: toFabric, points: drop, label: rect(29, 130, 60, 20) }, other]);
  });

  it("keeps ELK's route when the label fits on neither side", () => {
    const right = sceneContainer("right", "host1");
    const left = sceneContainer("left", "host1");
    const map = { ...base, containers: [...base.containers, at(right, 160, 130, 50, 30), at(left, 0, 130, 30, 30)] };
    expect(dropOntoBars(map).edges[0]).toBe(elkEdge);
  });

  it("keeps ELK's route when a node is in the way of the drop", () => {
    const db = sceneContainer("db", "host1");
    const map = { ...base, containers: [...base.containers, at(db, 60, 120, 80, 40)] };
    expect(dropOntoBars(map).edges[0]).toBe(elkEdge);
  });

  it("keeps ELK's route when the drop would miss the bar or its ends, or the bar is not below", () => {
    const near = (x: number) => dropOntoBars({ ...base, networks: [at(fabric, x, 200, 400, 40)] }).edges[0];
    // The drop must land at least 10 px in from either end of the bar.
    expect(near(86)).toBe(elkEdge);
    expect(near(85)?.points).toEqual(drop);
    expect(near(-296)).toBe(elkEdge);
    expect(near(-295)?.points).toEqual(drop);
    expect(dropOntoBars({ ...base, networks: [at(fabric, 0, 90, 400, 40)] }).edges[0]).toBe(elkEdge);
  });

  it("leaves edges into local networks alone", () => {
    const appnet = sceneNetwork("appnet", "host1");
    const local: PositionedEdge = { ...elkEdge, edge: sceneEdge(web, appnet) };
    const map: PositionedMap = { ...base, networks: [...base.networks, at(appnet, 0, 300, 100, 30)], edges: [local] };
    expect(dropOntoBars(map).edges[0]).toBe(local);
  });
});
