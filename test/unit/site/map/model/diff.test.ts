// diffPositioned: what entered, left, moved or was rerouted between two drawings.
import { describe, expect, it } from "vitest";
import { diffPositioned } from "../../../../../site/scripts/map/model/diff.ts";
import type { PositionedMap } from "../../../../../site/scripts/map/model/types.ts";
import { at, rect, sceneContainer, sceneEdge, sceneHost, sceneNetwork } from "./fixtures.ts";

const h1 = sceneHost("host1");
const web = sceneContainer("web");
const db = sceneContainer("db");
const appnet = sceneNetwork("appnet", "host1");
const toAppnet = sceneEdge(web, appnet, ["eth0 10.0.0.2"]);

const before: PositionedMap = {
  width: 400,
  height: 300,
  hosts: [at(h1, 0, 0, 400, 300)],
  networks: [at(appnet, 20, 200, 150, 40)],
  containers: [at(web, 20, 40, 150, 50)],
  edges: [
    {
      edge: toAppnet,
      points: [
        { x: 95, y: 90 },
        { x: 95, y: 200 },
      ],
      label: rect(100, 140, 60, 20),
    },
  ],
};

const sets = (diff: ReturnType<typeof diffPositioned>) => ({
  entered: [...diff.entered].sort(),
  exited: [...diff.exited].sort(),
  moved: [...diff.moved].sort(),
  rerouted: [...diff.rerouted].sort(),
});

describe("diffPositioned", () => {
  it("makes everything enter in the first drawing", () => {
    expect(sets(diffPositioned(undefined, before))).toEqual({
      entered: [appnet.key, web.key, toAppnet.key, h1.key].sort(),
      exited: [],
      moved: [],
      rerouted: [],
    });
  });

  it("finds nothing between equal drawings", () => {
    expect(sets(diffPositioned(before, structuredClone(before)))).toEqual({ entered: [], exited: [], moved: [], rerouted: [] });
  });

  it("tells moved and resized nodes from rerouted edges", () => {
    const after: PositionedMap = {
      ...before,
      hosts: [at(h1, 0, 0, 420, 300)],
      containers: [at(web, 30, 40, 150, 50)],
      edges: [
        {
          ...before.edges[0]!,
          points: [
            { x: 105, y: 90 },
            { x: 105, y: 200 },
          ],
        },
      ],
    };
    expect(sets(diffPositioned(before, after))).toEqual({
      entered: [],
      exited: [],
      moved: [h1.key, web.key].sort(),
      rerouted: [toAppnet.key],
    });
  });

  it("counts an edge whose label alone moved as rerouted", () => {
    const after: PositionedMap = { ...before, edges: [{ ...before.edges[0]!, label: rect(100, 150, 60, 20) }] };
    expect(sets(diffPositioned(before, after)).rerouted).toEqual([toAppnet.key]);
  });

  it("lists what appeared and what is gone", () => {
    const after: PositionedMap = { ...before, containers: [at(db, 20, 40, 150, 50)], edges: [] };
    expect(sets(diffPositioned(before, after))).toEqual({
      entered: [db.key],
      exited: [toAppnet.key, web.key].sort(),
      moved: [],
      rerouted: [],
    });
  });
});
