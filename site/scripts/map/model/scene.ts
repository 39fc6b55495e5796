import type { MapContainer, MapNetwork, NetworkMap } from "../../../../common/schemas/map.ts";
import { type Box, type BoxBadge, type BoxRow, labelSize, layoutBox } from "./box.ts";
import { driverText, endpointLines, hostText, isShown, portText, spansHosts, specialText } from "./format.ts";
import { compare, type OrderMemory } from "./order.ts";
import { type Measure, truncate } from "./text.ts";

/** A sandbox host drawn as a group around its containers and local networks (multi-host labs). */
export interface SceneHost {
  readonly kind: "host";
  readonly key: string;
  readonly name: string;
  readonly label: string;
  /** Width and height the group needs for its label alone (when it holds nothing yet). */
  readonly width: number;
  readonly height: number;
}

/** A network on the map. */
export interface SceneNetwork {
  readonly kind: "network";
  readonly key: string;
  /** The map's id of the network (`host1/…` for a local one). */
  readonly id: string;
  readonly name: string;
  readonly driver: string;
  /** The host a local network belongs to; undefined for one that spans hosts. */
  readonly host: string | undefined;
  readonly hosts: readonly string[];
  readonly builtin: boolean;
  readonly box: Box;
  /** Everything about it in one sentence (the node's tooltip). */
  readonly tooltip: string;
}

/** A container on the map. */
export interface SceneContainer {
  readonly kind: "container";
  readonly key: string;
  readonly id: string;
  readonly name: string;
  readonly host: string;
  readonly state: string;
  readonly special: "none" | "host" | undefined;
  /** Every DNS alias it has on any network. */
  readonly aliases: readonly string[];
  readonly box: Box;
  readonly tooltip: string;
}

/** A container's connection to a network. */
export interface SceneEdge {
  readonly key: string;
  /** Key of the container. */
  readonly source: string;
  /** Key of the network. */
  readonly target: string;
  readonly container: string;
  readonly network: string;
  /** Label lines: interface and address, IPv6, aliases. */
  readonly lines: readonly string[];
  readonly label: { readonly width: number; readonly height: number } | undefined;
}

/** Everything the map shows, in a stable order, with each node's content measured. */
export interface Scene {
  /** True when hosts are drawn as groups (labs with more than one host). */
  readonly grouped: boolean;
  readonly hosts: readonly SceneHost[];
  readonly networks: readonly SceneNetwork[];
  readonly containers: readonly SceneContainer[];
  readonly edges: readonly SceneEdge[];
}

/** Key of a container node. */
export const containerKey = (host: string, name: string): string => `c:${host}:${name}`;
/** Key of a network node. */
export const networkKey = (id: string): string => `n:${id}`;
/** Key of a host group. */
export const hostKey = (name: string): string => `h:${name}`;
/** Key of the edge from a container to a network. */
export const edgeKey = (container: string, network: string): string => `e:${container}>${network}`;

const MIN_NODE_WIDTH = 150;
const NAME_CHARS = 30;
const STATE_DOT = 14;

