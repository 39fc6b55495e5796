// toElkGraph: the layout's input (node order, sizes, layer constraints, host groups, edge labels),
// and layoutKey, which changes exactly when that input does.
import type { ElkNode } from "elkjs/lib/elk-api.js";
import { describe, expect, it } from "vitest";
import { LAYOUT_OPTIONS, layoutKey, ROOT_ID, toElkGraph } from "../../../../../site/scripts/map/model/elk-graph.ts";
import type { Scene } from "../../../../../site/scripts/map/model/scene.ts";
import { sceneContainer, sceneEdge, sceneHost, sceneNetwork } from "./fixtures.ts";

const ids = (nodes: readonly ElkNode[] | undefined) => (nodes ?? []).map((node) => node.id);
const option = (node: ElkNode | undefined, key: string) => node?.layoutOptions?.[key];

describe("toElkGraph", () => {
  const web = sceneContainer("web");
  const db = sceneContainer("db");
  const appnet = sceneNetwork("appnet", "host1");
  const single: Scene = {
    grouped: false,
    hosts: [],
    networks: [appnet],
    containers: [web, db],
    edges: [sceneEdge(web, appnet, ["eth0 10.0.0.2", "alias www"]), sceneEdge(db, appnet)],
  };

  it("lists containers before networks, sized by their boxes, in the scene's order", () => {
    const graph = toElkGraph(single);
    expect(graph.id).toBe(ROOT_ID);
    expect(graph.layoutOptions).toEqual(LAYOUT_OPTIONS);
    expect(graph.layoutOptions).not.toBe(LAYOUT_OPTIONS);
    expect(ids(graph.children)).toEqual([web.key, db.key, appnet.key]);
    expect(graph.children?.[0]).toMatchObject({ width: web.box.width, height: web.box.height });
    // Containers in the first layer, networks in the last: containers above the networks they plug into.
    expect(option(graph.children?.[0], "elk.layered.layering.layerConstraint")).toBe("FIRST");
    expect(option(graph.children?.[2], "elk.layered.layering.layerConstraint")).toBe("LAST");
  });

  it("gives each edge its ends and, when it has lines, a label of their size", () => {
    const [labelled, bare] = toElkGraph(single).edges ?? [];
    expect(labelled).toEqual({
      id: single.edges[0]?.key,
      sources: [web.key],
      targets: [appnet.key],
      labels: [{ id: `${single.edges[0]?.key}#label`, text: "eth0 10.0.0.2\nalias www", width: 60, height: 20 }],
    });
    expect(bare).toEqual({ id: single.edges[1]?.key, sources: [db.key], targets: [appnet.key] });
  });

  it("nests each host's containers and local networks in a group, and leaves networks spanning hosts outside", () => {
    const h1 = sceneHost("host1");
    const h2 = sceneHost("host2");
    const h3 = sceneHost("host3", 180);
    const api = sceneContainer("api", "host2");
    const stray = sceneContainer("stray", "host9");
    const fabric = sceneNetwork("fabric", undefined, ["host1", "host2"]);
    const graph = toElkGraph({
      grouped: true,
      hosts: [h1, h2, h3],
      networks: [fabric, appnet],
      containers: [web, api, stray],
      edges: [sceneEdge(web, fabric), sceneEdge(api, fabric)],
    });
    expect(ids(graph.children)).toEqual([h1.key, h2.key, h3.key, stray.key, fabric.key]);
    const [g1, g2, g3] = graph.children ?? [];
    expect(ids(g1?.children)).toEqual([web.key, appnet.key]);
    expect(ids(g2?.children)).toEqual([api.key]);
    // A host with nothing on it yet keeps the size its label needs; the others are sized by ELK.
    expect(g3).toMatchObject({ width: 180, height: 64 });
    expect(g3?.children).toBeUndefined();
    expect(g1?.width).toBeUndefined();
    // Edges stay on the root, whatever group their ends are in.
    expect(graph.edges?.map((edge) => edge.id)).toEqual([`e:${web.key}>${fabric.key}`, `e:${api.key}>${fabric.key}`]);
  });
});

describe("layoutKey", () => {
  it("is the same for the same input and changes with any size or label", () => {
    const web = sceneContainer("web");
    const appnet = sceneNetwork("appnet", "host1");
    const scene: Scene = { grouped: false, hosts: [], networks: [appnet], containers: [web], edges: [sceneEdge(web, appnet)] };
    const key = layoutKey(toElkGraph(scene));
    expect(layoutKey(toElkGraph(structuredClone(scene)))).toBe(key);
    const wider = { ...web, box: { ...web.box, width: web.box.width + 1 } };
    expect(layoutKey(toElkGraph({ ...scene, containers: [wider] }))).not.toBe(key);
    expect(layoutKey(toElkGraph({ ...scene, edges: [sceneEdge(web, appnet, ["eth0"])] }))).not.toBe(key);
  });
});
