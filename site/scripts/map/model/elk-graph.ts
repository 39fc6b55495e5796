import type { ElkExtendedEdge, ElkNode, LayoutOptions } from "elkjs/lib/elk-api.js";
import type { Scene, SceneContainer, SceneNetwork } from "./scene.ts";

/** Id of the graph's root node. */
export const ROOT_ID = "map";

/**
 * ELK settings for the map: layered, top to bottom (containers above the networks they plug
 * into), orthogonal edges, and the input order kept wherever ELK allows, so that adding a
 * container does not shuffle the ones already drawn.
 */
export const LAYOUT_OPTIONS: Readonly<LayoutOptions> = {
  "elk.algorithm": "layered",
  "elk.direction": "DOWN",
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.hierarchyHandling": "INCLUDE_CHILDREN",
  "elk.separateConnectedComponents": "false",
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  "elk.layered.crossingMinimization.forceNodeModelOrder": "true",
  "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
  "elk.edgeLabels.placement": "CENTER",
  "elk.spacing.nodeNode": "28",
  "elk.spacing.edgeNode": "14",
  "elk.spacing.edgeEdge": "10",
  "elk.spacing.edgeLabel": "4",
  "elk.layered.spacing.nodeNodeBetweenLayers": "28",
  "elk.layered.spacing.edgeNodeBetweenLayers": "12",
  "elk.padding": "[top=16,left=16,bottom=16,right=16]",
  // Every coordinate in the result relative to the root, so nothing has to be added up.
  "elk.json.shapeCoords": "ROOT",
  "elk.json.edgeCoords": "ROOT",
};

const CONTAINER_OPTIONS: LayoutOptions = { "elk.layered.layering.layerConstraint": "FIRST", "elk.alignment": "TOP" };
const NETWORK_OPTIONS: LayoutOptions = { "elk.layered.layering.layerConstraint": "LAST", "elk.alignment": "TOP" };
const HOST_OPTIONS: LayoutOptions = { "elk.padding": "[top=36,left=14,bottom=14,right=14]", "elk.alignment": "TOP" };

function containerNode(container: SceneContainer): ElkNode {
  return { id: container.key, width: container.box.width, height: container.box.height, layoutOptions: CONTAINER_OPTIONS };
}

function networkNode(network: SceneNetwork): ElkNode {
  return { id: network.key, width: network.box.width, height: network.box.height, layoutOptions: NETWORK_OPTIONS };
}

/**
 * The ELK input for `scene`: containers before networks (model order), hosts as compound nodes
 * holding their containers and local networks, and networks spanning hosts outside any host.
 */
export function toElkGraph(scene: Scene): ElkNode {
  const edges: ElkExtendedEdge[] = scene.edges.map((edge) => ({
    id: edge.key,
    sources: [edge.source],
    targets: [edge.target],
    ...(edge.label ? { labels: [{ id: `${edge.key}#label`, text: edge.lines.join("\n"), ...edge.label }] } : {}),
  }));
  if (!scene.grouped) {
    return {
      id: ROOT_ID,
      layoutOptions: { ...LAYOUT_OPTIONS },
      children: [...scene.containers.map(containerNode), ...scene.networks.map(networkNode)],
      edges,
    };
  }
  const named = new Set(scene.hosts.map((host) => host.name));
  const hosts: ElkNode[] = scene.hosts.map((host) => {
    const children = [
      ...scene.containers.filter((container) => container.host === host.name).map(containerNode),
      ...scene.networks.filter((network) => network.host === host.name).map(networkNode),
    ];
    return children.length > 0
      ? { id: host.key, layoutOptions: HOST_OPTIONS, children }
      : { id: host.key, layoutOptions: HOST_OPTIONS, width: host.width, height: host.height };
  });
  // Networks spanning hosts sit outside every host (as does anything whose host is unknown).
  const loose = [
    ...scene.containers.filter((container) => !named.has(container.host)).map(containerNode),
    ...scene.networks.filter((network) => network.host === undefined || !named.has(network.host)).map(networkNode),
  ];
  return { id: ROOT_ID, layoutOptions: { ...LAYOUT_OPTIONS }, children: [...hosts, ...loose], edges };
}

/** A string that changes exactly when the layout's input changes: same key, same drawing positions. */
export function layoutKey(graph: ElkNode): string {
  return JSON.stringify(graph);
}