/** Builds the scene for `map`: hides unused built-in networks, orders everything by `order`, measures text. */
export function buildScene(map: NetworkMap, order: OrderMemory, measure: Measure): Scene {
  const grouped = map.hosts.length > 1;
  const shown = map.networks.filter((network) => isShown(network, map.containers));
  // One memory holds both kinds, and a network may have a container's name: the keys say which is which.
  const networks = order.sort(
    shown,
    (n) => `n:${spansHosts(n) ? "*" : (n.hosts[0] ?? "")}/${n.name}`,
    (a, b) => Number(b.builtin) - Number(a.builtin) || compare(a.name, b.name),
  );
  const containers = order.sort(
    map.containers,
    (c) => `c:${c.host}/${c.name}`,
    (a, b) => compare(a.name, b.name),
  );
  const known = new Set(networks.map((network) => network.id));
  const byId = new Map(networks.map((network) => [network.id, network]));
  const edges = containers.flatMap((container) =>
    container.endpoints
      .filter((endpoint) => known.has(endpoint.network))
      .map((endpoint): SceneEdge => {
        const lines = endpointLines(endpoint);
        const source = containerKey(container.host, container.name);
        const target = networkKey(endpoint.network);
        return {
          key: edgeKey(source, target),
          source,
          target,
          container: container.name,
          network: byId.get(endpoint.network)?.name ?? endpoint.network,
          lines,
          label: lines.length > 0 ? labelSize(lines, measure) : undefined,
        };
      }),
  );
  return {
    grouped,
    hosts: grouped ? map.hosts.map((host) => sceneHost(host, measure)) : [],
    networks: networks.map((network) => sceneNetwork(network, grouped, measure)),
    containers: containers.map((container) => sceneContainer(container, measure)),
    edges,
  };
}

function sceneHost(host: NetworkMap["hosts"][number], measure: Measure): SceneHost {
  const label = hostText(host);
  return { kind: "host", key: hostKey(host.name), name: host.name, label, width: measure(label, "body") + 28, height: 64 };
}

function sceneNetwork(network: MapNetwork, grouped: boolean, measure: Measure): SceneNetwork {
  const spans = spansHosts(network);
  const subnets = network.subnets.length > 0 ? network.subnets : ["no subnet"];
  const rows: BoxRow[] = [
    { text: truncate(network.name, NAME_CHARS), style: "title", tone: "strong" },
    { text: `${network.driver} · ${subnets[0]}`, style: "body", tone: "muted" },
    ...subnets.slice(1).map((subnet): BoxRow => ({ text: subnet, style: "body", tone: "muted" })),
  ];
  if (spans && grouped) rows.push({ text: `on ${network.hosts.join(", ")}`, style: "body", tone: "muted" });
  const badges: BoxBadge[] = network.internal ? [{ text: "internal: no way out", tone: "internal" }] : [];
  const where = spans ? `across ${network.hosts.join(", ")}` : `on ${network.hosts[0] ?? "?"}`;
  return {
    kind: "network",
    key: networkKey(network.id),
    id: network.id,
    name: network.name,
    driver: network.driver,
    host: spans ? undefined : network.hosts[0],
    hosts: network.hosts,
    builtin: network.builtin,
    box: layoutBox(rows, badges, measure, MIN_NODE_WIDTH),
    tooltip: `Network ${network.name}: ${driverText(network)}, ${network.subnets.join(", ") || "no subnet"}, ${where}`,
  };
}

function sceneContainer(container: MapContainer, measure: Measure): SceneContainer {
  const rows: BoxRow[] = [
    { text: truncate(container.name, NAME_CHARS), style: "title", tone: "strong", indent: STATE_DOT },
    { text: `${truncate(container.image, 20)} · ${container.state}`, style: "body", tone: "muted" },
  ];
  const badges: BoxBadge[] = [
    ...(container.special ? [{ text: specialText(container.special), tone: "special" as const }] : []),
    ...container.ports.map((port) => ({ text: portText(port), tone: "port" as const, id: `port:${port.containerPort}` })),
  ];
  const ports = container.ports.map(portText);
  return {
    kind: "container",
    key: containerKey(container.host, container.name),
    id: container.id,
    name: container.name,
    host: container.host,
    state: container.state,
    special: container.special,
    aliases: [...new Set(container.endpoints.flatMap((endpoint) => endpoint.aliases))],
    box: layoutBox(rows, badges, measure, MIN_NODE_WIDTH),
    tooltip: [
      `Container ${container.name} (${container.state}), image ${container.image}`,
      container.special ? specialText(container.special) : undefined,
      ports.length > 0 ? `publishes ${ports.join(", ")}` : undefined,
    ]
      .filter((part) => part)
      .join("; "),
  };
}
