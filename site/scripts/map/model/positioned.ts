import type { ElkExtendedEdge, ElkNode, ElkShape } from "elkjs/lib/elk-api.js";
import { dropOntoBars } from "./bus.ts";
import type { Scene, SceneHost, SceneNetwork } from "./scene.ts";
import type { Placed, Point, PositionedMap, Rect } from "./types.ts";

function collect(node: ElkNode, nodes: Map<string, ElkNode>, edges: Map<string, ElkExtendedEdge>): void {
  nodes.set(node.id, node);
  for (const edge of node.edges ?? []) edges.set(edge.id, edge);
  for (const child of node.children ?? []) collect(child, nodes, edges);
}

function rectOf(node: ElkShape | undefined, id: string): Rect {
  const { x, y, width, height } = node ?? {};
  if (x === undefined || y === undefined || width === undefined || height === undefined) throw new Error(`the layout did not place ${id}`);
  return { x, y, width, height };
}

function route(edge: ElkExtendedEdge | undefined, id: string): Point[] {
  const points = (edge?.sections ?? []).flatMap((section) => [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]);
  if (points.length < 2) throw new Error(`the layout did not route ${id}`);
  return points.map(({ x, y }) => ({ x, y }));
}

/**
 * Joins `scene` with ELK's answer for it (laid out with root-relative coordinates), then makes
 * room for host labels and draws networks spanning hosts as bars across them. Throws when the
 * answer misses anything, so a broken layout is never half drawn.
 */
export function positionScene(scene: Scene, layout: ElkNode): PositionedMap {
  const nodes = new Map<string, ElkNode>();
  const edges = new Map<string, ElkExtendedEdge>();
  collect(layout, nodes, edges);
  const place = <T extends { key: string }>(item: T): Placed<T> => ({ item, ...rectOf(nodes.get(item.key), item.key) });
  const placed: PositionedMap = {
    width: Math.ceil(layout.width ?? 0),
    height: Math.ceil(layout.height ?? 0),
    hosts: scene.hosts.map(place),
    networks: scene.networks.map(place),
    containers: scene.containers.map(place),
    edges: scene.edges.map((edge) => {
      const laid = edges.get(edge.key);
      const label = laid?.labels?.[0];
      return {
        edge,
        points: route(laid, edge.key),
        label: edge.label && label ? rectOf(label, `${edge.key}#label`) : undefined,
      };
    }),
  };
  const widened = widenHosts(placed);
  return dropOntoBars({ ...widened, networks: spanHosts(widened.networks, widened.hosts) });
}

/**
 * Stretches the drawing sideways at `at`: everything from there on moves `by` to the right, and
 * whatever reaches `at` from the left grows by `by`. Orthogonal routes stay orthogonal.
 */
export function stretchX(map: PositionedMap, at: number, by: number): PositionedMap {
  const rect = <T extends Rect>(r: T): T => (r.x >= at ? { ...r, x: r.x + by } : r.x + r.width >= at ? { ...r, width: r.width + by } : r);
  return {
    width: map.width + by,
    height: map.height,
    hosts: map.hosts.map(rect),
    networks: map.networks.map(rect),
    containers: map.containers.map(rect),
    edges: map.edges.map((edge) => ({
      edge: edge.edge,
      points: edge.points.map((point) => (point.x >= at ? { x: point.x + by, y: point.y } : point)),
      label: edge.label && edge.label.x >= at ? { ...edge.label, x: edge.label.x + by } : edge.label,
    })),
  };
}

/** Makes every host group at least as wide as its label needs, moving what is right of it aside. */
export function widenHosts(map: PositionedMap): PositionedMap {
  let result = map;
  for (const key of [...map.hosts].sort((a, b) => b.x - a.x).map((host) => host.item.key)) {
    const host = result.hosts.find((placed) => placed.item.key === key);
    if (host && host.width < host.item.width) result = stretchX(result, host.x + host.width, host.item.width - host.width);
  }
  return result;
}

// Room kept between a widened network and its neighbours.
const SPAN_GAP = 16;

/**
 * Widens each network that spans hosts (an overlay, drawn below the host groups) to reach across
 * the groups of the hosts it is on, as far as its neighbours in the same row allow. Its edges
 * still end on its top side, which only got longer. Networks are widened left to right, each
 * keeping its distance from where the ones before it end now, so two that both widen into the
 * gap between them do not meet.
 */
export function spanHosts(networks: readonly Placed<SceneNetwork>[], hosts: readonly Placed<SceneHost>[]): Placed<SceneNetwork>[] {
  const spanning = networks.filter((network) => network.item.host === undefined);
  const widened = new Map<Placed<SceneNetwork>, Placed<SceneNetwork>>();
  for (const network of [...spanning].sort((a, b) => a.x - b.x)) {
    const groups = hosts.filter((host) => network.item.hosts.includes(host.item.name));
    if (groups.length < 2) continue;
    const row = spanning
      .filter((other) => other !== network && other.y < network.y + network.height && network.y < other.y + other.height)
      .map((other) => widened.get(other) ?? other);
    const leftLimit = Math.max(-Infinity, ...row.filter((o) => o.x < network.x).map((o) => o.x + o.width + SPAN_GAP));
    const rightLimit = Math.min(Infinity, ...row.filter((o) => o.x > network.x).map((o) => o.x - SPAN_GAP));
    const left = Math.max(Math.min(network.x, ...groups.map((host) => host.x)), leftLimit);
    const right = Math.min(Math.max(network.x + network.width, ...groups.map((host) => host.x + host.width)), rightLimit);
    if (right - left > network.width) widened.set(network, { ...network, x: left, width: right - left });
  }
  return networks.map((network) => widened.get(network) ?? network);
}
